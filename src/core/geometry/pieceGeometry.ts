/**
 * Turns clipped pieces (oriented grid paths) back into lon/lat polygons, packed one feature per
 * piece so a worker can transfer them; and unpacks them into GeoJSON on the other side.
 */
import type { MultiPolygon, Polygon } from 'geojson';
import type { GridPoint, LocalPlane } from './localPlane.ts';
import { featurePolygons, toPackedLayer, type PackedLayer } from './packedLayer.ts';
import { pointInPaths } from './planePredicates.ts';

export function packPieces(pieces: readonly GridPoint[][][], plane: Pick<LocalPlane, 'inverse'>): PackedLayer {
  const coords: number[] = [];
  const ringStarts: number[] = [0];
  const polygonStarts: number[] = [0];
  const featureStarts: number[] = [0];
  for (const paths of pieces) {
    for (const polygon of groupIntoPolygons(paths)) {
      for (const path of polygon) {
        for (const p of path) coords.push(...plane.inverse(p.x, p.y));
        ringStarts.push(coords.length / 2);
      }
      polygonStarts.push(ringStarts.length - 1);
    }
    featureStarts.push(polygonStarts.length - 1);
  }
  return toPackedLayer(coords, ringStarts, polygonStarts, featureStarts);
}

/** The k-th packed feature as a GeoJSON Polygon or MultiPolygon (null when it has none). */
export function unpackGeometry(layer: PackedLayer, k: number): Polygon | MultiPolygon | null {
  const polygons = featurePolygons(layer, k);
  if (polygons.length === 0) return null;
  if (polygons.length === 1) return { type: 'Polygon', coordinates: polygons[0] };
  return { type: 'MultiPolygon', coordinates: polygons };
}

/** Outer paths (counter-clockwise) each with the holes (clockwise) that lie inside it. */
export function groupIntoPolygons(paths: readonly GridPoint[][]): GridPoint[][][] {
  const outers: { path: GridPoint[]; area: number; holes: GridPoint[][] }[] = [];
  const holes: GridPoint[][] = [];
  for (const path of paths) {
    const area = planarArea(path);
    if (area > 0) outers.push({ path, area, holes: [] });
    else if (area < 0) holes.push(path);
  }
  outers.sort((p, q) => p.area - q.area);
  for (const hole of holes) {
    // A hole touching its outer ring at this vertex falls back to the largest outer ring.
    const probe = hole[0];
    const owner = outers.find((outer) => pointInPaths(probe, [outer.path])) ?? outers[outers.length - 1];
    owner?.holes.push(hole);
  }
  return outers.map((outer) => [outer.path, ...outer.holes]);
}

/** Signed area of a grid path (counter-clockwise positive), in grid units squared. */
export function planarArea(path: readonly GridPoint[]): number {
  let twice = 0;
  let a = path[path.length - 1];
  for (const b of path) {
    twice += (a.x - b.x) * (a.y + b.y);
    a = b;
  }
  return twice / 2;
}
