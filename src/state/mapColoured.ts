/**
 * Draw first, compute after: work that can wait (the other years' figures) waits until the map
 * shows the county coloured, so it does not take the processor from the map's workers meanwhile.
 * The map reports through `setMapColoured` (src/ui/map/ColouredSignal.tsx); where there is no map
 * (tests, a page without one) nothing waits, and nothing waits longer than `maxWaitMs`.
 */
let hasMap = false;
let coloured = false;
let waiting: (() => void)[] = [];

export function setMapColoured(value: boolean): void {
  hasMap = true;
  coloured = value;
  if (!value) return;
  openingOver();
  const ready = waiting;
  waiting = [];
  for (const resolve of ready) resolve();
}

export function afterMapColoured(maxWaitMs = 15_000): Promise<void> {
  if (!hasMap || coloured) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      waiting = waiting.filter((f) => f !== done);
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    waiting.push(done);
  });
}

/**
 * The page's opening: over once the map has first shown the county coloured, or has been told
 * nothing will colour it (`openingOver`). Work that only keeps what is already on the page (the
 * first autosave of a freshly loaded county) waits for it, never longer than `maxWaitMs`; where
 * there is no map nothing waits. Unlike `afterMapColoured`, it never waits again once over.
 */
let opened = false;
let openingWaiting: (() => void)[] = [];

export function openingOver(): void {
  hasMap = true;
  if (opened) return;
  opened = true;
  const ready = openingWaiting;
  openingWaiting = [];
  for (const resolve of ready) resolve();
}

export function afterOpening(maxWaitMs = 15_000): Promise<void> {
  if (!hasMap || opened) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      openingWaiting = openingWaiting.filter((f) => f !== done);
      resolve();
    };
    const timer = setTimeout(done, maxWaitMs);
    openingWaiting.push(done);
  });
}
