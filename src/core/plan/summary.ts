/**
 * From the chosen plots to the contract's plan JSON: village rows (saving of every chosen piece
 * lying in the village, patches, area by tenure, households, wells freed, the greedy comparison),
 * township and city rows summed from their villages against their own excess, the chosen plots
 * with their county-wide patch numbers, and the households.
 */
import type { PlanPlots } from './candidates.ts';
import type { PlanCoreInput } from './plan.ts';
import { excessOn, type ExcessFields } from './basis.ts';
import type { Unit } from '../accounting/types.ts';
import type { PlanHousehold, PlanPlot, PlanResult, PlanSettings, PlanUnit } from './types.ts';

export interface VillageOutcome {
  village: number;
  candidates: number[];
  patches: { patchOf: Int32Array; count: number };
  greedyPatches: number;
}

/** What the summary reads of the plan's input. */
export type SummaryContext = Pick<PlanCoreInput, 'year' | 'basis' | 'action' | 'countyName' | 'villages'> & {
  units: readonly (Pick<Unit, 'level' | 'code' | 'name' | 'parentCode'> & ExcessFields)[];
};

export interface SummaryInput {
  input: SummaryContext;
  pp: PlanPlots;
  chosen: Uint8Array;
  greedy: Uint8Array;
  outcomes: VillageOutcome[];
  wellFreed: Int32Array;
  settings: PlanSettings;
  /** per village: saving of chosen plots of other villages lying in it */
  helpM3: Float64Array;
}

const round = (x: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

function emptyUnit(level: PlanUnit['level'], code: string, name: string, parentCode: string | null, excess: number | null): PlanUnit {
  return {
    level, code, name, parentCode, excessBeforeM3: excess, savedM3: 0, excessAfterM3: excess, capMet: excess === null || excess <= 0,
    chosenMu: 0, plotCount: 0, householdCount: 0, patchCount: 0, meanPatchMu: 0, largestPatchMu: 0, chosenMuByTenure: {},
    wellsFreed: 0, greedy: { chosenMu: 0, patchCount: 0 }, shortfallM3: 0, candidateCount: 0, greedySavedM3: 0,
  };
}

function finish(u: PlanUnit): PlanUnit {
  if (u.excessBeforeM3 !== null) {
    u.excessAfterM3 = u.excessBeforeM3 - u.savedM3;
    u.capMet = u.excessAfterM3 <= 0;
    u.shortfallM3 = Math.max(0, u.excessAfterM3);
  }
  u.meanPatchMu = u.patchCount ? u.chosenMu / u.patchCount : 0;
  return {
    ...u,
    excessBeforeM3: u.excessBeforeM3 === null ? null : round(u.excessBeforeM3),
    excessAfterM3: u.excessAfterM3 === null ? null : round(u.excessAfterM3),
    savedM3: round(u.savedM3), chosenMu: round(u.chosenMu), meanPatchMu: round(u.meanPatchMu), largestPatchMu: round(u.largestPatchMu),
    chosenMuByTenure: Object.fromEntries(Object.entries(u.chosenMuByTenure).map(([k, v]) => [k, round(v)])),
    greedy: { chosenMu: round(u.greedy.chosenMu), patchCount: u.greedy.patchCount },
    shortfallM3: round(u.shortfallM3), greedySavedM3: round(u.greedySavedM3),
  };
}

export function summarise(s: SummaryInput): PlanResult {
  const { input, pp, chosen, greedy } = s;
  const unitByKey = new Map(input.units.map((u) => [`${u.level}/${u.code}`, u]));
  const villageRows = input.villages.map((v) =>
    emptyUnit('village', v.code, v.name, v.townshipCode, excessOn(unitByKey.get(`village/${v.code}`), input.basis)));
  const outcomeOf = new Map(s.outcomes.map((o) => [o.village, o]));
  const plots: PlanPlot[] = [];
  const households = new Map<string, PlanHousehold>();
  let nextPatch = 1;
  const greedyFeatureIndices: number[] = [];

  villageRows.forEach((row, v) => {
    row.savedM3 = s.helpM3[v];
    const o = outcomeOf.get(v);
    if (!o) return;
    row.candidateCount = o.candidates.length;
    const patchArea = new Float64Array(o.patches.count);
    const names = new Set<string>();
    o.candidates.forEach((i, k) => {
      if (greedy[i]) {
        row.greedy.chosenMu += pp.areaMu[i];
        row.greedySavedM3 += pp.savedOwnM3[i];
        greedyFeatureIndices.push(i);
      }
      if (!chosen[i]) return;
      const patch = o.patches.patchOf[k];
      patchArea[patch] += pp.areaMu[i];
      row.savedM3 += pp.savedOwnM3[i];
      row.chosenMu += pp.areaMu[i];
      row.plotCount += 1;
      row.chosenMuByTenure[pp.tenure[i]] = (row.chosenMuByTenure[pp.tenure[i]] ?? 0) + pp.areaMu[i];
      names.add(pp.household[i]);
      plots.push({
        DKBM: pp.code[i], villageCode: row.code, tenure: pp.tenure[i], household: pp.household[i],
        areaMu: round(pp.areaMu[i]), savedM3: round(pp.savedM3[i]), patch: nextPatch + patch, featureIndex: i, crop: pp.crop[i],
      });
      const key = `${row.code}\u0000${pp.household[i]}`;
      const h = households.get(key) ?? { villageCode: row.code, household: pp.household[i], plotCount: 0, areaMu: 0, savedM3: 0 };
      h.plotCount += 1;
      h.areaMu += pp.areaMu[i];
      h.savedM3 += pp.savedM3[i];
      households.set(key, h);
    });
    nextPatch += o.patches.count;
    row.patchCount = o.patches.count;
    row.largestPatchMu = patchArea.reduce((m, a) => Math.max(m, a), 0);
    row.householdCount = names.size;
    row.greedy.patchCount = o.greedyPatches;
    row.wellsFreed = s.wellFreed[v];
  });

  const townships = new Map<string, PlanUnit>();
  const cityCode = input.units.find((u) => u.level === 'city')?.code ?? input.villages[0]?.code.slice(0, 6) ?? '';
  const cityUnit = unitByKey.get(`city/${cityCode}`);
  const city = emptyUnit('city', cityCode, cityUnit?.name ?? input.countyName ?? '', null, excessOn(cityUnit, input.basis));
  input.villages.forEach((v, index) => {
    let t = townships.get(v.townshipCode);
    if (!t) {
      const tu = unitByKey.get(`township/${v.townshipCode}`);
      t = emptyUnit('township', v.townshipCode, tu?.name ?? v.townshipName, cityCode, excessOn(tu, input.basis));
      townships.set(v.townshipCode, t);
    }
    for (const target of [t, city]) addInto(target, villageRows[index]);
  });
  const units = [...villageRows.map(finish), ...[...townships.values()].map(finish), finish(city)];
  plots.sort((a, b) => (a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : a.patch - b.patch || (a.DKBM < b.DKBM ? -1 : 1)));
  return {
    year: input.year, basis: input.basis, action: input.action, settings: s.settings, units, plots,
    households: [...households.values()].map((h) => ({ ...h, areaMu: round(h.areaMu), savedM3: round(h.savedM3) }))
      .sort((a, b) => (a.villageCode < b.villageCode ? -1 : a.villageCode > b.villageCode ? 1 : a.household < b.household ? -1 : 1)),
    countyName: city.name, warnings: [], greedyFeatureIndices, timingsMs: {},
  };
}

function addInto(target: PlanUnit, v: PlanUnit): void {
  target.savedM3 += v.savedM3;
  target.chosenMu += v.chosenMu;
  target.plotCount += v.plotCount;
  target.householdCount += v.householdCount;
  target.patchCount += v.patchCount;
  target.largestPatchMu = Math.max(target.largestPatchMu, v.largestPatchMu);
  for (const [k, mu] of Object.entries(v.chosenMuByTenure)) target.chosenMuByTenure[k] = (target.chosenMuByTenure[k] ?? 0) + mu;
  target.wellsFreed += v.wellsFreed;
  target.greedy.chosenMu += v.greedy.chosenMu;
  target.greedy.patchCount += v.greedy.patchCount;
  target.candidateCount += v.candidateCount;
  target.greedySavedM3 += v.greedySavedM3;
}
