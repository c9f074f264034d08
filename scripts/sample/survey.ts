/**
 * The 三调 layer as a survey would deliver it: the same land, digitised separately. Every edge is
 * densified on a 100 m lattice and every vertex moved by 0.1–0.198 m in a direction drawn from
 * its position, so neighbouring parcels stay seamless while no boundary coincides with a plot's.
 */
import { hash2 } from './prng.ts';
import type { Poly, Pt, Ring } from './types.ts';

const LATTICE_M = 100;
const JITTER_MIN_M = 0.1;
const JITTER_MAX_M = 0.198;

export const DLMC: Record<string, string> = {
  '0101': '水田', '0102': '水浇地', '0103': '旱地', '0201': '果园', '0301': '乔木林地', '0305': '灌木林地',
  '0307': '其他林地', '0401': '天然牧草地', '0404': '其他草地', '0601': '工业用地', '0701': '城镇住宅用地',
  '0702': '农村宅基地', '1003': '公路用地', '1006': '农村道路', '1101': '河流水面', '1103': '水库水面',
  '1104': '坑塘水面', '1106': '内陆滩涂', '1107': '沟渠', '1107A': '干渠', '1202': '设施农用地',
};

export function jitterPoint([u, v]: Pt, seed: number): Pt {
  const h1 = hash2(Math.round(u * 1000), Math.round(v * 1000), seed);
  const h2 = hash2(Math.round(v * 1000), Math.round(u * 1000), seed ^ 0x5bd1e995);
  const angle = (h1 / 4294967296) * 2 * Math.PI;
  const r = JITTER_MIN_M + (JITTER_MAX_M - JITTER_MIN_M) * (h2 / 4294967296);
  return [u + r * Math.cos(angle), v + r * Math.sin(angle)];
}

function densify(ring: Ring): Ring {
  const out: Pt[] = [];
  for (let k = 0; k < ring.length - 1; k++) {
    const [a, b] = [ring[k], ring[k + 1]];
    out.push(a);
    const du = b[0] - a[0];
    const dv = b[1] - a[1];
    if (Math.abs(du) < 1e-6 && Math.abs(dv) > LATTICE_M) {
      for (const v of latticeBetween(a[1], b[1])) out.push([a[0], v]);
    } else if (Math.abs(dv) < 1e-6 && Math.abs(du) > LATTICE_M) {
      for (const u of latticeBetween(a[0], b[0])) out.push([u, a[1]]);
    } else {
      const n = Math.ceil(Math.hypot(du, dv) / LATTICE_M);
      for (let s = 1; s < n; s++) out.push([a[0] + (du * s) / n, a[1] + (dv * s) / n]);
    }
  }
  out.push(out[0]);
  return out;
}

function latticeBetween(a: number, b: number): number[] {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const out: number[] = [];
  for (let x = Math.ceil(lo / LATTICE_M) * LATTICE_M; x < hi; x += LATTICE_M) if (x - lo > 1 && hi - x > 1) out.push(x);
  return a < b ? out : out.reverse();
}

export function surveyGeometry(polys: Poly[], seed: number): Poly[] {
  return polys.map((poly) => poly.map((ring) => dropClose(densify(ring)).map((p) => jitterPoint(p, seed))));
}

/** Vertices closer than 0.5 m would cross each other once jittered (polygon clipping leaves some). */
function dropClose(ring: Ring): Ring {
  const out: Pt[] = [ring[0]];
  for (let k = 1; k < ring.length - 1; k++) {
    const last = out[out.length - 1];
    if (Math.hypot(ring[k][0] - last[0], ring[k][1] - last[1]) >= 0.5) out.push(ring[k]);
  }
  const last = out[out.length - 1];
  if (out.length > 1 && Math.hypot(ring[0][0] - last[0], ring[0][1] - last[1]) < 0.5) out.pop();
  out.push(out[0]);
  return out;
}
