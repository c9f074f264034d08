/**
 * Per-plot centroids and ellipsoidal areas, computed once per layer (the geometry never changes
 * with edits) and kept in typed arrays so selections over 100,000 plots are a quick scan.
 */
import type { Geometry, Position } from 'geojson';
import type { Layer } from '../types.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';
import { m2ToMu } from '../units.ts';

/** Area-weighted centroid of the largest outer ring (planar in lon/lat: fine for a plot). */
function ringCentroid(ring: Position[]): [number, number, number] {
  const [x0, y0] = ring[0];
  let a2 = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const xi = ring[i][0] - x0;
    const yi = ring[i][1] - y0;
    const xj = ring[i + 1][0] - x0;
    const yj = ring[i + 1][1] - y0;
    const cross = xi * yj - xj * yi;
    a2 += cross;
    cx += (xi + xj) * cross;
    cy += (yi + yj) * cross;
  }
  if (a2 === 0) return [x0, y0, 0];
  return [x0 + cx / (3 * a2), y0 + cy / (3 * a2), Math.abs(a2)];
}

export function centroidOf(geometry: Geometry | null): [number, number] | null {
  if (!geometry) return null;
  if (geometry.type === 'Point') return [geometry.coordinates[0], geometry.coordinates[1]];
  const outerRings =
    geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.type === 'MultiPolygon' ? geometry.coordinates.map((p) => p[0]) : [];
  let best: [number, number, number] | null = null;
  for (const ring of outerRings) {
    if (!ring || ring.length === 0) continue;
    const c = ringCentroid(ring);
    if (!best || c[2] > best[2]) best = c;
  }
  return best ? [best[0], best[1]] : null;
}

const centroidCache = new WeakMap<object, Float64Array>();
const areaCache = new WeakMap<object, Float64Array>();

/** [lon0, lat0, lon1, lat1, …] per feature index; NaN where a feature has no geometry. */
export function plotCentroids(layer: Layer): Float64Array {
  let xy = centroidCache.get(layer.features);
  if (!xy) {
    const features = layer.features.features;
    xy = new Float64Array(features.length * 2).fill(Number.NaN);
    for (let i = 0; i < features.length; i++) {
      const c = centroidOf(features[i].geometry);
      if (c) [xy[2 * i], xy[2 * i + 1]] = c;
    }
    centroidCache.set(layer.features, xy);
  }
  return xy;
}

/** Ellipsoidal CGCS2000 area in 亩 per feature index. */
export function plotAreasMu(layer: Layer): Float64Array {
  let areas = areaCache.get(layer.features);
  if (!areas) {
    const features = layer.features.features;
    areas = new Float64Array(features.length);
    for (let i = 0; i < features.length; i++) areas[i] = m2ToMu(ellipsoidalAreaM2(features[i].geometry));
    areaCache.set(layer.features, areas);
  }
  return areas;
}
