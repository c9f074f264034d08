/**
 * The last edit survives a killed browser, a closed tab and a reload (issue 15, item 3). The
 * browser is Debian's Chromium started with its own profile directory, so SIGKILL ends it as a
 * crash or a power button would end a clerk's browser; it is started again on the same profile
 * and the stored audit log is read. "Lost" means the page had been asked for the edit (the click
 * was delivered) and the edit is not in IndexedDB afterwards. The table is printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from './browser.ts';

const profile = mkdtempSync(join(tmpdir(), 'shuidi-kill-'));
let running: { process: ChildProcess; browser: Browser } | null = null;

afterAll(async () => {
  if (running) await stopBrowser(running, 'SIGKILL');
  rmSync(profile, { recursive: true, force: true });
});

async function startBrowser(): Promise<{ process: ChildProcess; browser: Browser }> {
  // its own process group, so that a kill ends the renderers and helpers with it, as a crash would
  const child = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${text}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const browser = await chromium.connectOverCDP(endpoint);
  return { process: child, browser };
}

async function stopBrowser(b: { process: ChildProcess; browser: Browser }, signal: NodeJS.Signals): Promise<void> {
  const exited = new Promise<void>((resolve) => (b.process.exitCode !== null ? resolve() : b.process.once('exit', () => resolve())));
  const group = b.process.pid!;
  process.kill(-group, signal);
  await exited;
  // every process of the group gone, and the profile lock with them, before the next start
  for (let i = 0; i < 100 && groupAlive(group); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  for (const name of readdirSync(profile)) if (name.startsWith('Singleton')) rmSync(join(profile, name), { force: true });
  running = null;
}

function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stored audit entries, read straight from IndexedDB (null while nothing is stored). */
async function storedAudit(page: Page): Promise<number | null> {
  return page.evaluate(
    () =>
      new Promise<number | null>((resolve) => {
        const request = indexedDB.open('shuidi');
        request.onsuccess = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains('kv')) return resolve(null), db.close();
          const tx = db.transaction(['kv', 'audit'], 'readonly');
          const project = tx.objectStore('kv').get('project');
          const count = tx.objectStore('audit').count();
          tx.oncomplete = () => {
            resolve(project.result ? count.result : null);
            db.close();
          };
        };
        request.onerror = () => resolve(null);
      }),
  );
}

/** The app is up with the plots layer in its list (restored, or the sample county loaded). */
async function showsPlots(page: Page): Promise<void> {
  await page.getByTestId('tab-layers').click({ timeout: 120_000 });
  await page.waitForSelector('[data-testid="layer-row"][data-kind="plots"]', { timeout: 120_000, state: 'attached' });
}

async function openPage(browser: Browser): Promise<Page> {
  const context = browser.contexts()[0];
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(inject('baseUrl'));
  await showsPlots(page);
  await expect.poll(() => storedAudit(page), { timeout: 120_000 }).not.toBeNull();
  return page;
}

let nextStatus = 0;
/** Selects the small plots and sets their status; resolves when the click is delivered. */
async function prepareEdit(page: Page): Promise<() => Promise<void>> {
  await page.getByTestId('tab-edit').click();
  if (!(await page.getByTestId('user-name').inputValue())) await page.getByTestId('user-name').fill('张测试');
  await page.getByTestId('filter-max-mu').fill('3');
  await page.getByTestId('filter-select').click();
  await expect.poll(async () => Number((await page.getByTestId('selection-count').textContent()) ?? 0)).toBeGreaterThan(0);
  // alternate the status so that every trial changes something
  await page.getByTestId('status-select').selectOption(['休耕', '退减', '种植'][nextStatus++ % 3]);
  // whatever was pending (the selection, the user name) is stored before the trial starts
  await page.waitForTimeout(800);
  // over 20 plots the page asks first: the click that makes the edit is then the confirmation
  const count = Number((await page.getByTestId('selection-count').textContent()) ?? 0);
  if (count > 20) {
    await page.getByTestId('apply-status').click();
    await page.getByTestId('batch-confirm-yes').waitFor();
    return async () => page.getByTestId('batch-confirm-yes').click();
  }
  return async () => page.getByTestId('apply-status').click();
}

interface Row {
  schedule: string;
  trials: number;
  lost: number;
}

/** The page the next trial starts from: the one the last trial checked, so each trial loads the app once. */
let current: Page | null = null;

async function pageForTrial(): Promise<Page> {
  running ??= await startBrowser();
  current ??= await openPage(running.browser);
  return current;
}

async function killTrial(delayMs: number): Promise<{ lost: boolean }> {
  const page = await pageForTrial();
  const before = (await storedAudit(page))!;
  const click = await prepareEdit(page);
  await click();
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  await stopBrowser(running!, 'SIGKILL');
  running = await startBrowser();
  current = await openPage(running.browser);
  return { lost: (await storedAudit(current))! !== before + 1 };
}

async function pageTrial(how: 'close' | 'reload'): Promise<{ lost: boolean }> {
  const page = await pageForTrial();
  const before = (await storedAudit(page))!;
  const click = await prepareEdit(page);
  await click();
  if (how === 'close') {
    await page.close({ runBeforeUnload: false });
    current = await openPage(running!.browser);
  } else {
    await page.reload();
    await showsPlots(page);
  }
  return { lost: (await storedAudit(current!))! !== before + 1 };
}

test('kill schedule: 0 edits lost', async () => {
  const rows: Row[] = [];
  const run = async (schedule: string, trials: number, trial: () => Promise<{ lost: boolean }>) => {
    const row: Row = { schedule, trials, lost: 0 };
    for (let i = 0; i < trials; i++) {
      const { lost } = await trial();
      if (lost) row.lost++;
      console.log(`${schedule} #${i + 1}: ${lost ? 'LOST' : 'kept'}`);
    }
    rows.push(row);
  };
  // npm test runs a shorter schedule (8 trials, ~1.5 min) to keep CI inside its time; the full one
  // (20 trials, as measured for the issue) with SHUIDI_KILL_FULL=1
  const full = process.env.SHUIDI_KILL_FULL === '1';
  await run('browser killed ≤ 5 ms after the click', full ? 3 : 2, () => killTrial(0));
  await run('browser killed ~100 ms after the click', full ? 3 : 1, () => killTrial(100));
  await run('browser killed 1 s after the click', full ? 3 : 1, () => killTrial(1000));
  await run('tab closed right after the click', full ? 8 : 3, () => pageTrial('close'));
  await run('reload right after the click', full ? 3 : 1, () => pageTrial('reload'));
  console.log(['| schedule | trials | lost |', '| --- | --- | --- |', ...rows.map((r) => `| ${r.schedule} | ${r.trials} | ${r.lost} |`)].join('\n'));
  expect(rows.map((r) => r.lost)).toEqual(rows.map(() => 0));
}, 1_500_000);
