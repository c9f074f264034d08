/** What the map shows: hidden layers, the clicked feature, a pending fit. Not project data. */
import { create } from 'zustand';
import type { Layer } from '../../core/types.ts';
import type { EarlyDisplay } from '../../state/displayCache.ts';

export interface PickedFeature {
  layerId: string;
  index: number;
}

interface MapUiState {
  hidden: Record<string, boolean>;
  picked: PickedFeature | null;
  /** [w, s, e, n] the map should fly to next */
  fitTo: [number, number, number, number] | null;
  /** the layer object each map source currently draws, by layer id (set by the map) */
  drawn: Record<string, Layer>;
  /** the saved villages' and plots' map GeoJSON, drawn while the project is read back (MapView) */
  early: EarlyDisplay[] | null;
  /** villages tinted as a fill (true) or an outline (false); null: outline while plots are shown */
  villageFill: boolean | null;
  setVillageFill(fill: boolean | null): void;
  toggle(layerId: string): void;
  setPicked(picked: PickedFeature | null): void;
  fit(bbox: [number, number, number, number]): void;
  clearFit(): void;
}

/**
 * A [w, s, e, n] the map can fly to: longitudes within ±180 and latitudes within ±85 (the
 * Web Mercator limit), or null when the box is not a box (NaN, or no overlap with the world).
 * maplibre throws on a latitude beyond ±90, which would take the page down.
 */
export function clampBounds(box: readonly number[] | null | undefined): [number, number, number, number] | null {
  if (!box || box.length < 4 || !box.every(Number.isFinite)) return null;
  const [w, s, e, n] = box;
  if (w > 180 || e < -180 || s > 85 || n < -85 || w > e || s > n) return null;
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
  return [clamp(w, 180), clamp(s, 85), clamp(e, 180), clamp(n, 85)];
}

export const useMapUiStore = create<MapUiState>((set) => ({
  hidden: {},
  picked: null,
  fitTo: null,
  drawn: {},
  early: null,
  villageFill: null,
  setVillageFill: (villageFill) => set({ villageFill }),
  toggle: (layerId) => set((s) => ({ hidden: { ...s.hidden, [layerId]: !s.hidden[layerId] } })),
  setPicked: (picked) => set({ picked }),
  fit: (bbox) => set({ fitTo: clampBounds(bbox) }),
  clearFit: () => set({ fitTo: null }),
}));

/**
 * Runs fn once the map draws this very layer object (its source exists and is not a previous
 * import's), so feature-state set by fn lands on the right features. Returns a cancel function.
 */
export function whenLayerDrawn(layer: Layer, fn: () => void): () => void {
  if (useMapUiStore.getState().drawn[layer.id] === layer) {
    fn();
    return () => {};
  }
  const unsubscribe = useMapUiStore.subscribe((s) => {
    if (s.drawn[layer.id] !== layer) return;
    unsubscribe();
    fn();
  });
  return unsubscribe;
}
