/**
 * A river reach (three blocks along the slope, two across): the channel (1101), its floodplain
 * (内陆滩涂 1106, grass or shrub), and irregular fields between the floodplain and the nearest
 * road, cut by slanting field edges; a few fields hold a pond or a mound (a plot with a hole).
 */
import type { Rng } from './prng.ts';
import { signedArea } from './trace.ts';
import { type CellContent, type Poly, type Pt, type Ring, emptyContent } from './types.ts';

export interface RiverShape {
  centreU: number;
  phases: number[];
}

const c = (s: RiverShape, v: number) => s.centreU + 150 * Math.sin((2 * Math.PI * v) / 2300 + s.phases[0]) + 60 * Math.sin((2 * Math.PI * v) / 830 + s.phases[1]);
const w1 = (s: RiverShape, v: number) => 16 + 6 * Math.sin((2 * Math.PI * v) / 1500 + s.phases[2]);
const w2 = (s: RiverShape, v: number) => w1(s, v) + 75 + 40 * Math.sin((2 * Math.PI * v) / 1900 + s.phases[3]);
export const riverLeft = (s: RiverShape, v: number) => c(s, v) - w2(s, v);
export const riverRight = (s: RiverShape, v: number) => c(s, v) + w2(s, v);
export const riverCentre = c;

const ccw = (ring: Ring): Ring => (signedArea(ring) >= 0 ? ring : [...ring].reverse());
const close = (pts: Pt[]): Ring => [...pts, pts[0]];
const LATTICE_M = 20;

function lattice(va: number, vb: number, extra: number[] = []): number[] {
  const out = new Set<number>([va, vb, ...extra]);
  const near = (v: number) => [va, vb, ...extra].some((x) => Math.abs(x - v) < 2);
  for (let v = Math.ceil(va / LATTICE_M) * LATTICE_M; v < vb; v += LATTICE_M) if (!near(v)) out.add(v);
  return [...out].sort((a, b) => a - b);
}

interface Cut {
  t: number;
  s: number;
}

export function riverReach(box: [number, number, number, number], shape: RiverShape, cell: number, village: number, rng: Rng): CellContent {
  const out = emptyContent();
  const [ua, va, ub, vb] = box;
  const cutsL = makeCuts(va, vb, rng);
  const cutsR = makeCuts(va, vb, rng);
  const inner = lattice(va, vb);
  const curve = (f: (v: number) => number, vs: number[]): Pt[] => vs.map((v) => [f(v), v]);
  const L = (v: number) => riverLeft(shape, v);
  const R = (v: number) => riverRight(shape, v);
  const iL = (v: number) => c(shape, v) - w1(shape, v);
  const iR = (v: number) => c(shape, v) + w1(shape, v);
  const outerL = lattice(va, vb, cutsL.map((k) => k.t));
  const outerR = lattice(va, vb, cutsR.map((k) => k.t));
  out.survey.push({ polys: [[ccw(close([...curve(iL, inner), ...curve(iR, inner).reverse()]))]], dlbm: '1101', village });
  const plain = () => rng.weighted([['1106', 0.4], ['0404', 0.35], ['0305', 0.25]] as const);
  out.survey.push({ polys: [[ccw(close([...curve(L, outerL), ...curve(iL, inner).reverse()]))]], dlbm: plain(), village });
  out.survey.push({ polys: [[ccw(close([...curve(iR, inner), ...curve(R, outerR).reverse()]))]], dlbm: plain(), village });
  fieldSide(out, cutsL, outerL, (v) => L(v), ua, true, cell, village, rng);
  fieldSide(out, cutsR, outerR, (v) => R(v), ub, false, cell, village, rng);
  return out;
}

function makeCuts(va: number, vb: number, rng: Rng): Cut[] {
  const cuts: Cut[] = [{ t: va, s: 0 }];
  for (let t = va + rng.uniform(130, 260); t < vb - 110; t += rng.uniform(130, 260)) cuts.push({ t: Math.round(t * 10) / 10, s: Math.round(rng.uniform(-35, 35) * 10) / 10 });
  cuts.push({ t: vb, s: 0 });
  return cuts;
}

/**
 * Fields between the road edge (uEdge) and the floodplain curve f(v); west side when `west`.
 * Survey parcels group two or three fields.
 */
function fieldSide(out: CellContent, cuts: Cut[], samples: number[], f: (v: number) => number, uEdge: number, west: boolean, cell: number, village: number, rng: Rng): void {
  const curveBetween = (ta: number, tb: number): Pt[] => samples.filter((v) => v >= ta && v <= tb).map((v) => [f(v), v]);
  const edgePoint = (k: number): Pt => [uEdge, cuts[k].t + cuts[k].s];
  const polygonBetween = (k: number, m: number): Ring => ccw(close([edgePoint(k), ...curveBetween(cuts[k].t, cuts[m].t), edgePoint(m)]));
  const holesByGroup: Ring[][] = [];
  let group = 0;
  const groupStarts: number[] = [];
  for (let k = 0; k < cuts.length - 1; k++) {
    if (k === 0 || rng.chance(0.45)) {
      groupStarts.push(k);
      group = groupStarts.length - 1;
      holesByGroup.push([]);
    }
    const minWidth = Math.min(...curveBetween(cuts[k].t, cuts[k + 1].t).map(([u]) => Math.abs(u - uEdge)));
    const d = Math.round(rng.uniform(80, 140));
    const fields: Ring[] = [];
    if (minWidth > d + 80 && rng.chance(0.6)) {
      const at = (j: number): Pt => {
        const lambda = d / Math.abs(f(cuts[j].t) - uEdge);
        return [uEdge + (west ? d : -d), cuts[j].t + cuts[j].s * (1 - lambda)];
      };
      fields.push(ccw(close([edgePoint(k), at(k), at(k + 1), edgePoint(k + 1)])));
      fields.push(ccw(close([at(k), ...curveBetween(cuts[k].t, cuts[k + 1].t), at(k + 1)])));
    } else {
      fields.push(polygonBetween(k, k + 1));
    }
    for (const ring of fields) {
      const hole = fields.length === 1 && minWidth > 110 && rng.chance(0.3) ? holeIn(cuts[k], cuts[k + 1], uEdge, minWidth, west, rng) : null;
      if (hole) holesByGroup[group].push(hole);
      out.plots.push({ polys: [hole ? [ring, [...hole].reverse()] : [ring]], village, cell, courtyard: false });
    }
  }
  groupStarts.forEach((start, g) => {
    const end = g + 1 < groupStarts.length ? groupStarts[g + 1] : cuts.length - 1;
    const holes = holesByGroup[g];
    out.survey.push({ polys: [[polygonBetween(start, end), ...holes.map((h) => [...h].reverse())]], dlbm: rng.weighted([['0102', 0.75], ['0101', 0.1], ['0103', 0.15]] as const), village });
    for (const h of holes) out.survey.push({ polys: [[h]], dlbm: rng.chance(0.5) ? '1104' : '0404', village });
  });
}

/** A small octagon well inside the field (a pond or a mound), counter-clockwise. */
function holeIn(a: Cut, b: Cut, uEdge: number, minWidth: number, west: boolean, rng: Rng): Ring | null {
  const vLow = a.t + Math.max(0, a.s) + 25;
  const vHigh = b.t + Math.min(0, b.s) - 25;
  if (vHigh - vLow < 30) return null;
  const r = rng.uniform(9, 14);
  const cv = (vLow + vHigh) / 2;
  const cu = uEdge + (west ? 1 : -1) * Math.min(minWidth / 2, 60);
  const pts: Pt[] = [];
  for (let k = 0; k < 8; k++) {
    const angle = (k * Math.PI) / 4 + 0.2;
    pts.push([Math.round((cu + r * Math.cos(angle)) * 100) / 100, Math.round((cv + r * Math.sin(angle)) * 100) / 100]);
  }
  return close(pts);
}
