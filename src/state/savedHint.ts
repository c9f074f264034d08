/**
 * A hint, in localStorage, that this browser has saved work: set once a save has committed
 * (src/state/persistence.ts). A browser without it has never saved work here, so the page starts
 * reading the sample county at once (src/ui/earlySample.ts), while it still looks for saved work.
 * Only a hint for speed: without it (cleared apart from the database, saved by an older build) the
 * restore still finds the saved work, and the sample read meanwhile is dropped.
 */
export const SAVED_HINT_KEY = 'shuidi:saved';

const storage = (): Storage | null => {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null; // storage refused by the browser's settings
  }
};

/**
 * Whether this browser surely holds no saved work: no save has ever committed here. Asked without
 * IndexedDB, whose first use in a fresh profile takes a few hundred ms (asking it which databases
 * exist waits as long). False whenever unsure.
 */
export function nothingSaved(): boolean {
  try {
    const s = storage();
    return s !== null && s.getItem(SAVED_HINT_KEY) === null;
  } catch {
    return false;
  }
}

export function hintSaved(): void {
  try {
    storage()?.setItem(SAVED_HINT_KEY, '1');
  } catch {
    // the hint only saves time on a first opening
  }
}
