/**
 * 月度监测 in the page, on the sample county's readings (readings.csv, anomalies.json "monitor"):
 * the chart and the seeded flags show; a bad readings file is refused in Chinese, naming its row;
 * a corrected file replaces its months only (audited with the operator's name); clicking a flagged
 * well zooms the map to it and shows its monthly bars; clicking it on the map selects it.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface Seeded { year: number; month: number; noReading: string[]; overPermit: string[]; coefficientRange: string[]; coefficientOutlier: string[]; pumpingRetired: string[] }

const flagged = (page: Page, kind: string) => page.locator(`[data-testid="monitor-flag"][data-kind="${kind}"]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-well')).sort());
const csvFile = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + text, 'utf8') });

test('readings in, chart and flags out; a flagged well on the map', async () => {
  const { page, consoleErrors, baseUrl } = await openApp(browser);
  const seeded = (await (await fetch(new URL('sample/anomalies.json', baseUrl))).json()).monitor as Seeded;
  await waitForLayers(page, ['villages', 'wells']);
  await page.getByTestId('header-user-name').fill('张测试'); // importing readings is an audited change
  await page.getByTestId('tab-monitor').click();

  // the sample's readings: the last month shown, the county's season charted, every seeded flag listed
  await expect.poll(() => page.getByTestId('monitor-month-label').textContent(), { timeout: 60_000 }).toBe(String(seeded.month));
  await page.getByTestId('monitor-chart').waitFor({ timeout: 60_000 });
  // the solid line runs from 0 through one point per month up to the month shown
  expect((await page.getByTestId('monitor-chart-use').getAttribute('d'))!.match(/L/g)).toHaveLength(seeded.month);
  expect(await page.getByTestId('monitor-chart-profile').getAttribute('d')).toMatch(/^M/);
  await expect.poll(() => flagged(page, 'no_reading')).toEqual([...seeded.noReading].sort());
  expect(await flagged(page, 'pumping_retired')).toEqual(seeded.pumpingRetired);
  expect(await flagged(page, 'coefficient_range')).toEqual(seeded.coefficientRange);
  expect(await flagged(page, 'coefficient_outlier')).toEqual(seeded.coefficientOutlier);
  expect(await flagged(page, 'over_permit_ytd')).toEqual(expect.arrayContaining(seeded.overPermit));
  const townshipRows = await page.getByTestId('monitor-unit').count();
  expect(townshipRows).toBeGreaterThan(1);
  // a township's row charts that township; the picker charts a village
  const firstTownship = page.getByTestId('monitor-unit').first();
  const townshipCode = await firstTownship.getAttribute('data-code');
  await firstTownship.click();
  await expect.poll(() => page.getByTestId('monitor-chart').getAttribute('data-unit')).toBe(townshipCode);
  const villageCode = await page.locator(`[data-testid="monitor-unit-select"] option[value^="${townshipCode}"]:not([value="${townshipCode}"])`).first().getAttribute('value');
  await page.getByTestId('monitor-unit-select').selectOption(villageCode!);
  await expect.poll(() => page.getByTestId('monitor-chart').getAttribute('data-unit')).toBe(villageCode);
  await page.getByTestId('monitor-unit-select').selectOption('');

  // a bad file is refused whole, with the row, column and well named in Chinese
  await page.getByTestId('monitor-import').setInputFiles(csvFile('坏读数.csv', `JBM,年份,月份,计量水量,用电量\n${seeded.noReading[0]},${seeded.year},${seeded.month},100,50\nNOSUCHWELL,${seeded.year},${seeded.month},100,50\n`));
  const refusal = page.getByTestId('monitor-import-error');
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain('第 3 行“JBM”列（A3）：井 NOSUCHWELL 不在机电井图层中');
  expect(await flagged(page, 'no_reading')).toEqual([...seeded.noReading].sort());

  // the corrected file: the missing July of one well (new), and June of another replaced
  const [late, other] = seeded.noReading;
  const savedAt = await page.getByTestId('autosaved').getAttribute('title');
  await page.getByTestId('monitor-import').setInputFiles(csvFile('补报.csv', `JBM,年份,月份,计量水量,用电量\n${late},${seeded.year},${seeded.month},900,450\n${other},${seeded.year},${seeded.month - 1},800,400\n`));
  await expect.poll(() => page.getByTestId('monitor-imported').textContent()).toContain('新增 1，替换 1');
  await expect.poll(() => flagged(page, 'no_reading')).toEqual([other]);
  await screenshot(page, 'monitor-flags');

  // a flagged well: click in the list → the map flies to it and its monthly bars show
  const well = seeded.pumpingRetired[0];
  await page.locator(`[data-testid="monitor-flag"][data-well="${well}"]`).first().click();
  const bars = page.getByTestId('monitor-well-bars');
  await bars.waitFor();
  expect(await bars.getAttribute('data-well')).toBe(well);
  expect(await bars.locator('rect[data-month]').count()).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate((code) => {
    type M = { getCenter(): { lng: number; lat: number }; querySourceFeatures(s: string): { properties: { code: string }; geometry: { coordinates: number[] } }[] };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    const point = map.querySourceFeatures('monitor').find((f) => f.properties.code === code);
    if (!point) return Infinity;
    const c = map.getCenter();
    return Math.hypot(c.lng - point.geometry.coordinates[0], c.lat - point.geometry.coordinates[1]);
  }, well), { timeout: 15_000 }).toBeLessThan(0.001);
  await screenshot(page, 'monitor-well');

  // on the map: with the bars closed, a click on the well's circle selects it again
  await page.getByTestId('monitor-well-close').click();
  await bars.waitFor({ state: 'detached' });
  const at = await page.evaluate((code) => {
    type M = { project(c: number[]): { x: number; y: number }; getCanvas(): HTMLCanvasElement; queryRenderedFeatures(o: { layers: string[] }): { properties: { code: string }; geometry: { coordinates: number[] } }[] };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    const f = map.queryRenderedFeatures({ layers: ['monitor:wells'] }).find((x) => x.properties.code === code)!;
    const rect = map.getCanvas().getBoundingClientRect();
    const p = map.project(f.geometry.coordinates);
    return { x: rect.left + p.x, y: rect.top + p.y };
  }, well);
  await page.mouse.click(at.x, at.y);
  await expect.poll(async () => page.getByTestId('monitor-well-bars').getAttribute('data-well')).toBe(well);

  // another month: June, when every seeded well had reported
  await page.getByTestId('monitor-month').fill(String(seeded.month - 1));
  await expect.poll(() => page.getByTestId('monitor-month-label').textContent()).toBe(String(seeded.month - 1));
  await expect.poll(() => flagged(page, 'no_reading')).toEqual([]);

  // the printable bulletin opens with the month's title, the township table and the chart
  const [popup] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('monitor-print').click()]);
  await popup.waitForLoadState();
  expect(await popup.title()).toBe(`示例县（示例数据）${seeded.year}年${seeded.month - 1}月地下水取水情况通报`);
  expect(await popup.locator('table').first().locator('tbody tr').count()).toBe(townshipRows);
  expect(await popup.locator('svg.chart path').count()).toBeGreaterThan(1);
  await popup.close();

  // the import is in the audit log under the operator's name
  await page.getByTestId('tab-audit').click();
  await expect.poll(() => page.locator('body').textContent()).toContain('导入机电井读数 补报.csv');
  expect(await page.locator('body').textContent()).toContain('张测试');

  // once autosaved, a reload keeps the imported month: July still flags only the other well
  await expect.poll(() => page.getByTestId('autosaved').getAttribute('title')).not.toBe(savedAt);
  await page.reload();
  await waitForLayers(page, ['villages', 'wells']);
  await page.getByTestId('tab-monitor').click();
  await expect.poll(() => page.getByTestId('monitor-month-label').textContent(), { timeout: 60_000 }).toBe(String(seeded.month));
  await expect.poll(() => flagged(page, 'no_reading'), { timeout: 60_000 }).toEqual([other]);

  // English under the language switch, the flags' details too
  await page.getByTestId('lang-switch').click();
  expect(await page.getByTestId('monitor-panel').textContent()).toContain('Monthly monitoring');
  expect(await page.locator(`[data-testid="monitor-flag"][data-well="${other}"]`).textContent()).toContain(`no reading for month ${seeded.month}`);
  expect(consoleErrors).toEqual([]);
});
