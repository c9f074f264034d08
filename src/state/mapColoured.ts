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
