/**
 * Water accounting in the page: it runs when the county opens, the table and the map legend follow
 * the chosen year, a row opens the village's breakdown, the xlsx export reads back.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The text of one column (by its key) in the row of a unit. */
async function cell(page: Page, code: string, key: string): Promise<string> {
  return page.evaluate(
    ([unitCode, columnKey]) => {
      const headers = [...document.querySelectorAll('[data-testid="account-table"] thead tr.labels th')];
      const index = headers.findIndex((th) => th.getAttribute('data-testid') === `account-sort-${columnKey}`);
      const row = document.querySelector(`[data-testid="account-row"][data-code="${unitCode}"]`);
      return row?.querySelectorAll('td')[index]?.textContent ?? '';
    },
    [code, key],
  );
}

const number = (text: string) => Number(text.replace(/[,%]/g, ''));

test('the summary follows the year, in the table and the map legend, and exports to xlsx', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('drawer-toggle').click();
  const table = page.getByTestId('account-table');
  await table.waitFor({ timeout: 120_000 });
  const years = await page.getByTestId('year-select').locator('option').allTextContents();
  expect(years).toEqual(['2021', '2022', '2023', '2024', '2025']);
  await expect.poll(() => table.getAttribute('data-year')).toBe('2025');

  // the first village row (the table draws only the rows in view)
  const unitCode = await page.locator('[data-testid="account-row"][data-level="village"]').first().getAttribute('data-code');
  expect(unitCode).toMatch(/^\d{12}$/);
  const cap2025 = number(await cell(page, unitCode!, 'groundwaterCapM3'));
  const legend2025 = await page.getByTestId('gw-legend').textContent();
  expect(cap2025).toBeGreaterThan(0);

  // the villages are coloured through feature-state, not by re-sending the layer
  const coloured = await page.evaluate(() => {
    const row = document.querySelector('[data-testid="layer-row"][data-kind="villages"]');
    const map = (window as unknown as { __shuidiMap: { getFeatureState(f: object): { gwShare?: number } } }).__shuidiMap;
    const source = `L:${row?.getAttribute('data-layer-id')}`;
    let n = 0;
    for (let id = 0; id < 48; id++) if (typeof map.getFeatureState({ source, id }).gwShare === 'number') n++;
    return n;
  });
  expect(coloured).toBeGreaterThan(40);
  const villagesSource = `L:${await page.locator('[data-testid="layer-row"][data-kind="villages"]').getAttribute('data-layer-id')}`;
  // the chart shows the city's groundwater demand for every year of the caps table
  await page.getByTestId('tab-accounting').click();
  await expect.poll(() => page.getByTestId('gw-chart').locator('circle').count(), { timeout: 30_000 }).toBe(5);
  await screenshot(page, 'accounting-2025');

  await page.getByTestId('year-select').selectOption('2022');
  await expect.poll(() => table.getAttribute('data-year'), { timeout: 30_000 }).toBe('2022');
  await expect.poll(() => page.getByTestId('gw-legend').getAttribute('data-year')).toBe('2022');
  const cap2022 = number(await cell(page, unitCode!, 'groundwaterCapM3'));
  expect(cap2022).toBeGreaterThan(cap2025); // caps fall year by year to the target
  expect(await page.getByTestId('gw-legend').textContent()).not.toBe(legend2025);

  // a township filter keeps that township's villages and its subtotal
  const filter = page.getByTestId('account-township-filter');
  const township = await filter.locator('option').nth(1).getAttribute('value');
  await filter.selectOption(township!);
  const codes = await page.locator('[data-testid="account-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')!));
  expect(codes.length).toBeGreaterThan(2);
  expect(codes.every((c) => c.startsWith(township!))).toBe(true);

  // a village row opens its breakdown
  const village = codes.find((c) => c.length === 12)!;
  await page.getByTestId('tab-accounting').click();
  await page.locator(`[data-testid="account-row"][data-code="${village}"]`).click();
  await expect.poll(() => page.getByTestId('unit-breakdown').textContent()).toContain(village);
  await screenshot(page, 'accounting-2022-village');

  // the map colours by either basis: the switch changes the feature-state and the legend
  const shares = () => page.evaluate((source) => {
    const map = (window as unknown as { __shuidiMap: { getFeatureState(f: object): { gwShare?: number | null } } }).__shuidiMap;
    return Array.from({ length: 48 }, (_, id) => map.getFeatureState({ source, id })?.gwShare ?? null);
  }, villagesSource);
  const byDemand = await shares();
  await page.getByTestId('basis-metered').check();
  await expect.poll(() => page.getByTestId('gw-legend').getAttribute('data-basis')).toBe('metered');
  await expect.poll(async () => JSON.stringify(await shares())).not.toBe(JSON.stringify(byDemand));
  expect(await page.getByTestId('gw-legend').textContent()).toContain('计量');
  // the villages over their cap say on which basis
  const tags = await page.getByTestId('over-cap-basis').allTextContents();
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(['按核定用水超', '按计量取水超', '两种口径均超']).toContain(tag);
  await screenshot(page, 'accounting-2022-metered');
  await page.getByTestId('basis-demand').check();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('account-export-xlsx').click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0];
  const text: string[] = [];
  sheet.eachRow((row) => text.push(row.values ? JSON.stringify(row.values) : ''));
  expect(text.join('\n')).toContain('2022');
  expect(text.some((line) => line.includes(village))).toBe(true);
  expect(text.join('\n')).toContain('地下水（计量）');

  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests).toEqual([]);
  await app.context.close();
});
