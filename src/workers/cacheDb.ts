/**
 * IndexedDB database "shuidi-cache": what spares work on the next opening, apart from the saved
 * project ("shuidi", src/state/persistence.ts). Nothing in it is the user's work; losing it costs
 * time only. Opened from the job worker (the accounting's splits, splitCache.ts) and from the
 * page (the layers' map-ready GeoJSON, src/state/displayCache.ts).
 *
 *   splits   split key → AccountingSplit
 *   savedAt  split key → when it was saved (ms), to keep the newest few
 *   display  "<layer id>\u0000<stored generation>" → Blob of the layer's map GeoJSON
 *   results  result key → an accounting result of one year (src/state/resultCache.ts)
 *   resultsSavedAt  result key → when it was saved (ms), to keep the newest few
 */
import { openDB, type IDBPDatabase } from 'idb';

export const CACHE_DB_NAME = 'shuidi-cache';

const STORES = ['splits', 'savedAt', 'display', 'results', 'resultsSavedAt'];

export const openCacheDb = (): Promise<IDBPDatabase> =>
  openDB(CACHE_DB_NAME, 2, {
    upgrade(db) {
      for (const store of STORES) if (!db.objectStoreNames.contains(store)) db.createObjectStore(store);
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
