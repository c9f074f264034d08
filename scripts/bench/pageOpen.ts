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
async function settled(page: Page): Promise<void> {
  // every computed run (a start mark) is followed by the other years (then the mark below)
  await page.waitForFunction(`(performance.getEntriesByName('shuidi:accounting:other-years').at(-1)?.startTime ?? -1)
    > (performance.getEntriesByName('shuidi:accounting:start').at(-1)?.startTime ?? -1)`, undefined, { timeout: 120_000, polling: 100 });
}

interface YearSwitch {
  ms: number;
  /** the year's result was kept from before (else it was computed) */
  kept: boolean;
}

/** Switches the year and times until the map is coloured for it and the legend names it. */
async function timeYearSwitch(page: Page, year: string): Promise<YearSwitch> {
  const started = await page.evaluate(() => performance.now());
  await page.getByTestId('year-select').selectOption(year);
  await page.waitForFunction((y) => document.querySelector('[data-testid="map"]')?.getAttribute('data-coloured') === y
    && document.querySelector('[data-testid="gw-legend"]')?.getAttribute('data-year') === y, year, { timeout: 120_000, polling: 'raf' });
  return page.evaluate(`(() => {
    const done = performance.getEntriesByName('shuidi:accounting:done').at(-1);
    return { ms: Math.round(performance.now() - ${started}), kept: Boolean(done && done.detail && done.detail.kept) };
  })()`) as Promise<YearSwitch>;
}

/** Runs one step of a run, naming it (and the page's state) when it fails. */
async function step<T>(name: string, page: Page, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const state = await page.evaluate(`JSON.stringify({ coloured: document.querySelector('[data-testid="map"]')?.getAttribute('data-coloured'), legendYear: document.querySelector('[data-testid="gw-legend"]')?.getAttribute('data-year'), year: document.querySelector('[data-testid="year-select"]')?.value, marks: performance.getEntriesByType('mark').map((m) => m.name + '@' + Math.round(m.startTime)).slice(-12) })`).catch(() => 'page gone');
    throw new Error(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} ${String(state)}`);
  }
}

export async function measureOpening(url: string, runs = 3): Promise<Record<string, unknown>> {
  const first: OpenTiming[] = [];
  const reopen: OpenTiming[] = [];
  const yearSwitch: YearSwitch[] = [];
  const yearSwitchAfterEdit: YearSwitch[] = [];
  for (let run = 0; run < runs; run++) {
    const profile = mkdtempSync(join(tmpdir(), 'shuidi-profile-'));
    let context: BrowserContext | null = null;
    try {
      context = await openContext(profile);
      const opened = context;
      let page = opened.pages()[0] ?? (await opened.newPage());
      first.push(await step('first open', page, () => timeOpen(page, url)));
      await step('edit', page, () => makeEdit(page));
      // the edit made the kept years stale: kept again only if the page has recomputed 2021 by now
      yearSwitchAfterEdit.push(await step('switch after edit', page, () => timeYearSwitch(page, '2021')));
      await step('settle', page, () => settled(page));
      if (run === 0) {
        for (const year of ['2022', '2023', '2025']) yearSwitch.push(await step(`switch to ${year}`, page, () => timeYearSwitch(page, year)));
      }
      await context.close();
      context = await openContext(profile);
      const reopened = context;
      page = reopened.pages()[0] ?? (await reopened.newPage());
      reopen.push(await step('reopen', page, () => timeOpen(page, url)));
      if (run > 0) {
        await step('settle after reopen', page, () => settled(page));
        const year = run === 1 ? '2022' : '2024';
        yearSwitch.push(await step(`switch to ${year} after reopen`, page, () => timeYearSwitch(page, year)));
      }
    } finally {
      // a failed step leaves no browser behind (it would keep the bench's process alive)
      await context?.close().catch(() => undefined);
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
    yearSwitch: { medianMs: median(yearSwitch.map((s) => s.ms)), runs: yearSwitch, note: 'once the page has computed the other years (a few seconds after opening)' },
    yearSwitchAfterEdit: {
      medianMs: median(yearSwitchAfterEdit.map((s) => s.ms)), runs: yearSwitchAfterEdit,
      note: '1.5 s after an edit: kept when the page had recomputed that year by then, else computed (aggregation over the kept split)',
    },
    note: 'ms from navigation; first open in a fresh profile, reopen in the same profile after an edit; headless Chromium, software GL',
  };
}
