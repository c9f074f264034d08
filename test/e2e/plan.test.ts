/**
 * 退减规划 in the page: run the plan in the worker, see every over-cap village met with fewer
 * patches than the naive greedy choice, take a plot out by hand and put it back, fill in the 包联, accept (one audited edit per village, reason 退减规划,
 * statuses on the map and in the accounting), undo, and print a village's notice to PDF.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { PDFDocument } from 'pdf-lib';
import ExcelJS from 'exceljs';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const count = (text: string | null) => (text ?? '').split('/').map((s) => Number(s.trim()));

test('plan, accept, undo, and print the notice', async () => {
  const { page, context, consoleErrors } = await openApp(browser);
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('header-user-name').fill('张测试'); // no name, no edit: accepting the plan is one
  await page.getByTestId('tab-plan').click();
  await page.getByTestId('plan-run').click();
  const summary = page.getByTestId('plan-summary');
  await summary.waitFor({ timeout: 120_000 });
  const [over, met] = count(await page.getByTestId('plan-met').textContent());
  expect(over).toBeGreaterThan(0);
  expect(met).toBe(over);
  const patches = Number(/^(\d+)/.exec((await page.getByTestId('plan-patches').textContent())!)![1]);
  const greedyPatches = Number(/(\d+)\s*片/.exec((await page.getByTestId('plan-greedy').textContent())!)![1]);
  expect(patches).toBeLessThan(greedyPatches);
  // the proposed plots are drawn on the map
  await expect.poll(() => page.evaluate(() => {
    const map = (window as unknown as { __shuidiMap: { querySourceFeatures(s: string): unknown[] } }).__shuidiMap;
    return map.querySourceFeatures('plan').length;
  }), { timeout: 30_000 }).toBeGreaterThan(0);
  await screenshot(page, 'plan-proposed');

  // adjusting by hand: a click on a chosen plot takes it out and the figures follow; a second click puts it back
  const muBefore = await page.getByTestId('plan-mu').textContent();
  await page.getByTestId('plan-adjust').check();
  const point = await page.evaluate(() => {
    type P = { x: number; y: number };
    const map = (window as unknown as { __shuidiMap: { getCanvas(): HTMLCanvasElement; project(c: number[]): P; querySourceFeatures(s: string): { geometry: { type: string; coordinates: number[][][] | number[][][][] } }[] } }).__shuidiMap;
    const rect = map.getCanvas().getBoundingClientRect();
    let best: { x: number; y: number; size: number; code: string } | null = null;
    for (const f of map.querySourceFeatures('plan') as unknown as { geometry: { type: string; coordinates: number[][][] }; properties: { DKBM: string } }[]) {
      const ring = (f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0]) as number[][];
      const pts = ring.slice(0, -1).map((c) => map.project(c));
      const xs = pts.map((p) => p.x);
      const ys = pts.map((p) => p.y);
      const cx = xs.reduce((a, b) => a + b, 0) / xs.length;
      const cy = ys.reduce((a, b) => a + b, 0) / ys.length;
      if (cx < 30 || cy < 30 || cx > rect.width - 30 || cy > rect.height - 30) continue;
      const size = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
      if (!best || size > best.size) best = { x: rect.left + cx, y: rect.top + cy, size, code: f.properties.DKBM };
    }
    return best;
  });
  expect(point).not.toBeNull();
  await page.mouse.click(point!.x, point!.y);
  await expect.poll(() => page.getByTestId('plan-changed').textContent()).toContain('1 块');
  expect(await page.getByTestId('plan-mu').textContent()).not.toBe(muBefore);
  await page.mouse.click(point!.x, point!.y);
  await expect.poll(() => page.getByTestId('plan-changed').count()).toBe(0);
  expect(await page.getByTestId('plan-mu').textContent()).toBe(muBefore);
  await page.getByTestId('plan-adjust').uncheck();

  // the 包联: a village's responsible person and one household's agreement go into the 包联清单
  const firstVillage = page.locator('[data-testid="plan-village"]').filter({ has: page.getByTestId('plan-notice') }).first();
  const villageName = (await firstVillage.locator('td').first().textContent())!;
  await firstVillage.locator('td').first().click();
  await page.getByTestId('plan-village-person').fill('王主任');
  const households = await page.getByTestId('plan-household').count();
  await page.getByTestId('plan-household').first().locator('input[type="checkbox"]').check();
  await expect.poll(() => page.getByTestId('plan-signed').textContent()).toContain(`1 / ${households}`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-xlsx').click()]);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  const rows = book.getWorksheet('包联清单')!.getSheetValues().slice(3) as unknown[][];
  const mine = rows.filter((r) => r?.[2] === villageName);
  expect(mine.length).toBe(households);
  expect(mine.every((r) => r[10] === '王主任')).toBe(true);
  expect(mine.filter((r) => r[12] === '已签').length).toBe(1);

  // accept: one audited edit per village with plots, reason 退减规划
  const villagesWithPlots = await page.locator('[data-testid="plan-village"]').evaluateAll((rows) => rows.filter((r) => r.querySelector('[data-testid="plan-notice"]')).length);
  await page.getByTestId('plan-accept').click();
  await expect.poll(() => page.getByTestId('plan-accepted').textContent()).toContain(`${villagesWithPlots} 条修改`);
  await page.getByTestId('tab-audit').click();
  const reasons = await page.getByTestId('audit-table').locator('tbody tr td').allTextContents();
  expect(reasons.filter((r) => r === '退减规划').length).toBeGreaterThan(0);
  await page.getByTestId('audit-verify').click();
  await expect.poll(() => page.getByTestId('audit-result').getAttribute('data-ok')).toBe('true');

  // undo takes every village's edit back
  await page.getByTestId('tab-plan').click();
  await page.getByTestId('plan-undo').click();
  await expect.poll(() => page.getByTestId('plan-accepted').count()).toBe(0);
  await page.getByTestId('tab-audit').click();
  const actions = await page.getByTestId('audit-table').locator('tbody tr td').allTextContents();
  expect(actions.filter((a) => /撤销|undo/i.test(a)).length).toBeGreaterThan(0);

  // the notice of the first village with plots, printed to PDF from its print view
  await page.getByTestId('tab-plan').click();
  const [notice] = await Promise.all([context.waitForEvent('page'), page.getByTestId('plan-notice').first().click()]);
  await notice.waitForLoadState('load');
  expect(await notice.locator('#print').isVisible()).toBe(true);
  expect(await notice.locator('h1').textContent()).toMatch(/\d{4}年.*地块公示$/);
  expect(await notice.locator('tbody tr').count()).toBeGreaterThan(1);
  // households and tenure come from the plots' own fields (every sample plot has a CBFMC)
  expect(await notice.locator('tbody').textContent()).not.toContain('未填');
  mkdirSync('test-output/e2e', { recursive: true });
  const pdf = await notice.pdf({ format: 'A4', printBackground: true });
  writeFileSync('test-output/e2e/plan-notice.pdf', pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThan(0);
  expect(await notice.locator('body').textContent()).toContain('公示期');

  // a plot locked in the panel (selected on the map, then 锁定选中地块) is not chosen by the next run
  await notice.close();
  await page.mouse.click(point!.x, point!.y);
  await page.getByTestId('plan-lock').click();
  await expect.poll(() => page.getByTestId('plan-locked').textContent()).toContain('1');
  await page.getByTestId('plan-run').click();
  const planCodes = () => page.evaluate(() => {
    const map = (window as unknown as { __shuidiMap: { querySourceFeatures(s: string): { properties: { DKBM: string } }[] } }).__shuidiMap;
    return map.querySourceFeatures('plan').map((f) => f.properties.DKBM);
  });
  // the new run replaces the drawn plan: wait until the locked plot has left it, with the rest drawn
  await expect.poll(async () => {
    const codes = await planCodes();
    return codes.length > 0 && !codes.includes(point!.code);
  }, { timeout: 120_000 }).toBe(true);
  // the year-by-year schedule from 2023: one row a year to the last year of the caps, running totals
  await page.getByTestId('year-select').selectOption('2023');
  await page.getByTestId('plan-schedule-run').click();
  const yearRows = page.getByTestId('plan-schedule-year');
  await expect.poll(() => yearRows.count(), { timeout: 180_000 }).toBe(3);
  expect(await yearRows.evaluateAll((els) => els.map((e) => e.getAttribute('data-year')))).toEqual(['2023', '2024', '2025']);
  const cells = await yearRows.evaluateAll((els) => els.map((e) => [...e.querySelectorAll('td')].map((td) => Number((td.textContent ?? '').replace(/,/g, '')))));
  let cumulative = 0;
  for (const row of cells) {
    cumulative += row[3];
    expect(row[4]).toBeCloseTo(cumulative, 0);
  }
  expect(await page.getByTestId('plan-schedule-checks').textContent()).toContain('指标削减逐年加大');
  await screenshot(page, 'plan-schedule');
  await page.getByTestId('year-select').selectOption('2025');

  // the lock is kept with the project: it is still there after a reload
  await page.waitForTimeout(1500); // the debounced save of the slot
  await page.reload();
  await page.getByTestId('tab-plan').click();
  await expect.poll(() => page.getByTestId('plan-locked').textContent(), { timeout: 60_000 }).toContain('1');
  expect(consoleErrors).toEqual([]);
});
