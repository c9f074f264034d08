/**
 * The monthly monitoring job (docs/monitor.md): the wells layer, the readings, the caps, and
 * optionally the villages (names) and the plots (pumping on retired land) → the month's result.
 * Runs the same in the page's worker, in the CLI and in tests.
 */
import { villagesOf } from '../core/accounting/split.ts';
import type { CapRow } from '../core/accounting/types.ts';
import { monitorMonth, type MonitorVillage } from '../core/monitor/monitor.ts';
import type { MonitorResult, MonitorSettings, Reading } from '../core/monitor/types.ts';
import { monitorWellsOf, placeWellsByLocation } from '../core/monitor/wellsOf.ts';
import { plotCentroids } from '../core/selection/plotGeometry.ts';
import { throwIfCancelled, type Feature, type Geometry, type JobContext, type Layer, type Properties } from '../core/types.ts';
import { readTableRows } from '../io/tables/readTable.ts';
import { readingsFromTable } from '../io/tables/readings.ts';
import type { CellIssue } from '../io/tables/tableSchema.ts';

/** The plots as the monitor needs them: centroids and the three attributes it reads, per plot. */
export interface MonitorPlotsInput {
  centroids: Float64Array;
  ZT: string[];
  SYLX: string[];
  ZLDWDM: string[];
}

export interface MonitorJobInput {
  year: number;
  month: number;
  wells: Feature<Geometry | null, Properties>[];
  readings: Reading[];
  caps: CapRow[];
  villages?: Feature<Geometry | null, Properties>[] | null;
  plots?: MonitorPlotsInput | null;
  settings?: Partial<MonitorSettings>;
  countyName?: string;
}

const textOf = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** From a plots layer, with its attributes as they stand for the year (`propertiesOf`, default the layer's own). */
export function monitorPlotsOf(layer: Layer, propertiesOf?: (index: number) => Readonly<Properties>): MonitorPlotsInput {
  const features = layer.features.features;
  const props = (i: number) => (propertiesOf ? propertiesOf(i) : features[i].properties ?? {});
  return {
    centroids: plotCentroids(layer),
    ZT: features.map((_, i) => textOf(props(i).ZT)),
    SYLX: features.map((_, i) => textOf(props(i).SYLX)),
    ZLDWDM: features.map((_, i) => textOf(props(i).ZLDWDM)),
  };
}

function villageList(features: MonitorJobInput['villages']): MonitorVillage[] | null {
  if (!features?.length) return null;
  return villagesOf(features).villages.map((v) => ({ code: v.code, name: v.name, townshipCode: v.townshipCode, townshipName: v.townshipName }));
}

export async function monitorJob(input: MonitorJobInput, context: JobContext = {}): Promise<MonitorResult> {
  throwIfCancelled(context.signal);
  context.onProgress?.({ stage: 'monitor', done: 0, total: 1 });
  const plots = input.plots;
  const { wells, placed } = placeWellsByLocation(monitorWellsOf(input.wells), input.villages ?? []);
  const result = monitorMonth({
    year: input.year,
    month: input.month,
    wells,
    readings: input.readings,
    caps: input.caps,
    villages: villageList(input.villages),
    plots: plots ? { centroids: plots.centroids, propertiesOf: (i) => ({ ZT: plots.ZT[i], SYLX: plots.SYLX[i], ZLDWDM: plots.ZLDWDM[i] }) } : null,
    settings: input.settings,
    countyName: input.countyName,
  });
  context.onProgress?.({ stage: 'monitor', done: 1, total: 1 });
  if (placed) result.warnings.push(`${placed} 眼井没有村级代码（ZLDWDM），已按所在村界归村`);
  return result;
}

export interface ReadingsJobInput {
  bytes: Uint8Array;
  file: string;
  wells: Feature<Geometry | null, Properties>[];
  settings: MonitorSettings;
}

/**
 * A readings file (CSV or xlsx) read and checked against the wells, in the worker: an .xlsx of a
 * year of a county's wells takes exceljs a while. Returns the issues instead of throwing, so every
 * bad cell reaches the page (an error crossing from the worker keeps only its message).
 */
export async function readReadingsJob(input: ReadingsJobInput, context: JobContext = {}): Promise<{ readings: Reading[]; issues: CellIssue[] }> {
  throwIfCancelled(context.signal);
  const rows = await readTableRows(input.bytes, input.file);
  return readingsFromTable(rows, monitorWellsOf(input.wells), input.settings);
}
