/**
 * Reconciliation in the page: one button finds the sample county's seeded anomalies; a finding
 * zooms the map to its geometry; a reviewer's mark survives a reload; the list exports to xlsx; the
 * declared-area tolerances set in the run controls take the area findings away.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import ExcelJS from 'exceljs';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Anomaly {
  kind: string;
  featureId: string;
  otherId?: string;
}

test('finds every seeded anomaly, zooms to a finding, keeps its mark and exports the list', async () => {
  const answers = JSON.parse(readFileSync('public/sample/anomalies.json', 'utf8')) as { anomalies: Anomaly[] };
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots', 'survey', 'forest']);
  await page.getByTestId('header-user-name').fill('张测试'); // a mark is an audited change
  await page.getByTestId('tab-reconcile').click();
  await page.getByTestId('reconcile-run').click();
  const rows = page.getByTestId('finding-row');
  await expect.poll(() => rows.count(), { timeout: 150_000, interval: 1000 }).toBeGreaterThan(0);

  const keys = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')!));
  const found = new Set(keys.map((key) => key.split('|').slice(0, 2).join('|')));
  const missed = answers.anomalies.filter((a) => !found.has(`${a.kind}|${a.featureId}`));
  expect(missed).toEqual([]);
  expect(keys.length).toBe(answers.anomalies.length);

  const zoomBefore = await page.evaluate(() => (window as unknown as { __shuidiMap: { getZoom(): number } }).__shuidiMap.getZoom());
  await rows.first().click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __shuidiMap: { getZoom(): number } }).__shuidiMap.getZoom()))
    .toBeGreaterThan(zoomBefore + 2);
  const firstKey = keys[0];
  await page.locator('[data-testid="finding-mark"][data-mark="confirmed"]').click();
  await expect.poll(() => rows.first().locator('td.mark').textContent()).toBe('确认');
  await screenshot(page, 'reconcile-finding');

  // names, not bare codes (issue 14, item 12): the village filter, the explanations, the land classes
  const options = await page.getByTestId('findings-filter-village').locator('option').allTextContents();
  expect(options.slice(1).every((o) => /村（\d{12}）$/.test(o) || o === '（无村）')).toBe(true);
  for (let i = 0; i < Math.min(10, keys.length); i++) {
    await rows.nth(i).click();
    const text = (await page.getByTestId('finding-explanation').textContent())!;
    expect(text.replace(/（\d{12}）/g, '')).not.toMatch(/(?<!\d)\d{12}(?!\d)/);
    const classes = page.getByTestId('finding-land-classes');
    if (await classes.count()) expect(await classes.textContent()).toMatch(/\d{4}[A-Z]? [\u4e00-\u9fff]+/);
  }
  expect(await rows.first().locator('td.mark').evaluate((td) => getComputedStyle(td).whiteSpace)).toBe('nowrap');
  await screenshot(page, 'reconcile-names');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('findings-export-xlsx').click()]);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  expect(workbook.worksheets.length).toBeGreaterThanOrEqual(7); // a summary and one sheet per kind

  await page.waitForTimeout(1000); // autosave debounce, then the page is reloaded
  await page.reload();
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('tab-reconcile').click();
  await expect.poll(() => page.locator(`[data-testid="finding-row"][data-key="${firstKey}"] td.mark`).textContent(), { timeout: 60_000 }).toBe('确认');

  // the declared-area tolerances are settings of the run too: raise them and area findings go
  const kindsOf = async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')!.split('|')[0])));
  expect(await kindsOf()).toContain('area_mismatch');
  await page.getByTestId('reconcile-mismatch-mu').fill('100000');
  await page.getByTestId('reconcile-mismatch-share').fill('99');
  await page.getByTestId('reconcile-run').click();
  await expect.poll(async () => (await kindsOf()).includes('area_mismatch'), { timeout: 150_000, interval: 1000 }).toBe(false);
  expect((await kindsOf()).length).toBe(answers.anomalies.filter((a) => a.kind !== 'area_mismatch').length);
  // once more with the default tolerances in the same page, whose job worker now keeps the layers
  // (jobClient keptLayers) and spreads the overlays over its own workers: every finding again
  await page.getByTestId('reconcile-mismatch-mu').fill('1');
  await page.getByTestId('reconcile-mismatch-share').fill('5');
  await page.getByTestId('reconcile-run').click();
  await expect.poll(async () => (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')!))).sort(), { timeout: 150_000, interval: 1000 }).toEqual([...keys].sort());

  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests).toEqual([]);
  await app.context.close();
});
