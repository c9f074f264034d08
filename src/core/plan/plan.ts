/**
 * The retirement / fallow plan of a county for one year (docs/contract.md `plan`, docs/plan.md):
 * from the accounting's village excess on the chosen basis and the plots' pieces by village, the
 * plots each over-cap village sets to 退减 (or 休耕), with patches, wells freed, households and the
 * naive greedy choice for comparison.
 */
import type { Geometry } from 'geojson';
import { statusOf } from '../accounting/attributes.ts';
import type { QuotaLookup } from '../accounting/quotaLookup.ts';
import type { PieceSet, Unit, VillageInfo } from '../accounting/types.ts';
import type { WellPoint } from '../selection/wellService.ts';
import { throwIfCancelled, type JobContext, type Properties } from '../types.ts';
import { adjacencyWithin, patchesOf, type Adjacency } from './adjacency.ts';
import { planPlots, type PlanPlots } from './candidates.ts';
import { excessOn } from './basis.ts';
import { summarise, type VillageOutcome } from './summary.ts';
import type { RevisionContext } from './revise.ts';
import type { PlanAction, PlanBasis, PlanResult, PlanSettings } from './types.ts';
import { chooseForVillage, greedyForVillage, type VillageItems } from './village.ts';
import { commandingWells, freedWells } from './wells.ts';

export const DEFAULT_PATCH_GAP_M = 20;
export const DEFAULT_WELL_RADIUS_M = 1000;
/** sets within this share of the least area found compete on patches */
export const DEFAULT_AREA_TOLERANCE_SHARE = 0.03;
/** a village counts as met only with this much to spare, so rounding never tips it over */
const MARGIN_M3 = 1e-6;

export interface PlanCoreInput {
  year: number;
  basis: PlanBasis;
  action: PlanAction;
  villages: readonly VillageInfo[];
  pieces: PieceSet;
  /** plot attributes with the statuses as they stand (edits applied) */
  plots: readonly Properties[];
  geometries: readonly (Geometry | null)[];
  /** the accounting of the year (villages, townships, city) */
  units: readonly Unit[];
  quotas: QuotaLookup;
  /** mixed-source groundwater share of each village */
  shares: readonly number[];
  actionQuotaM3PerMu: number;
  locked?: ReadonlySet<string>;
  wells?: readonly WellPoint[] | null;
  /** plan only these villages (12-digit codes); default every village */
  scope?: ReadonlySet<string> | null;
  patchGapM?: number;
  wellRadiusM?: number;
  areaToleranceShare?: number;
  countyName?: string;
}

interface VillageWork {
  village: number;
  /** plot indices of the village's candidates; position k in the items is candidates[k] */
  candidates: number[];
  items: VillageItems;
  excessM3: number;
}

function villageItems(pp: PlanPlots, candidates: number[], adjacency: Adjacency): VillageItems {
  return {
    savedM3: Float64Array.from(candidates, (i) => pp.savedOwnM3[i]),
    areaMu: Float64Array.from(candidates, (i) => pp.areaMu[i]),
    tier: Uint8Array.from(candidates, (i) => pp.tier[i]),
    code: candidates.map((i) => pp.code[i]),
    adjacency,
  };
}

/** Lets the worker see a cancel between villages: a macrotask turn every ~50 ms of work (each turn costs ~1 ms). */
function yielder(): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < 50) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
}

export async function planCounty(input: PlanCoreInput, context: JobContext = {}): Promise<PlanResult> {
  return (await planCountyWithContext(input, context)).result;
}

/** The plan, and what revisePlan needs to recompute its figures after plots are added or removed by hand. */
export async function planCountyWithContext(input: PlanCoreInput, context: JobContext = {}): Promise<{ result: PlanResult; revision: RevisionContext }> {
  const started = performance.now();
  const settings: PlanSettings = {
    patchGapM: input.patchGapM ?? DEFAULT_PATCH_GAP_M,
    wellRadiusM: input.wellRadiusM ?? DEFAULT_WELL_RADIUS_M,
    actionQuotaM3PerMu: input.actionQuotaM3PerMu,
    lockedCount: 0,
    areaToleranceShare: input.areaToleranceShare ?? DEFAULT_AREA_TOLERANCE_SHARE,
  };
  const locked = input.locked ?? new Set<string>();
  const pp = planPlots({ pieces: input.pieces, plots: input.plots, quotas: input.quotas, shares: input.shares, actionQuotaM3PerMu: input.actionQuotaM3PerMu, locked });
  settings.lockedCount = pp.lockedFound;
  const unitByCode = new Map(input.units.map((u) => [`${u.level}/${u.code}`, u]));
  const candidatesOf: number[][] = input.villages.map(() => []);
  for (let i = 0; i < pp.candidate.length; i++) if (pp.candidate[i]) candidatesOf[pp.village[i]].push(i);

  const work: VillageWork[] = [];
  input.villages.forEach((v, index) => {
    const excess = excessOn(unitByCode.get(`village/${v.code}`), input.basis);
    if (excess === null || excess <= 0 || (input.scope && !input.scope.has(v.code))) return;
    work.push({ village: index, candidates: candidatesOf[index], items: null as unknown as VillageItems, excessM3: excess });
  });
  const total = work.length;
  const tick = yielder();
  let done = 0;
  const wellOf = input.wells?.length ? commandingWells(input.wells, input.plots, input.geometries, settings.wellRadiusM) : null;
  const plotsOfWell = wellOf ? groupByWell(wellOf, input.wells!.length) : null;
  for (const w of work) {
    throwIfCancelled(context.signal);
    const adjacency = adjacencyWithin(w.candidates.map((i) => input.geometries[i]), settings.patchGapM);
    w.items = villageItems(pp, w.candidates, adjacency);
    if (wellOf && plotsOfWell) w.items.commands = freeableCommands(w.candidates, wellOf, plotsOfWell, input.plots);
    done += 0.5;
    context.onProgress?.({ stage: 'plan', done, total });
    await tick();
  }
  const adjacencyDone = performance.now();

  // each village on its own land first; then again where chosen plots of a neighbour lie partly in it
  const chosen = new Uint8Array(pp.candidate.length);
  const choose = (w: VillageWork, helpM3: number) => {
    const choice = chooseForVillage(w.items, w.excessM3 - helpM3 + MARGIN_M3, { areaToleranceShare: settings.areaToleranceShare });
    w.candidates.forEach((i, k) => (chosen[i] = choice.chosen[k]));
  };
  for (const w of work) {
    throwIfCancelled(context.signal);
    choose(w, 0);
    done += 0.5;
    context.onProgress?.({ stage: 'plan', done, total });
    await tick();
  }
  const helpOf = (): Float64Array => {
    const help = new Float64Array(input.villages.length);
    for (const f of pp.foreign) if (chosen[f.plot]) help[f.village] += f.savedM3;
    return help;
  };
  for (let round = 0; round < 3; round++) {
    const help = helpOf();
    const again = work.filter((w) => help[w.village] !== 0);
    if (again.length === 0) break;
    const before = chosen.slice();
    for (const w of again) choose(w, help[w.village]);
    if (before.every((x, i) => x === chosen[i])) break;
  }
  const greedy = new Uint8Array(pp.candidate.length);
  for (const w of work) {
    const marks = greedyForVillage(w.items, w.excessM3 + MARGIN_M3);
    w.candidates.forEach((i, k) => (greedy[i] = marks[k]));
  }
  const chooseDone = performance.now();

  const outcomes: VillageOutcome[] = work.map((w) => ({
    village: w.village,
    candidates: w.candidates,
    patches: patchesOf(w.items.adjacency, Uint8Array.from(w.candidates, (i) => chosen[i])),
    greedyPatches: patchesOf(w.items.adjacency, Uint8Array.from(w.candidates, (i) => greedy[i])).count,
  }));
  const wellFreed = wellsFreed(input, pp, chosen, settings.wellRadiusM, wellOf);
  const result = summarise({ input, pp, chosen, greedy, outcomes, wellFreed, settings, helpM3: helpOf() });
  result.timingsMs = { adjacency: adjacencyDone - started, choose: chooseDone - adjacencyDone, total: performance.now() - started };
  const revision: RevisionContext = {
    year: input.year, basis: input.basis, action: input.action, countyName: input.countyName ?? '', settings,
    villages: input.villages.slice(),
    units: input.units.map((u) => ({ level: u.level, code: u.code, name: u.name, parentCode: u.parentCode, groundwaterExcessM3: u.groundwaterExcessM3, actualGroundwaterExcessM3: u.actualGroundwaterExcessM3 })),
    pp, greedy, chosen,
    planned: work.map((w) => ({ village: w.village, candidates: w.candidates, adjacency: w.items.adjacency })),
    greedyPatches: outcomes.map((o) => o.greedyPatches),
    wellFreed,
  };
  return { result, revision };
}

function groupByWell(wellOf: Int32Array, wellCount: number): number[][] {
  const plots: number[][] = Array.from({ length: wellCount }, () => []);
  for (let i = 0; i < wellOf.length; i++) if (wellOf[i] >= 0) plots[wellOf[i]].push(i);
  return plots;
}

/**
 * The command areas a village's plan could free: wells commanding one of its candidates whose every
 * other plot is already retired or fallow; each as the candidate positions it commands.
 */
function freeableCommands(candidates: readonly number[], wellOf: Int32Array, plotsOfWell: readonly number[][], plots: readonly Properties[]): number[][] {
  const position = new Map(candidates.map((i, k) => [i, k]));
  const wells = new Set<number>();
  for (const i of candidates) if (wellOf[i] >= 0) wells.add(wellOf[i]);
  const groups: number[][] = [];
  for (const well of wells) {
    const group: number[] = [];
    let freeable = true;
    for (const i of plotsOfWell[well]) {
      const k = position.get(i);
      if (k !== undefined) group.push(k);
      else {
        const status = statusOf(plots[i]);
        if (status !== 'retired' && status !== 'fallow') {
          freeable = false;
          break;
        }
      }
    }
    if (freeable && group.length) groups.push(group);
  }
  return groups;
}

/** Per village index: wells freed by the plan (a freed well counts in the village of its chosen plots). */
function wellsFreed(input: PlanCoreInput, pp: PlanPlots, chosen: Uint8Array, radiusM: number, givenWellOf: Int32Array | null = null): Int32Array {
  const perVillage = new Int32Array(input.villages.length);
  if (!input.wells?.length) return perVillage;
  const wellOf = givenWellOf ?? commandingWells(input.wells, input.plots, input.geometries, radiusM);
  const plantedAfter = new Uint8Array(pp.candidate.length);
  input.plots.forEach((p, i) => {
    const status = statusOf(p);
    const out = status === 'retired' || status === 'fallow';
    plantedAfter[i] = !out && !chosen[i] ? 1 : 0;
  });
  const freed = freedWells(wellOf, input.wells.length, plantedAfter, chosen);
  const counted = new Uint8Array(input.wells.length);
  for (let i = 0; i < wellOf.length; i++) {
    const w = wellOf[i];
    if (w >= 0 && freed[w] && chosen[i] && !counted[w]) {
      counted[w] = 1;
      perVillage[pp.village[i]] += 1;
    }
  }
  return perVillage;
}
