/**
 * The 退减规划 panel's state: runs the `plan` job in the worker (progress, cancel) on the statuses
 * as they stand for the year (the page's edits included), keeps the geometric split for reruns,
 * and accepts a plan through the normal edit path — one audited edit per village, reason
 * "退减规划" — which the undo button takes back edit by edit.
 */
import { create } from 'zustand';
import type { AccountingSplit } from '../../core/accounting/types.ts';
import { encodeColumns, PLOT_FIELDS } from '../../core/accounting/encodeAttributes.ts';
import { plotIdOf, propertiesAccessor } from '../../core/edits/index.ts';
import { packLayer } from '../../core/geometry/packedLayer.ts';
import type { PlanAction, PlanBasis, PlanResult } from '../../core/plan/types.ts';
import { isAdjustable, revisePlan, type RevisionContext } from '../../core/plan/revise.ts';
import type { JobProgress, Layer, Properties } from '../../core/types.ts';
import type { ScheduleOutput } from '../../jobs/plan.ts';
import { capsFromCsvText, quotasFromCsvText } from '../../io/tables/readTable.ts';
import { runJob } from '../../workers/jobClient.ts';
import { useEditStore } from '../../state/editStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { registerPersistedSlot } from '../../state/persistence.ts';

export const PLAN_REASON = '退减规划';

export interface PlanSettingsInput {
  basis: PlanBasis;
  action: PlanAction;
  /** '' = the whole county; 9 digits = a township; 12 digits = a village */
  scope: string;
  patchGapM: number;
}

export interface AcceptedPlan {
  year: number;
  /** edits written, one per village, newest last */
  edits: number;
  /** the year's undo depth right after accepting: the plan is undone only while nothing came after it */
  undoDepth: number;
  plotCount: number;
}

interface PlanState {
  settings: PlanSettingsInput;
  status: 'idle' | 'running' | 'done' | 'error';
  progress: JobProgress | null;
  error: string | null;
  result: PlanResult | null;
  /** the plots layer the result's feature indices refer to */
  plotsLayer: Layer | null;
  lastRunMs: number | null;
  accepted: AcceptedPlan | null;
  /** the run's context for changes by hand, the current choice by plot index, and how many plots were changed */
  revision: RevisionContext | null;
  chosen: Uint8Array | null;
  changedByHand: number;
  /** clicking a plot on the map adds it to the plan or removes it */
  adjusting: boolean;
  /** plots (DKBM) the plan must not choose */
  locked: ReadonlySet<string>;
  setLocked(codes: Iterable<string>, lock: boolean): void;
  setAdjusting(on: boolean): void;
  /** adds or removes plots (plot indices); false when none of them can be changed */
  toggle(plots: readonly number[]): boolean;
  setSettings(patch: Partial<PlanSettingsInput>): void;
  run(): Promise<void>;
  cancel(): void;
  accept(): AcceptedPlan | null;
  undoAccepted(): number;
  clear(): void;
  /** the multi-year 前轻后重 schedule from the chosen year to the last year of caps.csv */
  schedule: Omit<ScheduleOutput, 'plans'> | null;
  scheduleStatus: 'idle' | 'running' | 'done' | 'error';
  scheduleProgress: JobProgress | null;
  scheduleError: string | null;
  runSchedule(): Promise<void>;
  cancelSchedule(): void;
}

let controller: AbortController | null = null;
let scheduleController: AbortController | null = null;
let kept: { layers: (Layer | undefined)[]; split: AccountingSplit } | null = null;

function villageCodesIn(villages: Layer, scope: string): string[] | null {
  if (!scope) return null;
  const codes = new Set<string>();
  for (const f of villages.features.features) {
    const code = String(f.properties?.ZLDWDM ?? f.properties?.CJDM ?? '').trim().slice(0, 12);
    const township = String(f.properties?.XZDM ?? '').trim() || code.slice(0, 9);
    if (code === scope || township === scope) codes.add(code);
  }
  return [...codes];
}

/** The plan job's input from the project as it stands (the page's edits of the year included). */
function planInput(settings: PlanSettingsInput, locked: ReadonlySet<string>) {
  const { layers, tables, year } = useProjectStore.getState();
  const villages = layerOfKind(layers, 'villages');
  const plots = layerOfKind(layers, 'plots');
  if (!villages || !plots) throw new Error('需要先加载村界和种植地块图层 (load the villages and plots layers first)');
  if (!tables.quotasCsv || !tables.capsCsv) throw new Error('需要用水定额表和控制指标表 (load the quota and cap tables first)');
  const forest = layerOfKind(layers, 'forest');
  const wells = layerOfKind(layers, 'wells');
  const splitLayers = [villages, plots, forest, wells];
  const reuse = kept && kept.layers.every((l, i) => l === splitLayers[i]) ? kept.split : null;
  const get1 = propertiesAccessor(plots, useEditStore.getState().overrides, year);
  const input = {
    year, basis: settings.basis, action: settings.action, patchGapM: settings.patchGapM,
    quotas: quotasFromCsvText(tables.quotasCsv, 'quotas.csv'), caps: capsFromCsvText(tables.capsCsv, 'caps.csv'),
    scope: villageCodesIn(villages, settings.scope),
    locked: [...locked],
    attributes: {
      // beyond the accounting's fields: courtyard (a candidate rule), household, recorded village (wells)
      plots: encodeColumns(plots.features.features.length, get1, [...PLOT_FIELDS, 'TYZZ', 'CBFMC', 'ZLDWDM']),
      forest: forest ? forest.features.features.map((f) => f.properties ?? {}) : null,
      wells: wells ? wells.features.features.map((f) => f.properties ?? {}) : null,
    },
    geometry: {
      villages: villages.features.features,
      plots: packLayer(plots.features.features.map((f) => f.geometry)),
      forest: forest ? packLayer(forest.features.features.map((f) => f.geometry)) : null,
      wells: wells?.features.features ?? null,
    },
    wellsReadingsYear: wells?.readingsYear ?? null,
    files: { quotas: 'quotas.csv', caps: 'caps.csv', villages: villages.name, plots: plots.name },
    ...(reuse ? { split: structuredClone(reuse) } : {}),
  };
  return { input, splitLayers, plots };
}

export const usePlanStore = create<PlanState>((set, get) => ({
  settings: { basis: 'demand', action: '退减', scope: '', patchGapM: 20 },
  status: 'idle',
  progress: null,
  error: null,
  result: null,
  plotsLayer: null,
  lastRunMs: null,
  accepted: null,
  revision: null,
  chosen: null,
  changedByHand: 0,
  adjusting: false,
  locked: new Set<string>(),
  setLocked: (codes, lock) => set((s) => {
    const next = new Set(s.locked);
    for (const code of codes) if (lock) next.add(code); else next.delete(code);
    return { locked: next };
  }),
  setAdjusting: (adjusting) => set({ adjusting }),
  toggle(plots) {
    const { revision, chosen, accepted } = get();
    if (!revision || !chosen || accepted) return false;
    const next = chosen.slice();
    let changed = 0;
    for (const i of plots) {
      if (!isAdjustable(revision, i)) continue;
      next[i] = next[i] ? 0 : 1;
      changed += 1;
    }
    if (!changed) return false;
    let differs = 0;
    for (let i = 0; i < next.length; i++) if (next[i] !== revision.chosen[i]) differs += 1;
    set({ chosen: next, result: revisePlan(revision, next), changedByHand: differs });
    return true;
  },
  setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch }, schedule: null, scheduleStatus: 'idle' })),
  schedule: null,
  scheduleStatus: 'idle',
  scheduleProgress: null,
  scheduleError: null,
  cancelSchedule: () => scheduleController?.abort(),
  async runSchedule() {
    scheduleController?.abort();
    const mine = new AbortController();
    scheduleController = mine;
    set({ scheduleStatus: 'running', scheduleProgress: null, scheduleError: null });
    try {
      const { input } = planInput(get().settings, get().locked);
      const schedule = await runJob('planSchedule', input, { signal: mine.signal, onProgress: (progress) => set({ scheduleProgress: progress }) });
      if (scheduleController !== mine) return;
      set({ schedule, scheduleStatus: 'done', scheduleProgress: null });
    } catch (error) {
      if (scheduleController !== mine) return;
      const cancelled = error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError' || /cancel/i.test(error.message));
      set({ scheduleStatus: cancelled ? (get().schedule ? 'done' : 'idle') : 'error', scheduleProgress: null, scheduleError: cancelled ? null : error instanceof Error ? error.message : String(error) });
    } finally {
      if (scheduleController === mine) scheduleController = null;
    }
  },
  cancel: () => controller?.abort(),
  clear: () => set({ result: null, status: 'idle', accepted: null }),
  async run() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const started = performance.now();
    set({ status: 'running', progress: null, error: null, accepted: null });
    try {
      const { input, splitLayers, plots } = planInput(get().settings, get().locked);
      const output = await runJob('plan', input, { signal: mine.signal, onProgress: (progress) => set({ progress }) });
      kept = { layers: splitLayers, split: output.split };
      if (controller !== mine) return;
      set({
        status: 'done', result: output.plan, plotsLayer: plots, progress: null, lastRunMs: Math.round(performance.now() - started),
        revision: output.revision, chosen: output.revision.chosen.slice(), changedByHand: 0,
      });
    } catch (error) {
      if (controller !== mine) return;
      const cancelled = error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError' || /cancel/i.test(error.message));
      set({ status: cancelled ? (get().result ? 'done' : 'idle') : 'error', progress: null, error: cancelled ? null : error instanceof Error ? error.message : String(error) });
    } finally {
      if (controller === mine) controller = null;
    }
  },
  accept() {
    const { result, plotsLayer } = get();
    if (!result || !plotsLayer) return null;
    const features = plotsLayer.features.features;
    const byVillage = new Map<string, string[]>();
    for (const p of result.plots) byVillage.set(p.villageCode, [...(byVillage.get(p.villageCode) ?? []), plotIdOf(features[p.featureIndex], p.featureIndex)]);
    let edits = 0;
    for (const plotIds of byVillage.values()) {
      const edit = useEditStore.getState().setValues({ layer: plotsLayer, year: result.year, plotIds, values: { ZT: result.action }, reason: PLAN_REASON });
      if (edit) edits += 1;
    }
    const undoDepth = useEditStore.getState().history[String(result.year)]?.undo.length ?? 0;
    const accepted = { year: result.year, edits, plotCount: result.plots.length, undoDepth };
    set({ accepted });
    return accepted;
  },
  undoAccepted() {
    const { accepted } = get();
    if (!accepted) return 0;
    if ((useEditStore.getState().history[String(accepted.year)]?.undo.length ?? 0) !== accepted.undoDepth) {
      set({ error: '规划接受之后又有其他修改，请在审计日志中逐条撤销 (other edits came after the plan: undo them one by one)' });
      return 0;
    }
    let undone = 0;
    for (let k = 0; k < accepted.edits; k++) if (useEditStore.getState().undo(accepted.year)) undone += 1;
    set({ accepted: null });
    return undone;
  },
}));

// the locked plots (DKBM) are kept with the project: in the browser's storage and the project file
registerPersistedSlot({
  name: 'planLocks',
  snapshot: () => ({ locked: [...usePlanStore.getState().locked].sort() }),
  restore: (value) => {
    const codes = (value as { locked?: unknown } | null)?.locked;
    usePlanStore.setState({ locked: new Set(Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : []) });
  },
  subscribe: (onChange) => usePlanStore.subscribe((s, prev) => {
    if (s.locked !== prev.locked) onChange();
  }),
});

// a schedule is of one starting year and the statuses then: another year or an edit makes it stale
useProjectStore.subscribe((s, prev) => {
  if (s.year !== prev.year && usePlanStore.getState().schedule) usePlanStore.setState({ schedule: null, scheduleStatus: 'idle' });
});
useEditStore.subscribe((s, prev) => {
  if (s.version !== prev.version && usePlanStore.getState().schedule) usePlanStore.setState({ schedule: null, scheduleStatus: 'idle' });
});
