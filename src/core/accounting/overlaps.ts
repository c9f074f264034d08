/**
 * Phase 1, double counting (docs/contract.md `overlapMu`, `overlapDemandM3`): where planted plots
 * overlap each other, or irrigated forest lies on a planted plot, the same land is in two records
 * and its area and demand are counted twice. The figures stay as recorded; this finds how much.
 *
 * Statuses change after phase 1 (the page edits them), so this keeps every overlapping pair of
 * plots (and every plot triple) with its area per village, whatever the status, and phase 2
 * (villageSums.ts) counts only the pairs whose plots are planted: by inclusion–exclusion, area
 * under k plots is counted k − 1 times (pairs − triples, exact up to three plots on one spot).
 */
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { intersection } from '../geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';
import type { JobContext } from '../types.ts';
import type { OverlapPieces, PieceSet } from './types.ts';

/** Below this the "overlap" is two coincident boundaries digitised apart, not land. */
export const OVERLAP_NOISE_M2 = 0.01;

export type OverlapOverlayFn = (
  a: (Geometry | null)[],
  b: (Geometry | null)[],
  options: JobContext & { self?: boolean; coverage?: boolean; areas?: boolean; keepGeometry?: (a: number, b: number, areaM2: number) => boolean },
) => Promise<{ pairs: { a: number; b: number; areaM2: number; geometry?: Polygon | MultiPolygon }[] }>;

interface Builder {
  a: number[];
  b: number[];
  c: number[];
  village: number[];
  areaM2: number[];
}

const builder = (): Builder => ({ a: [], b: [], c: [], village: [], areaM2: [] });
const finish = (b: Builder): OverlapPieces => ({
  a: Int32Array.from(b.a), b: Int32Array.from(b.b), c: Int32Array.from(b.c),
  village: Int32Array.from(b.village), areaM2: Float64Array.from(b.areaM2),
});

/** feature → the villages holding its pieces. */
function villagesByFeature(pieces: PieceSet): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let i = 0; i < pieces.pieceFeature.length; i++) {
    const list = map.get(pieces.pieceFeature[i]) ?? [];
    if (!list.includes(pieces.pieceVillage[i])) list.push(pieces.pieceVillage[i]);
    map.set(pieces.pieceFeature[i], list);
  }
  return map;
}

/** Area of an overlap per village: whole in one village when both features are, else clipped. */
function perVillage(
  geometry: Geometry | null | undefined,
  areaM2: number,
  candidates: number[],
  villageGeometry: (village: number) => Geometry | null,
): [number, number][] {
  if (candidates.length === 1) return [[candidates[0], areaM2]];
  if (!geometry) return [];
  const out: [number, number][] = [];
  for (const village of candidates) {
    const part = ellipsoidalAreaM2(intersection(geometry, villageGeometry(village)));
    if (part > 0) out.push([village, part]);
  }
  return out;
}

export interface OverlapInput {
  plots: readonly (Geometry | null)[];
  forest?: readonly (Geometry | null)[] | null;
  plotPieces: PieceSet;
  /** one geometry per village index (a village drawn as several features: their union or a MultiPolygon) */
  villageGeometry: (village: number) => Geometry | null;
}

export async function findOverlaps(
  input: OverlapInput,
  overlay: OverlapOverlayFn,
  context: JobContext = {},
): Promise<{ plotPairs: OverlapPieces; plotTriples: OverlapPieces; forestOnPlots: OverlapPieces | null }> {
  const plotVillages = villagesByFeature(input.plotPieces);
  const keep = (_a: number, _b: number, areaM2: number) => areaM2 >= OVERLAP_NOISE_M2;
  const plots = input.plots as (Geometry | null)[];
  const self = await overlay(plots, plots, { ...context, self: true, coverage: false, areas: false, keepGeometry: keep });
  const pairs = builder();
  const pairGeometry = new Map<string, Geometry | null>();
  const partners = new Map<number, Set<number>>();
  const union = (x: number, y: number): number[] => [...new Set([...(plotVillages.get(x) ?? []), ...(plotVillages.get(y) ?? [])])];
  for (const pair of self.pairs) {
    if (pair.a === pair.b || pair.areaM2 < OVERLAP_NOISE_M2) continue;
    const [i, j] = pair.a < pair.b ? [pair.a, pair.b] : [pair.b, pair.a];
    pairGeometry.set(`${i}|${j}`, pair.geometry ?? null);
    for (const [x, y] of [[i, j], [j, i]]) partners.set(x, (partners.get(x) ?? new Set()).add(y));
    for (const [village, areaM2] of perVillage(pair.geometry, pair.areaM2, union(i, j), input.villageGeometry)) {
      pairs.a.push(i); pairs.b.push(j); pairs.c.push(-1); pairs.village.push(village); pairs.areaM2.push(areaM2);
    }
  }
  const triples = builder();
  for (const [key, geometry] of pairGeometry) {
    const [i, j] = key.split('|').map(Number);
    for (const k of partners.get(j) ?? []) {
      if (k <= j || !partners.get(i)?.has(k)) continue;
      const shared = intersection(geometry, plots[k]);
      const areaM2 = ellipsoidalAreaM2(shared);
      if (areaM2 < OVERLAP_NOISE_M2) continue;
      for (const [village, part] of perVillage(shared, areaM2, union(i, j), input.villageGeometry)) {
        triples.a.push(i); triples.b.push(j); triples.c.push(k); triples.village.push(village); triples.areaM2.push(part);
      }
    }
  }
  let forestOnPlots: OverlapPieces | null = null;
  if (input.forest) {
    const result = await overlay(input.forest as (Geometry | null)[], plots, { ...context, coverage: false, areas: false, keepGeometry: keep });
    const forest = builder();
    for (const pair of result.pairs) {
      if (pair.areaM2 < OVERLAP_NOISE_M2) continue;
      for (const [village, areaM2] of perVillage(pair.geometry, pair.areaM2, plotVillages.get(pair.b) ?? [], input.villageGeometry)) {
        forest.a.push(pair.a); forest.b.push(pair.b); forest.c.push(-1); forest.village.push(village); forest.areaM2.push(areaM2);
      }
    }
    forestOnPlots = finish(forest);
  }
  return { plotPairs: finish(pairs), plotTriples: finish(triples), forestOnPlots };
}
