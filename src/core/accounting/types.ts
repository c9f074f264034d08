/**
 * Types of the water accounting (docs/domain.md "What the tool computes" 1–4, docs/contract.md `account`).
 * Areas in 亩, water in m³. The contract's Unit fields come first and are never renamed; the
 * fields after them are extras (breakdowns, the share used, wells, monthly actual groundwater).
 */
import type { UnitLevel } from '../codes.ts';

export type QuotaCategory = '作物' | '林种' | '状态';

/** 名称 of a 类别 `状态` row: the water still given to fallow or retired land. */
export type StatusQuotaName = '休耕' | '退减';
export const STATUS_QUOTA_NAMES: readonly StatusQuotaName[] = ['休耕', '退减'];

/**
 * One row of quotas.csv: 类别, 名称, 灌溉方式 (a method or `*`), 定额 m³/亩. A 类别 `状态` row
 * (名称 休耕 or 退减, 灌溉方式 `*`) gives the water still given to such land (none without it).
 */
export interface QuotaRow {
  category: QuotaCategory;
  name: string;
  /** a method (滴灌 …) or '*' for any method */
  method: string;
  quotaM3PerMu: number;
}

/** One row of caps.csv; null = the cell is empty ("not set"). */
export interface CapRow {
  year: number;
  /** 6 (city), 9 (township) or 12 (village) digits */
  code: string;
  name: string;
  totalCapM3: number | null;
  groundwaterCapM3: number | null;
  industrialM3: number | null;
  domesticM3: number | null;
  /** 工业地下水, 生活地下水: the parts of 工业用水 and 生活用水 drawn from groundwater (optional columns) */
  industrialGroundwaterM3?: number | null;
  domesticGroundwaterM3?: number | null;
  /** 混灌地下水比例: groundwater share of 井渠混灌 area, 0–1 */
  mixedGroundwaterShare: number | null;
}

/** A village polygon's identity, as read from the villages layer. */
export interface VillageInfo {
  /** 12-digit village code */
  code: string;
  name: string;
  /** 9-digit township code */
  townshipCode: string;
  townshipName: string;
  /** index of the feature in the villages layer */
  featureIndex: number;
}

/**
 * Phase 1 (geometry): every plot and forest patch split among the villages. Columnar arrays so
 * the split crosses the worker boundary cheaply and phase 2 loops over plain numbers.
 * `pieceFeature[i]` is the feature index in its layer, `pieceVillage[i]` an index into
 * `villages`, `pieceAreaM2[i]` the ellipsoidal area of the intersection.
 */
export interface PieceSet {
  pieceFeature: Int32Array;
  pieceVillage: Int32Array;
  pieceAreaM2: Float64Array;
  /** ellipsoidal area of each whole feature */
  featureAreaM2: Float64Array;
  /** area of each feature that lies in no village */
  outsideAreaM2: Float64Array;
  /** features whose intersection failed (their area is counted as outside) */
  failures: { featureIndex: number; message: string }[];
  /** what the guards did (absent in a split kept from before they existed) */
  checks?: SplitChecks;
}

export interface GeometryCheckCounts {
  exactChecked: number;
  corrected: number;
  overlaySampled: number;
  overlayRetried: number;
  boxCutRetried: number;
  unionRetried: number;
}

/** The guards of the split: see src/core/accounting/verifySplit.ts and docs/area-and-overlay.md. */
export interface SplitChecks {
  /** features recomputed on the exact path because their pieces did not add up to their area */
  exactChecked: number;
  /** of those, the features whose fast pieces were wrong and were replaced by the exact ones */
  corrected: { featureIndex: number; fastCoveredM2: number; exactCoveredM2: number }[];
  /** the overlay's own guards (box cuts redone, pairs sampled, sampled pairs retried) */
  overlay: { boxCutRetries: number; sampled: number; sampleRetries: number; unionRetries?: number };
  overlayRetries: number;
}

/**
 * Overlapping features per village (overlaps.ts): `a`, `b` (and `c` for a plot triple, else −1)
 * are feature indexes, `village` an index into `villages`, `areaM2` the overlap lying there.
 */
export interface OverlapPieces {
  a: Int32Array;
  b: Int32Array;
  c: Int32Array;
  village: Int32Array;
  areaM2: Float64Array;
}

export interface AccountingSplit {
  villages: VillageInfo[];
  /** plot × plot pairs and triples, forest (a) × plot (b) pairs; absent = not computed (no double counting shown) */
  overlaps?: { plotPairs: OverlapPieces; plotTriples: OverlapPieces; forestOnPlots: OverlapPieces | null } | null;
  plots: PieceSet;
  forest: PieceSet | null;
  /** per well: index into `villages`, or -1 when the well is in no village */
  wellVillage: Int32Array | null;
  /** how each well was placed: by its ZLDWDM code, or by the point falling in a polygon */
  wellPlacement: ('code' | 'point' | 'none')[] | null;
}

export type StatusKey = 'planted' | 'retired' | 'fallow';

/** Area (亩) of one status, by crop, tenure (DKLB), method (GGFS) and water source (SYLX). */
export interface AreaBreakdown {
  crop: Record<string, number>;
  tenure: Record<string, number>;
  method: Record<string, number>;
  source: Record<string, number>;
}

export interface Unit {
  level: UnitLevel;
  code: string;
  name: string;
  parentCode: string | null;
  plantedMu: number;
  retiredMu: number;
  fallowMu: number;
  forestMu: number;
  irrigatedForestMu: number;
  plantedMuByCrop: Record<string, number>;
  forestMuByType: Record<string, number>;
  irrigationDemandM3: number;
  groundwaterDemandM3: number;
  industrialM3: number;
  domesticM3: number;
  totalUseM3: number;
  actualGroundwaterM3: number | null;
  totalCapM3: number | null;
  groundwaterCapM3: number | null;
  totalExcessM3: number | null;
  groundwaterExcessM3: number | null;
  retireToMeetCapMu: number;
  // ---- contract additions (docs/contract.md "Additions") ----
  /** groundwaterDemandM3 + industrialGroundwaterM3 + domesticGroundwaterM3: what the groundwater cap covers */
  groundwaterUseM3: number;
  /** actualGroundwaterM3 − groundwaterCapM3; null when either is null */
  actualGroundwaterExcessM3: number | null;
  /** on which basis the unit is over its groundwater cap */
  overCapBasis: OverCapBasis;
  /** townships and the city: Σ retireToMeetCapMu of their villages (a village: its own figure) */
  villagesRetireToMeetCapMu: number;
  /** planted area counted more than once (several planted plots, or irrigated forest on a planted plot) */
  overlapMu: number;
  /** the demand counted twice on that area */
  overlapDemandM3: number;
  /** water given to fallow and retired land by the 状态 rows of quotas.csv (in irrigationDemandM3) */
  fallowDemandM3: number;
  // ---- extras (not in the contract) ----
  /** 工业地下水, 生活地下水: own caps.csv row, else the sum of the units below (villages: 0) */
  industrialGroundwaterM3: number;
  domesticGroundwaterM3: number;
  /** planted area fed by 井灌 or 井渠混灌 */
  plantedWellFedMu: number;
  /** planted courtyard plots (TYZZ 是) */
  courtyardMu: number;
  /** next year's caps from caps.csv (null when not there) and the cut of the groundwater cap */
  nextYearTotalCapM3: number | null;
  nextYearGroundwaterCapM3: number | null;
  nextYearGroundwaterCutM3: number | null;
  /** plantedGroundwaterDemandM3 ÷ plantedWellFedMu: what retiring one well-fed 亩 saves (0 when none) */
  wellFedGroundwaterQuotaM3PerMu: number;
  /** actualGroundwaterM3 ÷ groundwaterCapM3, the map colour on the metered basis; null when either is missing */
  actualGwShare: number | null;
  /** villages of this unit over their groundwater cap on the metered basis (townships and city) */
  villagesOverGroundwaterCapMetered: number;
  /** planted / retired / fallow area by crop, tenure, method and source */
  breakdownMu: Record<StatusKey, AreaBreakdown>;
  /** groundwater share of 井渠混灌 area in force for this unit (village: the one applied) */
  mixedGroundwaterShare: number;
  /** irrigation and groundwater demand of planted plots only (forest excluded) */
  plantedDemandM3: number;
  plantedGroundwaterDemandM3: number;
  /** plantedDemandM3 ÷ plantedMu and plantedGroundwaterDemandM3 ÷ plantedMu (0 when nothing is planted) */
  meanQuotaM3PerMu: number;
  meanGroundwaterQuotaM3PerMu: number;
  /** 亩 to retire for the total cap and for the groundwater cap; retireToMeetCapMu is the larger */
  retireForTotalMu: number;
  retireForGroundwaterMu: number;
  /** false when even retiring every planted 亩 would not remove the excess */
  retireCoversExcess: boolean;
  /** groundwaterUseM3 ÷ groundwaterCapM3, the map colour on the demand basis; null when no cap */
  gwShare: number | null;
  wellCount: number;
  /** Σ over wells with monthly data of their monthly m³ (Jan…Dec); null when no well has months */
  actualGroundwaterMonthlyM3: number[] | null;
  /** villages of this unit over their groundwater cap on the demand basis (townships and city) */
  villagesOverGroundwaterCap: number;
}

/** The groundwater cap exceeded by demand (areas × quotas), by metered use (井电双控), both or none. */
export type OverCapBasis = 'none' | 'demand' | 'metered' | 'both';

export interface WellRow {
  /** index in the wells layer */
  featureIndex: number;
  code: string;
  villageCode: string | null;
  villageName: string | null;
  placement: 'code' | 'point' | 'none';
  metered: boolean;
  /** 'meter' = metered volume; 'electricity' = kWh × ZSXS (以电折水); 'none' = no figure */
  basis: 'meter' | 'electricity' | 'none';
  electricityKwh: number | null;
  coefficientM3PerKwh: number | null;
  volumeM3: number | null;
  monthlyM3: (number | null)[] | null;
  permittedM3: number | null;
  overPermit: boolean;
}

export interface TrajectoryYear {
  year: number;
  groundwaterCapM3: number | null;
  totalCapM3: number | null;
  /** cut of the groundwater cap from the previous year */
  groundwaterCapCutM3: number | null;
  /** only for the accounted year (the plots describe one year) */
  groundwaterDemandM3: number | null;
  actualGroundwaterM3: number | null;
}

export interface Trajectory {
  cityCode: string;
  targetYear: number | null;
  targetGroundwaterM3: number | null;
  years: TrajectoryYear[];
  /** 前轻后重: each year's cut at least the previous year's */
  cutsGrowEachYear: boolean | null;
}

export interface Unassigned {
  plotMu: number;
  forestMu: number;
  plotCount: number;
  forestCount: number;
  /** codes of plots with area outside every village (first 200) */
  plotIds: string[];
  wellCount: number;
  wellIds: string[];
}

export interface AccountingResult {
  year: number;
  units: Unit[];
  // ---- extras ----
  countyName: string;
  /** the city's groundwater caps year by year against the target (last year in caps.csv) */
  trajectory: Trajectory | null;
  wells: WellRow[];
  unassigned: Unassigned;
  warnings: string[];
  /** what the guards of the village split did, per layer (null: split kept from before they existed) */
  geometryChecks: { plots: GeometryCheckCounts | null; forest: GeometryCheckCounts | null };
  /** the definitions behind the derived figures, shown in reports */
  definitions: Record<string, string>;
}
