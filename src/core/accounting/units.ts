/**
 * Phase 2, second half: village → township → city rows with caps, excess and the area to retire.
 *
 * Definitions (also in docs/accounting.md and in every result's `definitions`):
 * - Township and city areas, demand and actual groundwater are sums of their village rows.
 * - Industrial and domestic use of a unit: its own caps.csv row when set there, else the sum of its
 *   children (so a city-level industrial figure is not also spread over villages).
 * - totalUseM3 = irrigationDemandM3 + industrialM3 + domesticM3.
 * - groundwaterUseM3 = groundwaterDemandM3 + industrialGroundwaterM3 + domesticGroundwaterM3 (the
 *   groundwater cap covers every sector drawn from groundwater; the parts are inherited like
 *   industrialM3).
 * - totalExcessM3 = totalUseM3 − totalCapM3; groundwaterExcessM3 = groundwaterUseM3 −
 *   groundwaterCapM3 (demand basis); actualGroundwaterExcessM3 = actualGroundwaterM3 −
 *   groundwaterCapM3 (metered basis, 井电双控); null where a figure is missing; negative = room left.
 * - retireForTotalMu = totalExcess ÷ (plantedDemandM3 ÷ plantedMu): any planted 亩 saves its
 *   irrigation water. retireForGroundwaterMu = groundwaterExcess ÷ (plantedGroundwaterDemandM3 ÷
 *   plantedWellFedMu): only well-fed land (井灌, 井渠混灌) saves groundwater. Each 0 within its
 *   cap; retireToMeetCapMu = the larger, at most plantedMu (retireCoversExcess = false when that
 *   is not enough).
 * - Townships and the city get their own retirement figure from their own excess (villages under
 *   their cap offset villages over it), and villagesRetireToMeetCapMu = Σ of their villages' figures.
 */
import type { UnitLevel } from '../codes.ts';
import type { CapsIndex } from './capsIndex.ts';
import { addSums, emptySums, type Sums } from './villageSums.ts';
import type { CapRow, OverCapBasis, Unit, VillageInfo } from './types.ts';

interface UnitDraft {
  level: UnitLevel;
  code: string;
  name: string;
  parentCode: string | null;
  sums: Sums;
  industrialM3: number;
  domesticM3: number;
  industrialGroundwaterM3: number;
  domesticGroundwaterM3: number;
  share: number;
  children: UnitDraft[];
}

function retireFor(excessM3: number | null, quotaM3PerMu: number): number {
  if (excessM3 === null || excessM3 <= 0) return 0;
  return quotaM3PerMu > 0 ? excessM3 / quotaM3PerMu : Infinity;
}

function overCapBasis(demandExcessM3: number | null, meteredExcessM3: number | null): OverCapBasis {
  const demand = demandExcessM3 !== null && demandExcessM3 > 0;
  const metered = meteredExcessM3 !== null && meteredExcessM3 > 0;
  return demand && metered ? 'both' : demand ? 'demand' : metered ? 'metered' : 'none';
}

/** Next year's caps of a unit where caps.csv has them, and the groundwater cut from this year's. */
function nextYear(code: string, caps: CapsIndex): Pick<Unit, 'nextYearTotalCapM3' | 'nextYearGroundwaterCapM3' | 'nextYearGroundwaterCutM3'> {
  const next = caps.history(code).find((r) => r.year === caps.year + 1);
  const now = caps.row(code)?.groundwaterCapM3 ?? null;
  const gw = next?.groundwaterCapM3 ?? null;
  return {
    nextYearTotalCapM3: next?.totalCapM3 ?? null,
    nextYearGroundwaterCapM3: gw,
    nextYearGroundwaterCutM3: gw !== null && now !== null ? now - gw : null,
  };
}

function finish(draft: UnitDraft, caps: CapsIndex): Unit {
  const s = draft.sums;
  const row = caps.row(draft.code);
  const totalCapM3 = row?.totalCapM3 ?? null;
  const groundwaterCapM3 = row?.groundwaterCapM3 ?? null;
  const totalUseM3 = s.irrigationDemandM3 + draft.industrialM3 + draft.domesticM3;
  const groundwaterUseM3 = s.groundwaterDemandM3 + draft.industrialGroundwaterM3 + draft.domesticGroundwaterM3;
  const totalExcessM3 = totalCapM3 === null ? null : totalUseM3 - totalCapM3;
  const groundwaterExcessM3 = groundwaterCapM3 === null ? null : groundwaterUseM3 - groundwaterCapM3;
  const actualGroundwaterExcessM3 =
    groundwaterCapM3 === null || s.actualGroundwaterM3 === null ? null : s.actualGroundwaterM3 - groundwaterCapM3;
  const meanQuotaM3PerMu = s.plantedMu > 0 ? s.plantedDemandM3 / s.plantedMu : 0;
  const meanGroundwaterQuotaM3PerMu = s.plantedMu > 0 ? s.plantedGroundwaterDemandM3 / s.plantedMu : 0;
  const wellFedGroundwaterQuotaM3PerMu = s.plantedWellFedMu > 0 ? s.plantedGroundwaterDemandM3 / s.plantedWellFedMu : 0;
  const retireForTotalMu = retireFor(totalExcessM3, meanQuotaM3PerMu);
  const retireForGroundwaterMu = retireFor(groundwaterExcessM3, wellFedGroundwaterQuotaM3PerMu);
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
    groundwaterUseM3, actualGroundwaterExcessM3,
    overCapBasis: overCapBasis(groundwaterExcessM3, actualGroundwaterExcessM3),
    villagesRetireToMeetCapMu: cap(needed),
    overlapMu: s.overlapMu, overlapDemandM3: s.overlapDemandM3, fallowDemandM3: s.fallowDemandM3,
    industrialGroundwaterM3: draft.industrialGroundwaterM3, domesticGroundwaterM3: draft.domesticGroundwaterM3,
    plantedWellFedMu: s.plantedWellFedMu, wellFedGroundwaterQuotaM3PerMu, courtyardMu: s.courtyardMu,
    ...nextYear(draft.code, caps),
    actualGwShare: groundwaterCapM3 !== null && groundwaterCapM3 > 0 && s.actualGroundwaterM3 !== null
      ? s.actualGroundwaterM3 / groundwaterCapM3 : null,
    villagesOverGroundwaterCapMetered: 0,
    breakdownMu: s.breakdownMu,
    mixedGroundwaterShare: draft.share,
    plantedDemandM3: s.plantedDemandM3, plantedGroundwaterDemandM3: s.plantedGroundwaterDemandM3,
    meanQuotaM3PerMu, meanGroundwaterQuotaM3PerMu,
    retireForTotalMu: cap(retireForTotalMu), retireForGroundwaterMu: cap(retireForGroundwaterMu),
    retireCoversExcess,
    gwShare: groundwaterCapM3 !== null && groundwaterCapM3 > 0 ? groundwaterUseM3 / groundwaterCapM3 : null,
    wellCount: s.wellCount,
    actualGroundwaterMonthlyM3: s.actualGroundwaterMonthlyM3,
    villagesOverGroundwaterCap: 0,
  };
}

type UseKey = 'industrialM3' | 'domesticM3' | 'industrialGroundwaterM3' | 'domesticGroundwaterM3';
const USES: readonly [UseKey, string][] = [
  ['industrialM3', '工业用水'], ['domesticM3', '生活用水'], ['industrialGroundwaterM3', '工业地下水'], ['domesticGroundwaterM3', '生活地下水'],
];
const own = (row: CapRow | undefined, key: UseKey): number | null => row?.[key] ?? null;

/** A parent draft from its children: sums added; uses from its own row when set, else summed. */
function parentDraft(level: UnitLevel, code: string, name: string, parentCode: string | null,
  children: UnitDraft[], caps: CapsIndex, warnings: string[]): UnitDraft {
  const sums = emptySums();
  for (const child of children) addSums(sums, child.sums);
  const row = caps.row(code);
  const uses = {} as Record<UseKey, number>;
  for (const [key, label] of USES) {
    const summed = children.reduce((t, c) => t + c[key], 0);
    const value = own(row, key);
    if (value !== null && value < summed - 0.5) {
      warnings.push(`指标表：单位 ${code} 的${label}（${value} m³）小于其下级单位之和（${summed} m³）；本级按本行计，请核对`);
    }
    uses[key] = value ?? summed;
  }
  return { level, code, name: row?.name || name, parentCode, sums, children, ...uses, share: caps.shareFor(code) };
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
      industrialM3: own(row, 'industrialM3') ?? 0, domesticM3: own(row, 'domesticM3') ?? 0,
      industrialGroundwaterM3: own(row, 'industrialGroundwaterM3') ?? 0, domesticGroundwaterM3: own(row, 'domesticGroundwaterM3') ?? 0,
      share: caps.shareFor(village.code),
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

/** Per township and city: villages over the cap on each basis, and Σ of the villages' retirement figures. */
function countOverCap(units: Unit[]): void {
  const byCode = new Map(units.map((u) => [u.code, u]));
  for (const unit of units) if (unit.level !== 'village') unit.villagesRetireToMeetCapMu = 0;
  for (const unit of units) {
    if (unit.level !== 'village') continue;
    for (let parent = unit.parentCode; parent; parent = byCode.get(parent)?.parentCode ?? null) {
      const p = byCode.get(parent);
      if (!p) continue;
      p.villagesRetireToMeetCapMu += unit.retireToMeetCapMu;
      if (unit.overCapBasis === 'demand' || unit.overCapBasis === 'both') p.villagesOverGroundwaterCap += 1;
      if (unit.overCapBasis === 'metered' || unit.overCapBasis === 'both') p.villagesOverGroundwaterCapMetered += 1;
    }
  }
}

/** The definitions behind the derived figures, carried in every result and shown in reports. */
export const DEFINITIONS: Record<string, string> = {
  areas: 'Plots and forest are split among villages by ellipsoidal (CGCS2000) intersection with the village polygons; township and city areas are sums of village rows. Area outside every village is reported under `unassigned`.',
  irrigationDemandM3: 'Σ planted area × quota(crop, method; a method row wins over *) + Σ irrigated forest area (SFGG 是) × quota(forest type) + fallowDemandM3.',
  fallowDemandM3: 'Fallow (休耕) and retired (退减) area × the quotas.csv 状态 row for it (0 without one).',
  groundwaterUseM3: 'groundwaterDemandM3 + industrialGroundwaterM3 + domesticGroundwaterM3 (caps.csv 工业地下水, 生活地下水: own row, else the sum of the units below).',
  groundwaterDemandM3: 'Irrigation demand of 井灌 area fully, 渠灌 none, 井渠混灌 × the mixed share (caps.csv 混灌地下水比例: village row, else township, else city, else 0.5). Area with no source is not counted as groundwater.',
  industrialM3: 'From the unit’s own caps.csv row when set, else the sum of the units below it (same for domesticM3).',
  totalUseM3: 'irrigationDemandM3 + industrialM3 + domesticM3.',
  actualGroundwaterM3: 'Σ wells of the unit: metered volume (SFJL 是: NJLL or Σ JLL01–12), else electricity (NYDL or Σ YDL01–12) × ZSXS. Null when the unit has no wells. A well belongs to the village of its ZLDWDM, else to the village polygon it lies in.',
  totalExcessM3: 'totalUseM3 − totalCapM3 (null when the cap is not set; negative means room under the cap).',
  groundwaterExcessM3: 'groundwaterUseM3 − groundwaterCapM3: the demand basis (null when the cap is not set).',
  actualGroundwaterExcessM3: 'actualGroundwaterM3 − groundwaterCapM3: the metered basis (井电双控; null without wells or cap).',
  overCapBasis: 'none, demand, metered or both: on which basis the groundwater cap is exceeded.',
  overlapMu: 'Planted area counted more than once: under k planted plots it counts k − 1 times; plus irrigated forest lying on planted plots. overlapDemandM3: the demand counted twice there (each time the lower of the two quotas).',
  meanGroundwaterQuotaM3PerMu: 'Groundwater demand of planted plots ÷ planted area: the groundwater one average planted 亩 uses (forest excluded). meanQuotaM3PerMu likewise with all irrigation demand.',
  retireToMeetCapMu: 'max(totalExcessM3 ÷ (planted demand ÷ plantedMu), groundwaterExcessM3 ÷ (planted groundwater demand ÷ planted area fed by 井灌 or 井渠混灌)), each 0 when within its cap; at most the planted area (retireCoversExcess false when that is not enough). Townships and the city use their own excess; villagesRetireToMeetCapMu is the sum over their villages.',
  gwShare: 'groundwaterUseM3 ÷ groundwaterCapM3 (demand basis); actualGwShare: actualGroundwaterM3 ÷ groundwaterCapM3 (metered basis): the map colours.',
  trajectory: 'The city’s groundwater cap for every year in caps.csv; the target is the last year with a groundwater cap; demand and actual use only for the accounted year.',
};
