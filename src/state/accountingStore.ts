/**
 * The water accounting in the page: runs the `account` job in the worker with progress and
 * cancel, keeps phase 1 (the geometric split) and re-runs only phase 2 when the year, the tables
 * or plot statuses change. Remembers the city's figures per year for the trajectory chart.
 */
import { create } from 'zustand';
import type { AccountingResult, AccountingSplit, Unit } from '../core/accounting/types.ts';
import { groundwaterShares, sameShares, type GroundwaterShares } from '../core/accounting/shares.ts';
import type { JobProgress, Layer, Properties } from '../core/types.ts';
import { encodeColumns } from '../core/accounting/encodeAttributes.ts';
import { overridesFor, propertiesAccessor, type OverridesByYear } from '../core/edits/index.ts';
import { packLayer } from '../core/geometry/packedLayer.ts';
import { capsFromCsvText, quotasFromCsvText } from '../io/tables/readTable.ts';
import { runJob } from '../workers/jobClient.ts';
import type { AccountAttributes, AccountInput } from '../jobs/account.ts';
import { layerOfKind, useProjectStore, type ProjectState } from './projectStore.ts';
import { useEditStore } from './editStore.ts';
import { afterMapColoured } from './mapColoured.ts';
import { keepResultStored, readResult, resultKey, type ResultKeyInput } from './resultCache.ts';
import { usePersistenceStore } from './persistence.ts';

export type AccountingStatus = 'idle' | 'running' | 'done' | 'error';

export interface CityYear {
  groundwaterDemandM3: number;
  actualGroundwaterM3: number | null;
  groundwaterCapM3: number | null;
}

export interface AccountingState {
  status: AccountingStatus;
  progress: JobProgress | null;
  error: string | null;
  result: AccountingResult | null;
  /**
   * The groundwater shares the village map and its legend show: the result's, or on a first run
   * the worker's early ones (final, core/accounting/shares.ts) while it still looks for overlaps.
   */
  shares: GroundwaterShares | null;
  /** the city's figures of every year computed so far (for the chart) */
  cityByYear: Record<number, CityYear>;
  /** the village (or township) whose breakdown is shown */
  selectedCode: string | null;
  /** whether the last run re-used the kept geometric split */
  reusedSplit: boolean;
  lastRunMs: number | null;
  /** time in the worker: geometric split and aggregation */
  timingsMs: { split: number; aggregate: number } | null;
  run(options?: { fromScratch?: boolean }): Promise<void>;
  cancel(): void;
  select(code: string | null): void;
  /** which basis colours the village map: demand (areas × quotas) or metered (wells) */
  mapBasis: GroundwaterBasis;
  setMapBasis(basis: GroundwaterBasis): void;
}

export type GroundwaterBasis = 'demand' | 'metered';

/** A village's groundwater use ÷ cap on a basis (null without a cap, or without wells on the metered basis). */
export const shareOnBasis = (unit: { gwShare: number | null; actualGwShare: number | null }, basis: GroundwaterBasis): number | null =>
  basis === 'demand' ? unit.gwShare : unit.actualGwShare;

let controller: AbortController | null = null;
let kept: { layers: (Layer | undefined)[]; split: AccountingSplit } | null = null;

/**
 * Phase 1 depends only on the geometry of these layers. Layers are never changed in place (edits
 * are overrides), so the very same layer objects mean the same split; a layer imported again,
 * even under the same name and with as many features, is a new object and is split anew.
 */
function sameLayers(a: (Layer | undefined)[], b: (Layer | undefined)[]): boolean {
  return a.length === b.length && a.every((layer, i) => layer === b[i]);
}

const props = (layer: Layer | undefined | null): Properties[] | null =>
  layer ? layer.features.features.map((f) => f.properties ?? {}) : null;

/**
 * What a result depends on besides its year: the accounted layers, the tables and the edits'
 * overrides, all compared by identity (none is ever changed in place). Results are kept per year
 * for one set of these, so a year shown again is not recomputed; any change starts a new set.
 */
interface ResultInputs {
  layers: (Layer | undefined)[];
  tables: ProjectState['tables'];
  overrides: unknown;
}

let resultsByYear: { inputs: ResultInputs; results: Map<number, AccountingResult> } | null = null;

function currentInputs(): ResultInputs {
  const { layers, tables } = useProjectStore.getState();
  return { layers: ACCOUNTED_KINDS.map((kind) => layerOfKind(layers, kind)), tables, overrides: useEditStore.getState().overrides };
}

const sameInputs = (a: ResultInputs, b: ResultInputs): boolean =>
  sameLayers(a.layers, b.layers) && a.tables === b.tables && a.overrides === b.overrides;

/** The result of `year` computed from these very inputs, if there is one. */
function keptResult(inputs: ResultInputs, year: number): AccountingResult | undefined {
  return resultsByYear && sameInputs(resultsByYear.inputs, inputs) ? resultsByYear.results.get(year) : undefined;
}

function keepResult(inputs: ResultInputs, year: number, result: AccountingResult): void {
  if (!resultsByYear || !sameInputs(resultsByYear.inputs, inputs)) resultsByYear = { inputs, results: new Map() };
  resultsByYear.results.set(year, result);
}

const cityFigures = (city: Unit): CityYear => ({ groundwaterDemandM3: city.groundwaterDemandM3, actualGroundwaterM3: city.actualGroundwaterM3, groundwaterCapM3: city.groundwaterCapM3 });

function inputs(): { year: number; villages: Layer; plots: Layer; forest?: Layer; wells?: Layer; quotasCsv: string; capsCsv: string } {
  const { layers, tables, year } = useProjectStore.getState();
  const villages = layerOfKind(layers, 'villages');
  const plots = layerOfKind(layers, 'plots');
  if (!villages || !plots) throw new Error('需要先加载村界和种植地块图层 (load the villages and plots layers first)');
  if (!tables.quotasCsv || !tables.capsCsv) throw new Error('需要用水定额表和控制指标表（在“定额与指标”中导入）(load the quota and cap tables first)');
  return { year, villages, plots, forest: layerOfKind(layers, 'forest'), wells: layerOfKind(layers, 'wells'), quotasCsv: tables.quotasCsv, capsCsv: tables.capsCsv };
}

export const useAccountingStore = create<AccountingState>((set, get) => ({
  status: 'idle',
  progress: null,
  error: null,
  result: null,
  shares: null,
  cityByYear: {},
  selectedCode: null,
  reusedSplit: false,
  lastRunMs: null,
  timingsMs: null,
  select: (code) => set({ selectedCode: code }),
  mapBasis: 'demand',
  setMapBasis: (basis) => set({ mapBasis: basis }),
  cancel: () => {
    controller?.abort();
  },
  async run(options = {}) {
    controller?.abort();
    const mine = new AbortController();
    const epoch = chartEpoch;
    controller = mine;
    const started = performance.now();
    const resultInputs = currentInputs();
    const year = useProjectStore.getState().year;
    const ready = options.fromScratch ? undefined : keptResult(resultInputs, year);
    if (ready) {
      // this year was computed from these very inputs: shown at once, no worker round trip
      controller = null;
      set({ status: 'done', ...withShares(ready), progress: null, error: null, lastRunMs: 0 });
      performance.mark('shuidi:accounting:done', { detail: { year, kept: true } });
      return;
    }
    let running = false;
    try {
      const x = inputs();
      const quotas = quotasFromCsvText(x.quotasCsv, 'quotas.csv');
      const caps = capsFromCsvText(x.capsCsv, 'caps.csv');
      const plots = x.plots;
      const overrides = useEditStore.getState().overrides;
      const splitLayers = [x.villages, x.plots, x.forest, x.wells];
      const reuse = !options.fromScratch && kept && sameLayers(kept.layers, splitLayers) ? kept.split : null;
      const files = { quotas: 'quotas.csv', caps: 'caps.csv', villages: x.villages.name, plots: x.plots.name };
      // the same inputs' result kept from an earlier opening is shown at once; the worker still
      // makes the split (other years and edits need it) and its result, the same, is not shown again
      const keyInput = resultKeyInput(resultInputs.layers, x.year, overrides, { quotas, caps, wellsReadingsYear: x.wells?.readingsYear ?? null, files });
      const key = options.fromScratch ? null : resultKey(keyInput);
      const stored = key ? await readResult(key) : undefined;
      if (controller !== mine) return;
      if (stored) {
        keepResult(resultInputs, x.year, stored);
        set({ status: 'done', ...withShares(stored), progress: null, error: null, lastRunMs: Math.round(performance.now() - started) });
        performance.mark('shuidi:accounting:done', { detail: { year: x.year, kept: true, stored: true } });
        // draw first: the worker's own run (handing it the county, the split) waits until the
        // map shows the county coloured by the kept figures, and takes no core from the map's tiles
        await afterMapColoured();
        if (controller !== mine) return;
      } else {
        set({ status: 'running', progress: null, error: null });
        running = true;
      }
      // plot attributes go as dictionary-coded columns and geometry as packed arrays: both are
      // transferred, not cloned, so the page does not stall while the job is handed over
      const get = propertiesAccessor(plots, overrides, x.year);
      const attributes = { plots: encodeColumns(plots.features.features.length, get), forest: props(x.forest), wells: props(x.wells) };
      const common = { year: x.year, quotas, caps, attributes, wellsReadingsYear: x.wells?.readingsYear ?? null, files };
      performance.mark('shuidi:accounting:start');
      const onProgress = (progress: JobProgress) => {
        if (running) set({ progress });
      };
      // a computed split gives the shares first: the map is coloured while the overlaps are found
      // (not over a kept result's, which are the same)
      let early: GroundwaterShares | null = null;
      const onPartial = (shares: GroundwaterShares) => {
        if (controller !== mine || stored || shares.year !== x.year) return;
        performance.mark('shuidi:accounting:shares', { detail: { year: x.year } });
        early = shares;
        set({ shares });
      };
      const output = reuse
        // a copy of the kept split goes (the client transfers its buffers); ours stays usable
        ? await runJob('account', { ...common, split: structuredClone(reuse) }, { signal: mine.signal, onProgress })
        : await runJob('account', {
          ...common,
          geometry: {
            villages: x.villages.features.features,
            plots: packLayer(plots.features.features.map((f) => f.geometry)),
            forest: x.forest ? packLayer(x.forest.features.features.map((f) => f.geometry)) : null,
            wells: x.wells?.features.features ?? null,
          },
        }, { signal: mine.signal, onProgress, onPartial });
      kept = { layers: splitLayers, split: output.split };
      performance.mark('shuidi:accounting:done', { detail: { year: x.year, reusedSplit: reuse !== null, splitFromCache: output.splitFromCache ?? false, ...output.timingsMs } });
      if (controller !== mine) return;
      const result = stored ? checkedStored(stored, output.result) : output.result;
      keepResult(resultInputs, x.year, result);
      if (!stored) storeResult(keyInput, result);
      const city = result.units.find((u: Unit) => u.level === 'city');
      // the chart's years were reset while this ran (other layers or tables): its figure is stale there
      const chartCurrent = epoch === chartEpoch;
      set((s) => ({
        status: 'done', ...withShares(early ? checkedEarlyShares(early, result) : result, s.shares), progress: null, reusedSplit: reuse !== null,
        lastRunMs: Math.round(performance.now() - started), timingsMs: output.timingsMs,
        cityByYear: city && chartCurrent ? { ...s.cityByYear, [x.year]: cityFigures(city) } : s.cityByYear,
      }));
      if (chartCurrent) void fillOtherYears(mine, x.plots, common, resultInputs);
    } catch (error) {
      if (controller !== mine) return;
      const cancelled = error instanceof Error && (error.name === 'CancelledError' || error.name === 'AbortError' || /cancel/i.test(error.message));
      // the map goes back to the figures shown (early shares of a run that did not finish go)
      const { result, shares } = get();
      set({
        status: cancelled ? (result ? 'done' : 'idle') : 'error', progress: null, error: cancelled ? null : error instanceof Error ? error.message : String(error),
        shares: result ? withShares(result, shares).shares : null,
      });
    } finally {
      if (controller === mine) controller = null;
    }
  },
}));

/**
 * A result with its shares. The shares shown already stay (the same object: the map is not
 * coloured again) when the result's are the same, as the early ones of the same run always are.
 */
function withShares(result: AccountingResult, shown?: GroundwaterShares | null): Pick<AccountingState, 'result' | 'shares'> {
  const shares = groundwaterShares(result);
  return { result, shares: shown && sameShares(shown, shares) ? shown : shares };
}

/**
 * The whole result against the shares the map was coloured by before it: the same result when
 * they agree, as they always should (the overlaps found after change no share); else the same with
 * a note saying the map was first coloured otherwise (the result's shares are then shown).
 */
export function checkedEarlyShares(early: GroundwaterShares, result: AccountingResult): AccountingResult {
  if (sameShares(early, groundwaterShares(result))) return result;
  const note = '地图先按村级切分后的地下水占比着色，与完整核算结果不一致，已改按完整结果着色（请将此情况报给开发方） (the map was first coloured by shares that differ from the whole accounting\'s; it is now coloured by the whole accounting)';
  console.warn(note);
  return { ...result, warnings: [...result.warnings, note] };
}

/**
 * The kept result against the worker's own, computed since: the same object when they agree (the
 * page does not redraw), else the worker's, saying that the kept one was not used. They can differ
 * only through a bug in what the key covers; the check costs a comparison of the units.
 */
export function checkedStored(stored: AccountingResult, computed: AccountingResult): AccountingResult {
  if (JSON.stringify(stored.units) === JSON.stringify(computed.units)) return stored;
  const note = '打开时显示的保存结果与重新计算的结果不一致，已改用重新计算的结果 (the figures kept from the last opening differed from the ones computed now; the computed ones are shown)';
  console.warn(note);
  return { ...computed, warnings: [...computed.warnings, note] };
}

/** What a result's stored key covers (the layers as the run read them: villages, plots, forest, wells). */
function resultKeyInput(layers: (Layer | undefined)[], year: number, overrides: OverridesByYear, rest: Pick<AccountInput, 'quotas' | 'caps' | 'wellsReadingsYear' | 'files'>): ResultKeyInput {
  const [villages, plots, forest, wells] = layers;
  return {
    year,
    layers: { villages: villages!, plots: plots!, forest: forest ?? null, wells: wells ?? null },
    plotEdits: overridesFor(overrides, year, plots!.id),
    quotas: rest.quotas, caps: rest.caps, wellsReadingsYear: rest.wellsReadingsYear ?? null, files: rest.files ?? {},
  };
}

/**
 * Keeps a result for the next opening (src/state/resultCache.ts). Layers imported in this session
 * have no stored generation until the autosave has written them: then it is kept after the next
 * saves (at most three), under the key of these very inputs.
 */
function storeResult(keyInput: ResultKeyInput, result: AccountingResult): void {
  const attempt = (): boolean => {
    const key = resultKey(keyInput);
    if (key) void keepResultStored(key, result);
    return key !== null;
  };
  if (attempt() || import.meta.env.DEV) return;
  let saves = 0;
  const unsubscribe = usePersistenceStore.subscribe((s, previous) => {
    if (s.lastSavedAt === previous.lastSavedAt) return;
    if (attempt() || ++saves >= 3) unsubscribe();
  });
}

/** Counts the resets of the chart's years: a run or fill started before one writes nothing after it. */
let chartEpoch = 0;

/**
 * The other years: the kept split aggregated again with each year's statuses and caps (about
 * 0.1 s a year), for the groundwater chart (city figures) and kept whole, so that switching to
 * one of them shows it at once. Starts once the map shows the county coloured; stops when a new
 * run starts.
 */
async function fillOtherYears(run: AbortController, plots: Layer, common: AccountInput & { attributes: AccountAttributes }, resultInputs: ResultInputs): Promise<void> {
  const epoch = chartEpoch;
  await afterMapColoured();
  const years = useProjectStore.getState().years;
  for (const year of years) {
    // a newer run (or a cancel) ends this one; the run that called it may still be finishing
    if ((controller !== null && controller !== run) || run.signal.aborted || !kept) return;
    if (year in useAccountingStore.getState().cityByYear && keptResult(resultInputs, year)) continue;
    const overrides = useEditStore.getState().overrides;
    const get = propertiesAccessor(plots, overrides, year);
    const attributes = { ...common.attributes, plots: encodeColumns(plots.features.features.length, get) };
    try {
      const output = await runJob('account', { ...common, year, attributes, split: structuredClone(kept.split) });
      const city = output.result.units.find((u: Unit) => u.level === 'city');
      // a newer run, or the chart reset since (a figure of the old layers must not fill the new chart)
      if (!city || (controller !== null && controller !== run) || epoch !== chartEpoch) return;
      keepResult(resultInputs, year, output.result);
      storeResult(resultKeyInput(resultInputs.layers, year, overrides, common), output.result);
      useAccountingStore.setState((s) => ({ cityByYear: { ...s.cityByYear, [year]: cityFigures(city) } }));
    } catch {
      return; // the chart keeps the years it has; the main run reports errors
    }
  }
  performance.mark('shuidi:accounting:other-years');
}

/** Re-run phase 2 when the year, the tables or plot attributes change, once a result exists. */
let timer: ReturnType<typeof setTimeout> | null = null;
function scheduleRecompute(): void {
  if (!useAccountingStore.getState().result) return;
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    void useAccountingStore.getState().run();
  }, 150);
}

/** A year switch is one change, not a burst: no wait (a year computed before shows at once). */
function recomputeNow(): void {
  if (!useAccountingStore.getState().result) return;
  if (timer) clearTimeout(timer);
  timer = null;
  void useAccountingStore.getState().run();
}

/** The layers the accounting reads; adding an unrelated layer does not recompute. */
const ACCOUNTED_KINDS = ['villages', 'plots', 'forest', 'wells'] as const;
const accountedLayersChanged = (now: ProjectState, before: ProjectState) =>
  ACCOUNTED_KINDS.some((kind) => layerOfKind(now.layers, kind) !== layerOfKind(before.layers, kind));

useProjectStore.subscribe((s, previous) => {
  // other years' figures depend on the tables and the layers too: recomputed after the next run
  if (s.tables !== previous.tables || accountedLayersChanged(s, previous)) {
    chartEpoch += 1;
    useAccountingStore.setState({ cityByYear: {} });
  }
  if (s.tables !== previous.tables || accountedLayersChanged(s, previous)) scheduleRecompute();
  else if (s.year !== previous.year) recomputeNow();
});
useEditStore.subscribe((s, previous) => {
  if (s.version !== previous.version) scheduleRecompute();
});

/** The unit with a code in the current result. */
export function unitByCode(result: AccountingResult | null, code: string | null): Unit | undefined {
  return code && result ? result.units.find((u) => u.code === code) : undefined;
}

/**
 * The accounting of another year on the kept geometric split (phase 2 only; the split is made
 * first when there is none for the current layers): the basis of the water bureau's caps
 * allocation. Leaves the page's own result alone.
 */
export async function accountYear(year: number, signal?: AbortSignal): Promise<AccountingResult> {
  const x = inputs();
  const splitLayers = [x.villages, x.plots, x.forest, x.wells];
  if (!kept || !sameLayers(kept.layers, splitLayers)) await useAccountingStore.getState().run();
  if (!kept || !sameLayers(kept.layers, splitLayers)) throw new Error(useAccountingStore.getState().error ?? '核算未能完成，请先在“用水核算”中运行 (run the accounting first)');
  const quotas = quotasFromCsvText(x.quotasCsv, 'quotas.csv');
  const caps = capsFromCsvText(x.capsCsv, 'caps.csv');
  const get = propertiesAccessor(x.plots, useEditStore.getState().overrides, year);
  const attributes = { plots: encodeColumns(x.plots.features.features.length, get), forest: props(x.forest), wells: props(x.wells) };
  const output = await runJob('account', {
    year, quotas, caps, attributes, wellsReadingsYear: x.wells?.readingsYear ?? null,
    files: { quotas: 'quotas.csv', caps: 'caps.csv', villages: x.villages.name, plots: x.plots.name },
    split: structuredClone(kept.split),
  }, { signal });
  return output.result;
}
