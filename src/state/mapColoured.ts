/**
 * Draw first, compute after: work that can wait (the other years' figures) waits until the map
 * shows the county coloured, so it does not take the processor from the map's workers meanwhile.
 * The map reports through `setMapColoured` (src/ui/map/ColouredSignal.tsx); where there is no map
 * (tests, a page without one) nothing waits, and nothing waits longer than `maxWaitMs`.
 */
let hasMap = false;
let coloured = false;

/** Promises that resolve when released, or after their own longest wait. */
class Waiters {
  private waiting: (() => void)[] = [];

  wait(maxWaitMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting = this.waiting.filter((f) => f !== done);
        resolve();
      };
      const timer = setTimeout(done, maxWaitMs);
      this.waiting.push(done);
    });
  }

  release(): void {
    const ready = this.waiting;
    this.waiting = [];
    for (const resolve of ready) resolve();
  }
}

const untilColoured = new Waiters();

export function setMapColoured(value: boolean): void {
  hasMap = true;
  coloured = value;
  if (!value) return;
  openingOver();
  untilColoured.release();
}

export function afterMapColoured(maxWaitMs = 15_000): Promise<void> {
  if (!hasMap || coloured) return Promise.resolve();
  return untilColoured.wait(maxWaitMs);
}

/**
 * The page's opening: over once the map has first shown the county coloured, or has been told
 * nothing will colour it (`openingOver`). Work that only keeps what is already on the page (the
 * first autosave of a freshly loaded county) waits for it, never longer than `maxWaitMs`; where
 * there is no map nothing waits. Unlike `afterMapColoured`, it never waits again once over.
 */
let opened = false;
const untilOpened = new Waiters();

export function openingOver(): void {
  hasMap = true;
  if (opened) return;
  opened = true;
  untilOpened.release();
}

export function afterOpening(maxWaitMs = 15_000): Promise<void> {
  if (!hasMap || opened) return Promise.resolve();
  return untilOpened.wait(maxWaitMs);
}
