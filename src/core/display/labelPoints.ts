/**
 * One label point per feature, so a village's name is drawn once (a polygon source repeats its
 * label in every map tile the polygon crosses). The point is the centre of the largest part's
 * bounding box when that lies inside the part, else the mean of its outer ring's vertices.
 * @example labelPoints(villages.features, ['ZLDWMC']) // → FeatureCollection of Points with ZLDWMC
 */
import type { Feature, FeatureCollection, Point, Position } from 'geojson';
import type { Geometry, Properties } from '../types.ts';

function inside([x, y]: Position, ring: Position[]): boolean {
  let within = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) within = !within;
  }
  return within;
}

function boxArea(ring: Position[]): number {
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
}

function labelPoint(geometry: Geometry | null): Position | null {
  if (!geometry) return null;
  const polygons: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  const outer = polygons.map((p) => p[0]).filter((r) => r && r.length >= 4).sort((a, b) => boxArea(b) - boxArea(a))[0];
  if (!outer) return null;
  const xs = outer.map((p) => p[0]);
  const ys = outer.map((p) => p[1]);
  const centre: Position = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  if (inside(centre, outer)) return centre;
  return [xs.reduce((a, v) => a + v, 0) / xs.length, ys.reduce((a, v) => a + v, 0) / ys.length];
}

export function labelPoints(features: readonly { geometry: Geometry | null; properties: Properties | null }[], fields: readonly string[]): FeatureCollection<Point> {
  const out: Feature<Point>[] = [];
  features.forEach((feature, index) => {
    const point = labelPoint(feature.geometry);
    if (!point) return;
    const properties = Object.fromEntries(fields.map((f) => [f, feature.properties?.[f] ?? null]));
    out.push({ type: 'Feature', id: index, properties, geometry: { type: 'Point', coordinates: point } });
  });
  return { type: 'FeatureCollection', features: out };
}
