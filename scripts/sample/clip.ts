/** Where a rectangle lies against the county outline, and clipping of the few that cross it. */
import * as turf from '@turf/turf';
import type { Status } from './grid.ts';
import { pointInRing } from './trace.ts';
import type { Poly, Pt } from './types.ts';

type Box = [number, number, number, number];

export function pointInPolys(p: Pt, polys: Poly[]): boolean {
  return polys.some((poly) => pointInRing(p, poly[0]) && !poly.slice(1).some((hole) => pointInRing(p, hole)));
}

function segmentHitsBox(a: Pt, b: Pt, [u0, v0, u1, v1]: Box): boolean {
  if (Math.max(a[0], b[0]) < u0 || Math.min(a[0], b[0]) > u1 || Math.max(a[1], b[1]) < v0 || Math.min(a[1], b[1]) > v1) return false;
  // Liang–Barsky: does the segment enter the box at all?
  let t0 = 0;
  let t1 = 1;
  const du = b[0] - a[0];
  const dv = b[1] - a[1];
  const tests: [number, number][] = [[-du, a[0] - u0], [du, u1 - a[0]], [-dv, a[1] - v0], [dv, v1 - a[1]]];
  for (const [p, q] of tests) {
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}

export function boxStatus(box: Box, county: Poly[]): Status {
  for (const poly of county) {
    for (const ring of poly) {
      for (let k = 0; k < ring.length - 1; k++) if (segmentHitsBox(ring[k], ring[k + 1], box)) return 'edge';
    }
  }
  return pointInPolys([(box[0] + box[2]) / 2, (box[1] + box[3]) / 2], county) ? 'inside' : 'outside';
}

/** polys ∩ county (polyclip-ts through Turf), as polygons; [] when nothing is left. */
export function clipToCounty(polys: Poly[], county: Poly[]): Poly[] {
  const a = turf.multiPolygon(polys);
  const b = turf.multiPolygon(county);
  const out = turf.intersect(turf.featureCollection([a, b]));
  if (!out) return [];
  const result = out.geometry.type === 'Polygon' ? [out.geometry.coordinates] : out.geometry.coordinates;
  return result.map((poly) => poly.map((ring) => ring.map(([u, v]) => [u, v] as Pt)));
}
