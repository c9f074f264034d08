import type { Geometry } from 'geojson';

export type BBox = [number, number, number, number];

/** [w, s, e, n] of a geometry, or null when it has no coordinates. */
export function bboxOf(geometry: Geometry | null | undefined, into?: BBox): BBox | null {
  const box: BBox = into ?? [Infinity, Infinity, -Infinity, -Infinity];
  if (!geometry) return into ?? null;
  visit(geometry, box);
  return Number.isFinite(box[0]) ? box : null;
}

function visit(geometry: Geometry, box: BBox): void {
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries) visit(g, box);
    return;
  }
  walk(geometry.coordinates as unknown, box);
}

function walk(coords: unknown, box: BBox): void {
  if (!Array.isArray(coords)) return;
  if (typeof coords[0] === 'number') {
    const x = coords[0] as number;
    const y = coords[1] as number;
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
    return;
  }
  for (const c of coords) walk(c, box);
}

/** The bbox of many geometries. */
export function bboxOfAll(geometries: Iterable<Geometry | null | undefined>): BBox | null {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of geometries) if (g) visit(g, box);
  return Number.isFinite(box[0]) ? box : null;
}
