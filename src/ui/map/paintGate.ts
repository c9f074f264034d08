/**
 * Fewer frames while the map opens. Where the map is drawn in software (a PC without a usable
 * GPU; headless Chromium), the browser reads every frame of the WebGL canvas back, and a frame of
 * the county costs 0.1–0.7 s of the page's main thread and as much of a core in the GPU process.
 * Until the county is first shown coloured most frames show nothing new (maplibre asks for one at
 * every tile it receives), and the page's figures, when they come, wait behind a frame begun.
 * MapView holds the gate for two reasons: 'colouring' from the map's creation until
 * src/ui/map/ColouredSignal.tsx sees the county coloured (or sees that nothing will colour it),
 * and 'reveal:<layer id>' while a plots layer's tiles are made unseen (`revealWhenLoaded`; also
 * when a layer is imported later), each with a time limit. Held, the map paints at most once per
 * `intervalMs`; everything else a frame does (tiles requested for the view, labels placed) still
 * runs at every frame, and a frame asked for meanwhile is painted when the interval is over, so
 * nothing is left unpainted. A camera
 * move (the user's or the page's) paints every frame, and a frame someone waits for (the first
 * with the county coloured, src/ui/map/ColouredSignal.tsx) is painted at once (`paintNext`).
 *
 * It wraps the map's painter (`map.painter.render`, not public API): a maplibre without it is
 * left alone and paints every frame, as before.
 */
import type { Map as MaplibreMap } from 'maplibre-gl';

export interface PaintGate {
  /** Throttles painting for this reason until released (reasons are counted apart). */
  hold(reason: string): void;
  release(reason: string): void;
  /** Paints the next frame whatever holds the gate (a frame someone waits for: the coloured map). */
  paintNext(): void;
  /** Whether the map's last frame was painted (a held frame is not). */
  lastFramePainted(): boolean;
  /** Frames painted and frames held so far. */
  frames(): { painted: number; held: number };
}

type Render = (...args: unknown[]) => void;
interface WithPainter {
  painter?: { render?: Render };
}

const gates = new WeakMap<MaplibreMap, PaintGate>();

export function gatePainting(map: MaplibreMap, intervalMs: number, now: () => number = () => performance.now()): PaintGate {
  const held = new Set<string>();
  let painted = true;
  const count = { painted: 0, held: 0 };
  let lastPaint = -Infinity;
  let later: ReturnType<typeof setTimeout> | null = null;
  let forced = false;
  const painter = (map as unknown as WithPainter).painter;
  const render = painter?.render;
  if (painter && typeof render === 'function') {
    painter.render = (...args: unknown[]) => {
      const t = now();
      if (held.size > 0 && !forced && !map.isMoving() && t - lastPaint < intervalMs) {
        painted = false;
        count.held++;
        if (later === null) {
          later = setTimeout(() => {
            later = null;
            map.triggerRepaint();
          }, intervalMs - (t - lastPaint));
        }
        return;
      }
      painted = true;
      forced = false;
      count.painted++;
      lastPaint = t;
      render.apply(painter, args);
    };
  }
  const gate: PaintGate = {
    hold(reason) {
      held.add(reason);
    },
    release(reason) {
      if (!held.delete(reason) || held.size > 0) return;
      if (later !== null) clearTimeout(later);
      later = null;
      map.triggerRepaint();
    },
    paintNext() {
      forced = true;
    },
    lastFramePainted: () => painted,
    frames: () => ({ ...count }),
  };
  gates.set(map, gate);
  return gate;
}

/** The gate of a map (none: it paints every frame). */
export const paintGateOf = (map: MaplibreMap): PaintGate | undefined => gates.get(map);
