/**
 * Phase 2, first half: per-village sums from the geometric split and the attributes. Every
 * figure is a sum over pieces (a plot's part inside one village), so village sums add up to
 * township and city sums exactly (docs/domain.md point 1).
 */
import { InputError, type Properties } from '../types.ts';
import { M2_PER_MU } from '../units.ts';
import { NOT_FILLED, sourceKindOf, statusOf, text, yes, type SourceKind } from './attributes.ts';
import type { QuotaLookup } from './quotaLookup.ts';
import type { AreaBreakdown, PieceSet, StatusKey, Unit } from './types.ts';

/** The additive part of a Unit, summed village → township → city, plus two demand subtotals. */
export interface Sums
  extends Pick<
    Unit,
    | 'plantedMu' | 'retiredMu' | 'fallowMu' | 'forestMu' | 'irrigatedForestMu' | 'plantedMuByCrop' | 'forestMuByType'
    | 'breakdownMu' | 'irrigationDemandM3' | 'groundwaterDemandM3' | 'actualGroundwaterM3' | 'actualGroundwaterMonthlyM3' | 'wellCount'
  > {
  plantedDemandM3: number;
  plantedGroundwaterDemandM3: number;
  /** planted area fed by 井灌 or 井渠混灌: the land whose retirement saves groundwater */
  plantedWellFedMu: number;
  /** planted courtyard plots (TYZZ 是) */
  courtyardMu: number;
  /** water given to fallow and retired land by the 状态 rows of quotas.csv (in irrigationDemandM3) */
  fallowDemandM3: number;
  /** planted area counted more than once, and the demand counted twice there (overlapSums.ts) */
  overlapMu: number;
  overlapDemandM3: number;
}

const emptyBreakdown = (): AreaBreakdown => ({ crop: {}, tenure: {}, method: {}, source: {} });

export function emptySums(): Sums {
  return {
    plantedMu: 0, retiredMu: 0, fallowMu: 0, forestMu: 0, irrigatedForestMu: 0,
    plantedMuByCrop: {}, forestMuByType: {},
    breakdownMu: { planted: emptyBreakdown(), retired: emptyBreakdown(), fallow: emptyBreakdown() },
    irrigationDemandM3: 0, groundwaterDemandM3: 0, plantedDemandM3: 0, plantedGroundwaterDemandM3: 0,
    plantedWellFedMu: 0, courtyardMu: 0, fallowDemandM3: 0, overlapMu: 0, overlapDemandM3: 0,
    actualGroundwaterM3: null, actualGroundwaterMonthlyM3: null, wellCount: 0,
  };
}

export const addTo = (record: Record<string, number>, name: string, value: number): void => {
  record[name] = (record[name] ?? 0) + value;
};

/** Groundwater fraction of a source: wells fully, canals not at all, mixed by the share. */
export function groundwaterFraction(kind: SourceKind, mixedShare: number): number {
  if (kind === 'well') return 1;
  if (kind === 'mixed') return mixedShare;
  return 0;
}

/** What phase 2 needs of one plot, read once per plot rather than once per piece. */
export interface PlotFacts {
  status: StatusKey;
  crop: string;
  tenure: string;
  method: string;
  source: string;
  sourceKind: SourceKind;
  courtyard: boolean;
  /** planted: quota(crop, method); fallow or retired: the 状态 row's quota (0 without one) */
  quotaM3PerMu: number;
}

/** m³/亩 still given to fallow and retired land (quotas.csv 状态 rows; 0 = none). */
export interface StatusQuotas {
  fallow: number;
  retired: number;
}

export interface PlotFactsResult {
  facts: PlotFacts[];
  unknownStatus: string[];
}

/** Reads every plot's status, crop, tenure, method, source and (if planted) quota. */
export function plotFacts(plots: readonly Properties[], quotas: QuotaLookup, plotsFile = 'plots',
  statusQuotas: StatusQuotas = { fallow: 0, retired: 0 }): PlotFactsResult {
  const unknownStatus: string[] = [];
  const facts = plots.map((properties, index): PlotFacts => {
    let status = statusOf(properties);
    if (status === null) {
      unknownStatus.push(text(properties, 'DKBM') || String(index + 1));
      status = 'planted';
    }
    const crop = text(properties, 'ZZZW') || NOT_FILLED;
    if (status === 'planted' && crop === NOT_FILLED) {
      throw new InputError(plotsFile, 'planted (ZT 种植) but no crop (ZZZW), so no quota applies', text(properties, 'DKBM') || String(index + 1));
    }
    const method = text(properties, 'GGFS');
    const source = text(properties, 'SYLX');
    return {
      status,
      crop,
      tenure: text(properties, 'DKLB') || NOT_FILLED,
      method: method || NOT_FILLED,
      source: source || NOT_FILLED,
      sourceKind: sourceKindOf(source),
      courtyard: yes(properties, 'TYZZ'),
      quotaM3PerMu: status === 'planted' ? quotas.quota('作物', crop, method) : statusQuotas[status],
    };
  });
  return { facts, unknownStatus };
}

/** Adds every plot piece to its village's sums. */
export function addPlotPieces(sums: Sums[], pieces: PieceSet, facts: readonly PlotFacts[], shares: readonly number[]): void {
  const { pieceFeature, pieceVillage, pieceAreaM2 } = pieces;
  for (let i = 0; i < pieceFeature.length; i++) {
    const village = pieceVillage[i];
    if (village < 0) continue;
    const plot = facts[pieceFeature[i]];
    const s = sums[village];
    const areaMu = pieceAreaM2[i] / M2_PER_MU;
    const b = s.breakdownMu[plot.status];
    addTo(b.crop, plot.crop, areaMu);
    addTo(b.tenure, plot.tenure, areaMu);
    addTo(b.method, plot.method, areaMu);
    addTo(b.source, plot.source, areaMu);
    const demandM3 = areaMu * plot.quotaM3PerMu;
    const groundwaterM3 = demandM3 * groundwaterFraction(plot.sourceKind, shares[village]);
    s.irrigationDemandM3 += demandM3;
    s.groundwaterDemandM3 += groundwaterM3;
    if (plot.status !== 'planted') {
      if (plot.status === 'retired') s.retiredMu += areaMu;
      else s.fallowMu += areaMu;
      s.fallowDemandM3 += demandM3;
    } else {
      s.plantedMu += areaMu;
      addTo(s.plantedMuByCrop, plot.crop, areaMu);
      if (plot.sourceKind === 'well' || plot.sourceKind === 'mixed') s.plantedWellFedMu += areaMu;
      if (plot.courtyard) s.courtyardMu += areaMu;
      s.plantedDemandM3 += demandM3;
      s.plantedGroundwaterDemandM3 += groundwaterM3;
    }
  }
}

export interface ForestFacts {
  type: string;
  irrigated: boolean;
  kind: SourceKind;
  quotaM3PerMu: number;
}

/** Reads every forest patch's type, irrigation, source and (if irrigated) quota. */
export function forestFacts(forest: readonly Properties[], quotas: QuotaLookup): ForestFacts[] {
  return forest.map((properties) => {
    const type = text(properties, 'LZLX') || NOT_FILLED;
    const irrigated = yes(properties, 'SFGG');
    const method = text(properties, 'GGFS');
    const kind = sourceKindOf(text(properties, 'SYLX'));
    return { type, irrigated, kind, quotaM3PerMu: irrigated ? quotas.quota('林种', type, method) : 0 };
  });
}

/** Adds every forest piece: area by type; irrigated patches (SFGG = 是) need their type's quota. */
export function addForestPieces(
  sums: Sums[],
  pieces: PieceSet,
  facts: readonly ForestFacts[],
  shares: readonly number[],
): void {
  const { pieceFeature, pieceVillage, pieceAreaM2 } = pieces;
  for (let i = 0; i < pieceFeature.length; i++) {
    const village = pieceVillage[i];
    if (village < 0) continue;
    const patch = facts[pieceFeature[i]];
    const s = sums[village];
    const areaMu = pieceAreaM2[i] / M2_PER_MU;
    s.forestMu += areaMu;
    addTo(s.forestMuByType, patch.type, areaMu);
    if (!patch.irrigated) continue;
    s.irrigatedForestMu += areaMu;
    const demandM3 = areaMu * patch.quotaM3PerMu;
    s.irrigationDemandM3 += demandM3;
    s.groundwaterDemandM3 += demandM3 * groundwaterFraction(patch.kind, shares[village]);
  }
}

/** Adds each well's volume (and months) to its village. */
export function addWells(
  sums: Sums[],
  wells: readonly { volumeM3: number | null; monthlyM3: (number | null)[] | null }[],
  wellVillage: Int32Array,
  /** false: the wells' use of the year is unknown (their readings are of another year); counted only */
  withReadings = true,
): void {
  wells.forEach((well, index) => {
    const village = wellVillage[index];
    if (village < 0) return;
    const s = sums[village];
    s.wellCount += 1;
    if (!withReadings) return;
    s.actualGroundwaterM3 = (s.actualGroundwaterM3 ?? 0) + (well.volumeM3 ?? 0);
    if (well.monthlyM3) {
      const months = (s.actualGroundwaterMonthlyM3 ??= new Array<number>(12).fill(0));
      well.monthlyM3.forEach((m, k) => (months[k] += m ?? 0));
    }
  });
}

/** Adds child sums into a parent (township from villages, city from townships). */
export function addSums(target: Sums, source: Sums): void {
  for (const key of ['plantedMu', 'retiredMu', 'fallowMu', 'forestMu', 'irrigatedForestMu', 'irrigationDemandM3',
    'groundwaterDemandM3', 'plantedDemandM3', 'plantedGroundwaterDemandM3', 'wellCount',
    'plantedWellFedMu', 'courtyardMu', 'fallowDemandM3', 'overlapMu', 'overlapDemandM3'] as const) {
    target[key] += source[key];
  }
  for (const [name, mu] of Object.entries(source.plantedMuByCrop)) addTo(target.plantedMuByCrop, name, mu);
  for (const [name, mu] of Object.entries(source.forestMuByType)) addTo(target.forestMuByType, name, mu);
  for (const status of ['planted', 'retired', 'fallow'] as const) {
    for (const dim of ['crop', 'tenure', 'method', 'source'] as const) {
      for (const [name, mu] of Object.entries(source.breakdownMu[status][dim])) addTo(target.breakdownMu[status][dim], name, mu);
    }
  }
  if (source.actualGroundwaterM3 !== null) target.actualGroundwaterM3 = (target.actualGroundwaterM3 ?? 0) + source.actualGroundwaterM3;
  if (source.actualGroundwaterMonthlyM3) {
    const months = (target.actualGroundwaterMonthlyM3 ??= new Array<number>(12).fill(0));
    source.actualGroundwaterMonthlyM3.forEach((m, k) => (months[k] += m));
  }
}
