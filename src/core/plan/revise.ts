/**
 * A plan changed by hand: plots of the planned villages added or removed, and every figure of the
 * plan recomputed (saving, cap met, area by tenure, patches, households) in a few milliseconds, so the
 * panel can show them as the user clicks. Wells freed keep the plan's count (they need geometry).
 */
import type { Unit, VillageInfo } from '../accounting/types.ts';
import { patchesOf, type Adjacency } from './adjacency.ts';
import type { PlanPlots } from './candidates.ts';
import { summarise } from './summary.ts';
import type { PlanAction, PlanBasis, PlanResult, PlanSettings } from './types.ts';

export interface RevisionContext {
  year: number;
  basis: PlanBasis;
  action: PlanAction;
  countyName: string;
  settings: PlanSettings;
  villages: VillageInfo[];
  units: Pick<Unit, 'level' | 'code' | 'name' | 'parentCode' | 'groundwaterExcessM3' | 'actualGroundwaterExcessM3'>[];
  pp: PlanPlots;
  greedy: Uint8Array;
  /** the plan's own choice (by plot index) */
  chosen: Uint8Array;
  planned: { village: number; candidates: number[]; adjacency: Adjacency }[];
  greedyPatches: number[];
  wellFreed: Int32Array;
}

/** True when plot i can be added to or removed from the plan: a candidate of a village the plan works on. */
export function isAdjustable(context: RevisionContext, plot: number): boolean {
  if (!context.pp.candidate[plot]) return false;
  const village = context.pp.village[plot];
  return context.planned.some((p) => p.village === village);
}

/** The plan's figures for the chosen plots `chosen` (by plot index). */
export function revisePlan(context: RevisionContext, chosen: Uint8Array): PlanResult {
  const { pp } = context;
  const help = new Float64Array(context.villages.length);
  for (const f of pp.foreign) if (chosen[f.plot]) help[f.village] += f.savedM3;
  const outcomes = context.planned.map((p, k) => ({
    village: p.village,
    candidates: p.candidates,
    patches: patchesOf(p.adjacency, Uint8Array.from(p.candidates, (i) => chosen[i])),
    greedyPatches: context.greedyPatches[k],
  }));
  const input = { year: context.year, basis: context.basis, action: context.action, countyName: context.countyName, villages: context.villages, units: context.units };
  return summarise({ input, pp, chosen, greedy: context.greedy, outcomes, wellFreed: context.wellFreed, settings: context.settings, helpM3: help });
}
