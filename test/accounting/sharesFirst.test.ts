/**
 * Where the split is computed, the groundwater shares (what colours the village map) are given
 * before the overlaps are looked for, and equal the final result's: overlaps change only the
 * overlap figures. Checked on the tiny county with a plot drawn twice, so overlaps exist.
 */
import { describe, expect, it } from 'vitest';
import { runAccount } from '../../src/jobs/account.ts';
import { groundwaterShares, sameShares, type GroundwaterShares } from '../../src/core/accounting/shares.ts';
import type { Layer } from '../../src/core/types.ts';
import { tinyLayer, tinyTables } from './tinyCounty.ts';

/** The tiny plots with the first one drawn again (planted, its own code): it overlaps the first whole. */
function plotsWithATwin(): Layer {
  const plots = tinyLayer('plots');
  const first = plots.features.features[0];
  const twin = { ...first, properties: { ...first.properties, DKBM: `${String(first.properties?.DKBM ?? 'D')}-2`, ZT: '种植' } };
  return { ...plots, features: { ...plots.features, features: [...plots.features.features, twin] } };
}

describe('groundwater shares before the overlaps', () => {
  it('are given once, before the overlaps stage, and equal the final shares', async () => {
    const { quotas, caps } = await tinyTables();
    const layers = { villages: tinyLayer('villages'), plots: plotsWithATwin(), forest: tinyLayer('forest'), wells: tinyLayer('wells') };
    const events: string[] = [];
    const partials: GroundwaterShares[] = [];
    const out = await runAccount({ year: 2024, quotas, caps, layers }, {
      onProgress: (p) => events.push(`progress:${p.stage}`),
      onPartial: (partial) => {
        events.push('shares');
        partials.push(partial as GroundwaterShares);
      },
    });
    expect(partials).toHaveLength(1);
    // the overlaps exist, and were found after the shares went out
    expect(out.result.units.find((u) => u.level === 'city')!.overlapMu).toBeGreaterThan(0);
    expect(events.indexOf('shares')).toBeLessThan(events.indexOf('progress:overlaps'));
    expect(partials[0]).toEqual(groundwaterShares(out.result));
    expect(partials[0].units.some((u) => u.gwShare !== null)).toBe(true);

    // a run over a kept split gives none (nothing to wait for)
    const again: unknown[] = [];
    await runAccount({ year: 2024, quotas, caps, layers, split: out.split }, { onPartial: (p) => again.push(p) });
    expect(again).toHaveLength(0);
  });

  it('sameShares tells a changed share, unit or year', () => {
    const a: GroundwaterShares = { year: 2024, units: [{ level: 'village', code: '1', gwShare: 0.5, actualGwShare: null }] };
    expect(sameShares(a, structuredClone(a))).toBe(true);
    expect(sameShares(a, { ...a, year: 2025 })).toBe(false);
    expect(sameShares(a, { year: 2024, units: [{ ...a.units[0], gwShare: 0.51 }] })).toBe(false);
    expect(sameShares(a, { year: 2024, units: [{ ...a.units[0], actualGwShare: 0.2 }] })).toBe(false);
    expect(sameShares(a, { year: 2024, units: [{ ...a.units[0], code: '2' }] })).toBe(false);
    expect(sameShares(a, { year: 2024, units: [] })).toBe(false);
  });
});
