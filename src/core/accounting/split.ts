/**
 * Phase 1 of the accounting (geometry): each plot and forest patch split among villages by
 * ellipsoidal intersection with the village polygons, and each well placed in a village (by its
 * ZLDWDM, else by the polygon it lies in). Slow compared with phase 2, so the page keeps the
 * result and only re-runs phase 2 when statuses, quotas or caps change.
 */
import type { Geometry } from 'geojson';
import { townshipCodeOf, villageCodeOf } from '../codes.ts';
import { InputError, throwIfCancelled, type Feature, type JobContext, type Properties } from '../types.ts';
import { text } from './attributes.ts';
import { splitInterior, villageLocator, type VillageLocator } from './interior.ts';
import type { OverlayChecks } from '../geometry/overlayChunk.ts';
import type { AccountingSplit, PieceSet, SplitChecks, VillageInfo } from './types.ts';
import { checkPieces, needsExactCheck, villageBoxes, type FastPieces } from './verifySplit.ts';
import { FixedClips } from '../geometry/clip.ts';

/** The overlay of src/core/geometry/overlay.ts, injected so this module can be tested without it. */
export type OverlayFn = (
  a: (Geometry | null)[],
  b: (Geometry | null)[],
  options?: JobContext,
) => Promise<{
  pairs: { a: number; b: number; areaM2: number }[];
  areaM2A: ArrayLike<number>;
  coveredM2A: ArrayLike<number>;
  failures: { a: number; b: number; message: string }[];
  checks: OverlayChecks;
  retries: readonly unknown[];
}>;

type AnyFeature = Feature<Geometry | null, Properties>;

export interface SplitInput {
  villages: readonly AnyFeature[];
  plots: readonly (Geometry | null)[];
  forest?: readonly (Geometry | null)[] | null;
  wells?: readonly AnyFeature[] | null;
  files?: { villages?: string };
}

/** Villages from the villages layer, one per 12-digit code (a village drawn as several features is one village). */
export function villagesOf(features: readonly AnyFeature[], file = 'villages'): { villages: VillageInfo[]; villageOfFeature: Int32Array } {
  const villages: VillageInfo[] = [];
  const byCode = new Map<string, number>();
  const villageOfFeature = new Int32Array(features.length).fill(-1);
  features.forEach((feature, index) => {
    const p = feature.properties;
    const raw = text(p, 'ZLDWDM') || text(p, 'CJDM');
    const code = villageCodeOf(raw);
    if (!/^\d{12}$/.test(code)) {
      throw new InputError(file, `没有 12 位村级代码（ZLDWDM 或 CJDM）："${raw}"，请在村界图层中补全后再核算 (no 12-digit village code)`, String(index + 1));
    }
    let v = byCode.get(code);
    if (v === undefined) {
      v = villages.length;
      byCode.set(code, v);
      const township = text(p, 'XZDM');
      villages.push({
        code,
        name: text(p, 'ZLDWMC') || text(p, 'CJMC'),
        townshipCode: /^\d{9}$/.test(township) ? township : townshipCodeOf(code),
        townshipName: text(p, 'XZMC'),
        featureIndex: index,
      });
    }
    villageOfFeature[index] = v;
  });
  return { villages, villageOfFeature };
}

/**
 * Pieces of one layer: plots no village boundary crosses are whole pieces (interior.ts); the
 * others are clipped by the overlay. Where villages overlap each other, a plot's pieces are scaled
 * so it is never counted more than once.
 */
async function splitLayer(
  geometries: readonly (Geometry | null)[],
  villageGeometries: (Geometry | null)[],
  villageOfFeature: Int32Array,
  locator: VillageLocator,
  overlay: OverlayFn,
  context: JobContext,
): Promise<PieceSet> {
  const n = geometries.length;
  const { interiorVillage, interiorAreaM2, boundary } = splitInterior(geometries, locator);
  const result = await overlay(boundary.map((i) => geometries[i]), villageGeometries, context);
  const featureAreaM2 = new Float64Array(n);
  const outsideAreaM2 = new Float64Array(n);
  const pieceFeature: number[] = [];
  const pieceVillage: number[] = [];
  const pieceAreaM2: number[] = [];
  for (const [index, feature] of interiorVillage) {
    const areaM2 = interiorAreaM2.get(index) ?? 0;
    featureAreaM2[index] = areaM2;
    if (feature < 0) outsideAreaM2[index] = areaM2;
    else if (areaM2 > 0) {
      pieceFeature.push(index);
      pieceVillage.push(villageOfFeature[feature]);
      pieceAreaM2.push(areaM2);
    }
  }
  // Pieces per boundary feature, checked for area conservation (verifySplit.ts).
  const fastPieces: FastPieces[] = boundary.map((_, k) => ({ areaM2: result.areaM2A[k], coveredM2: result.coveredM2A[k], pieces: [] }));
  for (const pair of result.pairs) if (pair.areaM2 > 0) fastPieces[pair.a].pieces.push({ village: pair.b, areaM2: pair.areaM2 });
  const failed = new Set(result.failures.map((f) => f.a));
  const boxes = villageBoxes(villageGeometries);
  // the villages projected once for all the exact checks, when there is one
  let villageClips: FixedClips | null = null;
  const checks: SplitChecks = { exactChecked: 0, corrected: [], overlay: result.checks, overlayRetries: result.retries.length };
  boundary.forEach((index, k) => {
    let pieces = fastPieces[k];
    if (!failed.has(k) && needsExactCheck(pieces)) {
      checks.exactChecked++;
      const exact = checkPieces(pieces, geometries[index], (villageClips ??= new FixedClips(villageGeometries)), boxes);
      if (exact) {
        checks.corrected.push({ featureIndex: index, fastCoveredM2: pieces.coveredM2, exactCoveredM2: exact.coveredM2 });
        pieces = { areaM2: pieces.areaM2, ...exact };
      }
    }
    featureAreaM2[index] = pieces.areaM2;
    outsideAreaM2[index] = Math.max(0, pieces.areaM2 - pieces.coveredM2);
    let insideM2 = 0;
    for (const piece of pieces.pieces) insideM2 += piece.areaM2;
    // Where villages overlap each other, a plot's pieces are scaled so it is counted once.
    const scale = insideM2 > pieces.coveredM2 + 0.01 ? pieces.coveredM2 / insideM2 : 1;
    for (const piece of pieces.pieces) {
      pieceFeature.push(index);
      pieceVillage.push(villageOfFeature[piece.village]);
      pieceAreaM2.push(piece.areaM2 * scale);
    }
  });
  return {
    pieceFeature: Int32Array.from(pieceFeature),
    pieceVillage: Int32Array.from(pieceVillage),
    pieceAreaM2: Float64Array.from(pieceAreaM2),
    featureAreaM2,
    outsideAreaM2,
    failures: result.failures.map((f) => ({ featureIndex: boundary[f.a], message: f.message })),
    checks,
  };
}

/** Each well's village: by the 12 first digits of its ZLDWDM when that village exists, else by location. */
export function placeWells(wells: readonly AnyFeature[], locator: VillageLocator, villages: readonly VillageInfo[],
  villageOfFeature: Int32Array): { wellVillage: Int32Array; wellPlacement: ('code' | 'point' | 'none')[] } {
  const byCode = new Map(villages.map((v, i) => [v.code, i]));
  const wellVillage = new Int32Array(wells.length).fill(-1);
  const wellPlacement = wells.map((well, index): 'code' | 'point' | 'none' => {
    const byAttribute = byCode.get(villageCodeOf(text(well.properties, 'ZLDWDM')));
    if (byAttribute !== undefined) {
      wellVillage[index] = byAttribute;
      return 'code';
    }
    const g = well.geometry;
    const point = g?.type === 'Point' ? g.coordinates : g?.type === 'MultiPoint' ? g.coordinates[0] : null;
    const hit = point ? locator.featureAt(point[0], point[1]) : -1;
    if (hit < 0) return 'none';
    wellVillage[index] = villageOfFeature[hit];
    return 'point';
  });
  return { wellVillage, wellPlacement };
}

export async function splitByVillage(input: SplitInput, overlay: OverlayFn, context: JobContext = {}): Promise<AccountingSplit> {
  const { villages, villageOfFeature } = villagesOf(input.villages, input.files?.villages);
  if (villages.length === 0) throw new InputError(input.files?.villages ?? 'villages', '村界图层中没有村级面，请导入村界图层 (no village polygons)');
  const villageGeometries = input.villages.map((f) => f.geometry);
  const stage = (name: string): JobContext => ({
    signal: context.signal,
    onProgress: (p) => context.onProgress?.({ ...p, stage: name }),
  });
  const locator = villageLocator(villageGeometries);
  const plots = await splitLayer(input.plots, villageGeometries, villageOfFeature, locator, overlay, stage('split plots'));
  throwIfCancelled(context.signal);
  const forest = input.forest ? await splitLayer(input.forest, villageGeometries, villageOfFeature, locator, overlay, stage('split forest')) : null;
  const wells = input.wells ? placeWells(input.wells, locator, villages, villageOfFeature) : null;
  return { villages, plots, forest, wellVillage: wells?.wellVillage ?? null, wellPlacement: wells?.wellPlacement ?? null };
}
