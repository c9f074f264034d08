/**
 * Which pairs of an overlay come back with their geometry: all (true), none, the pairs a function
 * picks (run on the caller's thread, after the overlay: each picked pair clipped again), or the
 * pairs of at least some area ({minMu}: decided where the pair is clipped, in the worker, so the
 * piece is kept then and never clipped twice), or every piece of the features of a whose pieces
 * together pass a tolerance or that are split in two or more ({featureMinMu, featureMinShare,
 * split}: also decided in the worker, once all of a feature's pieces are known).
 */
import { m2ToMu } from '../units.ts';

export type GeometryPick = (a: number, b: number, areaM2: number) => boolean;
export interface AreaPick {
  /** keep pairs whose area, in 亩, is at least this */
  minMu: number;
}
export interface FeaturePick {
  /** keep every piece of a feature of a whose pieces add up to at least this many 亩 … */
  featureMinMu?: number;
  /** … and at least this share of the feature's own area */
  featureMinShare?: number;
  /** keep every piece of a feature of a that has two pieces or more */
  split?: boolean;
}
export type KeepGeometry = boolean | GeometryPick | AreaPick | FeaturePick;

export const isAreaPick = (keep: KeepGeometry | undefined): keep is AreaPick => typeof keep === 'object' && keep !== null && 'minMu' in keep;
export const isFeaturePick = (keep: KeepGeometry | undefined): keep is FeaturePick => typeof keep === 'object' && keep !== null && !('minMu' in keep);

/**
 * Whether a pair of this area is kept, where it is decided pair by pair (a pair clipped again on
 * its own, an engine without workers). A FeaturePick depends on the feature's other pieces: such a
 * pair is kept (a superset: the rules use the pieces of the features they report).
 */
export function keepsGeometry(keep: KeepGeometry | undefined, a: number, b: number, areaM2: number): boolean {
  if (typeof keep === 'function') return keep(a, b, areaM2);
  if (isAreaPick(keep)) return m2ToMu(areaM2) >= keep.minMu;
  if (isFeaturePick(keep)) return true;
  return keep === true;
}

/** Whether a feature's pieces (their total, their count) are kept under a FeaturePick. */
export function keepsFeature(pick: FeaturePick, piecesM2: number, pieceCount: number, featureM2: number): boolean {
  if (pick.split && pieceCount >= 2) return true;
  if (pick.featureMinMu === undefined || !(piecesM2 > 0)) return false;
  const share = featureM2 > 0 ? piecesM2 / featureM2 : 1;
  return m2ToMu(piecesM2) >= pick.featureMinMu && share >= (pick.featureMinShare ?? 0);
}
