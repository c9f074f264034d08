/**
 * IndexedDB database "shuidi-cache": what spares work on the next opening, apart from the saved
 * project ("shuidi", src/state/persistence.ts). Nothing in it is the user's work; losing it costs
 * time only. Opened from the job worker (the accounting's splits, splitCache.ts) and from the
 * page (the layers' map-ready GeoJSON, src/state/displayCache.ts).
 *
 *   splits   split key → AccountingSplit
 *   savedAt  split key → when it was saved (ms), to keep the newest few
 *   display  "<layer id>\u0000<stored generation>" → Blob of the layer's map GeoJSON
 *
 * Accounting results are kept in a database of their own, "shuidi-results" (results and savedAt,
 * src/state/resultCache.ts): a store added here would need a new version of this database, and
 * its upgrade would wait for every page of an older build still holding it open.
 */
import { openDB, type IDBPDatabase } from 'idb';

export const CACHE_DB_NAME = 'shuidi-cache';
export const RESULTS_DB_NAME = 'shuidi-results';

/** A database of these object stores (version 1), opened once per page or worker, when first asked for. */
function lazyDatabase(name: string, stores: readonly string[]): () => Promise<IDBPDatabase> {
  let opened: Promise<IDBPDatabase> | null = null;
  return () =>
    (opened ??= openDB(name, 1, {
      upgrade(db) {
        for (const store of stores) db.createObjectStore(store);
      },
    }));
}

export const cacheDb = lazyDatabase(CACHE_DB_NAME, ['splits', 'savedAt', 'display']);
export const resultsDb = lazyDatabase(RESULTS_DB_NAME, ['results', 'savedAt']);

/**
 * Puts `value` under `key` in `store` and the time in `datesStore`, then deletes all but the
 * newest `keep` entries by those times (small, so pruning never reads an entry itself). The value
 * is cloned before the returned promise is first awaited.
 */
export async function putKeepingNewest(db: IDBPDatabase, store: string, datesStore: string, key: string, value: unknown, keep: number): Promise<void> {
  const put = db.transaction([store, datesStore], 'readwrite');
  void put.objectStore(store).put(value, key);
  void put.objectStore(datesStore).put(Date.now(), key);
  await put.done;
  const tx = db.transaction([store, datesStore], 'readwrite');
  const dates = tx.objectStore(datesStore);
  const [keys, times] = await Promise.all([dates.getAllKeys(), dates.getAll()]);
  const old = keys.map((k, i) => [k, times[i] as number] as const).sort((a, b) => b[1] - a[1]).slice(keep);
  for (const [k] of old) {
    void tx.objectStore(store).delete(k);
    void dates.delete(k);
  }
  await tx.done;
}
