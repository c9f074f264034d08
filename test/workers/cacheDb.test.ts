/** The cache databases keep the newest few entries of a store (src/workers/cacheDb.ts). */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { putKeepingNewest, resultsDb } from '../../src/workers/cacheDb.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('putKeepingNewest', () => {
  it('keeps the value with its time and deletes all but the newest entries, theirs and their times', async () => {
    const db = await resultsDb();
    let now = 1_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    for (const key of ['a', 'b', 'c', 'd', 'e']) {
      now += 10;
      await putKeepingNewest(db, 'results', 'savedAt', key, { key }, 3);
    }
    expect((await db.getAllKeys('results')).sort()).toEqual(['c', 'd', 'e']);
    expect((await db.getAllKeys('savedAt')).sort()).toEqual(['c', 'd', 'e']);
    expect(await db.get('results', 'e')).toEqual({ key: 'e' });
    expect(await db.get('savedAt', 'c')).toBe(1_030);
    // a key saved again is the newest again
    now += 10;
    await putKeepingNewest(db, 'results', 'savedAt', 'c', { key: 'c', again: true }, 2);
    expect((await db.getAllKeys('results')).sort()).toEqual(['c', 'e']);
    expect(await db.get('results', 'c')).toEqual({ key: 'c', again: true });
  });

  it('opens each database once', () => {
    expect(resultsDb()).toBe(resultsDb());
  });
});
