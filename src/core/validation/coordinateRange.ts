/**
 * The first vertex lying outside the valid lon/lat area, looked for before any geometry work:
 * one vertex at lon −100000 would otherwise be densified every 0.01° until memory runs out.
 * Walks without recursion, so no nesting can overflow the stack.
 */
import type { Geometry, Position } from 'geojson';

/** [w, s, e, n]: CGCS2000 (like every geographic CRS) is defined on lon −180…180, lat −90…90. */
export const LONLAT_VALID_AREA: readonly [number, number, number, number] = [-180, -90, 180, 90];

/**
 * Noise allowed beyond the area (~100 m): real files carry 180.000000335 where they mean the
 * antimeridian and 90.000103 where they mean the pole (Natural Earth's time zones).
 */
const NOISE_DEG = 1e-3;

/** A vertex outside `area`, or null. Non-finite values are left to checkGeometry, which drops them. */
export function vertexOutside(geometry: Geometry | null, area: readonly [number, number, number, number] = LONLAT_VALID_AREA): Position | null {
  if (!geometry) return null;
  const stack: unknown[] = [geometry];
  while (stack.length) {
    const item = stack.pop();
    if (!Array.isArray(item)) {
      const g = item as Partial<Geometry> | null;
      if (g && g.type === 'GeometryCollection' && Array.isArray(g.geometries)) for (const part of g.geometries) stack.push(part);
      else if (g && 'coordinates' in g) stack.push(g.coordinates);
      continue;
    }
    if (typeof item[0] === 'number' || typeof item[1] === 'number') {
      const [x, y] = item as number[];
      const outsideX = Number.isFinite(x) && (x < area[0] - NOISE_DEG || x > area[2] + NOISE_DEG);
      const outsideY = Number.isFinite(y) && (y < area[1] - NOISE_DEG || y > area[3] + NOISE_DEG);
      if (outsideX || outsideY) return item as Position;
      continue;
    }
    for (const child of item) stack.push(child);
  }
  return null;
}
