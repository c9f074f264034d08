/**
 * Rounding of published figures: 亩 to 1e-4, m³ to 1e-2, ratios to 1e-6. Sums are taken in full
 * precision first, so rounded village rows add up to the township row to within rounding.
 */
import type { AreaBreakdown, Trajectory, Unit, WellRow } from './types.ts';

const r = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const rn = (value: number | null, digits: number): number | null => (value === null ? null : r(value, digits));
const rRecord = (record: Record<string, number>, digits: number): Record<string, number> =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, r(v, digits)]));
const rBreakdown = (b: AreaBreakdown): AreaBreakdown => ({
  crop: rRecord(b.crop, 4), tenure: rRecord(b.tenure, 4), method: rRecord(b.method, 4), source: rRecord(b.source, 4),
});

export function roundUnit(u: Unit): Unit {
  return {
    ...u,
    plantedMu: r(u.plantedMu, 4), retiredMu: r(u.retiredMu, 4), fallowMu: r(u.fallowMu, 4),
    forestMu: r(u.forestMu, 4), irrigatedForestMu: r(u.irrigatedForestMu, 4),
    plantedMuByCrop: rRecord(u.plantedMuByCrop, 4), forestMuByType: rRecord(u.forestMuByType, 4),
    irrigationDemandM3: r(u.irrigationDemandM3, 2), groundwaterDemandM3: r(u.groundwaterDemandM3, 2),
    industrialM3: r(u.industrialM3, 2), domesticM3: r(u.domesticM3, 2), totalUseM3: r(u.totalUseM3, 2),
    actualGroundwaterM3: rn(u.actualGroundwaterM3, 2),
    totalCapM3: rn(u.totalCapM3, 2), groundwaterCapM3: rn(u.groundwaterCapM3, 2),
    totalExcessM3: rn(u.totalExcessM3, 2), groundwaterExcessM3: rn(u.groundwaterExcessM3, 2),
    retireToMeetCapMu: r(u.retireToMeetCapMu, 4),
    groundwaterUseM3: r(u.groundwaterUseM3, 2), villagesRetireToMeetCapMu: r(u.villagesRetireToMeetCapMu, 4),
    overlapMu: r(u.overlapMu, 4), overlapDemandM3: r(u.overlapDemandM3, 2), fallowDemandM3: r(u.fallowDemandM3, 2),
    industrialGroundwaterM3: r(u.industrialGroundwaterM3, 2), domesticGroundwaterM3: r(u.domesticGroundwaterM3, 2),
    plantedWellFedMu: r(u.plantedWellFedMu, 4), courtyardMu: r(u.courtyardMu, 4),
    nextYearGroundwaterCutM3: rn(u.nextYearGroundwaterCutM3, 2), wellFedGroundwaterQuotaM3PerMu: r(u.wellFedGroundwaterQuotaM3PerMu, 4),
    actualGwShare: rn(u.actualGwShare, 6),
    breakdownMu: { planted: rBreakdown(u.breakdownMu.planted), retired: rBreakdown(u.breakdownMu.retired), fallow: rBreakdown(u.breakdownMu.fallow) },
    mixedGroundwaterShare: r(u.mixedGroundwaterShare, 6),
    plantedDemandM3: r(u.plantedDemandM3, 2), plantedGroundwaterDemandM3: r(u.plantedGroundwaterDemandM3, 2),
    meanQuotaM3PerMu: r(u.meanQuotaM3PerMu, 4), meanGroundwaterQuotaM3PerMu: r(u.meanGroundwaterQuotaM3PerMu, 4),
    retireForTotalMu: r(u.retireForTotalMu, 4), retireForGroundwaterMu: r(u.retireForGroundwaterMu, 4),
    gwShare: rn(u.gwShare, 6),
    actualGroundwaterExcessM3: rn(u.actualGroundwaterExcessM3, 2),
    actualGroundwaterMonthlyM3: u.actualGroundwaterMonthlyM3?.map((m) => r(m, 2)) ?? null,
  };
}

export function roundWell(w: WellRow): WellRow {
  return {
    ...w,
    volumeM3: rn(w.volumeM3, 2),
    monthlyM3: w.monthlyM3?.map((m) => rn(m, 2)) ?? null,
  };
}

export function roundTrajectory(t: Trajectory): Trajectory {
  return {
    ...t,
    years: t.years.map((y) => ({
      ...y,
      groundwaterDemandM3: rn(y.groundwaterDemandM3, 2),
      actualGroundwaterM3: rn(y.actualGroundwaterM3, 2),
      groundwaterCapCutM3: rn(y.groundwaterCapCutM3, 2),
    })),
  };
}
