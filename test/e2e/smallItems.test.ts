/**
 * The smaller things a county office notices (issue 14, items 7–15): the first open, a year
 * without caps, the audit panel's pages, the attribute panel's field names and staleness.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { wgs84ToGcj02 } from '../../src/io/read/gcj02.ts';
import { transformGeometry } from '../../src/io/read/reproject.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const number = (text: string | null): number => Number((text ?? '').replace(/[,%]/g, ''));

async function setOperator(page: Page, name: string): Promise<void> {
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('user-name').fill(name);
}

test('first open: no year and no "saved" before the sample is there; a year without caps says so', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await page.getByTestId('status-loading').waitFor({ timeout: 30_000 });
  expect(await page.getByTestId('year-select').inputValue()).toBe('');
  expect(await page.getByTestId('autosaved').count()).toBe(0);
  await waitForLayers(page, ['villages', 'plots']);
  expect(await page.getByTestId('year-select').inputValue()).toBe('2025');

  await page.getByTestId('tab-accounting').click();
  await page.getByTestId('account-summary').waitFor({ timeout: 120_000 });
  const caption = (await page.getByTestId('account-summary').locator('caption').textContent())!;
  expect(caption).not.toMatch(/^\d{6}/); // the county's name, not its code
  expect(await page.locator('.accounting-panel').textContent()).not.toMatch(/\d+ ms/);

  await setOperator(page, '张测试');
  await page.getByTestId('year-new').click();
  await expect.poll(() => page.getByTestId('year-select').inputValue()).toBe('2026');
  await page.getByTestId('tab-accounting').click();
  await expect.poll(() => page.getByTestId('no-caps').textContent().catch(() => ''), { timeout: 120_000 }).toContain('2026 年度未设地下水指标');
  expect(await page.locator('.accounting-panel').textContent()).not.toContain('没有超指标的村');
  await screenshot(page, 'year-without-caps');
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

test('the audit panel pages through every row and says which rows are shown', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await setOperator(page, '张测试');
  await page.getByTestId('filter-select').click();
  await expect.poll(async () => number(await page.getByTestId('selection-count').textContent())).toBeGreaterThan(1000);
  await page.getByTestId('status-select').selectOption('休耕');
  await page.getByTestId('apply-status').click();
  await page.getByTestId('batch-confirm-yes').click();
  await expect.poll(() => page.getByTestId('edit-result').textContent()).toMatch(/已修改 [\d,]+ 块/);
  const changed = number(/已修改 ([\d,]+) 块/.exec((await page.getByTestId('edit-result').textContent())!)![1]);

  await page.getByTestId('tab-audit').click();
  const info = page.getByTestId('audit-page-info');
  expect(await info.textContent()).toContain(`第 1–200 行，共 ${changed.toLocaleString('en-US')} 行`);
  expect(await page.getByTestId('audit-table').locator('tbody tr').count()).toBe(200);
  await page.getByTestId('audit-page-next').click();
  expect(await info.textContent()).toContain('第 201–400 行');
  expect(await page.getByTestId('audit-count').textContent()).toContain('1 / 1 条记录');
  await screenshot(page, 'audit-pages');
  await app.context.close();
});

test('the attribute panel shows Chinese field names and the computed area, and closes when its plot is no longer selected', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('tab-layers').click();
  const plotsId = (await page.locator('[data-testid="layer-row"][data-kind="plots"]').getAttribute('data-layer-id'))!;
  await page.getByTestId('tab-edit').click();
  const point = await page.evaluate(async (fill) => {
    type M = { jumpTo(o: object): void; once(e: string, f: () => void): void; getCanvas(): HTMLCanvasElement; queryRenderedFeatures(g?: unknown, o?: object): { id?: number; geometry: { coordinates: number[][][] } }[] };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    const plot = map.queryRenderedFeatures(undefined, { layers: [fill] }).find((f) => f.geometry.coordinates?.[0]?.length > 3)!;
    const ring = plot.geometry.coordinates[0];
    const center = [ring.reduce((a: number, p: number[]) => a + p[0], 0) / ring.length, ring.reduce((a: number, p: number[]) => a + p[1], 0) / ring.length];
    map.jumpTo({ center, zoom: 16 });
    await new Promise<void>((resolve) => map.once('idle', resolve));
    const rect = map.getCanvas().getBoundingClientRect();
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  }, `L:${plotsId}:fill`);
  await page.mouse.click(point.x, point.y);
  const info = page.getByTestId('feature-info');
  await info.waitFor();
  const text = (await info.textContent())!;
  expect(text).toContain('种植作物');
  expect(text).toContain('ZZZW');
  expect(text).toContain('地块编码');
  expect(await page.getByTestId('feature-info-area').textContent()).toMatch(/\d/);
  await screenshot(page, 'feature-info');
  await page.getByTestId('selection-clear').click();
  await info.waitFor({ state: 'detached' });

  await page.mouse.click(point.x, point.y);
  await info.waitFor();
  await page.getByTestId('tab-layers').click();
  await info.waitFor({ state: 'detached' });
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

test('a bad quota greys the figures and says they are not updated; correcting it brings them back', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await setOperator(page, '张测试');
  await page.getByTestId('tab-accounting').click();
  await page.getByTestId('account-summary').waitFor({ timeout: 120_000 });
  expect(await page.getByTestId('figures-stale').count()).toBe(0);
  // the groundwater chart: round ticks (a 1-2-5 step), the target in the legend, not over a bar
  const ticks = (await page.getByTestId('gw-chart').locator('svg text').allTextContents()).filter((s) => /^[\d,]+$/.test(s) && !/^20\d\d$/.test(s)).map(number);
  expect(ticks[0]).toBe(0);
  const step = ticks[1];
  expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 5]);
  expect(ticks.every((v, i) => v === i * step)).toBe(true);
  expect(await page.getByTestId('gw-chart').locator('svg').textContent()).not.toContain('目标');
  expect(await page.getByTestId('gw-target').textContent()).toContain('目标');

  await page.getByTestId('tab-tables').click();
  const cell = page.locator('[data-testid="table-quotas"] input[data-cell="D2"]');
  const good = await cell.inputValue();
  await cell.fill('abc');
  await cell.blur();
  await page.getByTestId('tab-accounting').click();
  const notice = page.getByTestId('figures-stale');
  await notice.waitFor({ timeout: 60_000 });
  expect(await notice.textContent()).toContain('指标表有错误，数字未更新');
  expect(await page.getByTestId('account-figures').getAttribute('class')).toContain('stale');
  await screenshot(page, 'figures-stale');

  await page.getByTestId('tab-tables').click();
  await cell.fill(good);
  await cell.blur();
  await page.getByTestId('tab-accounting').click();
  await notice.waitFor({ state: 'detached', timeout: 60_000 });
  expect(await page.getByTestId('account-figures').getAttribute('class')).not.toContain('stale');
  await app.context.close();
});

test('the county view is calm: one label per village, survey and wells from closer zoom, villages outlined over plots, a thick selection halo', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('tab-layers').click();
  const idOf = async (kind: string) => (await page.locator(`[data-testid="layer-row"][data-kind="${kind}"]`).getAttribute('data-layer-id'))!;
  const ids = { villages: await idOf('villages'), plots: await idOf('plots'), survey: await idOf('survey'), wells: await idOf('wells') };
  await page.getByTestId('account-figures').or(page.locator('.map-legend')).first().waitFor({ timeout: 120_000 });
  const seen = await page.evaluate(async (l) => {
    type M = {
      once(e: string, f: () => void): void; getZoom(): number; getLayer(id: string): unknown;
      getPaintProperty(id: string, p: string): unknown; triggerRepaint(): void;
      queryRenderedFeatures(g: undefined, o: { layers: string[] }): { properties: Record<string, unknown> }[];
    };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    map.triggerRepaint();
    await new Promise<void>((resolve) => map.once('idle', resolve));
    const q = (id: string) => (map.getLayer(id) ? map.queryRenderedFeatures(undefined, { layers: [id] }) : []);
    const names = q(`L:${l.villages}:label`).map((f) => String(f.properties.ZLDWMC));
    const counts: Record<string, number> = {};
    for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
    return {
      zoom: map.getZoom(),
      labels: names.length,
      maxRepeat: Math.max(0, ...Object.values(counts)),
      survey: q(`L:${l.survey}:fill`).length,
      wells: q(`L:${l.wells}:circle`).length,
      villageFillOpacity: map.getPaintProperty(`L:${l.villages}:fill`, 'fill-opacity'),
      halo: map.getLayer(`L:${l.plots}:halo`) ? map.getPaintProperty(`L:${l.plots}:halo`, 'line-width') : null,
    };
  }, ids);
  expect(seen.zoom).toBeLessThan(11);
  expect(seen.labels).toBeGreaterThan(20);
  expect(seen.maxRepeat).toBe(1);
  expect(seen.survey).toBe(0);
  expect(seen.wells).toBe(0);
  expect(seen.villageFillOpacity).toBe(0);
  expect(seen.halo).not.toBeNull();
  await screenshot(page, 'county-view');

  // at county zoom no plot is outlined; the selection alone is (halo and outline, any zoom)
  const drawnOfSelection = () => page.evaluate(async (plotsId) => {
    type M = {
      once(e: string, f: () => void): void; triggerRepaint(): void; getZoom(): number;
      queryRenderedFeatures(g: undefined, o: { layers: string[] }): { id?: number | string }[];
    };
    const map = (window as unknown as { __shuidiMap: M }).__shuidiMap;
    map.triggerRepaint();
    await new Promise<void>((resolve) => map.once('idle', resolve));
    const ids = (id: string) => new Set(map.queryRenderedFeatures(undefined, { layers: [id] }).map((f) => f.id)).size;
    return { zoom: map.getZoom(), outlines: ids(`L:${plotsId}:line`), halo: ids(`L:${plotsId}:halo`), selected: ids(`L:${plotsId}:selected`) };
  }, ids.plots);
  expect(await drawnOfSelection()).toMatchObject({ outlines: 0, halo: 0, selected: 0 });
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('filter-max-mu').fill('3');
  await page.getByTestId('filter-select').click();
  await expect.poll(async () => number(await page.getByTestId('selection-count').textContent())).toBeGreaterThan(0);
  const selectedCount = number(await page.getByTestId('selection-count').textContent());
  await expect.poll(drawnOfSelection).toMatchObject({ outlines: 0, halo: selectedCount, selected: selectedCount });
  await page.getByTestId('selection-clear').click();
  await expect.poll(drawnOfSelection).toMatchObject({ halo: 0, selected: 0 });
  await page.getByTestId('tab-layers').click();
  await page.getByTestId('village-fill').check();
  await expect.poll(() => page.evaluate((id) => (window as unknown as { __shuidiMap: { getPaintProperty(a: string, b: string): unknown } }).__shuidiMap.getPaintProperty(`L:${id}:fill`, 'fill-opacity'), ids.villages)).not.toBe(0);
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

test('the "N 条导入提示" line of a layer opens its notes', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await setOperator(page, '张测试');
  await page.getByTestId('tab-layers').click();
  // a repeated vertex: repaired on import, with a note
  const square = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { MC: '试验' }, geometry: { type: 'Polygon', coordinates: [[[87.3, 44.0], [87.31, 44.0], [87.31, 44.0], [87.31, 44.01], [87.3, 44.01], [87.3, 44.0]]] } }] };
  await page.getByTestId('file-input').setInputFiles({ name: 'notes.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(square)) });
  await page.getByTestId('kind-select').selectOption('other');
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  const row = page.locator('[data-testid="layer-row"][data-layer-id="notes"]');
  const notes = row.getByTestId('layer-warnings');
  await notes.waitFor();
  expect(await notes.textContent()).toMatch(/\d+ 条导入提示/);
  expect(await row.locator('.layer-details').count()).toBe(0);
  await notes.click();
  expect(await row.locator('.layer-details .warnings li').count()).toBeGreaterThan(0);
  await screenshot(page, 'layer-notes');
  await app.context.close();
});

test('the groundwater chart: the wells readings in their one year, hollow demand for unedited years; the readings year is an audited, undoable setting', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots', 'wells']);
  await setOperator(page, '张测试');
  await page.getByTestId('tab-accounting').click();
  await page.getByTestId('account-summary').waitFor({ timeout: 120_000 });
  const chart = page.getByTestId('gw-chart');
  await expect.poll(() => chart.locator('circle').count(), { timeout: 60_000 }).toBe(5);
  // the sample's wells hold 2025 readings: one actual marker, at 2025 (before: the same figure at every year)
  const actualYears = () => chart.locator('rect[data-kind="actual"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-year')));
  expect(await actualYears()).toEqual(['2025']);
  expect(await chart.locator('figcaption').textContent()).toContain('2025 年读数');
  // no year's statuses were edited: every demand point hollow, and its tooltip says why
  expect(await chart.locator('circle[data-edited="no"]').count()).toBe(5);
  expect(await chart.locator('circle title').first().textContent()).toContain('该年度未修改地块状态');
  await chart.screenshot({ path: 'test-output/e2e/gw-chart-readings-year.png' });

  // in 2022 the wells have no reading: the city's metered figure is empty and a note says why
  await page.getByTestId('year-select').selectOption('2022');
  await expect.poll(() => page.getByTestId('gw-legend').getAttribute('data-year'), { timeout: 60_000 }).toBe('2022');
  await expect.poll(async () => (await page.locator('.accounting-panel .warnings').textContent()) ?? '', { timeout: 30_000 }).toContain('2022 年没有读数');

  // the wells' readings year changed to 2022 in the layer card: audited, and the marker moves
  await page.getByTestId('tab-layers').click();
  const wellsRow = page.locator('[data-testid="layer-row"][data-kind="wells"]');
  await wellsRow.getByTestId('readings-year').selectOption('2022');
  await page.getByTestId('tab-accounting').click();
  await expect.poll(actualYears, { timeout: 60_000 }).toEqual(['2022']);
  await page.getByTestId('tab-audit').click();
  await expect.poll(async () => (await page.getByTestId('audit-table').textContent()) ?? '').toContain('读数年份：2025 年 → 2022 年');

  // undone with the layer changes
  await page.getByTestId('tab-layers').click();
  await page.getByTestId('layer-undo').click();
  await expect.poll(() => wellsRow.getByTestId('readings-year').inputValue()).toBe('2025');
  await page.getByTestId('tab-accounting').click();
  await expect.poll(actualYears, { timeout: 60_000 }).toEqual(['2025']);
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

test('import notes before import: a layer outside China is said under the CRS picker; GCJ-02 web-map data is recognised against the villages and imported again corrected', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await setOperator(page, '张测试');
  await page.getByTestId('tab-layers').click();
  const square = (lon: number, lat: number) => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { MC: '甲' }, geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat + 0.01], [lon, lat]]] } }] });
  await page.getByTestId('file-input').setInputFiles({ name: 'europe.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(square(10, 50))) });
  const note = page.getByTestId('import-extent-note');
  await note.waitFor({ timeout: 30_000 });
  expect(await note.getAttribute('data-level')).toBe('warning');
  expect(await note.textContent()).toContain('europe.geojson');
  expect(await note.textContent()).toContain('不在中国境内');
  // an ordinary clockwise GeoJSON polygon: no ring-direction note
  expect(await page.getByTestId('import-dialog').textContent()).not.toContain('环方向');
  await page.getByTestId('import-dialog').getByRole('button', { name: '取消' }).click();

  // the sample's own villages as a web map would serve them (WGS 84 → GCJ-02)
  const zip = new Uint8Array(readFileSync('public/sample/villages.zip'));
  const [villages] = (await importLayerJob({ files: { 'villages.zip': zip } })).layers;
  const shifted = { type: 'FeatureCollection', features: villages.features.features.slice(0, 6).map((f) => ({ type: 'Feature', properties: { NAME: f.properties.ZLDWMC ?? '' }, geometry: transformGeometry(f.geometry, wgs84ToGcj02) })) };
  await page.getByTestId('file-input').setInputFiles({ name: 'amap_villages.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(shifted)) });
  await page.getByTestId('import-dialog').waitFor();
  await page.getByTestId('kind-select').selectOption('other');
  await expect.poll(() => page.getByTestId('import-commit').isDisabled(), { timeout: 30_000 }).toBe(false);
  await page.getByTestId('import-commit').click();
  const gcj = page.getByTestId('import-gcj-note');
  await gcj.waitFor({ timeout: 60_000 });
  expect(await gcj.textContent()).toContain('GCJ-02');
  expect(await gcj.textContent()).toContain('村界');
  await screenshot(page, 'import-gcj-note');
  await page.getByTestId('import-gcj-redo').click();
  await expect.poll(() => page.getByTestId('crs-select').inputValue()).toBe('GCJ-02');
  await page.getByTestId('import-commit').click();
  // corrected, it lines up with the villages: no note, added beside
  await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 60_000 });
  await expect.poll(() => page.locator('[data-testid="layer-row"][data-layer-id="amap_villages"]').count()).toBe(1);
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});
