/**
 * Blocks other than fields and the river: a village (homesteads 0702 with courtyard plots on a
 * belt of garden land around them, and village greening), the town, orchards, forest, nurseries,
 * grassland, greenhouses, a reservoir.
 */
import type { Rng } from './prng.ts';
import { type CellContent, type Pt, type Ring, emptyContent, rect } from './types.ts';

type Box = [number, number, number, number];

export function villageBlock(box: Box, cell: number, village: number, rng: Rng): CellContent {
  const out = emptyContent();
  const [u0, v0, u1, v1] = box;
  // garden belts deep enough that 0.2 m survey slivers stay far below 1 % of a courtyard plot
  const south = rng.uniform(50, 65);
  const north = rng.uniform(50, 65);
  const core: Box = [u0, v0 + south, u1, v1 - north];
  out.survey.push({ polys: [[rect(...core)]], dlbm: '0702', village });
  for (const [a, b] of [[v0, v0 + south], [v1 - north, v1]] as const) {
    out.survey.push({ polys: [[rect(u0, a, u1, b)]], dlbm: '0102', village });
    let u = u0;
    while (u < u1 - 1e-9) {
      const w = u1 - u < 60 ? u1 - u : rng.uniform(32, 45);
      out.plots.push({ polys: [[rect(u, a, u + w, b)]], village, cell, courtyard: true, crop: rng.weighted([['蔬菜', 0.55], ['果树', 0.3], ['玉米', 0.15]] as const) });
      u += w;
    }
  }
  greening(out, core, village, rng.int(2, 4), rng);
  return out;
}

/** Village greening patches (村庄绿化) inside built-up land, in separate slots so none overlap. */
function greening(out: CellContent, [u0, v0, u1, v1]: Box, village: number, count: number, rng: Rng): void {
  const slot = (u1 - u0) / count;
  for (let k = 0; k < count; k++) {
    const w = rng.uniform(20, Math.min(60, slot - 10));
    const h = rng.uniform(20, 70);
    const a = u0 + k * slot + rng.uniform(5, slot - w - 5);
    const b = rng.uniform(v0 + 10, v1 - h - 10);
    out.forest.push({ polys: [[rect(a, b, a + w, b + h)]], village, type: '村庄绿化' });
  }
}

export function townBlock(box: Box, village: number, rng: Rng): CellContent {
  const out = emptyContent();
  const [u0, v0, u1, v1] = box;
  const cols = 3;
  const rows = 4;
  for (let a = 0; a < cols; a++) {
    for (let b = 0; b < rows; b++) {
      const sub: Box = [u0 + ((u1 - u0) * a) / cols, v0 + ((v1 - v0) * b) / rows, u0 + ((u1 - u0) * (a + 1)) / cols, v0 + ((v1 - v0) * (b + 1)) / rows];
      const industrial = a === cols - 1 && b === 0;
      out.survey.push({ polys: [[rect(...sub)]], dlbm: industrial ? '0601' : '0701', village });
      if (!industrial) greening(out, sub, village, rng.int(1, 2), rng);
    }
  }
  return out;
}

/** Orchard land (0201): fruit plots in the census, or economic forest (经济林) patches. */
export function orchardBlock(box: Box, cell: number, village: number, rng: Rng): CellContent {
  const out = emptyContent();
  const [u0, v0, u1, v1] = box;
  out.survey.push({ polys: [[rect(...box)]], dlbm: '0201', village });
  const asForest = rng.chance(0.5);
  const cuts = splitRange(u0, u1, asForest ? rng.int(2, 4) : rng.int(5, 8), rng);
  const mid = v0 + (v1 - v0) * rng.uniform(0.4, 0.6);
  for (let k = 0; k < cuts.length - 1; k++) {
    for (const [a, b] of [[v0, mid], [mid, v1]] as const) {
      const polys = [[rect(cuts[k], a, cuts[k + 1], b)]];
      if (asForest) out.forest.push({ polys, village, type: '经济林' });
      else out.plots.push({ polys, village, cell, courtyard: false, crop: '果树' });
    }
  }
  return out;
}

export function forestBlock(box: Box, village: number, nursery: boolean, rng: Rng): CellContent {
  const out = emptyContent();
  const [u0, v0, u1, v1] = box;
  out.survey.push({ polys: [[rect(...box)]], dlbm: nursery ? '0307' : '0301', village });
  const cuts = splitRange(u0, u1, rng.int(1, 3), rng);
  for (let k = 0; k < cuts.length - 1; k++) out.forest.push({ polys: [[rect(cuts[k], v0, cuts[k + 1], v1)]], village, type: nursery ? '苗圃' : '退耕还林' });
  return out;
}

export function plainBlock(box: Box, village: number, dlbm: string): CellContent {
  const out = emptyContent();
  out.survey.push({ polys: [[rect(...box)]], dlbm, village });
  return out;
}

/** A reservoir (1103) in grassland; the reservoir layer gets the same outline. */
export function reservoirBlock(box: Box, village: number, rng: Rng): { content: CellContent; outline: Ring } {
  const out = emptyContent();
  const [u0, v0, u1, v1] = box;
  const cu = (u0 + u1) / 2;
  const cv = (v0 + v1) / 2;
  const ru = (u1 - u0) * 0.36;
  const rv = (v1 - v0) * 0.36;
  const phase = rng.uniform(0, 6.28);
  const pts: Pt[] = [];
  for (let k = 0; k < 64; k++) {
    const t = (2 * Math.PI * k) / 64;
    const wobble = 1 + 0.08 * Math.sin(3 * t + phase) + 0.05 * Math.sin(5 * t + 2 * phase);
    pts.push([Math.round((cu + ru * wobble * Math.cos(t)) * 100) / 100, Math.round((cv + rv * wobble * Math.sin(t)) * 100) / 100]);
  }
  const outline: Ring = [...pts, pts[0]];
  out.survey.push({ polys: [[outline]], dlbm: '1103', village });
  out.survey.push({ polys: [[rect(...box), [...outline].reverse()]], dlbm: '0404', village });
  return { content: out, outline };
}

function splitRange(a: number, b: number, parts: number, rng: Rng): number[] {
  const weights = Array.from({ length: parts }, () => rng.uniform(0.7, 1.3));
  const total = weights.reduce((s, w) => s + w, 0);
  const cuts = [a];
  let acc = 0;
  for (let k = 0; k < parts - 1; k++) {
    acc += weights[k];
    cuts.push(Math.round((a + ((b - a) * acc) / total) * 10) / 10);
  }
  cuts.push(b);
  return cuts;
}
