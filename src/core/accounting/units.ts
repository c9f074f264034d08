/**
 * Phase 2, second half: village → township → city rows with caps, excess and the area to retire.
 *
 * Definitions (also in docs/accounting.md and in every result's `definitions`):
 * - Township and city areas, demand and actual groundwater are sums of their village rows.
 * - Industrial and domestic use of a unit: its own caps.csv row when set there, else the sum of its
 *   children (so a city-level industrial figure is not also spread over villages).
 * - totalUseM3 = irrigationDemandM3 + industrialM3 + domesticM3.
 * - totalExcessM3 = totalUseM3 − totalCapM3; groundwaterExcessM3 = groundwaterDemandM3 −
 *   groundwaterCapM3 (null where the cap is not set; negative = room left under the cap).
 * - Mean quotas per 亩 of planted area: meanQuotaM3PerMu = plantedDemandM3 ÷ plantedMu and
 *   meanGroundwaterQuotaM3PerMu = plantedGroundwaterDemandM3 ÷ plantedMu (planted plots only:
 *   forest is not retired). Retiring 1 average planted 亩 removes these volumes.
 * - retireForTotalMu = totalExcess ÷ meanQuota; retireForGroundwaterMu = groundwaterExcess ÷
 *   meanGroundwaterQuota (0 when within the cap); retireToMeetCapMu = the larger. When that exceeds
 *   the planted area, retirement alone cannot meet the cap: retireCoversExcess = false and the
 *   figure is capped at the planted area.
 * - Townships and the city get their own retirement figure from their own excess (villages under
 *   their cap offset villages over it), not the sum of the village figures.
 */
import type { UnitLevel } from '../codes.ts';
import type { CapsIndex } from './capsIndex.ts';
import { addSums, emptySums, type Sums } from './villageSums.ts';
import type { Unit, VillageInfo } from './types.ts';

interface UnitDraft {
  level: UnitLevel;
  code: string;
  name: string;
  parentCode: string | null;
  sums: Sums;
  industrialM3: number;
  domesticM3: number;
  share: number;
  children: UnitDraft[];
}

function retireFor(excessM3: number | null, quotaM3PerMu: number): number {
  if (excessM3 === null || excessM3 <= 0) return 0;
  return quotaM3PerMu > 0 ? excessM3 / quotaM3PerMu : Infinity;
}

function finish(draft: UnitDraft, caps: CapsIndex): Unit {
  const s = draft.sums;
  const row = caps.row(draft.code);
  const totalCapM3 = row?.totalCapM3 ?? null;
  const groundwaterCapM3 = row?.groundwaterCapM3 ?? null;
  const totalUseM3 = s.irrigationDemandM3 + draft.industrialM3 + draft.domesticM3;
  const totalExcessM3 = totalCapM3 === null ? null : totalUseM3 - totalCapM3;
  const groundwaterExcessM3 = groundwaterCapM3 === null ? null : s.groundwaterDemandM3 - groundwaterCapM3;
  const meanQuotaM3PerMu = s.plantedMu > 0 ? s.plantedDemandM3 / s.plantedMu : 0;
  const meanGroundwaterQuotaM3PerMu = s.plantedMu > 0 ? s.plantedGroundwaterDemandM3 / s.plantedMu : 0;
  const retireForTotalMu = retireFor(totalExcessM3, meanQuotaM3PerMu);
  const retireForGroundwaterMu = retireFor(groundwaterExcessM3, meanGroundwaterQuotaM3PerMu);
  const needed = Math.max(retireForTotalMu, retireForGroundwaterMu);
  const retireCoversExcess = needed <= s.plantedMu + 1e-9;
  const cap = (mu: number): number => Math.min(mu, s.plantedMu);
  return {
    level: draft.level, code: draft.code, name: draft.name, parentCode: draft.parentCode,
    plantedMu: s.plantedMu, retiredMu: s.retiredMu, fallowMu: s.fallowMu, forestMu: s.forestMu,
    irrigatedForestMu: s.irrigatedForestMu, plantedMuByCrop: s.plantedMuByCrop, forestMuByType: s.forestMuByType,
    irrigationDemandM3: s.irrigationDemandM3, groundwaterDemandM3: s.groundwaterDemandM3,
    industrialM3: draft.industrialM3, domesticM3: draft.domesticM3, totalUseM3,
    actualGroundwaterM3: s.actualGroundwaterM3,
    totalCapM3, groundwaterCapM3, totalExcessM3, groundwaterExcessM3,
    retireToMeetCapMu: cap(needed),
    breakdownMu: s.breakdownMu,
    mixedGroundwaterShare: draft.share,
    plantedDemandM3: s.plantedDemandM3, plantedGroundwaterDemandM3: s.plantedGroundwaterDemandM3,
    meanQuotaM3PerMu, meanGroundwaterQuotaM3PerMu,
    retireForTotalMu: cap(retireForTotalMu), retireForGroundwaterMu: cap(retireForGroundwaterMu),
    retireCoversExcess,
    gwShare: groundwaterCapM3 !== null && groundwaterCapM3 > 0 ? s.groundwaterDemandM3 / groundwaterCapM3 : null,
    actualGroundwaterExcessM3:
      groundwaterCapM3 === null || s.actualGroundwaterM3 === null ? null : s.actualGroundwaterM3 - groundwaterCapM3,
    wellCount: s.wellCount,
    actualGroundwaterMonthlyM3: s.actualGroundwaterMonthlyM3,
    villagesOverGroundwaterCap: 0,
  };
}

/** A parent draft from its children: sums added; uses from its own row when set, else summed. */
function parentDraft(level: UnitLevel, code: string, name: string, parentCode: string | null,
  children: UnitDraft[], caps: CapsIndex, warnings: string[]): UnitDraft {
  const sums = emptySums();
  for (const child of children) addSums(sums, child.sums);
  const row = caps.row(code);
  const childIndustrial = children.reduce((t, c) => t + c.industrialM3, 0);
  const childDomestic = children.reduce((t, c) => t + c.domesticM3, 0);
  for (const [label, own, summed] of [['工业用水', row?.industrialM3, childIndustrial], ['生活用水', row?.domesticM3, childDomestic]] as const) {
    if (own !== null && own !== undefined && own < summed - 0.5) {
      warnings.push(`caps: ${label} of ${code} (${own} m³) is less than the sum of its units below (${summed} m³); the ${code} row is used for ${code}`);
    }
  }
  return {
    level, code, name: row?.name || name, parentCode, sums, children,
    industrialM3: row?.industrialM3 ?? childIndustrial,
    domesticM3: row?.domesticM3 ?? childDomestic,
    share: caps.shareFor(code),
  };
}

/** Builds village, township and city units (city first, then townships, then villages, by code). */
export function buildUnits(villages: readonly VillageInfo[], villageSums: readonly Sums[], caps: CapsIndex,
  countyName: string, warnings: string[]): Unit[] {
  const byTownship = new Map<string, { name: string; drafts: UnitDraft[] }>();
  villages.forEach((village, index) => {
    const row = caps.row(village.code);
    const draft: UnitDraft = {
      level: 'village', code: village.code, name: village.name || row?.name || village.code,
      parentCode: village.townshipCode, sums: villageSums[index], children: [],
      industrialM3: row?.industrialM3 ?? 0, domesticM3: row?.domesticM3 ?? 0, share: caps.shareFor(village.code),
    };
    const group = byTownship.get(village.townshipCode) ?? { name: village.townshipName, drafts: [] };
    group.drafts.push(draft);
    byTownship.set(village.townshipCode, group);
  });
  const byCity = new Map<string, UnitDraft[]>();
  for (const [code, group] of [...byTownship].sort(([a], [b]) => a.localeCompare(b))) {
    group.drafts.sort((a, b) => a.code.localeCompare(b.code));
    const township = parentDraft('township', code, group.name || code, code.slice(0, 6), group.drafts, caps, warnings);
    byCity.set(code.slice(0, 6), [...(byCity.get(code.slice(0, 6)) ?? []), township]);
  }
  const cities = [...byCity].sort(([a], [b]) => a.localeCompare(b))
    .map(([code, townships]) => parentDraft('city', code, countyName || code, null, townships, caps, warnings));
  const units: Unit[] = [];
  for (const level of ['city', 'township', 'village'] as const) {
    const drafts = level === 'city' ? cities : level === 'township' ? cities.flatMap((c) => c.children) : cities.flatMap((c) => c.children.flatMap((t) => t.children));
    for (const draft of drafts) units.push(finish(draft, caps));
  }
  countOverCap(units);
  return units;
}

function countOverCap(units: Unit[]): void {
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (const unit of units) {
    if (unit.level !== 'village' || unit.groundwaterExcessM3 === null || unit.groundwaterExcessM3 <= 0) continue;
    for (let parent = unit.parentCode; parent; parent = byCode.get(parent)?.parentCode ?? null) {
      const p = byCode.get(parent);
      if (p) p.villagesOverGroundwaterCap += 1;
    }
  }
}

/** The definitions behind the derived figures, carried in every result and shown in reports. */
export const DEFINITIONS: Record<string, string> = {
  areas: 'Plots and forest are split among villages by ellipsoidal (CGCS2000) intersection with the village polygons; township and city areas are sums of village rows. Area outside every village is reported under `unassigned`.',
  irrigationDemandM3: 'Σ planted area × quota(crop, method; a method row wins over *) + Σ irrigated forest area (SFGG 是) × quota(forest type). Retired and fallow plots need no water.',
  groundwaterDemandM3: 'Irrigation demand of 井灌 area fully, 渠灌 none, 井渠混灌 × the mixed share (caps.csv 混灌地下水比例: village row, else township, else city, else 0.5). Area with no source is not counted as groundwater.',
  industrialM3: 'From the unit’s own caps.csv row when set, else the sum of the units below it (same for domesticM3).',
  totalUseM3: 'irrigationDemandM3 + industrialM3 + domesticM3.',
  actualGroundwaterM3: 'Σ wells of the unit: metered volume (SFJL 是: NJLL or Σ JLL01–12), else electricity (NYDL or Σ YDL01–12) × ZSXS. Null when the unit has no wells. A well belongs to the village of its ZLDWDM, else to the village polygon it lies in.',
  totalExcessM3: 'totalUseM3 − totalCapM3 (null when the cap is not set; negative means room under the cap).',
  groundwaterExcessM3: 'groundwaterDemandM3 − groundwaterCapM3 (null when the cap is not set).',
  meanGroundwaterQuotaM3PerMu: 'Groundwater demand of planted plots ÷ planted area: the groundwater one average planted 亩 uses (forest excluded). meanQuotaM3PerMu likewise with all irrigation demand.',
  retireToMeetCapMu: 'max(totalExcessM3 ÷ meanQuotaM3PerMu, groundwaterExcessM3 ÷ meanGroundwaterQuotaM3PerMu), each 0 when within its cap; at most the planted area (retireCoversExcess false when that is not enough). Townships and the city use their own excess, so villages under their cap offset those over it.',
  gwShare: 'groundwaterDemandM3 ÷ groundwaterCapM3, the map colour.',
  trajectory: 'The city’s groundwater cap for every year in caps.csv; the target is the last year with a groundwater cap; demand and actual use only for the accounted year.',
};
