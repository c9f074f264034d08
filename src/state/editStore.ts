/**
 * Plot edits: per-year overrides of plot attributes, undo/redo per year, the audit log, the user
 * name and the selection. Every change goes through `commit` (one edit path); the audit log
 * records who, when, which plots, before and after.
 *
 * Live figures: `version` goes up on every change of effective plot attributes, and
 * `changes` lists the latest ones (year, layer, plot ids) so the accounting can re-aggregate only
 * the villages those plots touch — or everything when `changesSince` returns null.
 */
import { create } from 'zustand';
import type { Layer, Properties } from '../core/types.ts';
import {
  applyEdit,
  baseProperties,
  copyYear,
  editFields,
  effectiveLayer,
  getOverride,
  invertEdit,
  makeEdit,
  nextAuditEntry,
  overridesFor,
  previousYear,
  updateTable,
  type AuditAction,
  type AuditEntry,
  type Edit,
  type OverridesByYear,
} from '../core/edits/index.ts';
import { useProjectStore } from './projectStore.ts';

export interface ChangeNotice {
  version: number;
  year: number;
  /** null with plotIds null: everything may have changed (a year added, a project opened) */
  layerId: string | null;
  plotIds: readonly string[] | null;
  fields: readonly string[];
}

export interface YearHistory {
  undo: readonly Edit[];
  redo: readonly Edit[];
}

export interface Selection {
  layerId: string | null;
  plotIds: ReadonlySet<string>;
}

export type SelectMode = 'replace' | 'add' | 'toggle' | 'remove';

/** No operator name: nothing that moves a figure may change without a named author. */
export class NoOperatorError extends Error {
  constructor() {
    super('请先填写操作人姓名（页面顶部“操作人”），再修改：审计日志须记录是谁做的修改。');
    this.name = 'NoOperatorError';
  }
}

/** An audited change that is not a plot edit (layers, tables, finding marks). */
export interface AuditEventInput {
  action: AuditAction;
  year?: number;
  layerId?: string | null;
  detail: string;
  reason?: string;
}

/** What persistence and project files save of this store. */
export interface EditSnapshot {
  userName: string;
  overrides: OverridesByYear;
  history: Record<string, YearHistory>;
  audit: readonly AuditEntry[];
  selection: { layerId: string | null; plotIds: string[] };
}

export interface SetValuesInput {
  layer: Layer;
  year: number;
  plotIds: readonly string[];
  values: Readonly<Properties>;
  reason?: string;
}

export interface EditState extends Omit<EditSnapshot, 'selection'> {
  selection: Selection;
  version: number;
  changes: readonly ChangeNotice[];
  setUserName(name: string): void;
  /** The operator's name, or throws NoOperatorError when none is entered. */
  requireOperator(): string;
  /** Appends an audit entry for a change that is not a plot edit; throws NoOperatorError without a name. */
  recordEvent(input: AuditEventInput): AuditEntry;
  select(layerId: string, plotIds: Iterable<string>, mode?: SelectMode): void;
  clearSelection(): void;
  /** Sets the same values on every plot; returns the edit, or null when nothing changed. */
  setValues(input: SetValuesInput): Edit | null;
  undo(year: number): Edit | null;
  redo(year: number): Edit | null;
  /** Adds `newYear` as a copy of `fromYear`'s attributes (null: the layers as loaded). */
  startYear(newYear: number, fromYear: number | null): void;
  load(snapshot: Partial<EditSnapshot>): void;
  reset(): void;
  /**
   * Others' changes from the shared server: the plots' overrides of the year as the server holds
   * them now (null: none). Not an edit of this page: no undo step, no entry in this page's log (the
   * server's log holds it, under its author); the map and the figures follow.
   */
  mergeRemote(year: number, layerId: string, plots: Readonly<Record<string, Properties | null>>): void;
}

const MAX_NOTICES = 50;
/** Undo depth per year; older edits stay in the audit log but can no longer be undone step by step. */
const MAX_UNDO = 500;
const EMPTY_HISTORY: YearHistory = { undo: [], redo: [] };

export const emptyEditSnapshot = (): EditSnapshot => ({
  userName: '',
  overrides: {},
  history: {},
  audit: [],
  selection: { layerId: null, plotIds: [] },
});

/** The clock used for audit times; tests may replace it. */
export const editClock = { now: (): string => new Date().toISOString() };

export const useEditStore = create<EditState>((set, get) => {
  /** The one path by which plot attributes change. */
  function operator(): string {
    const name = get().userName.trim();
    if (!name) throw new NoOperatorError();
    return name;
  }

  function commit(edit: Edit, history: YearHistory, action: AuditAction, reason: string): void {
    const s = get();
    const user = operator();
    const overrides = applyEdit(s.overrides, edit);
    const entry = nextAuditEntry(s.audit, {
      time: editClock.now(),
      user,
      action,
      year: edit.year,
      layerId: edit.layerId,
      plotIds: edit.plotIds,
      changes: edit.changes,
      reason,
      detail: '',
    });
    const version = s.version + 1;
    const notice: ChangeNotice = { version, year: edit.year, layerId: edit.layerId, plotIds: edit.plotIds, fields: editFields(edit) };
    set({
      overrides,
      history: { ...s.history, [String(edit.year)]: history },
      audit: [...s.audit, entry],
      version,
      changes: [...s.changes.slice(-(MAX_NOTICES - 1)), notice],
    });
  }

  const historyOf = (year: number): YearHistory => get().history[String(year)] ?? EMPTY_HISTORY;

  return {
    ...emptyEditSnapshot(),
    selection: { layerId: null, plotIds: new Set() },
    version: 0,
    changes: [],
    setUserName: (userName) => set({ userName }),
    requireOperator: operator,
    recordEvent({ action, year = useProjectStore.getState().year, layerId = null, detail, reason = '' }) {
      const user = operator();
      const s = get();
      const entry = nextAuditEntry(s.audit, { time: editClock.now(), user, action, year, layerId, plotIds: [], changes: null, reason, detail });
      set({ audit: [...s.audit, entry] });
      return entry;
    },
    select(layerId, plotIds, mode = 'replace') {
      const current = get().selection;
      const next = new Set(mode === 'replace' || current.layerId !== layerId ? [] : current.plotIds);
      for (const id of plotIds) {
        if (mode === 'remove' || (mode === 'toggle' && next.has(id))) next.delete(id);
        else next.add(id);
      }
      set({ selection: { layerId, plotIds: next } });
    },
    clearSelection: () => set({ selection: { layerId: null, plotIds: new Set() } }),
    setValues({ layer, year, plotIds, values, reason = '' }) {
      const table = overridesFor(get().overrides, year, layer.id);
      const edit = makeEdit({ year, layerId: layer.id, plotIds, values, baseOf: (id) => baseProperties(layer, id), table });
      if (!edit) return null;
      const h = historyOf(year);
      commit(edit, { undo: [...h.undo, edit].slice(-MAX_UNDO), redo: [] }, 'edit', reason.trim());
      return edit;
    },
    undo(year) {
      const h = historyOf(year);
      const edit = h.undo[h.undo.length - 1];
      if (!edit) return null;
      const inverse = invertEdit(edit);
      commit(inverse, { undo: h.undo.slice(0, -1), redo: [...h.redo, edit] }, 'undo', '');
      return inverse;
    },
    redo(year) {
      const h = historyOf(year);
      const edit = h.redo[h.redo.length - 1];
      if (!edit) return null;
      commit(edit, { undo: [...h.undo, edit], redo: h.redo.slice(0, -1) }, 'redo', '');
      return edit;
    },
    mergeRemote(year, layerId, plots) {
      const s = get();
      const key = String(year);
      const updates = new Map(Object.entries(plots).map(([id, props]) => [id, props && Object.keys(props).length ? { ...props } : null]));
      if (updates.size === 0) return;
      const overrides: OverridesByYear = { ...s.overrides, [key]: { ...(s.overrides[key] ?? {}), [layerId]: updateTable(s.overrides[key]?.[layerId], updates) } };
      const fields = new Set<string>();
      for (const props of updates.values()) for (const field of Object.keys(props ?? {})) fields.add(field);
      const version = s.version + 1;
      const notice: ChangeNotice = { version, year, layerId, plotIds: [...updates.keys()], fields: fields.size ? [...fields] : ['ZT', 'ZZZW', 'GGFS', 'SYLX'] };
      set({ overrides, version, changes: [...s.changes.slice(-(MAX_NOTICES - 1)), notice] });
    },
    startYear(newYear, fromYear) {
      const s = get();
      const user = operator();
      const overrides = copyYear(s.overrides, fromYear, newYear);
      const entry = nextAuditEntry(s.audit, {
        time: editClock.now(),
        user,
        action: 'new-year',
        year: newYear,
        layerId: null,
        plotIds: [],
        changes: null,
        reason: '',
        detail: fromYear === null ? '按加载的图层新建' : `复制自 ${fromYear} 年度`,
      });
      const version = s.version + 1;
      const notice: ChangeNotice = { version, year: newYear, layerId: null, plotIds: null, fields: [] };
      set({ overrides, audit: [...s.audit, entry], version, changes: [...s.changes.slice(-(MAX_NOTICES - 1)), notice] });
    },
    load(snapshot) {
      const s = get();
      const full = { ...emptyEditSnapshot(), ...snapshot };
      const version = s.version + 1;
      set({
        userName: full.userName,
        overrides: full.overrides,
        history: full.history,
        audit: full.audit,
        selection: { layerId: full.selection.layerId, plotIds: new Set(full.selection.plotIds) },
        version,
        changes: [...s.changes.slice(-(MAX_NOTICES - 1)), { version, year: useProjectStore.getState().year, layerId: null, plotIds: null, fields: [] }],
      });
    },
    reset() {
      get().load(emptyEditSnapshot());
    },
  };
});

/** The store's persistable part, with the selection as an array. */
export function editSnapshot(state: EditState = useEditStore.getState()): EditSnapshot {
  const { userName, overrides, history, audit, selection } = state;
  return { userName, overrides, history, audit, selection: { layerId: selection.layerId, plotIds: [...selection.plotIds] } };
}

/**
 * The changes after `version`, or null when some are no longer listed (recompute everything then).
 * Notices with plotIds null mean "everything may have changed".
 */
export function changesSince(version: number, state: Pick<EditState, 'version' | 'changes'> = useEditStore.getState()): ChangeNotice[] | null {
  if (version >= state.version) return [];
  const newer = state.changes.filter((c) => c.version > version);
  return newer.length === state.version - version ? newer : null;
}

const effectiveCache = new WeakMap<Layer, { table: unknown; result: Layer }>();

/** The layer as it stands in `year` (the accounting and the exports use this). Memoised. */
export function effectivePlotLayer(layer: Layer, year: number, overrides: OverridesByYear = useEditStore.getState().overrides): Layer {
  const table = overridesFor(overrides, year, layer.id);
  const cached = effectiveCache.get(layer);
  if (cached && cached.table === table) return cached.result;
  const result = effectiveLayer(layer, table);
  effectiveCache.set(layer, { table, result });
  return result;
}

/** A plot's attributes in `year`: the layer's properties overridden by that year's edits. */
export function effectivePlotProperties(layer: Layer, year: number, plotId: string): Properties | undefined {
  const base = baseProperties(layer, plotId);
  if (!base) return undefined;
  const override = getOverride(overridesFor(useEditStore.getState().overrides, year, layer.id), plotId);
  return override ? { ...base, ...override } : base;
}

/**
 * Adds the year after the latest one (or `year`) to the project as a copy of the previous year,
 * and makes it the current year.
 */
export function addYear(year?: number): number {
  const project = useProjectStore.getState();
  const newYear = year ?? Math.max(...project.years, project.year) + 1;
  if (project.years.includes(newYear)) throw new Error(`${newYear} 年度已存在，请在页面顶部的“年度”中选择它。`);
  useEditStore.getState().startYear(newYear, previousYear(project.years, newYear));
  project.setYears([...project.years, newYear]);
  project.setYear(newYear);
  return newYear;
}
