/**
 * Which pairs of an overlay come back with their geometry: all (true), none, the pairs a function
 * picks (run on the caller's thread, after the overlay: each picked pair clipped again), or the
 * pairs of at least some area ({minMu}: decided where the pair is clipped, in the worker, so the
 * piece is kept then and never clipped twice).
 */
import { m2ToMu } from '../units.ts';

export type GeometryPick = (a: number, b: number, areaM2: number) => boolean;
export interface AreaPick {
  /** keep pairs whose area, in 亩, is at least this */
  minMu: number;
}
export type KeepGeometry = boolean | GeometryPick | AreaPick;

/** Whether a pair of this area is kept. */
export function keepsGeometry(keep: KeepGeometry | undefined, a: number, b: number, areaM2: number): boolean {
  if (typeof keep === 'function') return keep(a, b, areaM2);
  if (typeof keep === 'object' && keep !== null) return m2ToMu(areaM2) >= keep.minMu;
  return keep === true;
}
