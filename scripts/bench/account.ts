/**
 * Accounting benchmark: a seeded synthetic county of N plots (jittered 200 m grid, ~60 亩 each, in
 * GK zone 29 around 87.3°E 44°N) in ~2 km square villages, 16 villages per township, with forest
 * patches, wells and caps; and the sample county in public/sample/ when it has been generated.
 * Reports phase 1 (geometric split) in-process and with worker threads, phase 2 (aggregation,
 * the page's recompute after an edit), the xlsx, and memory. Targets (issue 5): sample county
 * ≤ 2 s, 100k plots ≤ 10 s.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import type { Polygon, Position } from 'geojson';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import type { CapRow, QuotaRow } from '../../src/core/accounting/types.ts';
import type { Layer, LayerKind, Properties } from '../../src/core/types.ts';
import { runAccount } from '../../src/jobs/account.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { readCaps, readQuotas } from '../../src/io/tables/readTable.ts';
import { accountingXlsx } from '../../src/io/write/accountingXlsx.ts';
import { createNodeOverlayPool } from '../nodeOverlayPool.ts';
import { GK_ZONE_29_CM_87, jitteredGrid } from './_overlayData.ts';
import { mulberry32 } from '../sample/prng.ts';

const ORIGIN: Position = [514000, 4863000];
const VILLAGE_M = 2000;
const CROPS = ['棉花', '小麦', '玉米', '番茄', '葡萄'];
const METHODS = ['滴灌', '喷灌', '管灌', '漫灌'];
const SOURCES = ['井灌', '井灌', '渠灌', '井渠混灌'];
const TENURES = ['确权承包地', '确权承包地', '集体机动地', '国有耕地', '储备补充耕地'];

function layer(kind: LayerKind, features: { geometry: Polygon | { type: 'Point'; coordinates: Position }; properties: Properties }[]): Layer {
  return {
    id: kind, name: kind, kind, sourceFiles: [], fields: [], warnings: [], encoding: 'utf-8', encodingSource: 'none',
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'default', detail: 'synthetic' },
    features: { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) },
  };
}

/** A synthetic county of about plotCount plots, with everything the accounting reads. */
export function syntheticCounty(plotCount: number, seed = 20240601) {
  const random = mulberry32(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const toLonLat = proj4(GK_ZONE_29_CM_87, 'EPSG:4326');
  const ll = (p: Position): Position => toLonLat.forward(p) as Position;
  const polygon = (ring: Position[]): Polygon => {
    const r = ring.map(ll);
    return { type: 'Polygon', coordinates: [[...r, r[0]]] };
  };
  const nx = Math.round(Math.sqrt(plotCount));
  const ny = Math.round(plotCount / nx);
  const cells = jitteredGrid(nx, ny, 200, [0, 0], random);
  const plots = cells.map((ring, k) => ({
    geometry: polygon(ring),
    properties: {
      DKBM: `DK${k + 1}`, ZT: random() < 0.85 ? '种植' : random() < 0.67 ? '退减' : '休耕', ZZZW: pick(CROPS),
      GGFS: pick(METHODS), SYLX: pick(SOURCES), DKLB: pick(TENURES),
    } as Properties,
  }));
  const vx = Math.ceil((nx * 200 + 100) / VILLAGE_M) + 1;
  const vy = Math.ceil((ny * 200 + 100) / VILLAGE_M) + 1;
  const villages = [];
  const caps: CapRow[] = [];
  const cap = (year: number, code: string, name: string, groundwater: number | null, share: number | null): CapRow =>
    ({ year, code, name, totalCapM3: groundwater === null ? null : groundwater * 1.6, groundwaterCapM3: groundwater, industrialM3: null, domesticM3: null, mixedGroundwaterShare: share });
  for (let i = 0; i < vx; i++) {
    for (let j = 0; j < vy; j++) {
      const township = `652301${String(100 + Math.floor(i / 4) * 16 + Math.floor(j / 4)).padStart(3, '0')}`;
      const code = `${township}${String(1 + (i % 4) * 4 + (j % 4)).padStart(3, '0')}`;
      const [e, n] = [ORIGIN[0] - 100 + i * VILLAGE_M, ORIGIN[1] - 100 + j * VILLAGE_M];
      const ring: Position[] = [];
      for (let t = 0; t < 4; t++) ring.push([e + (t * VILLAGE_M) / 4, n]);
      for (let t = 0; t < 4; t++) ring.push([e + VILLAGE_M, n + (t * VILLAGE_M) / 4]);
      for (let t = 0; t < 4; t++) ring.push([e + VILLAGE_M - (t * VILLAGE_M) / 4, n + VILLAGE_M]);
      for (let t = 0; t < 4; t++) ring.push([e, n + VILLAGE_M - (t * VILLAGE_M) / 4]);
      villages.push({ geometry: polygon(ring), properties: { ZLDWDM: code, ZLDWMC: `村${code.slice(-5)}`, XZDM: township, XZMC: `乡${township.slice(-3)}` } as Properties });
      caps.push(cap(2024, code, '', 1_500_000 + random() * 1_000_000, random() < 0.2 ? 0.7 : null));
    }
  }
  for (const year of [2023, 2024, 2025]) caps.push(cap(year, '652301', '合成县', plotCount * 60 * 200 * (1 - (year - 2023) * 0.05), 0.5));
  const forest = cells.filter((_, k) => k % 20 === 0).map((ring, k) => ({
    geometry: polygon(ring.map(([x, y], _i, r) => [r[0][0] + (x - r[0][0]) * 0.3, r[0][1] + (y - r[0][1]) * 0.3])),
    properties: { LDBM: `LD${k + 1}`, LZLX: pick(['农田防护林', '道路林', '经济林']), SFGG: random() < 0.5 ? '是' : '否', SYLX: '井灌' } as Properties,
  }));
  const wells = Array.from({ length: Math.round(plotCount / 50) }, (_, k) => {
    const metered = random() < 0.5;
    const months = Object.fromEntries(Array.from({ length: 12 }, (_, m) => [`${metered ? 'JLL' : 'YDL'}${String(m + 1).padStart(2, '0')}`, m >= 3 && m <= 8 ? Math.round(random() * 8000) : 0]));
    return {
      geometry: { type: 'Point' as const, coordinates: ll([ORIGIN[0] + random() * nx * 200, ORIGIN[1] + random() * ny * 200]) },
      properties: { JBM: `J${k + 1}`, ZLDWDM: '', SFJL: metered ? '是' : '否', ZSXS: 2, ...months } as Properties,
    };
  });
  const quotas: QuotaRow[] = [
    ...CROPS.map((name, k) => ({ category: '作物' as const, name, method: '*', quotaM3PerMu: 300 + k * 20 })),
    ...['农田防护林', '道路林', '经济林'].map((name) => ({ category: '林种' as const, name, method: '*', quotaM3PerMu: 330 })),
  ];
  return {
    layers: { villages: layer('villages', villages), plots: layer('plots', plots), forest: layer('forest', forest), wells: layer('wells', wells) },
    quotas, caps,
  };
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

async function timeCounty(county: ReturnType<typeof syntheticCounty>, withPool: boolean) {
  const pool = withPool ? createNodeOverlayPool() : undefined;
  try {
    const t0 = performance.now();
    const { result, split, timingsMs } = await runAccount({ year: 2024, quotas: county.quotas, caps: county.caps, layers: county.layers }, {}, pool);
    const totalMs = performance.now() - t0;
    // phase 2 alone, as the page re-runs it after a status edit
    const plots = county.layers.plots.features.features.map((f) => f.properties);
    const t1 = performance.now();
    accountFromSplit({ year: 2024, split, plots, forest: county.layers.forest.features.features.map((f) => f.properties),
      wells: county.layers.wells.features.features.map((f) => f.properties), quotas: county.quotas, caps: county.caps });
    const aggregateMs = performance.now() - t1;
    return { totalMs: Math.round(totalMs), splitMs: Math.round(timingsMs.split), aggregateMs: Math.round(aggregateMs), result };
  } finally {
    pool?.close();
  }
}

async function benchSynthetic(plotCount: number) {
  const t0 = performance.now();
  const county = syntheticCounty(plotCount);
  const generateMs = performance.now() - t0;
  const inProcess = await timeCounty(county, false);
  const pooled = await timeCounty(county, true);
  const t1 = performance.now();
  const xlsx = await accountingXlsx(pooled.result);
  const xlsxMs = performance.now() - t1;
  const city = pooled.result.units.find((u) => u.level === 'city')!;
  return {
    plots: county.layers.plots.features.features.length,
    villages: county.layers.villages.features.features.length,
    wells: county.layers.wells.features.features.length,
    generateMs: Math.round(generateMs),
    inProcess: { totalMs: inProcess.totalMs, splitMs: inProcess.splitMs, aggregateMs: inProcess.aggregateMs },
    workerThreads: { totalMs: pooled.totalMs, splitMs: pooled.splitMs, aggregateMs: pooled.aggregateMs },
    xlsxMs: Math.round(xlsxMs), xlsxBytes: xlsx.length,
    cityPlantedMu: Math.round(city.plantedMu), unassignedPlotMu: Math.round(pooled.result.unassigned.plotMu),
    rssMB: mb(process.memoryUsage().rss),
  };
}

/** The sample county's folder: public/sample/, else generated into a temporary folder. */
export function sampleCountyDir(): string {
  const dir = new URL('../../public/sample/', import.meta.url).pathname;
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const tmp = join(tmpdir(), 'shuidi-sample-county');
  if (!existsSync(join(tmp, 'manifest.json'))) {
    const run = spawnSync('npx', ['tsx', 'scripts/generate-sample.ts', '--out', tmp], { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`generate-sample failed: ${run.stderr}`);
  }
  return tmp;
}

interface Manifest {
  layers: { file: string; kind: string }[];
  tables?: { file: string; kind: string }[];
}

/** The sample county through the import job, as the CLI and the page read it. */
async function benchSample(): Promise<Record<string, unknown>> {
  const dir = sampleCountyDir();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const t0 = performance.now();
  const layers: Record<string, Layer | null> = {};
  for (const role of ['villages', 'plots', 'forest', 'wells']) {
    const entry = manifest.layers.find((l) => l.kind === role);
    layers[role] = entry ? (await importLayerJob({ files: { [entry.file]: new Uint8Array(readFileSync(join(dir, entry.file))) }, kind: role as LayerKind })).layers[0] : null;
  }
  const importMs = performance.now() - t0;
  const quotas = await readQuotas(new Uint8Array(readFileSync(join(dir, 'quotas.csv'))), 'quotas.csv');
  const caps = await readCaps(new Uint8Array(readFileSync(join(dir, 'caps.csv'))), 'caps.csv');
  const year = 2024;
  const t1 = performance.now();
  const { result, split, timingsMs } = await runAccount({ year, quotas, caps, layers: { villages: layers.villages!, plots: layers.plots!, forest: layers.forest, wells: layers.wells } });
  const accountMs = performance.now() - t1;
  const t2 = performance.now();
  const attributes = (l: Layer | null) => l?.features.features.map((f) => f.properties) ?? null;
  await runAccount({ year: 2025, quotas, caps, split, attributes: { plots: attributes(layers.plots)!, forest: attributes(layers.forest), wells: attributes(layers.wells) } });
  const recomputeMs = performance.now() - t2;
  const city = result.units.find((u) => u.level === 'city')!;
  return {
    dir, year, plots: layers.plots!.features.features.length, villages: result.units.filter((u) => u.level === 'village').length,
    importMs: Math.round(importMs), accountMs: Math.round(accountMs), splitMs: Math.round(timingsMs.split), aggregateMs: Math.round(timingsMs.aggregate),
    recomputeOtherYearMs: Math.round(recomputeMs),
    cityPlantedMu: Math.round(city.plantedMu), cityGroundwaterDemandWanM3: Math.round(city.groundwaterDemandM3 / 1e4),
    villagesOverGroundwaterCap: city.villagesOverGroundwaterCap, warnings: result.warnings.length,
  };
}

export async function benchAccount(options: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const sizes = options.quick ? [20_000] : [20_000, 100_000];
  const out: Record<string, unknown> = { targets: { sampleMs: 2000, plots100kMs: 10000, recompute20kMs: 200 } };
  out.sample = await benchSample();
  for (const n of sizes) out[`synthetic${n / 1000}k`] = await benchSynthetic(n);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchAccount({ quick: process.argv.includes('--quick') }).then((r) => console.log(JSON.stringify(r, null, 1)));
}
