import { describe, expect, it, vi } from 'vitest';
import { nothingSaved } from '../../src/state/savedHint.ts';
import { emptyStores, usePersistenceHarness } from './persistenceHarness.ts';
import { openDB } from 'idb';
import { flush, openShuidiDb, registerPersistedSlot, startPersistence, stopPersistence, usePersistenceStore, DB_NAME, classifyStorageError } from '../../src/state/persistence.ts';
import { editSnapshot, effectivePlotProperties, useEditStore } from '../../src/state/editStore.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import { overridesToPlain, verifyChain, type AuditEntry } from '../../src/core/edits/index.ts';
import { create } from 'zustand';
import { squarePlots } from '../edits/helpers.ts';

const marks = create<{ marks: Record<string, string> }>(() => ({ marks: {} }));
registerPersistedSlot({
  name: 'marks',
  snapshot: () => marks.getState(),
  restore: (value) => marks.setState(value as { marks: Record<string, string> }),
  subscribe: (onChange) => marks.subscribe(onChange),
});

const clearMarks = () => marks.setState({ marks: {} });

/** What a reload does: the page's memory is gone, the database stays. */
async function reload(): Promise<boolean> {
  await stopPersistence();
  emptyStores(clearMarks);
  return startPersistence({ debounceMs: 5 });
}

usePersistenceHarness(clearMarks);

describe('persistence', () => {
  it('restores layers, tables, years, edits, undo history, selection, the audit log and slots after a reload', async () => {
    expect(await startPersistence({ debounceMs: 5 })).toBe(false);
    const layer = squarePlots(30);
    useProjectStore.getState().setProject({ projectName: '示例县', layers: [layer], tables: { quotasCsv: 'a,b\r\n', capsCsv: null }, years: [2024, 2025], year: 2025 });
    const edits = useEditStore.getState();
    edits.setUserName('张三');
    edits.setValues({ layer, year: 2025, plotIds: ['D1', 'D2'], values: { ZT: '休耕' }, reason: '轮作' });
    edits.setValues({ layer, year: 2025, plotIds: ['D3'], values: { ZT: '退减' } });
    edits.undo(2025);
    edits.select(layer.id, ['D1', 'D7']);
    marks.setState({ marks: { f1: 'confirmed' } });
    await flush();
    const plain = () => ({ ...editSnapshot(), overrides: overridesToPlain(editSnapshot().overrides) });
    const before = plain();

    expect(await reload()).toBe(true);
    expect(useProjectStore.getState()).toMatchObject({ projectName: '示例县', years: [2024, 2025], year: 2025, tables: { quotasCsv: 'a,b\r\n' } });
    const restoredLayer = useProjectStore.getState().layers[0];
    expect(restoredLayer.features.features).toHaveLength(30);
    expect(effectivePlotProperties(restoredLayer, 2025, 'D2')?.ZT).toBe('休耕');
    expect(plain()).toEqual(before);
    expect(marks.getState().marks).toEqual({ f1: 'confirmed' });
    expect(verifyChain(useEditStore.getState().audit)).toMatchObject({ ok: true, length: 3 });

    // the undo history survived: redo brings D3 back to 退减, and the new entry extends the chain
    useEditStore.getState().redo(2025);
    expect(effectivePlotProperties(restoredLayer, 2025, 'D3')?.ZT).toBe('退减');
    await flush();
    await reload();
    expect(verifyChain(useEditStore.getState().audit)).toMatchObject({ ok: true, length: 4 });
  });

  it('sets the saved-work hint once a save has committed, not before', async () => {
    const items = new Map<string, string>();
    vi.stubGlobal('localStorage', { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) });
    try {
      // a long debounce: only the flush below saves
      expect(await startPersistence({ debounceMs: 60_000 })).toBe(false);
      expect(nothingSaved()).toBe(true);
      useProjectStore.getState().setProject({ projectName: '示例县', layers: [squarePlots(3)], tables: { quotasCsv: null, capsCsv: null }, years: [2024], year: 2024 });
      await flush();
      expect(nothingSaved()).toBe(false);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps a tampered audit entry as stored, so the chain check names it after reload', async () => {
    await startPersistence({ debounceMs: 5 });
    const layer = squarePlots(10);
    useProjectStore.getState().setProject({ layers: [layer] });
    useEditStore.getState().setUserName('张三');
    for (let i = 0; i < 4; i++) useEditStore.getState().setValues({ layer, year: 2024, plotIds: [`D${i}`], values: { ZT: '休耕' } });
    await flush();
    await stopPersistence();

    const db = await openDB(DB_NAME);
    const entry = (await db.get('audit', 2)) as AuditEntry;
    await db.put('audit', { ...entry, user: '别人' }, 2);
    db.close();

    await reload();
    expect(verifyChain(useEditStore.getState().audit)).toMatchObject({ ok: false, index: 2, problem: 'hash' });
    expect(useEditStore.getState().userName).toBe('张三');
    // later edits are appended, they do not rewrite the stored log
    useEditStore.getState().setValues({ layer: useProjectStore.getState().layers[0], year: 2024, plotIds: ['D9'], values: { ZT: '退减' } });
    await flush();
    await reload();
    expect(useEditStore.getState().audit).toHaveLength(5);
    expect(verifyChain(useEditStore.getState().audit)).toMatchObject({ ok: false, index: 2 });
  });

  it('rewrites the stored log when the log is replaced (a project opened)', async () => {
    await startPersistence({ debounceMs: 5 });
    const layer = squarePlots(5);
    useProjectStore.getState().setProject({ layers: [layer] });
    useEditStore.getState().setUserName('张三');
    useEditStore.getState().setValues({ layer, year: 2024, plotIds: ['D1', 'D2'], values: { ZT: '休耕' } });
    await flush();
    useEditStore.getState().load({ audit: [], userName: '张三' });
    useEditStore.getState().setValues({ layer, year: 2024, plotIds: ['D4'], values: { ZT: '退减' } });
    await flush();
    await reload();
    expect(useEditStore.getState().audit.map((e) => e.plotIds)).toEqual([['D4']]);
    expect(verifyChain(useEditStore.getState().audit)).toMatchObject({ ok: true });
  });

  it('restores and saves a slot registered after startup', async () => {
    await startPersistence({ debounceMs: 5 });
    const late = create<{ n: number }>(() => ({ n: 0 }));
    const slot = { name: 'late', snapshot: () => late.getState(), restore: (v: unknown) => late.setState(v as { n: number }), subscribe: (f: () => void) => late.subscribe(f) };
    registerPersistedSlot(slot);
    await new Promise((r) => setTimeout(r, 20));
    late.setState({ n: 7 });
    await new Promise((r) => setTimeout(r, 20));
    await flush();
    const db = await openDB(DB_NAME);
    expect(await db.get('kv', 'slot:late')).toEqual({ n: 7 });
    db.close();
  });

  it('shows storage errors instead of swallowing them', async () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(classifyStorageError(quota).kind).toBe('quota');
    expect(classifyStorageError(new DOMException('denied', 'SecurityError')).kind).toBe('unavailable');

    expect(await startPersistence({ open: () => Promise.reject(new DOMException('no IndexedDB in private mode', 'InvalidStateError')) })).toBe(false);
    expect(usePersistenceStore.getState().error?.kind).toBe('unavailable');

    usePersistenceStore.setState({ error: null });
    const db = await openShuidiDb();
    const failing = new Proxy(db, {
      get(target, key) {
        if (key === 'transaction') return () => { throw quota; };
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await startPersistence({ debounceMs: 5, open: async () => failing });
    useProjectStore.getState().setProject({ layers: [squarePlots(3)] });
    await flush();
    expect(usePersistenceStore.getState().error).toMatchObject({ kind: 'quota' });
  });
});
