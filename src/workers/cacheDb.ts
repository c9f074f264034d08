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

export const openCacheDb = (): Promise<IDBPDatabase> =>
  openDB(CACHE_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('splits');
      db.createObjectStore('savedAt');
      db.createObjectStore('display');
    },
  });

export const RESULTS_DB_NAME = 'shuidi-results';

export const openResultsDb = (): Promise<IDBPDatabase> =>
  openDB(RESULTS_DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('results');
      db.createObjectStore('savedAt');
    },
  });

/**
 * Deletes all but the newest `keep` entries of `store`, by the save times kept under the same keys
 * in `datesStore` (small, so pruning never reads an entry itself).
 */
export async function keepNewest(db: IDBPDatabase, store: string, datesStore: string, keep: number): Promise<void> {
  const tx = db.transaction([store, datesStore], 'readwrite');
  const dates = tx.objectStore(datesStore);
  const [keys, times] = await Promise.all([dates.getAllKeys(), dates.getAll()]);
  const old = keys.map((key, i) => [key, times[i] as number] as const).sort((a, b) => b[1] - a[1]).slice(keep);
  for (const [key] of old) {
    void tx.objectStore(store).delete(key);
    void dates.delete(key);
  }
  await tx.done;
}
