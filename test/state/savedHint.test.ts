/**
 * The hint that this browser has saved work: absent until a save commits, and "unsure" (never
 * "nothing saved") when storage cannot be read.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { hintSaved, nothingSaved, SAVED_HINT_KEY } from '../../src/state/savedHint.ts';

class MemoryStorage {
  items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('saved hint', () => {
  test('nothing saved until a save sets the hint', () => {
    const storage = new MemoryStorage();
    vi.stubGlobal('localStorage', storage);
    expect(nothingSaved()).toBe(true);
    hintSaved();
    expect(storage.getItem(SAVED_HINT_KEY)).toBe('1');
    expect(nothingSaved()).toBe(false);
  });

  test('storage that is missing or refuses says "unsure", and setting the hint never throws', () => {
    vi.stubGlobal('localStorage', undefined);
    expect(nothingSaved()).toBe(false);
    expect(() => hintSaved()).not.toThrow();
    vi.stubGlobal('localStorage', { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('QuotaExceededError'); } });
    expect(nothingSaved()).toBe(false);
    expect(() => hintSaved()).not.toThrow();
  });
});
