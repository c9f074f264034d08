/**
 * The project: loaded layers, the quota and cap tables, the years and the chosen year.
 * Layers are replaced per kind (one villages layer, one plots layer, …; 'other' layers accumulate).
 */
import { create } from 'zustand';
import { LAYER_KINDS, type Layer, type LayerKind } from '../core/types.ts';

export interface ProjectTables {
  quotasCsv: string | null;
  capsCsv: string | null;
}

export interface ProjectState {
  /** a label for the project (the sample county's name, or the user's) */
  projectName: string;
  /** true while the loaded data is the generated sample county (示例数据) */
  isSample: boolean;
  layers: Layer[];
  tables: ProjectTables;
  years: number[];
  year: number;
  addLayers(layers: Layer[]): void;
  removeLayer(id: string): void;
  setTables(tables: Partial<ProjectTables>): void;
  setYear(year: number): void;
  setYears(years: number[]): void;
  setProject(patch: Partial<Pick<ProjectState, 'projectName' | 'isSample' | 'layers' | 'tables' | 'years' | 'year'>>): void;
}

const SINGLE_PER_KIND: ReadonlySet<LayerKind> = new Set(LAYER_KINDS.filter((kind) => kind !== 'other'));

export function layerOfKind(layers: readonly Layer[], kind: LayerKind): Layer | undefined {
  return layers.find((layer) => layer.kind === kind);
}

/** New layers replace loaded layers of the same kind (except 'other'). */
export function mergeLayers(current: readonly Layer[], added: readonly Layer[]): Layer[] {
  const replacedKinds = new Set(added.map((l) => l.kind).filter((k) => SINGLE_PER_KIND.has(k)));
  const addedIds = new Set(added.map((l) => l.id));
  const kept = current.filter((l) => !replacedKinds.has(l.kind) && !addedIds.has(l.id));
  return [...kept, ...added];
}

const THIS_YEAR = new Date().getFullYear();

export const useProjectStore = create<ProjectState>((set) => ({
  projectName: '',
  isSample: false,
  layers: [],
  tables: { quotasCsv: null, capsCsv: null },
  years: [THIS_YEAR],
  year: THIS_YEAR,
  addLayers: (layers) => set((s) => ({ layers: mergeLayers(s.layers, layers) })),
  removeLayer: (id) => set((s) => ({ layers: s.layers.filter((l) => l.id !== id) })),
  setTables: (tables) => set((s) => ({ tables: { ...s.tables, ...tables } })),
  setYear: (year) => set((s) => ({ year, years: s.years.includes(year) ? s.years : [...s.years, year].sort() })),
  setYears: (years) => set({ years: [...years].sort() }),
  setProject: (patch) => set(patch),
}));
