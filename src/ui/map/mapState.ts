/** What the map shows: hidden layers, the clicked feature, a pending fit. Not project data. */
import { create } from 'zustand';

export interface PickedFeature {
  layerId: string;
  index: number;
}

interface MapUiState {
  hidden: Record<string, boolean>;
  picked: PickedFeature | null;
  /** [w, s, e, n] the map should fly to next */
  fitTo: [number, number, number, number] | null;
  toggle(layerId: string): void;
  setPicked(picked: PickedFeature | null): void;
  fit(bbox: [number, number, number, number]): void;
  clearFit(): void;
}

export const useMapUiStore = create<MapUiState>((set) => ({
  hidden: {},
  picked: null,
  fitTo: null,
  toggle: (layerId) => set((s) => ({ hidden: { ...s.hidden, [layerId]: !s.hidden[layerId] } })),
  setPicked: (picked) => set({ picked }),
  fit: (bbox) => set({ fitTo: bbox }),
  clearFit: () => set({ fitTo: null }),
}));
