/**
 * Small geometry helpers of the reconciliation: bounding boxes and gathering polygon pieces into
 * one MultiPolygon (the pieces come from disjoint features, so no union is needed).
 */
import type { Geometry, MultiPolygon, Position } from 'geojson';
import type { Bbox } from './types.ts';

function visitPositions(geometry: Geometry, visit: (p: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      break;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      break;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      break;
    case 'MultiPolygon':
      geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
      break;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => visitPositions(g, visit));
      break;
  }
}

/** [west, south, east, north] of a geometry; null when it has no coordinates. */
export function bboxOf(geometry: Geometry | null | undefined): Bbox | null {
  if (!geometry) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  visitPositions(geometry, ([x, y]) => {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  });
  return Number.isFinite(w) ? [w, s, e, n] : null;
}

/** The polygons of several (Multi)Polygon geometries as one MultiPolygon; null when there are none. */
export function gatherPolygons(geometries: readonly (Geometry | null | undefined)[]): MultiPolygon | null {
  const polygons: Position[][][] = [];
  const add = (g: Geometry | null | undefined): void => {
    if (!g) return;
    if (g.type === 'Polygon') polygons.push(g.coordinates);
    else if (g.type === 'MultiPolygon') polygons.push(...g.coordinates);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(add);
  };
  geometries.forEach(add);
  return polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
}
