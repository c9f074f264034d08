/**
 * One village's choice (docs/contract.md `plan` rules): tiers of the strict tenure order are taken
 * whole while they cannot cover the excess; the first tier that can is cut into by chooseInTier
 * (least area, then fewest patches); a village whose candidates cannot cover its excess gets all
 * of them. Also the naive `greedy` choice the contract compares with.
 */
import type { Adjacency } from './adjacency.ts';
import { chooseInTier, naiveOrder, type SubsetOptions } from './subset.ts';
import { TENURE_TIER_COUNT } from './types.ts';

export interface VillageItems {
  /** per candidate (position k): saving in the village, area, tier, code */
  savedM3: Float64Array;
  areaMu: Float64Array;
  tier: Uint8Array;
  code: readonly string[];
  adjacency: Adjacency;
  /** per freeable well, the candidate positions it commands (subset.ts TierItems.commands) */
  commands?: readonly (readonly number[])[];
}

export interface VillageChoice {
  chosen: Uint8Array;
  savedM3: number;
  capMet: boolean;
}

function byTier(items: VillageItems): number[][] {
  const tiers: number[][] = Array.from({ length: TENURE_TIER_COUNT }, () => []);
  for (let k = 0; k < items.tier.length; k++) tiers[items.tier[k]].push(k);
  return tiers;
}

const sumOf = (positions: readonly number[], values: Float64Array) => positions.reduce((s, k) => s + values[k], 0);

/** The plan's choice for a village that must save `requiredM3` (≤ 0: nothing is chosen). */
export function chooseForVillage(items: VillageItems, requiredM3: number, options: SubsetOptions): VillageChoice {
  const n = items.tier.length;
  const chosen = new Uint8Array(n);
  if (!(requiredM3 > 0)) return { chosen, savedM3: 0, capMet: true };
  let need = requiredM3;
  for (const positions of byTier(items)) {
    if (positions.length === 0) continue;
    const tierSaved = sumOf(positions, items.savedM3);
    if (tierSaved < need) {
      for (const k of positions) chosen[k] = 1;
      need -= tierSaved;
      continue;
    }
    const result = chooseInTier({ positions, savedM3: items.savedM3, areaMu: items.areaMu, code: items.code, commands: items.commands }, need, items.adjacency, chosen, options);
    const saved = sumOf(positions.filter((k) => result.chosen[k]), items.savedM3);
    return { chosen: result.chosen, savedM3: requiredM3 - need + saved, capMet: true };
  }
  return { chosen, savedM3: requiredM3 - need, capMet: false };
}

/** The contract's `greedy`: tiers in order, saving per 亩 highest first (ties by code), until met. */
export function greedyForVillage(items: VillageItems, requiredM3: number): Uint8Array {
  const chosen = new Uint8Array(items.tier.length);
  if (!(requiredM3 > 0)) return chosen;
  let total = 0;
  for (const positions of byTier(items)) {
    for (const k of naiveOrder(positions, items.savedM3, items.areaMu, items.code)) {
      if (total >= requiredM3) return chosen;
      chosen[k] = 1;
      total += items.savedM3[k];
    }
  }
  return chosen;
}
