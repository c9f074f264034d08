/**
 * The 月度监测 panel's state: the project's well readings (kept in the browser as the persisted slot
 * `monitor`, with the county's settings), the month shown, and the result of the `monitor` job run
 * in the worker. Importing a readings file is an audited change naming the operator; a corrected
 * file replaces only its months (core/monitor/mergeReadings.ts).
 */
import { create } from 'zustand';
import { mergeReadings, savedReadings, type ReadingChange } from '../../core/monitor/mergeReadings.ts';
import { DEFAULT_MONITOR_SETTINGS, savedSettings } from '../../core/monitor/settings.ts';
import type { MonitorResult, MonitorSettings, Reading } from '../../core/monitor/types.ts';
import { propertiesAccessor } from '../../core/edits/index.ts';
import { InputError, type Layer, type Properties } from '../../core/types.ts';
import { capsFromCsvText } from '../../io/tables/readTable.ts';
import { TableError } from '../../io/tables/tableSchema.ts';
import { monitorPlotsOf } from '../../jobs/monitor.ts';
import { useEditStore } from '../../state/editStore.ts';
import { registerPersistedSlot } from '../../state/persistence.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { runJob } from '../../workers/jobClient.ts';

export interface ImportSummary {
  file: string;
  rows: number;
  added: number;
  replaced: number;
  changed: number;
  /** the years the file's readings are for */
  years: number[];
}

interface MonitorState {
  readings: Reading[];
  settings: MonitorSettings;
  /** the month shown, 1–12; null: the latest month with readings in the year */
  month: number | null;
  result: MonitorResult | null;
  status: 'idle' | 'running' | 'done' | 'error';
  error: string | null;
  errorEn: string | null;
  lastImport: ImportSummary | null;
  /** the well whose monthly bars are shown */
  selectedWell: string | null;
  /** the unit whose season is charted ('' = the county) */
  selectedUnit: string;
  setMonth(month: number): void;
  setSettings(patch: Partial<MonitorSettings>): void;
  selectWell(code: string | null): void;
  selectUnit(code: string): void;
  /** Reads, checks and merges a readings file; audited. Throws NoOperatorError without an operator. */
  importReadings(bytes: Uint8Array, file: string): Promise<ImportSummary | null>;
  /** The sample county's readings, as loaded with it (not an edit). */
  setReadings(readings: Reading[]): void;
  run(): Promise<void>;
}

/** Months of `year` with any reading, ascending. */
export function monthsWithReadings(readings: readonly Reading[], year: number): number[] {
  return [...new Set(readings.filter((r) => r.year === year).map((r) => r.month))].sort((a, b) => a - b);
}

const figure = (r: Reading | null) => (r ? `${r.meteredM3 ?? '∅'} m³ / ${r.electricityKwh ?? '∅'} kWh` : '∅');

/** "J001 2025-06: 3000 m³ / ∅ kWh → 2800 m³ / ∅ kWh" for the first changes. */
export function changeLines(changes: readonly ReadingChange[], limit = 20): string {
  const lines = changes.slice(0, limit).map((c) => `${c.after.wellCode} ${c.after.year}-${String(c.after.month).padStart(2, '0')}：${figure(c.before)} → ${figure(c.after)}`);
  return lines.join('；') + (changes.length > limit ? `；等共 ${changes.length} 个月` : '');
}

let controller: AbortController | null = null;

export const useMonitorStore = create<MonitorState>((set, get) => ({
  readings: [],
  settings: { ...DEFAULT_MONITOR_SETTINGS, profile: [...DEFAULT_MONITOR_SETTINGS.profile] },
  month: null,
  result: null,
  status: 'idle',
  error: null,
  errorEn: null,
  lastImport: null,
  selectedWell: null,
  selectedUnit: '',
  setMonth: (month) => set({ month }),
  setSettings: (patch) => set((s) => ({ settings: { ...s.settings, ...patch } })),
  selectWell: (code) => set({ selectedWell: code }),
  selectUnit: (code) => set({ selectedUnit: code }),
  async importReadings(bytes, file) {
    const edits = useEditStore.getState();
    edits.requireOperator();
    const wells = layerOfKind(useProjectStore.getState().layers, 'wells');
    if (!wells) throw new InputError(file, { zh: '请先加载机电井图层：读数按井编码（JBM）对应到井', en: 'load the wells layer first: readings are matched to wells by JBM' });
    const { readings: incoming, issues } = await runJob('readReadings', { bytes, file, wells: wells.features.features, settings: get().settings });
    if (issues.length) throw new TableError(file, issues);
    const merged = mergeReadings(get().readings, incoming);
    const summary: ImportSummary = { file, rows: incoming.length, added: merged.added, replaced: merged.replaced, changed: merged.changes.length, years: [...new Set(incoming.map((r) => r.year))].sort() };
    set({ readings: merged.readings, lastImport: summary, error: null, errorEn: null });
    edits.recordEvent({
      action: 'readings-import',
      detail: `导入机电井读数 ${file}：${incoming.length} 个井月，新增 ${merged.added}，替换 ${merged.replaced}（其中数值改变 ${merged.changes.length}）` +
        (merged.changes.length ? `：${changeLines(merged.changes)}` : ''),
    });
    return summary;
  },
  setReadings: (readings) => set({ readings, lastImport: null }),
  async run() {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const { layers, tables, year, projectName } = useProjectStore.getState();
    const wells = layerOfKind(layers, 'wells');
    const { readings, settings } = get();
    const months = monthsWithReadings(readings, year);
    if (!wells || months.length === 0) {
      set({ result: null, status: 'idle' });
      return;
    }
    set({ status: 'running' });
    try {
      const villages = layerOfKind(layers, 'villages');
      const plots = layerOfKind(layers, 'plots');
      const month = get().month ?? months[months.length - 1];
      const caps = tables.capsCsv ? capsFromCsvText(tables.capsCsv) : [];
      const result = await runJob('monitor', {
        year, month, readings, caps, settings,
        countyName: caps.find((c) => c.year === year && c.code.length === 6)?.name || projectName,
        wells: wells.features.features,
        villages: villages?.features.features ?? null,
        plots: plots ? monitorPlotsOf(plots, propertiesAccessor(plots, useEditStore.getState().overrides, year)) : null,
      }, { signal: mine.signal });
      if (controller !== mine) return;
      set({ result, status: 'done', error: null, errorEn: null });
    } catch (error) {
      if (controller !== mine || mine.signal.aborted) return;
      const message = error instanceof Error ? error.message : String(error);
      set({ status: 'error', error: message, errorEn: error instanceof InputError ? error.messageEn : message });
    }
  },
}));

interface PersistedMonitor {
  readings: Reading[];
  settings: MonitorSettings;
}

registerPersistedSlot({
  name: 'monitor',
  snapshot: (): PersistedMonitor => ({ readings: useMonitorStore.getState().readings, settings: useMonitorStore.getState().settings }),
  restore: (value) => {
    if (!value || typeof value !== 'object') return;
    const saved = value as Partial<PersistedMonitor>;
    useMonitorStore.setState({ readings: savedReadings(saved.readings), settings: savedSettings(saved.settings) });
  },
  subscribe: (onChange) => useMonitorStore.subscribe((s, prev) => {
    if (s.readings !== prev.readings || s.settings !== prev.settings) onChange();
  }),
});
