/**
 * Whole commands against PostGIS (`npm run bench -- --only commands [--postgis] [--quick]`): the
 * seeded synthetic county of _countyFiles.ts (50k plots, ~100k survey parcels; 10k with --quick)
 * as zipped GK Shapefiles, and
 *
 * - Shuidi: the CLI as `npm run cli` runs it (reconcile on as many overlay threads as cores,
 *   account in-process), and the other way for comparison (reconcile with SHUIDI_THREADS=1, account
 *   with SHUIDI_THREADS=2), a child process per run, timed by /usr/bin/time
 *   (wall, user + system CPU of the whole process tree, peak RSS), with SHUIDI_PROFILE=1 for the
 *   per-stage breakdown (scripts/profile.ts); `cli --help` alone for the start-up;
 * - PostGIS (--postgis): a throw-away cluster (postgis.ts); per run a fresh database, the layers
 *   loaded by ogr2ogr (one process per layer, in parallel; GiST index; reprojected to EPSG:4490),
 *   then scripts/bench/sql/reconcile.sql or account.sql through psql. CPU = ogr2ogr's + the
 *   server's (postmaster and backends, /proc).
 *
 * Medians of 3 runs, Shuidi and PostGIS taking turns run by run so both see the same load. The findings counts per kind and the village figures are compared; ratios
 * are Shuidi ÷ PostGIS (load + SQL). The machine's load average is printed beside them: with
 * other work on the machine, wall times swing and CPU seconds are the steadier figure.
 */
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countyFiles, type CountyFiles } from './_countyFiles.ts';
import { postgisAvailable, startPostgis, type PostgisCluster } from './postgis.ts';
import { cliInvocation } from '../cliEntry.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timing { wallS: number; cpuS: number; rssMB: number }
export interface Stage { stage: string; wallMs: number; cpuMs: number; cpuPerWall: number; rssMB: number }

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

function medianTiming(runs: Timing[]): Timing {
  return { wallS: round(median(runs.map((r) => r.wallS))), cpuS: round(median(runs.map((r) => r.cpuS))), rssMB: Math.round(median(runs.map((r) => r.rssMB))) };
}

/** Runs a command under /usr/bin/time; its stderr's last line is the timing. */
function timedSpawn(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ timing: Timing; stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'TIMING %e %U %S %M', command, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stderr.split('\n').reverse().find((l) => l.startsWith('TIMING '));
      if (!line) return reject(new Error(`${command} ${args.join(' ')}: no timing\n${stderr.slice(-2000)}`));
      const [wall, user, sys, rssKB] = line.split(' ').slice(1).map(Number);
      resolve({ timing: { wallS: wall, cpuS: round(user + sys), rssMB: Math.round(rssKB / 1024) }, stdout, stderr, code: code ?? 1 });
    });
  });
}

export function profileOf(stderr: string): { stages: Stage[] } | null {
  const line = stderr.split('\n').find((l) => l.startsWith('SHUIDI_PROFILE '));
  return line ? JSON.parse(line.slice('SHUIDI_PROFILE '.length)) : null;
}

export function cliArgs(command: 'reconcile' | 'account', county: CountyFiles, out: string): string[] {
  if (command === 'reconcile') {
    return ['reconcile', '--villages', county.villages, '--plots', county.plots, '--survey', county.survey, '--forest', county.forest, '--json', join(out, 'reconcile.json')];
  }
  return ['account', '--villages', county.villages, '--plots', county.plots, '--forest', county.forest, '--wells', county.wells,
    '--quotas', county.quotas, '--caps', county.caps, '--year', '2024', '--json', join(out, 'account.json')];
}

interface ShuidiRuns { runs: Timing[]; stages: Stage[][] }

/** One run of the CLI, as a child process, with its stage profile. */
async function shuidiOnce(command: 'reconcile' | 'account' | 'help', county: CountyFiles, out: string, into: ShuidiRuns, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const { command: exe, args } = cliInvocation();
  const r = await timedSpawn(exe, [...args, ...(command === 'help' ? ['--help'] : cliArgs(command, county, out))], { SHUIDI_PROFILE: '1', ...env });
  if (r.code !== 0) throw new Error(`cli ${command} failed: ${r.stderr.slice(-2000)}`);
  into.runs.push(r.timing);
  into.stages.push(profileOf(r.stderr)?.stages ?? []);
}

/** The median timing, and the stage breakdown of the median run (by wall time). */
function summarizeShuidi(r: ShuidiRuns) {
  const order = r.runs.map((t, i) => [t.wallS, i]).sort((a, b) => a[0] - b[0]);
  return { runs: r.runs, median: medianTiming(r.runs), stages: r.stages[order[Math.floor(order.length / 2)][1]] ?? [] };
}

function asServerArgs(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function psql(pg: PostgisCluster, db: string, sql: string): string {
  const [file, argv] = asServerArgs('/usr/lib/postgresql/15/bin/psql', ['-h', '127.0.0.1', '-p', String(pg.port), '-U', 'postgres', '-d', db, '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-f', '-']);
  const r = spawnSync(file, argv, { input: sql, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

const LAYERS = { reconcile: ['villages', 'plots', 'survey', 'forest'], account: ['villages', 'plots', 'forest', 'wells'] } as const;

interface PostgisRuns { runs: { load: Timing; sql: Timing; total: Timing }[]; output: string }

/** One run in PostGIS: a fresh database, the layers loaded by ogr2ogr, then the command's SQL. */
async function postgisOnce(pg: PostgisCluster, command: 'reconcile' | 'account', county: CountyFiles, run: number, into: PostgisRuns): Promise<void> {
  const sqlText = readFileSync(join(ROOT, `scripts/bench/sql/${command}.sql`), 'utf8').replaceAll('{{QUOTAS}}', county.quotas).replaceAll('{{CAPS}}', county.caps);
  const db = `${command}_${run}`;
  psql(pg, 'postgres', `DROP DATABASE IF EXISTS ${db}; CREATE DATABASE ${db};`);
  psql(pg, db, 'CREATE EXTENSION postgis;');
  const conn = `PG:host=127.0.0.1 port=${pg.port} user=postgres dbname=${db}`;
  const cpu0 = pg.serverCpuSeconds();
  const t0 = performance.now();
  const loads = await Promise.all(LAYERS[command].map((layer) => timedSpawn('ogr2ogr', [
    '-f', 'PostgreSQL', conn, `/vsizip/${county[layer]}`, '-nln', layer, '-t_srs', 'EPSG:4490',
    '-lco', 'GEOMETRY_NAME=geom', '-lco', 'SPATIAL_INDEX=GIST', '-nlt', 'PROMOTE_TO_MULTI', '-gt', '65536', '--config', 'PG_USE_COPY', 'YES',
  ])));
  for (const l of loads) if (l.code !== 0) throw new Error(`ogr2ogr: ${l.stderr.slice(-1000)}`);
  psql(pg, db, LAYERS[command].map((l) => `ANALYZE ${l};`).join('\n'));
  const t1 = performance.now();
  const cpu1 = pg.serverCpuSeconds();
  into.output = psql(pg, db, sqlText);
  const t2 = performance.now();
  const cpu2 = pg.serverCpuSeconds();
  const load: Timing = { wallS: round((t1 - t0) / 1000), cpuS: round(cpu1 - cpu0 + loads.reduce((sum, l) => sum + l.timing.cpuS, 0)), rssMB: 0 };
  const sql: Timing = { wallS: round((t2 - t1) / 1000), cpuS: round(cpu2 - cpu1), rssMB: 0 };
  into.runs.push({ load, sql, total: { wallS: round(load.wallS + sql.wallS), cpuS: round(load.cpuS + sql.cpuS), rssMB: 0 } });
  psql(pg, 'postgres', `DROP DATABASE ${db};`);
}

function summarizePostgis(r: PostgisRuns) {
  return {
    load: medianTiming(r.runs.map((x) => x.load)), sql: medianTiming(r.runs.map((x) => x.sql)), total: medianTiming(r.runs.map((x) => x.total)),
    runs: r.runs.map((x) => x.total), result: JSON.parse(r.output.trim()) as unknown,
  };
}

interface VillageRow { code: string; planted_mu: number; irrigation_demand_m3: number; groundwater_demand_m3: number; overlap_mu: number; actual_groundwater_m3: number | null }

/** Largest differences between Shuidi's village units and PostGIS's rows. */
function compareAccount(shuidi: { units: Record<string, unknown>[] }, postgis: VillageRow[]) {
  const units = new Map(shuidi.units.filter((u) => u.level === 'village').map((u) => [u.code as string, u]));
  const fields: [keyof VillageRow, string][] = [['planted_mu', 'plantedMu'], ['irrigation_demand_m3', 'irrigationDemandM3'],
    ['groundwater_demand_m3', 'groundwaterDemandM3'], ['overlap_mu', 'overlapMu'], ['actual_groundwater_m3', 'actualGroundwaterM3']];
  const out: Record<string, { maxAbs: number; maxRel: number }> = {};
  let missing = 0;
  for (const row of postgis) {
    const unit = units.get(row.code);
    if (!unit) { missing++; continue; }
    for (const [pgField, field] of fields) {
      const a = Number(unit[field] ?? 0);
      const b = Number(row[pgField] ?? 0);
      const o = (out[field] ??= { maxAbs: 0, maxRel: 0 });
      o.maxAbs = Math.max(o.maxAbs, Math.abs(a - b));
      if (Math.abs(b) > 0) o.maxRel = Math.max(o.maxRel, Math.abs(a - b) / Math.abs(b));
    }
  }
  return { villages: postgis.length, shuidiVillages: units.size, missing, differences: out };
}

export async function benchCommands(options: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const county = countyFiles(options.quick ? 10_000 : 50_000);
  const out = mkdtempSync(join(tmpdir(), 'shuidi-bench-commands-'));
  const result: Record<string, unknown> = { county: county.counts, cli: cliInvocation(), loadAverageBefore: loadavg().map((x) => round(x)) };
  try {
    const help: ShuidiRuns = { runs: [], stages: [] };
    for (let i = 0; i < RUNS; i++) await shuidiOnce('help', county, out, help);
    result.help = summarizeShuidi(help).median;
    if (options.postgis && !postgisAvailable()) throw new Error('PostGIS is not installed');
    const pg = options.postgis ? startPostgis() : null;
    try {
      // Shuidi and PostGIS take turns, run by run, so both see the same load on a shared machine
      const fresh = () => ({ reconcile: { runs: [], stages: [] } as ShuidiRuns, account: { runs: [], stages: [] } as ShuidiRuns });
      const ours = fresh();
      const other = fresh();
      const otherEnv = { reconcile: { SHUIDI_THREADS: '1' }, account: { SHUIDI_THREADS: '2' } };
      const theirs = { reconcile: { runs: [], output: '' } as PostgisRuns, account: { runs: [], output: '' } as PostgisRuns };
      const loads: number[][] = [];
      for (let i = 0; i < RUNS; i++) {
        for (const command of ['reconcile', 'account'] as const) {
          loads.push(loadavg().map((x) => round(x)));
          await shuidiOnce(command, county, out, ours[command]);
          await shuidiOnce(command, county, out, other[command], otherEnv[command]);
          if (pg) await postgisOnce(pg, command, county, i, theirs[command]);
        }
      }
      result.loadAverages = loads;
      const shuidi = { reconcile: summarizeShuidi(ours.reconcile), account: summarizeShuidi(ours.account) };
      const shuidi2 = { reconcile: summarizeShuidi(other.reconcile), account: summarizeShuidi(other.account) };
      const reconcileJson = JSON.parse(readFileSync(join(out, 'reconcile.json'), 'utf8')) as { summary: Record<string, number> };
      const accountJson = JSON.parse(readFileSync(join(out, 'account.json'), 'utf8')) as { units: Record<string, unknown>[] };
      result.shuidi = {
        reconcile: { ...shuidi.reconcile.median, runs: shuidi.reconcile.runs, findings: reconcileJson.summary, stages: shuidi.reconcile.stages },
        account: { ...shuidi.account.median, runs: shuidi.account.runs, stages: shuidi.account.stages },
      };
      // the other way: reconcile in-process (SHUIDI_THREADS=1), account on two threads; same output
      result.shuidiOtherThreads = {
        reconcile: { ...shuidi2.reconcile.median, runs: shuidi2.reconcile.runs, stages: shuidi2.reconcile.stages },
        account: { ...shuidi2.account.median, runs: shuidi2.account.runs, stages: shuidi2.account.stages },
      };
      if (pg) {
        const reconcile = summarizePostgis(theirs.reconcile);
        const account = summarizePostgis(theirs.account);
        const counts = reconcile.result as Record<string, number>;
        const kinds = Object.keys(counts);
        result.postgis = {
          version: psql(pg, 'postgres', "SELECT extversion FROM pg_extension WHERE extname = 'postgis';").trim(),
          reconcile: { load: reconcile.load, sql: reconcile.sql, total: reconcile.total, runs: reconcile.runs, findings: counts },
          account: { load: account.load, sql: account.sql, total: account.total, runs: account.runs },
        };
        result.agreement = {
          reconcileFindings: Object.fromEntries(kinds.map((k) => [k, { shuidi: reconcileJson.summary[k] ?? 0, postgis: counts[k] }])),
          reconcileFindingsEqual: kinds.every((k) => (reconcileJson.summary[k] ?? 0) === counts[k]),
          account: compareAccount(accountJson, account.result as VillageRow[]),
        };
        const ratio = (a: Timing, b: Timing) => ({ wall: round(a.wallS / b.wallS), cpu: round(a.cpuS / b.cpuS) });
        result.ratios = { reconcile: ratio(shuidi.reconcile.median, reconcile.total), account: ratio(shuidi.account.median, account.total) };
        result.ratiosOtherThreads = { reconcile: ratio(shuidi2.reconcile.median, reconcile.total), account: ratio(shuidi2.account.median, account.total) };
      }
    } finally {
      pg?.stop();
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchCommands({ postgis: process.argv.includes('--postgis'), quick: process.argv.includes('--quick') })
    .then((r) => console.log(JSON.stringify(r, null, 1)));
}
