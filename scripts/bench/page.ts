/**
 * The page under load, in Debian's Chromium: how long the sample county takes to open, and how
 * responsive the page stays while a 200,000-polygon GBK shapefile is imported beside it (the longest
 * gap between animation frames on the main thread, and the main thread's long tasks).
 * Needs /usr/bin/chromium and a built app (it builds one when dist/ is missing).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromiumArgs.ts';
import { dbf, shp } from './import.ts';
import { mulberry32 } from '../sample/prng.ts';
import { measureOpening } from './pageOpen.ts';

/** Frame gaps and long tasks, recorded in the page from the start. */
const PROBE = `
  window.__probe = { gaps: [], longTasks: [], last: performance.now() };
  const tick = (t) => { window.__probe.gaps.push(t - window.__probe.last); window.__probe.last = t; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__probe.longTasks.push(e.duration); })
    .observe({ type: 'longtask', buffered: true });
`;

interface Probe {
  maxFrameGapMs: number;
  longTasks: number;
  longestTaskMs: number;
  blockedMs: number;
}

async function takeProbe(page: Page): Promise<Probe> {
  return page.evaluate(() => {
    const p = (window as unknown as { __probe: { gaps: number[]; longTasks: number[]; last: number } }).__probe;
    const result = {
      maxFrameGapMs: Math.round(Math.max(0, ...p.gaps)),
      longTasks: p.longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...p.longTasks)),
      blockedMs: Math.round(p.longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0)),
    };
    p.gaps = [];
    p.longTasks = [];
    return result;
  });
}

function writeBigShapefile(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'shuidi-bench-'));
  const { shp: shpBytes, shx } = shp(count, mulberry32(7));
  writeFileSync(join(dir, 'big.shp'), shpBytes);
  writeFileSync(join(dir, 'big.shx'), shx);
  writeFileSync(join(dir, 'big.dbf'), dbf(count, mulberry32(8)));
  return dir;
}

/**
 * The same file as the county's plots layer (it has the plot fields): pan the map over it, then
 * mark every plot of one crop fallow and time until the map shows it (feature-state).
 */
async function markManyPlots(browser: import('playwright-core').Browser, port: number, dir: string): Promise<Record<string, unknown>> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(PROBE);
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-testid="gw-legend"]', { timeout: 300_000 });
  await page.getByTestId('file-input').setInputFiles(['big.shp', 'big.shx', 'big.dbf'].map((f) => join(dir, f)));
  await page.waitForSelector('[data-testid="import-commit"]:not([disabled])', { timeout: 300_000 });
  await page.getByTestId('kind-select').selectOption('plots');
  await page.getByTestId('import-commit').click();
  await page.waitForSelector('[data-testid="import-dialog"]', { state: 'detached', timeout: 600_000 });
  const layerId = await page.locator('[data-testid="layer-row"][data-kind="plots"]').getAttribute('data-layer-id');
  await page.evaluate(async () => {
    type M = { fitBounds(b: number[], o: object): void; once(e: string, f: () => void): void };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    map.fitBounds([87.25, 43.95, 87.35, 44.05], { duration: 0 });
    await new Promise<void>((resolve) => map.once('idle', resolve));
  });
  await takeProbe(page);
  const panStarted = performance.now();
  await page.evaluate(async () => {
    type M = { panBy(o: number[], p: object): void; once(e: string, f: () => void): void };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    for (let i = 0; i < 6; i++) {
      map.panBy([i % 2 ? -300 : 300, 150], { duration: 400 });
      await new Promise<void>((resolve) => map.once('moveend', resolve));
    }
  });
  const panMs = Math.round(performance.now() - panStarted);
  const panProbe = await takeProbe(page);
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('filter-crop').selectOption('棉花');
  await page.getByTestId('filter-select').click();
  const selected = Number(await page.getByTestId('selection-count').textContent());
  await page.getByTestId('status-select').selectOption('休耕');
  await takeProbe(page);
  const started = performance.now();
  await page.getByTestId('apply-status').click();
  await page.waitForFunction((id) => {
    type M = { querySourceFeatures(s: string): { id: number; properties: { ZZZW: string; ZT: string } }[]; getFeatureState(f: object): { status?: string } };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    const cotton = map.querySourceFeatures(`L:${id}`).filter((f) => f.properties.ZZZW === '棉花');
    // the map's colour follows feature-state status, else the layer's own ZT
    return cotton.length > 0 && cotton.every((f) => (map.getFeatureState({ source: `L:${id}`, id: f.id }).status ?? f.properties.ZT) === '休耕');
  }, layerId, { timeout: 120_000, polling: 50 });
  const markMs = Math.round(performance.now() - started);
  const markProbe = await takeProbe(page);
  await page.close();
  return { polygons: 'same file, as the plots layer', pan: { moves: 6, ms: panMs, ...panProbe }, markFallow: { plots: selected, msToMap: markMs, ...markProbe } };
}

export async function benchPage(options: { quick?: boolean; openOnly?: boolean } = {}): Promise<Record<string, unknown>> {
  if (!existsSync('/usr/bin/chromium')) return { skipped: 'no /usr/bin/chromium' };
  if (!existsSync('dist/index.html')) await build({ logLevel: 'warn' });
  const server = await preview({ preview: { port: 0, host: '127.0.0.1' }, logLevel: 'warn' });
  const address = server.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let opening: Record<string, unknown>;
  try {
    opening = await measureOpening(`http://127.0.0.1:${port}/`, options.quick ? 1 : 3);
  } catch (error) {
    server.httpServer.close();
    throw error;
  }
  if (options.openOnly) {
    server.httpServer.close();
    return { opening };
  }
  const count = options.quick ? 50_000 : 200_000;
  const dir = writeBigShapefile(count);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.addInitScript(PROBE);
    const opened = performance.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForSelector('[data-testid="gw-legend"]', { timeout: 300_000 });
    const openMs = Math.round(performance.now() - opened);
    const openProbe = await takeProbe(page);

    await page.getByTestId('file-input').setInputFiles(['big.shp', 'big.shx', 'big.dbf'].map((f) => join(dir, f)));
    await page.waitForSelector('[data-testid="import-commit"]:not([disabled])', { timeout: 300_000 });
    await page.getByTestId('kind-select').selectOption('other');
    await takeProbe(page);
    const started = performance.now();
    await page.getByTestId('import-commit').click();
    await page.waitForSelector('[data-testid="layer-row"][data-kind="other"]', { timeout: 600_000 });
    const importMs = Math.round(performance.now() - started);
    const importProbe = await takeProbe(page);
    const plots = await markManyPlots(browser, port, dir);
    return {
      opening,
      sampleCounty: { openToLegendMs: openMs, ...openProbe },
      importInPage: { polygons: count, importMs, ...importProbe },
      plotsLayer: plots,
      note: 'frame gaps and long tasks on the page main thread (headless, software GL); the import itself runs in a worker',
    };
  } finally {
    await browser.close();
    server.httpServer.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
