/**
 * The accounting store keeps each year's result for one set of inputs: a year shown again is
 * shown without a job and equals a fresh computation; a changed input (tables, layers, edits)
 * computes again. The worker is replaced by the same job run in-process.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { runAccount } from '../../src/jobs/account.ts';
import { TINY_DIR, tinyLayer } from '../accounting/tinyCounty.ts';

const calls: number[] = [];
vi.mock('../../src/workers/jobClient.ts', () => ({
  runJob: async (name: string, input: Parameters<typeof runAccount>[0], options: { signal?: AbortSignal; onProgress?: () => void } = {}) => {
    if (name !== 'account') throw new Error(`unexpected job ${name}`);
    calls.push(input.year);
    return runAccount(structuredClone(input), { signal: options.signal });
  },
}));

const { useAccountingStore } = await import('../../src/state/accountingStore.ts');
const { useProjectStore } = await import('../../src/state/projectStore.ts');

const quotasCsv = readFileSync(TINY_DIR + 'quotas.csv', 'utf8');
const capsCsv = readFileSync(TINY_DIR + 'caps.csv', 'utf8');
const otherYearsDone = () => vi.waitFor(() => expect(Object.keys(useAccountingStore.getState().cityByYear).sort()).toEqual(['2023', '2024', '2025']), { timeout: 20_000 });

describe('results kept per year', () => {
  beforeAll(async () => {
    useProjectStore.getState().setProject({
      projectName: 'tiny', isSample: false,
      layers: [tinyLayer('villages'), tinyLayer('plots'), tinyLayer('forest'), tinyLayer('wells')],
      tables: { quotasCsv, capsCsv }, years: [2023, 2024, 2025], year: 2024,
    });
    await useAccountingStore.getState().run();
    await otherYearsDone();
  });

  it('shows a year computed before at once, equal to computing it afresh', async () => {
    const before = calls.length;
    useProjectStore.getState().setYear(2023);
    // no debounce and no job: the kept result is there in the same task
    expect(useAccountingStore.getState().result?.year).toBe(2023);
    expect(calls.length).toBe(before);
    const kept = useAccountingStore.getState().result;
    await useAccountingStore.getState().run({ fromScratch: true });
    expect(calls.length).toBe(before + 1);
    expect(useAccountingStore.getState().result).toEqual(kept);
  });

  it('computes again after the tables change', async () => {
    await otherYearsDone();
    const keptCity = useAccountingStore.getState().result?.units.find((u) => u.level === 'city');
    const before = calls.length;
    useProjectStore.getState().setTables({ capsCsv: capsCsv.replace('2023,652301,示例市,110000,42000', '2023,652301,示例市,110000,41000') });
    useProjectStore.getState().setYear(2024);
    useProjectStore.getState().setYear(2023);
    await vi.waitFor(() => expect(useAccountingStore.getState().status).toBe('done'));
    await vi.waitFor(() => expect(calls.length).toBeGreaterThan(before));
    await vi.waitFor(() => expect(useAccountingStore.getState().result?.units.find((u) => u.level === 'city')?.groundwaterCapM3).toBe(41000));
    expect(keptCity?.groundwaterCapM3).toBe(42000);
  });
});
