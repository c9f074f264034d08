/**
 * The project: loaded layers, the quota and cap tables, the years and the chosen year.
 * An imported layer is added beside the loaded ones; it replaces one only when the user chose so
 * (`placeLayers` with the ids to replace). Every change of the layer list keeps the list before it,
 * so the last changes can be undone (`undoLayers`).
 */
import { create } from 'zustand';
import { LAYER_KINDS, type Layer, type LayerKind } from '../core/types.ts';

export interface ProjectTables {
  quotasCsv: string | null;
  capsCsv: string | null;
}

/** The layer list before one change (import, replace, remove), to undo that change. */
export interface LayerChange {
  /** what the change was, in the user's words (e.g. 替换「DLTB」) */
  label: string;
  before: Layer[];
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
  /** the layer lists before the latest changes, newest last */
  layerHistory: LayerChange[];
  /** Adds layers beside the loaded ones (ids made unique); never replaces. */
  addLayers(layers: Layer[]): void;
  /** Adds `added`, removing the loaded layers whose ids are in `replaceIds`; undoable. */
  placeLayers(added: Layer[], replaceIds: readonly string[], label: string): Layer[];
  removeLayer(id: string, label?: string): void;
  /** Changes a loaded layer's metadata (e.g. the wells' readings year); undoable like the others. */
  updateLayer(id: string, patch: Partial<Omit<Layer, 'id' | 'features'>>, label: string): void;
  /** Restores the layer list as it was before the latest change; returns that change. */
  undoLayers(): LayerChange | null;
  setTables(tables: Partial<ProjectTables>): void;
  setYear(year: number): void;
  setYears(years: number[]): void;
  setProject(patch: Partial<Pick<ProjectState, 'projectName' | 'isSample' | 'layers' | 'tables' | 'years' | 'year'>>): void;
}

/** Kinds the accounting and reconciliation use one layer of (the first loaded). */
export const SINGLE_PER_KIND: ReadonlySet<LayerKind> = new Set(LAYER_KINDS.filter((kind) => kind !== 'other'));
const MAX_LAYER_HISTORY = 10;

export function layerOfKind(layers: readonly Layer[], kind: LayerKind): Layer | undefined {
  return layers.find((layer) => layer.kind === kind);
}

/** A loaded layer an imported one could replace: the same id (file name), or the same single kind. */
export interface LayerConflict {
  added: Layer;
  existing: Layer;
  reason: 'same-name' | 'same-kind';
}

export function layerConflicts(current: readonly Layer[], added: readonly Layer[]): LayerConflict[] {
  const conflicts: LayerConflict[] = [];
  for (const layer of added) {
    const sameName = current.find((l) => l.id === layer.id);
    const sameKind = SINGLE_PER_KIND.has(layer.kind) ? current.find((l) => l.kind === layer.kind && l !== sameName) : undefined;
    if (sameName) conflicts.push({ added: layer, existing: sameName, reason: 'same-name' });
    if (sameKind) conflicts.push({ added: layer, existing: sameKind, reason: 'same-kind' });
  }
  return conflicts;
}

/** `id`, or `id_2`, `id_3`, … whichever is not taken. */
export function uniqueLayerId(taken: ReadonlySet<string>, id: string): string {
  if (!taken.has(id)) return id;
  let n = 2;
  while (taken.has(`${id}_${n}`)) n++;
  return `${id}_${n}`;
}

/**
 * The layer list after adding `added` and removing the layers in `replaceIds`. An added layer
 * whose id is still taken is added beside under a new id (and its name gets the same suffix).
 */
export function placeLayers(current: readonly Layer[], added: readonly Layer[], replaceIds: readonly string[]): Layer[] {
  const kept = current.filter((l) => !replaceIds.includes(l.id));
  const taken = new Set(kept.map((l) => l.id));
  const placed = added.map((layer) => {
    const id = uniqueLayerId(taken, layer.id);
    taken.add(id);
    return id === layer.id ? layer : { ...layer, id, name: `${layer.name}（${id.slice(layer.id.length + 1)}）` };
  });
  return [...kept, ...placed];
}

const THIS_YEAR = new Date().getFullYear();

export const useProjectStore = create<ProjectState>((set, get) => ({
  projectName: '',
  isSample: false,
  layers: [],
  layerHistory: [],
  tables: { quotasCsv: null, capsCsv: null },
  years: [THIS_YEAR],
  year: THIS_YEAR,
  addLayers: (layers) => {
    get().placeLayers(layers, [], '添加图层');
  },
  placeLayers: (added, replaceIds, label) => {
    const s = get();
    const layers = placeLayers(s.layers, added, replaceIds);
    set({ layers, layerHistory: [...s.layerHistory, { label, before: s.layers }].slice(-MAX_LAYER_HISTORY) });
    return layers.slice(layers.length - added.length);
  },
  removeLayer: (id, label = `移除图层「${id}」`) =>
    set((s) => ({ layers: s.layers.filter((l) => l.id !== id), layerHistory: [...s.layerHistory, { label, before: s.layers }].slice(-MAX_LAYER_HISTORY) })),
  updateLayer: (id, patch, label) =>
    set((s) => ({
      layers: s.layers.map((l) => (l.id === id ? { ...l, ...patch } : l)),
      layerHistory: [...s.layerHistory, { label, before: s.layers }].slice(-MAX_LAYER_HISTORY),
    })),
  undoLayers: () => {
    const s = get();
    const last = s.layerHistory[s.layerHistory.length - 1];
    if (!last) return null;
    set({ layers: last.before, layerHistory: s.layerHistory.slice(0, -1) });
    return last;
  },
  setTables: (tables) => set((s) => ({ tables: { ...s.tables, ...tables } })),
  setYear: (year) => set((s) => ({ year, years: s.years.includes(year) ? s.years : [...s.years, year].sort() })),
  setYears: (years) => set({ years: [...years].sort() }),
  // a new project (opened, or the sample) starts without layer undo
  setProject: (patch) => set(patch.layers ? { ...patch, layerHistory: [] } : patch),
}));

/**
 * The tables (quotas, caps) with a cell being typed in and not yet saved: a colleague's table from
 * the server is not taken into the page meanwhile (serverLink.ts), so nothing typed is lost.
 */
export const tablesBeingEdited = new Set<string>();

/**
 * The project's layers with the rest of the sample county added (all its layers in `ordered`, the
 * first ones among them), or null to leave the project alone. Added only to the sample county: a
 * project opened meanwhile is not touched; layers the user added or removed meanwhile stay as they
 * are (a removed one does not come back), and the rest come after them.
 */
export function withSampleRest(project: { layers: Layer[]; isSample: boolean }, first: Layer[], ordered: Layer[]): Layer[] | null {
  if (project.layers === first) {
    const kept = new Map(first.map((l) => [l.id, l]));
    return ordered.map((l) => kept.get(l.id) ?? l);
  }
  if (!project.isSample || !first.some((l) => project.layers.includes(l))) return null;
  const have = new Set(project.layers.map((l) => l.id));
  const firstIds = new Set(first.map((l) => l.id));
  return [...project.layers, ...ordered.filter((l) => !firstIds.has(l.id) && !have.has(l.id))];
}
