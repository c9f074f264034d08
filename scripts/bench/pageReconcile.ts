/**
 * The reconciliation in the page against the CLI, on the same county
 * (`npm run bench -- --only pageReconcile [--quick]`): the seeded 50k-plot county of
 * _countyFiles.ts (10k with --quick) is served as the app's sample county (a copy of dist/ with its
 * sample/ replaced), opened in Debian's Chromium, and 运行套核 is timed from the click until the
 * findings are listed (Web Workers, the same engine as the CLI). The CLI's `reconcile` runs on the
 * same files, timed end to end and from the start of its first overlay (its reading excluded, as
 * the page's layers are already loaded). The findings counts of both are compared. Medians of 3.
 * Beside it, the page's first accounting of the county (its run time as the page reports it, the
 * geometric split included) against the CLI's `account` (end to end, and its stages after reading).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromiumArgs.ts';
import { cliInvocation } from '../cliEntry.ts';
import { cliArgs, profileOf, type Stage } from './commands.ts';
import { countyFiles, type CountyFiles } from './_countyFiles.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const KINDS = ['non_cultivated_planting', 'forest_on_planting', 'plot_overlap', 'uncovered_cultivated', 'village_mismatch', 'area_mismatch', 'dryland_irrigation'];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** dist/ with the county as its sample (manifest as scripts/generate-sample.ts writes it). */
function servedCounty(county: CountyFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'shuidi-bench-page-county-'));
  cpSync(join(ROOT, 'dist'), dir, { recursive: true });
  const sample = join(dir, 'sample');
  rmSync(sample, { recursive: true, force: true });
  cpSync(county.dir, sample, { recursive: true });
  const firstUnit = readFileSync(county.caps, 'utf8').split(/\r?\n/)[1]?.split(',')[1] ?? '';
  const manifest = {
    version: 1,
    label: 'bench',
    county: { code: firstUnit.slice(0, 6), name: `基准县（${county.counts.plots} 块地块）` },
    layers: [
      { file: 'villages.zip', kind: 'villages', name: '村级调查区' },
      { file: 'survey.zip', kind: 'survey', name: '三调地类图斑' },
      { file: 'plots.zip', kind: 'plots', name: '种植地块' },
      { file: 'forest.zip', kind: 'forest', name: '人工林' },
      { file: 'wells.zip', kind: 'wells', name: '机电井' },
    ],
  };
  writeFileSync(join(sample, 'manifest.json'), JSON.stringify(manifest, null, 1));
  return dir;
}

async function findingsCounts(page: Page): Promise<Record<string, number>> {
  return page.evaluate((kinds) => Object.fromEntries(kinds.map((k) => [k, Number(document.querySelector(`[data-testid="findings-summary"] [data-kind="${k}"]`)?.textContent ?? NaN)])), KINDS);
}

/** One page: open the county, wait until it is drawn and accounted, then time each run of 运行套核. */
async function pageRuns(port: number, runs: number): Promise<{ openS: number; accountS: number; runsS: number[]; counts: Record<string, number> }> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const opened = performance.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByTestId('tab-accounting').click();
    await page.getByTestId('account-done').waitFor({ timeout: 600_000 });
    const openS = (performance.now() - opened) / 1000;
    // the first run of the accounting, as the page timed it (the tooltip of 「核算结果已是最新」)
    const accountS = Number(/^(\d+) ms/.exec((await page.getByTestId('account-done').getAttribute('title')) ?? '')?.[1] ?? NaN) / 1000;
    await page.getByTestId('tab-reconcile').click();
    const runsS: number[] = [];
    let counts: Record<string, number> = {};
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await page.getByTestId('reconcile-run').click();
      await page.getByTestId('reconcile-progress').waitFor({ timeout: 30_000 }).catch(() => undefined);
      await page.waitForFunction(() => !document.querySelector('[data-testid="reconcile-progress"]') && document.querySelectorAll('[data-testid="finding-row"]').length > 0, undefined, { timeout: 600_000, polling: 50 });
      runsS.push((performance.now() - started) / 1000);
      const error = await page.getByTestId('reconcile-error').count();
      if (error) throw new Error(`page reconcile: ${await page.getByTestId('reconcile-error').textContent()}`);
      counts = await findingsCounts(page);
    }
    return { openS, accountS, runsS, counts };
  } finally {
    await browser.close();
  }
}

/** One CLI run as a child process (SHUIDI_PROFILE): its wall time and its stages. */
function profiledCli(command: 'reconcile' | 'account', county: CountyFiles, out: string): Promise<{ wallS: number; stages: Stage[] }> {
  const { command: exe, args } = cliInvocation();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(exe, [...args, ...cliArgs(command, county, out)], { cwd: ROOT, env: { ...process.env, SHUIDI_PROFILE: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`cli ${command}: ${stderr.slice(-2000)}`));
      resolve({ wallS, stages: profileOf(stderr)?.stages ?? [] });
    });
  });
}

/** The CLI end to end, and from its first overlay to the end of the job. */
async function cliRun(county: CountyFiles, out: string): Promise<{ wallS: number; jobS: number; summary: Record<string, number> }> {
  const { wallS, stages } = await profiledCli('reconcile', county, out);
  // the job: from the first overlay stage to the end (the reading of the survey overlaps it)
  const first = stages.findIndex((s) => s.stage.startsWith('reconcile.'));
  const jobMs = first < 0 ? NaN : stages.slice(first).filter((s) => s.stage !== 'write').reduce((sum, s) => sum + s.wallMs, 0);
  return { wallS, jobS: jobMs / 1000, summary: JSON.parse(readFileSync(join(out, 'reconcile.json'), 'utf8')).summary };
}

/** The CLI's account: end to end, and its stages after reading (split, overlaps, aggregate). */
async function cliAccount(county: CountyFiles, out: string): Promise<{ wallS: number; jobS: number }> {
  const { wallS, stages } = await profiledCli('account', county, out);
  const jobMs = stages.filter((s) => !s.stage.includes(':') && !['start-up', 'arguments', 'write'].includes(s.stage)).reduce((sum, s) => sum + s.wallMs, 0);
  return { wallS, jobS: jobMs / 1000 };
}

export async function benchPageReconcile(options: { quick?: boolean } = {}): Promise<Record<string, unknown>> {
  if (!existsSync(join(ROOT, 'dist/index.html'))) await build({ logLevel: 'warn' });
  const county = countyFiles(options.quick ? 10_000 : 50_000);
  const served = servedCounty(county);
  const out = mkdtempSync(join(tmpdir(), 'shuidi-bench-page-reconcile-'));
  const server = await preview({ root: ROOT, build: { outDir: served }, preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  try {
    const address = server.httpServer.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const cli: { wallS: number; jobS: number; summary: Record<string, number> }[] = [];
    for (let i = 0; i < RUNS; i++) cli.push(await cliRun(county, out));
    const account: { wallS: number; jobS: number }[] = [];
    for (let i = 0; i < RUNS; i++) account.push(await cliAccount(county, out));
    const page = await pageRuns(port, RUNS);
    const cliWall = median(cli.map((c) => c.wallS));
    const cliJob = median(cli.map((c) => c.jobS));
    const pageS = median(page.runsS);
    return {
      county: county.counts,
      page: { openS: round(page.openS), firstAccountingS: round(page.accountS), reconcileS: round(pageS), runsS: page.runsS.map((s) => round(s)) },
      cliAccount: { wallS: round(median(account.map((a) => a.wallS))), jobS: round(median(account.map((a) => a.jobS))) },
      accountingRatioToCliWall: round(page.accountS / median(account.map((a) => a.wallS))),
      accountingRatioToCliJob: round(page.accountS / median(account.map((a) => a.jobS))),
      cli: { wallS: round(cliWall), jobS: round(cliJob), runs: cli.map((c) => ({ wallS: round(c.wallS), jobS: round(c.jobS) })) },
      // the page's run has its layers loaded: against the CLI's whole run and against its job alone
      ratioToCliWall: round(pageS / cliWall),
      ratioToCliJob: round(pageS / cliJob),
      findings: Object.fromEntries(KINDS.map((k) => [k, { page: page.counts[k], cli: cli[0].summary[k] ?? 0 }])),
      findingsEqual: KINDS.every((k) => page.counts[k] === (cli[0].summary[k] ?? 0)),
    };
  } finally {
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
    rmSync(served, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchPageReconcile({ quick: process.argv.includes('--quick') }).then((r) => console.log(JSON.stringify(r, null, 1)));
}
