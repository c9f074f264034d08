/**
 * A farm block between canals and roads: long household strips across the block, often cut in
 * two along the slope, a shelterbelt (农田防护林) on the north and sometimes the west edge, road
 * forest (道路林) along the highway, now and then a sedimentation pond (沉淀池) inside a plot (a
 * plot with a hole) or one household's two strips as one multipart plot. The survey sees the block
 * as one or two cultivated parcels whose split does not follow the plots.
 */
import type { Rng } from './prng.ts';
import { type CellContent, type Poly, type PlotPiece, emptyContent, rect } from './types.ts';

export interface FarmOptions {
  box: [number, number, number, number];
  cell: number;
  village: number;
  /** the line above is the highway: a road-forest strip with its own 0301 parcel */
  highwayAbove: boolean;
  /** share of rain-fed 旱地 (0103) blocks here */
  dryShare: number;
  /** seeded anomaly: a corner left without plots, as its own cultivated parcel */
  uncoveredCorner: boolean;
  /** larger strips (state-owned or collective land) */
  wide: boolean;
}

export function farmBlock(o: FarmOptions, rng: Rng): CellContent {
  const out = emptyContent();
  const [u0, v0, u1, v1] = o.box;
  let top = v1;
  if (o.highwayAbove) {
    const w = rng.uniform(14, 18);
    out.forest.push({ polys: [[rect(u0, v1 - w, u1, v1)]], village: o.village, type: '道路林' });
    out.survey.push({ polys: [[rect(u0, v1 - w, u1, v1)]], dlbm: '0301', village: o.village });
    top = v1 - w;
  } else if (rng.chance(0.55)) {
    const w = rng.uniform(8, 12);
    out.forest.push({ polys: [[rect(u0, top - w, u1, top)]], village: o.village, type: '农田防护林' });
    top -= w;
  }
  let left = u0;
  if (rng.chance(0.22)) {
    const w = rng.uniform(8, 10);
    out.forest.push({ polys: [[rect(u0, v0, u0 + w, top)]], village: o.village, type: '农田防护林' });
    left += w;
  }
  const widths = stripWidths(u1 - left, o.wide, rng);
  const split = rng.chance(o.wide ? 0.25 : 0.6) ? v0 + (top - v0) * rng.uniform(0.38, 0.62) : null;
  let corner: { left: number; u1: number; v1: number } | null = null;
  if (o.uncoveredCorner) {
    const n = Math.max(2, Math.min(4, widths.length - 2));
    const cu = left + widths.slice(0, n).reduce((a, b) => a + b, 0);
    const cv = v0 + Math.min(rng.uniform(170, 240), ((split ?? top) - v0) * 0.75);
    corner = { left, u1: cu, v1: cv };
  }
  const plots = stripPlots(o, left, v0, top, widths, split, corner);
  addMultipart(plots, rng);
  const pond = !corner && rng.chance(0.05) ? addPond(plots, o, rng) : null;
  const blockTop = out.survey.length ? top : v1;
  out.survey.push(...blockSurvey(o, [u0, v0, u1, blockTop], split, corner, pond, rng));
  out.plots.push(...plots);
  return out;
}

function stripWidths(total: number, wide: boolean, rng: Rng): number[] {
  const widths: number[] = [];
  let left = total;
  const [a, b] = wide ? [70, 130] : [24, 62];
  while (left > b * 1.6) {
    const w = Math.round(rng.uniform(a, b) * 2) / 2;
    widths.push(w);
    left -= w;
  }
  if (left > b) {
    widths.push(Math.round(left / 2));
    left -= Math.round(left / 2);
  }
  widths.push(left);
  return widths;
}

function stripPlots(
  o: FarmOptions,
  left: number,
  v0: number,
  top: number,
  widths: number[],
  split: number | null,
  corner: { left: number; u1: number; v1: number } | null,
): PlotPiece[] {
  const plots: PlotPiece[] = [];
  let u = left;
  for (const w of widths) {
    const a = u;
    const b = u + w;
    u = b;
    const bottom = corner && b <= corner.u1 + 1e-6 ? corner.v1 : v0;
    const rows: [number, number][] = split !== null && split > bottom + 60 ? [[bottom, split], [split, top]] : [[bottom, top]];
    for (const [va, vb] of rows) plots.push({ polys: [[rect(a, va, b, vb)]], village: o.village, cell: o.cell, courtyard: false, strip: true });
  }
  return plots;
}

/** One household's two strips with one strip between them, recorded as one multipart plot. */
function addMultipart(plots: PlotPiece[], rng: Rng): void {
  if (plots.length < 6 || !rng.chance(0.1)) return;
  const k = rng.int(0, plots.length - 5);
  const a = plots[k].polys[0][0];
  const sameRow = (r: Poly[0]) => r[0][1] === a[0][1] && r[2][1] === a[2][1];
  const rowMates = plots.map((p, idx) => ({ p, idx })).filter(({ p, idx }) => idx > k && p.strip && sameRow(p.polys[0][0]));
  const partner = rowMates[1];
  if (!partner || !plots[k].strip) return;
  plots[k] = { ...plots[k], polys: [...plots[k].polys, ...partner.p.polys], strip: false };
  plots.splice(partner.idx, 1);
}

interface Pond {
  ring: Poly[0];
}

/** A sedimentation pond for drip irrigation, a hole in one plot and its own 1104 parcel. */
function addPond(plots: PlotPiece[], o: FarmOptions, rng: Rng): Pond | null {
  const host = plots.findIndex((p) => p.strip && p.polys[0][0][1][0] - p.polys[0][0][0][0] >= 40 && p.polys[0][0][2][1] - p.polys[0][0][0][1] >= 150);
  if (host < 0) return null;
  const r = plots[host].polys[0][0];
  const [a, b, va, vb] = [r[0][0], r[1][0], r[0][1], r[2][1]];
  const w = rng.uniform(12, Math.min(20, b - a - 16));
  const h = rng.uniform(15, 28);
  const pu = rng.uniform(a + 8, b - 8 - w);
  const pv = rng.uniform(va + 30, vb - 30 - h);
  const ring = rect(pu, pv, pu + w, pv + h);
  plots[host] = { ...plots[host], polys: [[r, [...ring].reverse()]], strip: false };
  void o;
  return { ring };
}

function blockSurvey(
  o: FarmOptions,
  [u0, v0, u1, v1]: [number, number, number, number],
  plotSplit: number | null,
  corner: { left: number; u1: number; v1: number } | null,
  pond: Pond | null,
  rng: Rng,
): CellContent['survey'] {
  const cls = (): string => (rng.chance(o.dryShare) ? '0103' : rng.chance(0.005) ? '0101' : '0102');
  const main = cls();
  const parcels: CellContent['survey'] = [];
  if (corner) {
    const ring: Poly[0] = [[u0, v0], [corner.u1, v0], [corner.u1, corner.v1], [u0, corner.v1], [u0, v0]];
    parcels.push({ polys: [[ring]], dlbm: rng.chance(0.5) ? '0103' : '0102', village: o.village, tag: 'uncovered', uncoveredPolys: [[rect(corner.left, v0, corner.u1, corner.v1)]] });
    const lShape: Poly[0] = [[corner.u1, v0], [u1, v0], [u1, v1], [u0, v1], [u0, corner.v1], [corner.u1, corner.v1], [corner.u1, v0]];
    parcels.push({ polys: [[lShape]], dlbm: main, village: o.village });
    return parcels;
  }
  let cut: number | null = null;
  if (rng.chance(0.35)) {
    cut = v0 + (v1 - v0) * rng.uniform(0.25, 0.75);
    if (plotSplit !== null && Math.abs(cut - plotSplit) < 25) cut = null;
    if (pond && cut !== null && cut > pond.ring[0][1] - 10 && cut < pond.ring[2][1] + 10) cut = null;
  }
  const pieces: [number, number][] = cut === null ? [[v0, v1]] : [[v0, cut], [cut, v1]];
  pieces.forEach(([a, b], k) => {
    const outer = rect(u0, a, u1, b);
    const holes = pond && pond.ring[0][1] > a && pond.ring[2][1] < b ? [[...pond.ring].reverse()] : [];
    parcels.push({ polys: [[outer, ...holes]], dlbm: k === 0 ? main : cls(), village: o.village });
  });
  if (pond) parcels.push({ polys: [[pond.ring]], dlbm: '1104', village: o.village });
  return parcels;
}
