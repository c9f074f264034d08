import { describe, expect, it } from 'vitest';
import { makeQuotaLookup } from '../../src/core/accounting/quotaLookup.ts';
import { planCountyWithContext } from '../../src/core/plan/plan.ts';
import { isAdjustable, revisePlan } from '../../src/core/plan/revise.ts';
import { expectedSavedM3, isCandidate, QUOTAS, syntheticVillage, unitsWithExcess } from './syntheticVillage.ts';

describe('a plan changed by hand', () => {
  it('gives the plan itself back unchanged, and follows an added and a removed plot', async () => {
    const v = syntheticVillage(31, 16);
    const excess = v.plots.reduce((s, p, i) => s + (isCandidate(p) ? expectedSavedM3(p, v.areaMu[i], v.share) : 0), 0) * 0.5;
    const { result, revision } = await planCountyWithContext({
      year: 2025, basis: 'demand', action: '退减', villages: [v.village], pieces: v.pieces, plots: v.plots, geometries: v.geometries,
      units: unitsWithExcess(v.village, excess), quotas: makeQuotaLookup(QUOTAS), shares: [v.share], actionQuotaM3PerMu: 0,
    });
    const same = revisePlan(revision, revision.chosen);
    expect({ ...same, timingsMs: {} }).toEqual({ ...result, timingsMs: {} });

    const unchosen = v.plots.findIndex((p, i) => isCandidate(p) && !revision.chosen[i]);
    const chosen = v.plots.findIndex((_, i) => revision.chosen[i] === 1);
    expect(isAdjustable(revision, unchosen)).toBe(true);
    expect(isAdjustable(revision, v.plots.findIndex((p) => !isCandidate(p)))).toBe(false);
    const marks = revision.chosen.slice();
    marks[unchosen] = 1;
    marks[chosen] = 0;
    const changed = revisePlan(revision, marks).units[0];
    const before = result.units[0];
    expect(changed.chosenMu).toBeCloseTo(before.chosenMu + v.areaMu[unchosen] - v.areaMu[chosen], 5);
    const delta = expectedSavedM3(v.plots[unchosen], v.areaMu[unchosen], v.share) - expectedSavedM3(v.plots[chosen], v.areaMu[chosen], v.share);
    expect(changed.savedM3).toBeCloseTo(before.savedM3 + delta, 3);
    expect(changed.capMet).toBe(changed.excessAfterM3! <= 0);
    expect(changed.greedy).toEqual(before.greedy);
  });
});
