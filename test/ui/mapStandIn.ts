/**
 * A stand-in for maplibre's map whose frames are run by hand: `frame(n)` is what maplibre's
 * `_render` does, its painter's `render` and then the `render` listeners. The sources are all
 * loaded and the plots' fill shown unless the test says otherwise.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { Map as MaplibreMap } from 'maplibre-gl';

/** A clock the test sets by hand (`t`), from 0 in each test, with vitest's fake timers on. */
export function handClock(): { t: number; now: () => number } {
  const clock = { t: 0, now: () => clock.t };
  beforeEach(() => {
    vi.useFakeTimers();
    clock.t = 0;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  return clock;
}

export function mapStandIn() {
  const drawn: number[] = [];
  const listeners = new Set<() => void>();
  const map = {
    moving: false,
    repaints: 0,
    loaded: true,
    revealed: true,
    painter: { render: (n: number) => drawn.push(n) },
    isMoving() {
      return this.moving;
    },
    triggerRepaint() {
      this.repaints++;
    },
    on: (_: string, f: () => void) => listeners.add(f),
    off: (_: string, f: () => void) => listeners.delete(f),
    getSource: () => ({}),
    isSourceLoaded() {
      return this.loaded;
    },
    getLayer: () => ({}),
    getPaintProperty() {
      return this.revealed ? 1 : 0;
    },
    frame(n: number) {
      this.painter.render(n);
      for (const f of [...listeners]) f();
    },
  };
  return { map, drawn, asMap: map as unknown as MaplibreMap };
}
