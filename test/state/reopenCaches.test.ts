/**
 * What spares a reopened project work before its features are read: the stored layers' heads say
 * their extent, the map is offered the stored map GeoJSON of the plots and villages of the very
 * generations stored, and accounting results are kept under a key of everything they come from.
 */
import { describe, expect, it } from 'vitest';
import { usePersistenceHarness } from './persistenceHarness.ts';
import { flush, openShuidiDb, startPersistence } from '../../src/state/persistence.ts';
import { isLayerHead, markStored, storedGeneration } from '../../src/state/persistLayers.ts';
import { keepDisplay, offerEarlyDisplays, settleEarlyDisplays, useEarlyDisplayStore } from '../../src/state/displayCache.ts';
import { keepResultStored, readResult, resultKey, type ResultKeyInput } from '../../src/state/resultCache.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import { bboxOfAll } from '../../src/core/bbox.ts';
import { encodeColumns } from '../../src/core/accounting/encodeAttributes.ts';
import type { AccountingResult } from '../../src/core/accounting/types.ts';
import type { Layer } from '../../src/core/types.ts';
import { squarePlots } from '../edits/helpers.ts';

usePersistenceHarness(() => useEarlyDisplayStore.setState({ early: [], extent: null, settled: false }));

const asKind = (layer: Layer, kind: Layer['kind'], id: string): Layer => ({ ...layer, id, kind });

describe('early map drawing', () => {
  it('offers the stored plots and villages of the stored generations, with the villages\' extent', async () => {
    const plots = asKind(squarePlots(30, 'ZZDK'), 'plots', 'ZZDK');
    const villages = asKind(squarePlots(3, 'CJDCQ'), 'villages', 'CJDCQ');
    const wells = asKind(squarePlots(2, 'JDJ'), 'wells', 'JDJ');
    for (const layer of [plots, villages, wells]) keepDisplay(layer.features, new Blob([`{"layer":"${layer.id}"}`]));
    await startPersistence({ debounceMs: 5 });
    useProjectStore.getState().setProject({ projectName: '县', layers: [villages, plots, wells] });
    await flush();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the map GeoJSON is stored after the commit

    const db = await openShuidiDb();
    try {
      const head = await db.get('layers', 'ZZDK');
      expect(isLayerHead(head) && head.extent).toEqual(bboxOfAll(plots.features.features.map((f) => f.geometry)));
      // as at the next opening, before its restore is over
      useEarlyDisplayStore.setState({ settled: false });
      await offerEarlyDisplays(db);
      const { early, extent } = useEarlyDisplayStore.getState();
      expect(early.map((e) => e.kind).sort()).toEqual(['plots', 'villages']);
      expect(extent).toEqual(bboxOfAll(villages.features.features.map((f) => f.geometry)));
      for (const e of early) {
        expect(e.generation).toBe(storedGeneration(e.kind === 'plots' ? plots.features : villages.features));
        expect(await e.blob.text()).toBe(`{"layer":"${e.id}"}`);
      }
      settleEarlyDisplays();
      expect(useEarlyDisplayStore.getState()).toMatchObject({ early: [], settled: true });
      // after the restore is over nothing is offered any more
      await offerEarlyDisplays(db);
      expect(useEarlyDisplayStore.getState().early).toEqual([]);
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
    plotAttributes: encodeColumns(12, (i) => plots.features.features[i].properties ?? {}),
    forestAttributes: null,
    wellsAttributes: null,
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

  it('changes with everything a result is computed from', () => {
    markStored(plots.features, 'g-plots');
    markStored(villages.features, 'g-villages');
    const key = resultKey(input(), 'build-1');
    const edited = encodeColumns(12, (i) => ({ ...plots.features.features[i].properties, ZT: i === 7 ? '休耕' : plots.features.features[i].properties?.ZT }));
    const otherPlots = { ...plots, features: { ...plots.features } };
    markStored(otherPlots.features, 'g-plots-2');
    const variants = [
      resultKey(input(), 'build-2'),
      resultKey(input({ year: 2025 }), 'build-1'),
      resultKey(input({ plotAttributes: edited }), 'build-1'),
      resultKey(input({ quotas: [{ crop: '小麦', method: '滴灌', m3PerMu: 301 }] as unknown as ResultKeyInput['quotas'] }), 'build-1'),
      resultKey(input({ caps: [] }), 'build-1'),
      resultKey(input({ wellsReadingsYear: 2024 }), 'build-1'),
      resultKey(input({ files: { villages: '村界2', plots: '地块' } }), 'build-1'),
      resultKey(input({ forestAttributes: [{ LZ: '防护林' }] }), 'build-1'),
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
