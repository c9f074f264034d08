/**
 * Monthly monitoring benchmark (`npm run bench -- --only monitor`): a county the size of Changji's
 * metered wells (1,772 wells, a year of readings: 21,264 rows) over 50,000 plots — reading the
 * readings CSV with every check, the month's monitor (volumes, season, flags, plots served), and
 * the bulletin xlsx; and the sample county when it has been generated with its readings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorMonth } from '../../src/core/monitor/monitor.ts';
import type { MonitorWell } from '../../src/core/monitor/types.ts';
import { monitorWellsOf } from '../../src/core/monitor/wellsOf.ts';
import type { LayerKind } from '../../src/core/types.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { monitorJob, monitorPlotsOf } from '../../src/jobs/monitor.ts';
import { readCaps } from '../../src/io/tables/readTable.ts';
import { readReadings } from '../../src/io/tables/readings.ts';
import { monitorXlsx } from '../../src/io/write/monitorXlsx.ts';
import { sampleCountyDir } from './account.ts';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function synthetic() {
  const random = lcg(13);
  const wells: MonitorWell[] = Array.from({ length: 1772 }, (_, i) => ({
    code: `W${String(i).padStart(5, '0')}`, villageCode: `652301${String(100 + (i % 12)).padStart(3, '0')}${String(1 + (i % 150)).padStart(3, '0')}`,
    metered: random() < 0.75, coefficientM3PerKwh: 1.1 + random() * 1.7, permittedM3: 60000 + Math.round(random() * 60000), ratedPowerKw: 30 + Math.round(random() * 40),
    lon: 87.0 + random() * 0.5, lat: 43.9 + random() * 0.4,
  }));
  const lines = ['JBM,年份,月份,计量水量,用电量'];
  for (const w of wells) for (let m = 1; m <= 12; m++) lines.push(`${w.code},2025,${m},${w.metered ? Math.round(random() * 8000) : ''},${Math.round(random() * 4000)}`);
  const csv = new TextEncoder().encode(lines.join('\n'));
  const centroids = Float64Array.from(Array.from({ length: 100000 }, (_, k) => (k % 2 ? 43.9 + random() * 0.4 : 87.0 + random() * 0.5)));
  const plotProps = Array.from({ length: 50000 }, (_, i) => ({ ZLDWDM: wells[i % wells.length].villageCode, ZT: random() < 0.1 ? '退减' : '种植', SYLX: '井灌' }));
  let t = performance.now();
  const readings = await readReadings(csv, 'readings.csv', wells);
  const readMs = performance.now() - t;
  t = performance.now();
  const result = monitorMonth({ year: 2025, month: 7, wells, readings, caps: [], plots: { centroids, propertiesOf: (i) => plotProps[i] } });
  const monitorMs = performance.now() - t;
  t = performance.now();
  const xlsx = await monitorXlsx(result);
  return { wells: wells.length, readings: readings.length, plots: plotProps.length, readMs: Math.round(readMs), monitorMs: Math.round(monitorMs), xlsxMs: Math.round(performance.now() - t), xlsxBytes: xlsx.length, flags: result.flags.length };
}

async function sample() {
  const dir = sampleCountyDir();
  if (!existsSync(join(dir, 'readings.csv'))) return { skipped: `${dir} has no readings.csv (generated before monitoring)` };
  const layer = async (file: string, kind: LayerKind) => (await importLayerJob({ files: { [file]: new Uint8Array(readFileSync(join(dir, file))) }, kind })).layers[0];
  const [wells, plots, villages] = [await layer('wells.zip', 'wells'), await layer('plots.zip', 'plots'), await layer('villages.zip', 'villages')];
  const caps = await readCaps(new Uint8Array(readFileSync(join(dir, 'caps.csv'))), 'caps.csv');
  let t = performance.now();
  const readings = await readReadings(new Uint8Array(readFileSync(join(dir, 'readings.csv'))), 'readings.csv', monitorWellsOf(wells.features.features));
  const readMs = performance.now() - t;
  t = performance.now();
  const result = await monitorJob({ year: 2025, month: 7, wells: wells.features.features, readings, caps, villages: villages.features.features, plots: monitorPlotsOf(plots) });
  return { wells: wells.features.features.length, readings: readings.length, plots: plots.features.features.length, readMs: Math.round(readMs), monitorMs: Math.round(performance.now() - t), flags: result.flags.length };
}

export async function benchMonitor(): Promise<Record<string, unknown>> {
  return { synthetic: await synthetic(), sample: await sample() };
}
