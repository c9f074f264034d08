/**
 * Types of the retirement and fallow plan (docs/contract.md `plan`, docs/plan.md). Areas in 亩,
 * water in m³, distances in metres. The contract's fields come first and are never renamed.
 */
import type { UnitLevel } from '../codes.ts';

export type PlanBasis = 'demand' | 'metered';
export type PlanAction = '退减' | '休耕';

export const TENURES = ['国有耕地', '储备补充耕地', '集体机动地', '确权承包地'] as const;

/** Tiers of the strict tenure order: 国有耕地 and 储备补充耕地 first, then 集体机动地 (and any other or
 *  unfilled tenure, which the rules name neither first nor last), 确权承包地 last. */
export const TENURE_TIER_COUNT = 3;
export function tenureTier(tenure: string): number {
  if (tenure === '国有耕地' || tenure === '储备补充耕地') return 0;
  if (tenure === '确权承包地') return 2;
  return 1;
}

export interface PlanSettings {
  patchGapM: number;
  /** radius of a well's command area (src/core/selection/wellService.ts) */
  wellRadiusM: number;
  /** water a 状态 quota row still gives land of the action, m³/亩 (0 with no row) */
  actionQuotaM3PerMu: number;
  lockedCount: number;
  /** the chosen set must have the least area found within this share, then the fewest patches */
  areaToleranceShare: number;
}

export interface GreedySummary {
  chosenMu: number;
  patchCount: number;
}

export interface PlanUnit {
  level: UnitLevel;
  code: string;
  name: string;
  parentCode: string | null;
  /** the basis's groundwater excess before the plan (≤ 0 = within cap); null when no cap or no figure */
  excessBeforeM3: number | null;
  savedM3: number;
  excessAfterM3: number | null;
  capMet: boolean;
  chosenMu: number;
  plotCount: number;
  householdCount: number;
  patchCount: number;
  meanPatchMu: number;
  largestPatchMu: number;
  chosenMuByTenure: Record<string, number>;
  wellsFreed: number;
  greedy: GreedySummary;
  // ---- extras ----
  /** the shortfall when the candidates cannot cover the excess (0 when met) */
  shortfallM3: number;
  candidateCount: number;
  /** greedy's saving and excess after, for the comparison */
  greedySavedM3: number;
}

export interface PlanPlot {
  DKBM: string;
  villageCode: string;
  tenure: string;
  household: string;
  areaMu: number;
  savedM3: number;
  /** patch number, unique in the county (1-based) */
  patch: number;
  // ---- extras ----
  /** index of the plot in the plots layer */
  featureIndex: number;
  crop: string;
}

export interface PlanHousehold {
  villageCode: string;
  household: string;
  plotCount: number;
  areaMu: number;
  savedM3: number;
}

export interface PlanResult {
  year: number;
  basis: PlanBasis;
  action: PlanAction;
  settings: PlanSettings;
  units: PlanUnit[];
  plots: PlanPlot[];
  households: PlanHousehold[];
  // ---- extras ----
  countyName: string;
  warnings: string[];
  /** plot indices of the greedy choice, for drawing the comparison */
  greedyFeatureIndices: number[];
  timingsMs: Record<string, number>;
}
