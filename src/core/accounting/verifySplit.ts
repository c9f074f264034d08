/**
 * The area-conservation guard of the village split: for every plot (or forest patch), the pieces
 * in the villages plus the part outside every village must add up to its area. The overlay makes
 * the pieces; "outside" is what its union of pieces leaves over, so a piece the overlay lost shows
 * up as area outside. Plots with any area outside (few: they sit on the county's edge, or the
 * overlay was wrong) and plots whose pieces add up to more than their union are recomputed on the
 * slow exact path (clip.ts: Clipper2 on the whole polygons, no fast path) and, where the two
 * disagree, the exact pieces replace the fast ones and the plot is listed. See
 * docs/area-and-overlay.md, "Guarantees".
 */
import type { Geometry } from 'geojson';
import type { FixedClips } from '../geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';
import { areaToleranceM2 } from '../geometry/pairClip.ts';
import { M2_PER_MU } from '../units.ts';
import { bboxOf, polygonsOf } from './interior.ts';
import type { PieceSet } from './types.ts';

export interface FastPieces {
  /** ellipsoidal area of the feature */
  areaM2: number;
  /** area covered by the union of the villages, as the overlay found it */
  coveredM2: number;
  /** the overlay's pieces: village feature index and area */
  pieces: { village: number; areaM2: number }[];
}

export interface ExactPieces {
  coveredM2: number;
  pieces: { village: number; areaM2: number }[];
}

/** Whether the fast pieces need the exact path: area outside every village, or pieces over their union. */
export function needsExactCheck(fast: FastPieces): boolean {
  const tolerance = areaToleranceM2(fast.areaM2);
  let sumM2 = 0;
  for (const piece of fast.pieces) sumM2 += piece.areaM2;
  return fast.areaM2 - fast.coveredM2 > tolerance || Math.abs(sumM2 - fast.coveredM2) > tolerance;
}

/** The villages whose boxes meet the feature's box. */
function nearVillages(geometry: Geometry | null, villageBoxes: readonly ([number, number, number, number] | null)[]): number[] {
  const box = bboxOf(polygonsOf(geometry));
  if (!box) return [];
  const near: number[] = [];
  villageBoxes.forEach((v, village) => {
    if (v && v[0] <= box[2] && v[2] >= box[0] && v[1] <= box[3] && v[3] >= box[1]) near.push(village);
  });
  return near;
}

/**
 * The part of the feature inside every village together, on the exact path (a clip.ts difference
 * against the villages, `villages` being FixedClips of the village geometries).
 */
export function exactCoveredM2(
  geometry: Geometry | null,
  villages: FixedClips,
  villageBoxes: readonly ([number, number, number, number] | null)[],
): number {
  const near = nearVillages(geometry, villageBoxes);
  const areaM2 = ellipsoidalAreaM2(geometry);
  const outsideM2 = near.length ? ellipsoidalAreaM2(villages.difference(geometry, near)) : areaM2;
  return Math.max(0, areaM2 - outsideM2);
}

/** The pieces of one feature among the villages whose boxes meet it, on the exact path. */
export function exactPieces(
  geometry: Geometry | null,
  villages: FixedClips,
  villageBoxes: readonly ([number, number, number, number] | null)[],
  coveredM2 = exactCoveredM2(geometry, villages, villageBoxes),
): ExactPieces {
  const pieces: ExactPieces['pieces'] = [];
  for (const village of nearVillages(geometry, villageBoxes)) {
    const areaM2 = ellipsoidalAreaM2(villages.intersection(geometry, village));
    if (areaM2 > 0) pieces.push({ village, areaM2 });
  }
  return { coveredM2, pieces };
}

/**
 * The exact check of one feature's fast pieces: first only its part inside the villages (one
 * difference); the pieces village by village only when that disagrees or the fast pieces add up
 * to more than their union. Returns the exact pieces when the fast ones are wrong, else null.
 */
export function checkPieces(
  fast: FastPieces,
  geometry: Geometry | null,
  villages: FixedClips,
  villageBoxes: readonly ([number, number, number, number] | null)[],
): ExactPieces | null {
  const tolerance = disagreementToleranceM2(fast.areaM2);
  const coveredM2 = exactCoveredM2(geometry, villages, villageBoxes);
  let sumM2 = 0;
  for (const piece of fast.pieces) sumM2 += piece.areaM2;
  if (Math.abs(coveredM2 - fast.coveredM2) <= tolerance && sumM2 <= fast.coveredM2 + tolerance) return null;
  const exact = exactPieces(geometry, villages, villageBoxes, coveredM2);
  return piecesDisagree(fast, exact) ? exact : null;
}

/**
 * Two correct clippings of one plot still differ a little: the overlay and clip.ts work on different
 * local planes, and where a plot's edge runs along a village boundary a few centimetres away the
 * 1 µm grid moves a piece by up to ~1e-3 m² (seen on the sample county). A wrong fast path loses
 * far more (the RectClip bug: 17,000 m² of a 132,000 m² plot). Disagreement therefore means more
 * than 1e-8 of the plot or 0.01 m² (1.5e-5 亩, below the 1e-4 亩 the reports show).
 */
export function disagreementToleranceM2(areaM2: number): number {
  return Math.max(1e-8 * areaM2, 0.01);
}

/** Whether the exact pieces differ from the fast ones beyond disagreementToleranceM2. */
export function piecesDisagree(fast: FastPieces, exact: ExactPieces): boolean {
  const tolerance = disagreementToleranceM2(fast.areaM2);
  if (Math.abs(fast.coveredM2 - exact.coveredM2) > tolerance) return true;
  const byVillage = new Map<number, number>();
  for (const p of fast.pieces) byVillage.set(p.village, (byVillage.get(p.village) ?? 0) + p.areaM2);
  for (const p of exact.pieces) byVillage.set(p.village, (byVillage.get(p.village) ?? 0) - p.areaM2);
  for (const d of byVillage.values()) if (Math.abs(d) > tolerance) return true;
  return false;
}

export function villageBoxes(villageGeometries: readonly (Geometry | null)[]): ([number, number, number, number] | null)[] {
  return villageGeometries.map((g) => bboxOf(polygonsOf(g)));
}

/**
 * Warnings for the features whose fast pieces were replaced by exact ones, and for the overlay's
 * own retries: an audit tool says when its fast path was wrong, even after correcting it.
 */
export function splitCheckWarnings(
  pieces: PieceSet | null,
  layer: '地块' | '人工林',
  idOf: (index: number) => string,
): string[] {
  const checks = pieces?.checks;
  if (!checks) return [];
  const warnings = checks.corrected.slice(0, 50).map(
    (c) =>
      `${layer} ${idOf(c.featureIndex)}：快速切分算得村内 ${(c.fastCoveredM2 / M2_PER_MU).toFixed(4)} 亩，` +
      `精确切分为 ${(c.exactCoveredM2 / M2_PER_MU).toFixed(4)} 亩，已按精确切分计入（请将此地块报给开发方以便核查）`,
  );
  if (checks.corrected.length > 50) warnings.push(`${layer}：另有 ${checks.corrected.length - 50} 块按精确切分重算`);
  const redone = checks.overlay.boxCutRetries + checks.overlay.sampleRetries + (checks.overlay.unionRetries ?? 0);
  if (redone > 0) {
    warnings.push(`${layer}：叠加分析的快速路径有 ${redone} 处与精确路径不一致，已改用精确结果`);
  }
  return warnings;
}
