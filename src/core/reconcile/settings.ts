/**
 * Tolerances of the reconciliation (套核). A finding is reported only when its area reaches
 * minOverlapMu AND its share of the feature (plot, or survey parcel for uncovered land) reaches
 * minOverlapShare, so slivers from nearly coincident boundaries are not reported.
 * The defaults are shown in every report.
 */
export interface ReconcileSettings {
  /** minimum area of a finding, 亩 */
  minOverlapMu: number;
  /** minimum share of the feature's own area, 0–1 */
  minOverlapShare: number;
  /** declared (SBMJ) vs computed area: relative tolerance (of the computed area), 0–1; CLI --area-mismatch-share */
  areaMismatchShare: number;
  /** declared vs computed area: absolute tolerance, 亩; CLI --area-mismatch-mu. A finding reaches both. */
  areaMismatchMu: number;
  /**
   * report planting on 1202 设施农用地 as non_cultivated_planting: off by default, since
   * greenhouses and sheds there are legal farming; on where the county wants them listed
   */
  reportFacilityLand: boolean;
}

export const DEFAULT_RECONCILE_SETTINGS: ReconcileSettings = {
  minOverlapMu: 0.5,
  minOverlapShare: 0.01,
  areaMismatchShare: 0.05,
  areaMismatchMu: 1,
  reportFacilityLand: false,
};
