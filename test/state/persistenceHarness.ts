/**
 * Shared set-up of the persistence tests: an in-memory IndexedDB, emptied before each test, the
 * page's stores emptied as a reload would, and autosave stopped after each test.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import { stopPersistence, usePersistenceStore, DB_NAME } from '../../src/state/persistence.ts';
import { useEditStore } from '../../src/state/editStore.ts';
import { useProjectStore } from '../../src/state/projectStore.ts';

/** The page's memory as after a reload: empty project and edits (plus whatever `more` clears). */
export function emptyStores(more?: () => void): void {
  useProjectStore.setState({ projectName: '', isSample: false, layers: [], tables: { quotasCsv: null, capsCsv: null }, years: [2024], year: 2024 });
  useEditStore.getState().reset();
  more?.();
}

/** Registers the per-test reset of the database and the stores. */
export function usePersistenceHarness(clearMore?: () => void): void {
  beforeEach(async () => {
    emptyStores(clearMore);
    usePersistenceStore.setState({ error: null });
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
    });
  });
  afterEach(async () => {
    await stopPersistence();
  });
}
