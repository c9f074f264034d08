/**
 * A first run shows the groundwater shares (the map's colours and legend) as soon as the worker
 * gives them, before the whole result; the result then keeps the very same shares object, so the
 * map is not coloured again. The worker is replaced by the same job run in-process.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { runAccount } from '../../src/jobs/account.ts';
import { groundwaterShares, type GroundwaterShares } from '../../src/core/accounting/shares.ts';
import { TINY_DIR, tinyLayer } from '../accounting/tinyCounty.ts';

/** when set, the job fails right after giving its shares (the overlaps' stage failing) */
let failAfterShares = false;
/** when set, the shares given early are not the result's (as a bug would make them) */
let wrongShares = false;
const given: GroundwaterShares[] = [];
vi.mock('../../src/workers/jobClient.ts', () => ({
  runJob: async (name: string, input: Parameters<typeof runAccount>[0], options: { signal?: AbortSignal; onPartial?: (p: never) => void } = {}) => {
    if (name !== 'account') throw new Error(`unexpected job ${name}`);
    return runAccount(structuredClone(input), {
      signal: options.signal,
      onPartial: (p) => {
        const shares = structuredClone(p) as GroundwaterShares;
        if (wrongShares) shares.units = shares.units.map((u) => ({ ...u, gwShare: u.gwShare === null ? 0.5 : u.gwShare + 0.1 }));
        given.push(shares);
        options.onPartial?.(structuredClone(shares) as never);
        if (failAfterShares) throw new Error('重叠检查失败 (overlaps failed)');
      },
    });
  },
}));

const { useAccountingStore, checkedEarlyShares } = await import('../../src/state/accountingStore.ts');
const { useProjectStore } = await import('../../src/state/projectStore.ts');

describe('shares first', () => {
  it('shows the shares before the result, and keeps them when the result comes', async () => {
    useProjectStore.getState().setProject({
      projectName: 'tiny', isSample: false,
      layers: [tinyLayer('villages'), tinyLayer('plots'), tinyLayer('forest'), tinyLayer('wells')],
      tables: { quotasCsv: readFileSync(TINY_DIR + 'quotas.csv', 'utf8'), capsCsv: readFileSync(TINY_DIR + 'caps.csv', 'utf8') },
      years: [2023, 2024, 2025], year: 2024,
    });
    const seen: { shares: unknown; result: unknown; status: string }[] = [];
    const unsubscribe = useAccountingStore.subscribe((s, prev) => {
      if (s.shares !== prev.shares) seen.push({ shares: s.shares, result: s.result, status: s.status });
    });
    await useAccountingStore.getState().run();
    unsubscribe();
    const { result, shares } = useAccountingStore.getState();
    expect(seen).toHaveLength(1); // set once: by the worker's early shares
    expect(seen[0]).toMatchObject({ result: null, status: 'running' });
    expect(seen[0].shares).toBe(shares);
    expect(shares).toEqual(groundwaterShares(result!));
  });

  it('a year computed over the kept split gets its shares with its result', async () => {
    const before = useAccountingStore.getState().shares;
    useProjectStore.getState().setYear(2023);
    await vi.waitFor(() => expect(useAccountingStore.getState().result?.year).toBe(2023));
    const { result, shares } = useAccountingStore.getState();
    expect(shares).not.toBe(before);
    expect(shares).toEqual(groundwaterShares(result!));
  });

  it('a run that fails after its shares leaves the map on the figures shown', async () => {
    const { result } = useAccountingStore.getState();
    // other plots (one fewer) are split anew, and that run fails once it has given its shares
    const plots = tinyLayer('plots');
    const fewer = { ...plots, features: { ...plots.features, features: plots.features.features.slice(1) } };
    failAfterShares = true;
    try {
      useProjectStore.getState().setProject({ layers: [tinyLayer('villages'), fewer, tinyLayer('forest'), tinyLayer('wells')] });
      await vi.waitFor(() => expect(useAccountingStore.getState().status).toBe('error'), { timeout: 20_000 });
    } finally {
      failAfterShares = false;
    }
    const state = useAccountingStore.getState();
    expect(state.result).toBe(result);
    expect(given.at(-1)).not.toEqual(groundwaterShares(result!)); // the failed run's shares were other
    expect(state.shares).toEqual(groundwaterShares(result!));
  });

  it('early shares unlike the whole result are replaced by its own, and the panel says so', async () => {
    wrongShares = true;
    try {
      await useAccountingStore.getState().run({ fromScratch: true });
    } finally {
      wrongShares = false;
    }
    const { result, shares, status } = useAccountingStore.getState();
    expect(status).toBe('done');
    expect(given.at(-1)).not.toEqual(groundwaterShares(result!));
    expect(shares).toEqual(groundwaterShares(result!));
    expect(result!.warnings.some((w) => w.startsWith('地图先按村级切分后的地下水占比着色'))).toBe(true);
    // agreeing shares add no note
    expect(checkedEarlyShares(groundwaterShares(result!), result!)).toBe(result);
  });
});
