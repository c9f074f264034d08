import { m2ToMu } from '../units.ts';
import type { ReconcileSettings } from './settings.ts';

/**
 * The sliver rule: a problem is reported only when its area reaches minOverlapMu AND its share of
 * the reference area (the feature's own area) reaches minOverlapShare.
 */
export function passesTolerance(areaM2: number, referenceM2: number, settings: ReconcileSettings): boolean {
  if (!(areaM2 > 0)) return false;
  const share = referenceM2 > 0 ? areaM2 / referenceM2 : 1;
  return m2ToMu(areaM2) >= settings.minOverlapMu && share >= settings.minOverlapShare;
}

/** Share of the reference area, 0–1 (1 when the reference is empty). */
export function shareOf(areaM2: number, referenceM2: number): number {
  return referenceM2 > 0 ? areaM2 / referenceM2 : 1;
}

/** Areas in explanations: 亩 with two decimals. */
export const formatMu = (areaMu: number): string => areaMu.toFixed(2);
export const formatPercent = (share: number): string => `${(share * 100).toFixed(1)}%`;
