/**
 * What spares a reopened project its first accounting: the stored generation of each layer (one
 * generation, one content) and results kept under a key of everything they come from.
 */
import { describe, expect, it } from 'vitest';
import { usePersistenceHarness } from './persistenceHarness.ts';
import { flush, openShuidiDb, startPersistence, stopPersistence } from '../../src/state/persistence.ts';
import { isLayerHead, markStored, storedGeneration } from '../../src/state/persistLayers.ts';
import { keepResultStored, readResult, resultKey, type ResultKeyInput } from '../../src/state/resultCache.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import { updateTable } from '../../src/core/edits/index.ts';
import type { AccountingResult } from '../../src/core/accounting/types.ts';
import type { Layer } from '../../src/core/types.ts';
import { squarePlots } from '../edits/helpers.ts';
import { checkedStored } from '../../src/state/accountingStore.ts';

usePersistenceHarness();

const asKind = (layer: Layer, kind: Layer['kind'], id: string): Layer => ({ ...layer, id, kind });

describe('stored generations', () => {
  it('a layer committed by the autosave, and the same layer read back, carry the generation that holds them', async () => {
    const plots = asKind(squarePlots(30, 'ZZDK'), 'plots', 'ZZDK');
    await startPersistence({ debounceMs: 5 });
    expect(storedGeneration(plots.features)).toBeUndefined();
    useProjectStore.getState().setProject({ projectName: '县', layers: [plots] });
    await flush();
    const db = await openShuidiDb();
    try {
      const head = await db.get('layers', 'ZZDK');
      expect(isLayerHead(head)).toBe(true);
      expect(storedGeneration(plots.features)).toBe(isLayerHead(head) ? head.generation : 'no head');
      await stopPersistence();
      useProjectStore.getState().setProject({ layers: [] });
      expect(await startPersistence({ debounceMs: 5 })).toBe(true);
      const restored = useProjectStore.getState().layers[0];
      expect(restored.features).not.toBe(plots.features);
      expect(storedGeneration(restored.features)).toBe(storedGeneration(plots.features));
    } finally {
      db.close(); // an open connection would block the next test's clean-up
    }
  });
});

describe('stored accounting results', () => {
  const plots = squarePlots(12, 'ZZDK');
  const villages = asKind(squarePlots(2, 'CJDCQ'), 'villages', 'CJDCQ');
  const input = (changes: Partial<ResultKeyInput> = {}): ResultKeyInput => ({
    year: 2024,
    layers: { villages, plots, forest: null, wells: null },
    plotEdits: undefined,
    quotas: [{ crop: '小麦', method: '滴灌', m3PerMu: 300 }] as unknown as ResultKeyInput['quotas'],
    caps: [{ year: 2024, code: '652301', totalCapM3: 1e6 }] as unknown as ResultKeyInput['caps'],
    wellsReadingsYear: null,
    files: { villages: '村界', plots: '地块' },
    ...changes,
  });

  it('has no key for layers not stored yet, and the same key for the same inputs', () => {
    expect(resultKey(input(), 'build-1')).toBeNull();
    markStored(plots.features, 'g-plots');
    markStored(villages.features, 'g-villages');
    const key = resultKey(input(), 'build-1');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(resultKey(input(), 'build-1')).toBe(key);
    expect(resultKey(input(), null)).toBeNull();
  });

  it('takes the same edits as the same, in whatever order they were made', () => {
    markStored(plots.features, 'g-plots');
    markStored(villages.features, 'g-villages');
    const oneWay = updateTable(updateTable(undefined, new Map([['3', { ZT: '休耕', ZZZW: '小麦' }]])), new Map([['9', { ZT: '退减' }]]));
    const otherWay = updateTable(updateTable(undefined, new Map([['9', { ZT: '退减' }]])), new Map([['3', { ZZZW: '小麦', ZT: '休耕' }]]));
    expect(resultKey(input({ plotEdits: oneWay }), 'build-1')).toBe(resultKey(input({ plotEdits: otherWay }), 'build-1'));
    // an edit undone leaves no edit: the plots as stored
    const undone = updateTable(oneWay, new Map([['3', null], ['9', null]]));
    expect(resultKey(input({ plotEdits: undone }), 'build-1')).toBe(resultKey(input(), 'build-1'));
  });

  it('changes with everything a result is computed from', () => {
    markStored(plots.features, 'g-plots');
    markStored(villages.features, 'g-villages');
    const key = resultKey(input(), 'build-1');
    const edited = updateTable(undefined, new Map([['7', { ZT: '休耕' }]]));
    const editedOtherwise = updateTable(undefined, new Map([['7', { ZT: '退减' }]]));
    const editedElsewhere = updateTable(undefined, new Map([['8', { ZT: '休耕' }]]));
    const otherPlots = { ...plots, features: { ...plots.features } };
    markStored(otherPlots.features, 'g-plots-2');
    const otherForest = asKind(squarePlots(3, 'LD'), 'forest', 'LD');
    markStored(otherForest.features, 'g-forest');
    const variants = [
      resultKey(input(), 'build-2'),
      resultKey(input({ year: 2025 }), 'build-1'),
      resultKey(input({ plotEdits: edited }), 'build-1'),
      resultKey(input({ plotEdits: editedOtherwise }), 'build-1'),
      resultKey(input({ plotEdits: editedElsewhere }), 'build-1'),
      resultKey(input({ quotas: [{ crop: '小麦', method: '滴灌', m3PerMu: 301 }] as unknown as ResultKeyInput['quotas'] }), 'build-1'),
      resultKey(input({ caps: [] }), 'build-1'),
      resultKey(input({ wellsReadingsYear: 2024 }), 'build-1'),
      resultKey(input({ files: { villages: '村界2', plots: '地块' } }), 'build-1'),
      resultKey(input({ layers: { villages, plots, forest: otherForest, wells: null } }), 'build-1'),
      resultKey(input({ layers: { villages, plots: otherPlots, forest: null, wells: null } }), 'build-1'),
    ];
    expect(new Set([key, ...variants]).size).toBe(variants.length + 1);
  });

  it('reads back what was kept, and nothing under another key', async () => {
    const result = { year: 2024, units: [{ code: '652301', level: 'city' }], warnings: ['一条提示'] } as unknown as AccountingResult;
    await keepResultStored('a'.repeat(64), result);
    expect(await readResult('a'.repeat(64))).toEqual(result);
    expect(await readResult('b'.repeat(64))).toBeUndefined();
  });
});

describe('a kept result against the one computed since', () => {
  const result = (demand: number) => ({ year: 2024, units: [{ code: '652301', level: 'city', groundwaterDemandM3: demand }], warnings: [] }) as unknown as AccountingResult;

  it('stays (the same object, nothing redrawn) when they agree', () => {
    const stored = result(100);
    expect(checkedStored(stored, result(100))).toBe(stored);
  });

  it('gives way to the computed one, saying so, when they differ', () => {
    const shown = checkedStored(result(100), result(101));
    expect(shown.units[0]).toMatchObject({ groundwaterDemandM3: 101 });
    expect(shown.warnings.join()).toContain('已改用重新计算的结果');
  });
});
