/** The reconciliation's engine on the project's overlay (Clipper2 on a local plane, ellipsoidal areas). */
import { overlay, type OverlayRunner } from '../geometry/overlay.ts';
import { difference, intersection } from '../geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../geometry/ellipsoidalArea.ts';
import type { ReconcileEngine } from './engine.ts';

/** runner: an optional worker pool for the overlay's chunks (absent = in-process). */
export function overlayEngine(runner?: OverlayRunner): ReconcileEngine {
  return {
    overlay: (a, b, options) => overlay([...a], [...b], { ...options, runner }),
    difference: async (a, others) => difference(a, others),
    intersection: async (a, b) => intersection(a, b),
    areaM2: (geometry) => ellipsoidalAreaM2(geometry),
  };
}
