/**
 * Import benchmark: a seeded 50,000-polygon plot layer (12 vertices each, CGCS2000 3° GK zone 29,
 * GBK attributes ≈ 400 bytes per record, no .cpg so the encoding is detected) written in memory as a
 * shapefile, then read by the import job as the browser would (bytes in, lon/lat layer out).
 * Goal (issue 3): ≤ 1.5 s and ≤ 500 MB for 50k polygons / ~30 MB on this 2-core machine.
 */
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { mulberry32 } from '../sample/prng.ts';

interface Options {
  quick?: boolean;
  count?: number;
}

const FIELDS: [string, 'C' | 'N', number, number][] = [
  ['DKBM', 'C', 19, 0], ['ZLDWDM', 'C', 19, 0], ['ZZZW', 'C', 20, 0], ['ZT', 'C', 10, 0],
  ['DKLB', 'C', 20, 0], ['GGFS', 'C', 10, 0], ['SYLX', 'C', 10, 0], ['CBFMC', 'C', 40, 0],
  ['SBMJ', 'N', 12, 2], ['BZ', 'C', 200, 0], ['地块名称', 'C', 40, 0],
];
const CROPS = ['棉花', '小麦', '玉米', '番茄', '葡萄', '苜蓿'];
const STATUS = ['种植', '退减', '休耕'];
const TENURE = ['确权承包地', '集体机动地', '国有耕地'];
const METHOD = ['滴灌', '喷灌', '管灌', '漫灌'];
const SOURCE = ['井灌', '渠灌', '井渠混灌'];
const NAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];

export function dbf(count: number, rnd: () => number): Uint8Array {
  const recordLength = 1 + FIELDS.reduce((s, f) => s + f[2], 0);
  const headerLength = 32 + FIELDS.length * 32 + 1;
  const out = new Uint8Array(headerLength + count * recordLength + 1).fill(0x20, headerLength);
  const view = new DataView(out.buffer);
  out[0] = 3;
  view.setUint32(4, count, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  FIELDS.forEach(([name, type, length, decimals], i) => {
    const at = 32 + i * 32;
    out.fill(0, at, at + 32);
    out.set(iconv.encode(name, 'gbk').subarray(0, 10), at);
    out[at + 11] = type.charCodeAt(0);
    out[at + 16] = length;
    out[at + 17] = decimals;
  });
  out[headerLength - 1] = 0x0d;
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  for (let r = 0; r < count; r++) {
    const values = [
      `652301101201${String(r + 1).padStart(7, '0')}`, '652301101201', pick(CROPS), pick(STATUS), pick(TENURE),
      pick(METHOD), pick(SOURCE), `${pick(NAMES)}${pick(NAMES)}家庭农场`, (rnd() * 100).toFixed(2),
      `二〇二四年春季普查 第${r % 97}组 地块现场核实 备注`, `${pick(NAMES)}家东地`,
    ];
    let at = headerLength + r * recordLength + 1;
    FIELDS.forEach(([, type, length], i) => {
      const bytes = iconv.encode(values[i], 'gbk').subarray(0, length);
      out.set(bytes, type === 'N' ? at + length - bytes.length : at);
      at += length;
    });
  }
  out[out.length - 1] = 0x1a;
  return out;
}

export function shp(count: number, rnd: () => number): { shp: Uint8Array; shx: Uint8Array } {
  const vertices = 12;
  const content = 44 + 4 + (vertices + 1) * 16;
  const shpBytes = new Uint8Array(100 + count * (8 + content));
  const shxBytes = new Uint8Array(100 + count * 8);
  const sv = new DataView(shpBytes.buffer);
  const xv = new DataView(shxBytes.buffer);
  for (const [view, length] of [[sv, shpBytes.length], [xv, shxBytes.length]] as const) {
    view.setInt32(0, 9994, false);
    view.setInt32(24, length / 2, false);
    view.setInt32(28, 1000, true);
    view.setInt32(32, 5, true);
  }
  const side = Math.ceil(Math.sqrt(count));
  const [x0, y0] = [29_480_000, 4_830_000];
  for (let i = 0; i < count; i++) {
    const at = 100 + i * (8 + content);
    sv.setInt32(at, i + 1, false);
    sv.setInt32(at + 4, content / 2, false);
    xv.setInt32(100 + i * 8, at / 2, false);
    xv.setInt32(104 + i * 8, content / 2, false);
    const cx = x0 + (i % side) * 300 + rnd() * 50;
    const cy = y0 + Math.floor(i / side) * 300 + rnd() * 50;
    const c = at + 8;
    sv.setInt32(c, 5, true);
    sv.setFloat64(c + 4, cx - 150, true); sv.setFloat64(c + 12, cy - 150, true);
    sv.setFloat64(c + 20, cx + 150, true); sv.setFloat64(c + 28, cy + 150, true);
    sv.setInt32(c + 36, 1, true);
    sv.setInt32(c + 40, vertices + 1, true);
    sv.setInt32(c + 44, 0, true);
    for (let v = 0; v <= vertices; v++) {
      const angle = (-2 * Math.PI * (v % vertices)) / vertices; // clockwise: a shapefile outer ring
      const radius = 100 + (v % vertices === 0 ? 0 : rnd() * 30);
      const p = c + 48 + v * 16;
      sv.setFloat64(p, v === vertices ? sv.getFloat64(c + 48, true) : cx + radius * Math.cos(angle), true);
      sv.setFloat64(p + 8, v === vertices ? sv.getFloat64(c + 56, true) : cy + radius * Math.sin(angle), true);
    }
  }
  const header = [x0 - 200, y0 - 200, x0 + side * 300 + 200, y0 + side * 300 + 200];
  for (const view of [sv, xv]) header.forEach((v, k) => view.setFloat64(36 + k * 8, v, true));
  return { shp: shpBytes, shx: shxBytes };
}

/** Wall time, and CPU time of this process (less disturbed when other work shares the 2 cores). */
async function measure(files: Record<string, Uint8Array>): Promise<{ ms: number; cpuMs: number; peakRssMB: number; features: number }> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const { layers } = await importLayerJob({ files });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    ms: Math.round(ms),
    cpuMs: Math.round((used.user + used.system) / 1000),
    peakRssMB: Math.round(peak / 2 ** 20),
    features: layers[0].features.features.length,
  };
}

type Case = 'loose' | 'zip';

/** Builds the seeded files for one case (the bytes a browser would hold after a drop). */
function caseFiles(kind: Case, count: number): Record<string, Uint8Array> {
  const rnd = mulberry32(20240601); // seeded so every run reads the same file
  const geometry = shp(count, rnd);
  const files = { 'plots.shp': geometry.shp, 'plots.shx': geometry.shx, 'plots.dbf': dbf(count, rnd) };
  return kind === 'zip' ? { 'plots.zip': zipSync(files, { level: 1 }) } : files;
}

/** Runs one case in a fresh Node process so that one case's garbage does not count in the next one's peak. */
function runChild(kind: Case, count: number): Record<string, unknown> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', kind, String(count)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`bench child failed: ${run.stderr.split('\n').slice(-3).join(' ')}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

async function child(kind: Case, count: number): Promise<void> {
  const files = caseFiles(kind, count);
  const inputMB = Object.values(files).reduce((s, b) => s + b.length, 0) / 2 ** 20;
  const rssBeforeMB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const result = await measure(files);
  process.stdout.write(JSON.stringify({ inputMB: Number(inputMB.toFixed(1)), rssBeforeMB, ...result }) + '\n');
}

export async function benchImport(options: Options = {}): Promise<Record<string, unknown>> {
  const count = options.count ?? (options.quick ? 10_000 : 50_000);
  return {
    polygons: count,
    verticesPerPolygon: 12,
    encoding: 'GBK, no .cpg (detected)',
    crs: 'EPSG:4517 inferred from the eastings (no .prj)',
    loadAverage1m: Number(loadavg()[0].toFixed(1)),
    looseFiles: runChild('loose', count),
    zip: runChild('zip', count),
    goal: { ms: 1500, peakRssMB: 500 },
    note: 'each case in a fresh process; peakRssMB includes the input bytes and Node itself; cpuMs counts all threads (GC)',
  };
}

if (process.argv[2] === '--child') {
  void child(process.argv[3] as Case, Number(process.argv[4]));
}
