/**
 * Opening the page, as the clerk does it: the sample county in a fresh browser profile (first
 * open), the same profile opened again with saved work (reopen), and a switch of the year. Times
 * are from navigation to the legend and to the coloured map (`data-coloured` on the map element,
 * set by src/ui/map/ColouredSignal.tsx), with the page's own `shuidi:*` performance marks to say
 * where the time went. Used by page.ts; not a bench of its own (it exports no `bench…` function).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../chromiumArgs.ts';

export interface OpenTiming {
  legendMs: number;
  colouredMs: number;
  /** the page's marks, ms since navigation */
  marks: Record<string, number>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

/** Records when the legend first shows (the page sets no mark for it). */
const LEGEND_PROBE = `
  new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="gw-legend"]')) return;
    window.__legendAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
`;

async function openContext(profile: string): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true, viewport: { width: 1400, height: 900 } });
  await context.addInitScript(LEGEND_PROBE);
  return context;
}

/** Navigates and times the legend and the coloured map from the navigation's start. */
async function timeOpen(page: Page, url: string): Promise<OpenTiming> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="gw-legend"]', { timeout: 300_000 });
  await page.waitForSelector('[data-testid="map"][data-coloured]', { timeout: 300_000, state: 'attached' });
  // a string, not a function: tsx's name helper does not exist in the page
  return page.evaluate(`(() => {
    const marks = {};
    for (const mark of performance.getEntriesByType('mark')) if (mark.name.startsWith('shuidi:')) marks[mark.name] = Math.round(mark.startTime);
    const coloured = performance.getEntriesByName('shuidi:coloured').at(-1);
    return { legendMs: Math.round(window.__legendAt ?? NaN), colouredMs: Math.round(coloured ? coloured.startTime : NaN), marks };
  })()`) as Promise<OpenTiming>;
}

/** Marks 休耕 on the plots under 3 亩 (a saved edit), and waits until it is stored. */
async function makeEdit(page: Page): Promise<void> {
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('user-name').fill('张测试');
  await page.getByTestId('filter-max-mu').fill('3');
  await page.getByTestId('filter-select').click();
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="selection-count"]')?.textContent ?? 0) > 0);
  await page.getByTestId('status-select').selectOption('休耕');
  await page.getByTestId('apply-status').click();
  const confirm = page.getByTestId('batch-confirm-yes');
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  else await confirm.click({ timeout: 2_000 }).catch(() => undefined);
  await page.waitForSelector('[data-testid="map"][data-coloured]', { timeout: 120_000, state: 'attached' });
  await page.waitForTimeout(1_500); // the debounced saves (selection, project) land too
}

/** Waits until the other years' figures are computed and kept (the page is settled). */
async function settled(page: Page, since = 0): Promise<void> {
  await page.waitForFunction((t) => performance.getEntriesByName('shuidi:accounting:other-years').some((m) => m.startTime > t), since, { timeout: 120_000, polling: 100 });
}

/** Switches the year and times until the map is coloured for it and the legend names it. */
async function timeYearSwitch(page: Page, year: string): Promise<number> {
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId('year-select').selectOption(year);
  await page.waitForFunction((y) => document.querySelector('[data-testid="map"]')?.getAttribute('data-coloured') === y
    && document.querySelector('[data-testid="gw-legend"]')?.getAttribute('data-year') === y, year, { timeout: 120_000, polling: 'raf' });
  return page.evaluate((t0) => Math.round(performance.now() - t0), started);
}

export async function measureOpening(url: string, runs = 3): Promise<Record<string, unknown>> {
  const first: OpenTiming[] = [];
  const reopen: OpenTiming[] = [];
  const yearSwitchMs: number[] = [];
  const yearSwitchRightAfterEditMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const profile = mkdtempSync(join(tmpdir(), 'shuidi-profile-'));
    try {
      let context = await openContext(profile);
      let page = context.pages()[0] ?? (await context.newPage());
      first.push(await timeOpen(page, url));
      await makeEdit(page);
      // the edit made the kept years stale: this switch computes its year
      const switchedAt = await page.evaluate(() => performance.now());
      yearSwitchRightAfterEditMs.push(await timeYearSwitch(page, '2021'));
      await settled(page, switchedAt);
      if (run === 0) {
        for (const year of ['2022', '2023', '2025']) yearSwitchMs.push(await timeYearSwitch(page, year));
      }
      await context.close();
      context = await openContext(profile);
      page = context.pages()[0] ?? (await context.newPage());
      reopen.push(await timeOpen(page, url));
      if (run > 0) {
        await settled(page);
        yearSwitchMs.push(await timeYearSwitch(page, run === 1 ? '2022' : '2024'));
      }
      await context.close();
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const summary = (timings: OpenTiming[]) => ({
    legendMs: median(timings.map((t) => t.legendMs)),
    colouredMapMs: median(timings.map((t) => t.colouredMs)),
    runs: timings.map((t) => [t.legendMs, t.colouredMs]),
    marksOfMedianRun: [...timings].sort((a, b) => a.colouredMs - b.colouredMs)[Math.floor(timings.length / 2)].marks,
  });
  return {
    firstOpen: summary(first),
    reopenWithSavedWork: summary(reopen),
    yearSwitch: { medianMs: median(yearSwitchMs), runs: yearSwitchMs, note: 'once the page has computed the other years (a few seconds after opening)' },
    yearSwitchRightAfterEdit: { medianMs: median(yearSwitchRightAfterEditMs), runs: yearSwitchRightAfterEditMs, note: 'the year is computed (aggregation over the kept split) before it shows' },
    note: 'ms from navigation; first open in a fresh profile, reopen in the same profile after an edit; headless Chromium, software GL',
  };
}
