import { describe, expect, it } from 'vitest';
import { emptyStores, usePersistenceHarness } from './persistenceHarness.ts';
import { openDB, type IDBPDatabase } from 'idb';
import { flush, openShuidiDb, startPersistence, stopPersistence, usePersistenceStore, DB_NAME } from '../../src/state/persistence.ts';
import { isLayerHead } from '../../src/state/persistLayers.ts';
import { useEditStore } from '../../src/state/editStore.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import { effectivePlotProperties } from '../../src/state/editStore.ts';
import type { Layer } from '../../src/core/types.ts';
import { deepFreeze, squarePlots } from '../edits/helpers.ts';

const CHUNK = 4;

const start = (open?: () => Promise<IDBPDatabase>) => startPersistence({ debounceMs: 5, featuresPerChunk: CHUNK, open });

/** What a reload does: the page's memory is gone, the database stays. */
async function reload(): Promise<boolean> {
  await stopPersistence();
  emptyStores();
  return start();
}

/** A layer whose features are not all alike: a null geometry, a bbox, mixed property types. */
function mixedLayer(n: number, id: string): Layer {
  const base = squarePlots(n, id);
  const features = base.features.features.map((f, i) => (i === 3 ? { ...f, geometry: null, properties: { ...f.properties, AREA: 1.25, NOTE: null } } : f));
  return deepFreeze({ ...base, name: `图层${id}`, warnings: [{ file: `${id}.dbf`, code: 'encoding-guessed', message: '编码为推测' }], features: { ...base.features, bbox: [87, 44, 88, 45], features } });
}

/** The raw keys of the layers store: string keys are heads (or old records), arrays are chunks. */
async function storedKeys(): Promise<{ heads: string[]; chunks: [string, string, number][] }> {
  const db = await openDB(DB_NAME);
  const keys = (await db.getAllKeys('layers')) as unknown[];
  db.close();
  return { heads: keys.filter((k): k is string => typeof k === 'string'), chunks: keys.filter(Array.isArray) as [string, string, number][] };
}

async function rawGet(store: string, key: IDBValidKey): Promise<unknown> {
  const db = await openDB(DB_NAME);
  const value = await db.get(store, key);
  db.close();
  return value;
}

/** The real database, except that `transaction` throws from the (limit.after+1)-th call on. */
async function failingAfter(limit: { after: number }): Promise<IDBPDatabase> {
  const db = await openShuidiDb();
  let calls = 0;
  return new Proxy(db, {
    get(target, key) {
      if (key === 'transaction') {
        return (...args: Parameters<IDBPDatabase['transaction']>) => {
          if (++calls > limit.after) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return target.transaction(...args);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

usePersistenceHarness();

describe('layers stored in chunks', () => {
  it('round-trips a layer bigger than one chunk exactly, each chunk within the chunk size', async () => {
    await start();
    const layer = mixedLayer(30, 'plots');
    useProjectStore.getState().setProject({ projectName: '县', layers: [layer] });
    await flush();

    const { heads, chunks } = await storedKeys();
    expect(heads).toEqual(['plots']);
    expect(chunks).toHaveLength(Math.ceil(30 / CHUNK));
    const head = await rawGet('layers', 'plots');
    expect(isLayerHead(head)).toBe(true);
    expect(head).not.toHaveProperty('layer.features');
    for (const key of chunks) expect(((await rawGet('layers', key)) as unknown[]).length).toBeLessThanOrEqual(CHUNK);

    expect(await reload()).toBe(true);
    expect(useProjectStore.getState().layers).toEqual([layer]);
  });

  it('replacing a layer writes a new generation and deletes the old one', async () => {
    await start();
    useProjectStore.getState().setProject({ layers: [mixedLayer(9, 'plots')] });
    await flush();
    const before = (await storedKeys()).chunks;
    const replacement = mixedLayer(13, 'plots');
    useProjectStore.getState().setProject({ layers: [replacement] });
    await flush();

    const after = (await storedKeys()).chunks;
    expect(after).toHaveLength(Math.ceil(13 / CHUNK));
    expect(new Set(after.map((k) => k[1])).size).toBe(1);
    expect(after.some((k) => k[1] === before[0][1])).toBe(false);
    await reload();
    expect(useProjectStore.getState().layers).toEqual([replacement]);
  });

  it('restores a project saved in the old one-record format, then rewrites it in chunks', async () => {
    const layer = mixedLayer(10, 'plots');
    const old = await openDB(DB_NAME, 1, {
      upgrade(db) {
        for (const store of ['kv', 'layers', 'audit']) db.createObjectStore(store);
      },
    });
    await old.put('kv', { projectName: '旧项目', isSample: false, tables: { quotasCsv: null, capsCsv: null }, years: [2024], year: 2024, layerIds: ['plots'] }, 'project');
    await old.put('kv', { overrides: { 2024: { plots: { D2: { ZT: '休耕' } } } } }, 'edits');
    await old.put('layers', layer, 'plots');
    old.close();

    expect(await start()).toBe(true);
    expect(useProjectStore.getState()).toMatchObject({ projectName: '旧项目', layers: [layer] });
    expect(effectivePlotProperties(useProjectStore.getState().layers[0], 2024, 'D2')?.ZT).toBe('休耕');

    await flush();
    expect(isLayerHead(await rawGet('layers', 'plots'))).toBe(true);
    expect((await storedKeys()).chunks).toHaveLength(Math.ceil(10 / CHUNK));
    expect(await reload()).toBe(true);
    expect(useProjectStore.getState().layers).toEqual([layer]);
  });

  it('a write that fails after some chunks leaves the previous state restorable, and its chunks are cleaned up', async () => {
    await start();
    const previous = mixedLayer(6, 'plots');
    useProjectStore.getState().setProject({ projectName: '之前', layers: [previous] });
    await flush();
    await stopPersistence();
    emptyStores();

    // the next page's storage fails at its 6th transaction (restore and clean-up take the first
    // two): 3 of the new layer's 5 chunks get written, and the clean-up cannot run, as after a crash
    expect(await start(() => failingAfter({ after: 5 }))).toBe(true);
    useProjectStore.getState().setProject({ projectName: '之后', layers: [mixedLayer(20, 'plots'), mixedLayer(4, 'wells')] });
    await flush();
    expect(usePersistenceStore.getState().error).toMatchObject({ kind: 'quota' });
    expect((await storedKeys()).chunks.length).toBe(Math.ceil(6 / CHUNK) + 3);

    await stopPersistence(); // its last flush fails too
    emptyStores();
    usePersistenceStore.setState({ error: null });
    expect(await start()).toBe(true);
    expect(useProjectStore.getState()).toMatchObject({ projectName: '之前', layers: [previous] });
    expect(usePersistenceStore.getState().error).toBeNull();
    // the unreferenced chunks were deleted at start
    expect((await storedKeys()).chunks).toHaveLength(Math.ceil(6 / CHUNK));
  });

  it('a failed save stays pending and is written with the next save', async () => {
    const limit = { after: 3 };
    expect(await start(() => failingAfter(limit))).toBe(false);
    const layer = mixedLayer(12, 'plots');
    useProjectStore.getState().setProject({ projectName: '县', layers: [layer] });
    await flush();
    expect(usePersistenceStore.getState().error).toMatchObject({ kind: 'quota' });

    limit.after = Infinity; // storage works again; the next change is only to the edits
    useEditStore.getState().setUserName('张三');
    await flush();
    expect(await reload()).toBe(true);
    expect(useProjectStore.getState()).toMatchObject({ projectName: '县', layers: [layer] });
    expect(useEditStore.getState().userName).toBe('张三');
  });

  it('deletes a removed layer with its chunks', async () => {
    await start();
    const plots = mixedLayer(9, 'plots');
    useProjectStore.getState().setProject({ layers: [plots, mixedLayer(7, 'wells')] });
    await flush();
    expect((await storedKeys()).heads.sort()).toEqual(['plots', 'wells']);

    useProjectStore.getState().removeLayer('wells');
    await flush();
    const { heads, chunks } = await storedKeys();
    expect(heads).toEqual(['plots']);
    expect(chunks.filter((k) => k[0] === 'wells')).toEqual([]);
    expect(chunks).toHaveLength(Math.ceil(9 / CHUNK));
    await reload();
    expect(useProjectStore.getState().layers).toEqual([plots]);
  });

  it('an empty layer round-trips', async () => {
    await start();
    const empty = deepFreeze({ ...squarePlots(0, 'wells'), name: '空' });
    useProjectStore.getState().setProject({ layers: [empty] });
    await flush();
    await reload();
    expect(useProjectStore.getState().layers).toEqual([empty]);
  });
});
