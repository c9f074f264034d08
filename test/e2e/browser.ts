/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Every page records
 * console errors and any request to a host other than the app's own.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { CHROMIUM_ARGS } from '../../scripts/chromiumArgs.ts';

export { CHROMIUM_ARGS };

export interface AppPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  foreignRequests: string[];
  baseUrl: string;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

export async function openApp(browser: Browser, options: { context?: BrowserContext } = {}): Promise<AppPage> {
  const baseUrl = inject('baseUrl');
  const origin = new URL(baseUrl).origin;
  const context = options.context ?? (await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true }));
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  await page.goto(baseUrl);
  return { page, context, consoleErrors, foreignRequests, baseUrl };
}

/** Waits until the sample county's layers are on the map (rendered features, not a timer). */
export async function waitForLayers(page: Page, kinds: string[], timeoutMs = 120_000): Promise<void> {
  await page.waitForFunction(
    (wanted: string[]) => {
      const map = (window as unknown as { __shuidiMap?: { getStyle(): { layers: { id: string }[] }; queryRenderedFeatures(): { source: string }[]; loaded(): boolean } }).__shuidiMap;
      if (!map) return false;
      const rows = [...document.querySelectorAll('[data-testid="layer-row"]')].map((el) => [el.getAttribute('data-kind'), el.getAttribute('data-layer-id')]);
      if (!wanted.every((k) => rows.some(([kind]) => kind === k))) return false;
      // the villages' and the plots' own sources are drawn (the map adds its sources one after
      // another); small features of other kinds may not show at the county's zoom: counted
      const sources = new Set(map.queryRenderedFeatures().map((f) => f.source));
      const drawn = (k: string) => rows.some(([kind, id]) => kind === k && sources.has(`L:${id}`));
      return sources.size >= wanted.length && wanted.filter((k) => k === 'villages' || k === 'plots').every(drawn);
    },
    kinds,
    { timeout: timeoutMs, polling: 500 },
  );
}

/**
 * Waits until the sample county is loaded whole: its first layers are drawn, and the rest (the
 * land survey, canals, reservoirs), imported once the county shows coloured, are in too.
 */
export async function waitForSampleLoaded(page: Page, timeoutMs = 120_000): Promise<void> {
  await waitForLayers(page, ['villages', 'plots'], timeoutMs);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="layer-row"][data-kind="survey"]').length > 0
    && !document.querySelector('[data-testid="status-loading"]'), undefined, { timeout: timeoutMs, polling: 250 });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-output/e2e', { recursive: true });
  const path = `test-output/e2e/${name}.png`;
  await page.screenshot({ path });
  return path;
}
