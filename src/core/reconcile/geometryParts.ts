/**
 * A small geometry helper of the reconciliation: gathering polygon pieces into one MultiPolygon
 * (the pieces come from disjoint features, so no union is needed). Bounding boxes: core/bbox.ts.
 */
import type { Geometry, MultiPolygon, Position } from 'geojson';

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
