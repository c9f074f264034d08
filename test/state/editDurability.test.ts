/**
 * The last edit is never lost (issue 15, item 3): an edit, undo or redo is in IndexedDB once
 * editsSaved() resolves, however long the debounce of other changes is; the panels wait for it
 * before saying "done".
 */
import { describe, expect, it } from 'vitest';
import { emptyStores, usePersistenceHarness } from './persistenceHarness.ts';
import { editsSaved, flush, openShuidiDb, startPersistence } from '../../src/state/persistence.ts';
import { useEditStore } from '../../src/state/editStore.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';
import type { AuditEntry } from '../../src/core/edits/index.ts';
import { squarePlots } from '../edits/helpers.ts';

usePersistenceHarness();

/** What the database holds now, read by a second connection (as the next page load would). */
async function stored(): Promise<{ overrides: unknown; audit: AuditEntry[] }> {
  const db = await openShuidiDb();
  const edits = (await db.get('kv', 'edits')) as { overrides: unknown } | undefined;
  const audit = (await db.getAll('audit')) as AuditEntry[];
  db.close();
  return { overrides: edits?.overrides ?? null, audit };
}

describe('edits are written before the page says they are done', () => {
  it('an edit, an undo and a redo are each stored when editsSaved() resolves, with a debounce of an hour', async () => {
    await startPersistence({ debounceMs: 3_600_000 });
    const layer = squarePlots(5);
    useProjectStore.getState().setProject({ projectName: 'x', layers: [layer], tables: { quotasCsv: null, capsCsv: null }, years: [2025], year: 2025 });
    await flush();

    useEditStore.getState().setUserName('张三'); // no name, no edit
    useEditStore.getState().setValues({ layer, year: 2025, plotIds: ['D1'], values: { ZT: '休耕' }, reason: '' });
    await editsSaved();
    let now = await stored();
    expect(now.audit).toHaveLength(1);
    expect(now.overrides).toEqual({ '2025': { [layer.id]: { D1: { ZT: '休耕' } } } });

    useEditStore.getState().undo(2025);
    await editsSaved();
    now = await stored();
    expect(now.audit.map((e) => e.action)).toEqual(['edit', 'undo']);

    useEditStore.getState().redo(2025);
    await editsSaved();
    expect((await stored()).audit.map((e) => e.action)).toEqual(['edit', 'undo', 'redo']);
  });

  it('a selection change alone waits for the debounce', async () => {
    await startPersistence({ debounceMs: 3_600_000 });
    const layer = squarePlots(5);
    useProjectStore.getState().setProject({ projectName: 'x', layers: [layer], tables: { quotasCsv: null, capsCsv: null }, years: [2025], year: 2025 });
    await flush();
    useEditStore.getState().select(layer.id, ['D2']);
    await editsSaved();
    const db = await openShuidiDb();
    const edits = (await db.get('kv', 'edits')) as { selection?: { plotIds: string[] } } | undefined;
    db.close();
    expect(edits?.selection?.plotIds ?? []).toEqual([]);
    emptyStores();
  });
});
