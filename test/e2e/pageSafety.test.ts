/**
 * Nothing lost by one click (issue 14, items 1–5): an import never replaces a loaded layer
 * silently; a batch edit never applies an empty value unless 清空 is chosen and asks before
 * changing more than 20 plots; no operator name, no change, and every change is logged under a
 * name (a project opened in a fresh browser is logged under that browser's operator); impossible
 * lon/lat are refused at import with the file named; shift+click adds and removes plots.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, screenshot, waitForLayers, waitForSampleLoaded } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type MapLike = {
  getCanvas(): HTMLCanvasElement;
  queryRenderedFeatures(geometry: unknown, options: { layers: string[] }): { id?: number }[];
  isMoving(): boolean;
  areTilesLoaded(): boolean;
  getZoom(): number;
};

const number = (text: string | null): number => Number((text ?? '').replace(/[,%]/g, ''));

async function layerRow(page: Page, kind: string, nth = 0): Promise<{ id: string; count: number; name: string }> {
  await page.getByTestId('tab-layers').click();
  const row = page.locator(`[data-testid="layer-row"][data-kind="${kind}"]`).nth(nth);
  const id = (await row.getAttribute('data-layer-id'))!;
  const count = number((await row.locator('.muted').first().textContent())!.split('·')[1]);
  const name = (await row.locator('button.link').first().textContent())!;
  return { id, count, name };
}

/** The audit log's entries as stored in the page (action, user, detail). */
async function auditEntries(page: Page): Promise<{ action: string; user: string; detail: string }[]> {
  await page.getByTestId('tab-audit').click();
  const rows = page.getByTestId('audit-table').locator('tbody tr');
  return rows.evaluateAll((trs) =>
    trs.map((tr) => {
      const td = [...tr.querySelectorAll('td')].map((c) => c.textContent ?? '');
      return { action: td[3], user: td[2], detail: td[4] };
    }),
  );
}

/** The operator's name, typed where the page has always had it (地块标注 → 操作人). */
async function setOperator(page: Page, name: string): Promise<void> {
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('user-name').fill(name);
  await page.getByTestId('tab-layers').click();
}

const villageSquare = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: { ZLDWDM: '659901001001', ZLDWMC: '新村' }, geometry: { type: 'Polygon', coordinates: [[[87.3, 44.0], [87.31, 44.0], [87.31, 44.01], [87.3, 44.01], [87.3, 44.0]]] } }],
};

async function importVillageFile(page: Page): Promise<void> {
  await page.getByTestId('tab-layers').click();
  await page.getByTestId('file-input').setInputFiles({ name: 'cun.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(villageSquare)) });
  await page.getByTestId('import-dialog').waitFor();
  await expect.poll(() => page.getByTestId('kind-select').inputValue(), { timeout: 30_000 }).toBe('villages');
  await page.getByTestId('import-commit').click();
  await page.getByTestId('import-conflicts').waitFor({ timeout: 60_000 });
}

test('an import never replaces a loaded layer silently: beside by default, replace confirmed, undoable, audited', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForSampleLoaded(page); // the layers are counted below: all of the sample's are in
  await setOperator(page, '张测试');
  const villages = await layerRow(page, 'villages');
  expect(villages.count).toBe(48);
  const layersBefore = await page.getByTestId('layer-row').count();

  // 1. a one-polygon 村界 file: the dialog says what it would replace, with the counts; default is beside
  await importVillageFile(page);
  const conflict = page.getByTestId('import-conflict').first();
  expect(await conflict.textContent()).toContain(villages.name);
  expect(await conflict.textContent()).toMatch(/48 → 1/);
  expect(await page.getByTestId('conflict-add').first().isChecked()).toBe(true);
  await screenshot(page, 'import-conflict');
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 30_000 });
  await expect.poll(() => page.getByTestId('layer-row').count()).toBe(layersBefore + 1);
  expect((await layerRow(page, 'villages', 1)).count).toBe(48); // the first-listed is the newest
  expect(await page.locator('[data-testid="layer-row"][data-kind="villages"]').count()).toBe(2);

  // 2. again, choosing to replace: the 48 villages go, the replacement is audited and undoable
  await page.getByTestId('layer-undo').click(); // back to one villages layer
  await expect.poll(() => page.getByTestId('layer-row').count()).toBe(layersBefore);
  await importVillageFile(page);
  await page.getByTestId('conflict-replace').first().check();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 30_000 });
  await expect.poll(async () => (await layerRow(page, 'villages')).count).toBe(1);
  expect(await page.getByTestId('layer-row').count()).toBe(layersBefore);
  const entries = await auditEntries(page);
  const replaced = entries.find((e) => e.action === '替换图层');
  expect(replaced, JSON.stringify(entries)).toBeDefined();
  expect(replaced!.user).toBe('张测试');
  expect(entries.filter((e) => e.action === '导入图层').length).toBe(1);
  expect(entries.every((e) => e.user === '张测试')).toBe(true);

  await page.getByTestId('tab-layers').click();
  expect(await page.getByTestId('layer-undo').textContent()).toContain('替换');
  await page.getByTestId('layer-undo').click();
  await expect.poll(async () => (await layerRow(page, 'villages')).count).toBe(48);
  await screenshot(page, 'import-replace-undone');
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

/** Selects every plot through the attribute filter (no condition = all plots). */
async function selectAllPlots(page: Page): Promise<number> {
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('filter-select').click();
  await expect.poll(async () => number(await page.getByTestId('selection-count').textContent())).toBeGreaterThan(20);
  return number(await page.getByTestId('selection-count').textContent());
}

test('a batch edit never applies an empty value unless 清空 is ticked, and asks before more than 20 plots', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await setOperator(page, '张测试');
  const count = await selectAllPlots(page);
  const mu = await page.getByTestId('selection-area').textContent();
  const auditBefore = (await auditEntries(page)).length;
  await page.getByTestId('tab-edit').click();

  // empty crop: refused with a message, nothing changed
  await page.getByTestId('crop-input').fill('');
  await page.getByTestId('apply-crop').click();
  await expect.poll(() => page.getByTestId('edit-result').textContent()).toContain('清空');
  expect(await page.getByTestId('batch-confirm').count()).toBe(0);
  expect((await auditEntries(page)).length).toBe(auditBefore);

  // 清空 ticked: still asks first, naming the count and the 亩; cancelling changes nothing
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('crop-input-clear').check();
  await page.getByTestId('apply-crop').click();
  const confirm = page.getByTestId('batch-confirm');
  await confirm.waitFor();
  expect(await confirm.textContent()).toContain(`${count} 块`);
  expect(await confirm.textContent()).toContain(`${mu} 亩`);
  await screenshot(page, 'batch-confirm');
  await page.getByTestId('batch-confirm-no').click();
  expect((await auditEntries(page)).length).toBe(auditBefore);

  // a status for all of them: confirmed, then applied
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('status-select').selectOption('休耕');
  await page.getByTestId('apply-status').click();
  await page.getByTestId('batch-confirm-yes').click();
  await expect.poll(() => page.getByTestId('edit-result').textContent()).toMatch(/已修改 \d+ 块/);
  expect((await auditEntries(page)).length).toBeGreaterThan(auditBefore);
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});

test('no operator name, no change; a project opened in a fresh browser is logged under that browser\'s operator', async () => {
  const first = await openApp(browser);
  const { page } = first;
  await waitForLayers(page, ['villages', 'plots']);

  // plots: refused with a message naming the missing name
  await selectAllPlots(page);
  await page.getByTestId('status-select').selectOption('退减');
  await page.getByTestId('apply-status').click();
  const confirmYes = page.getByTestId('batch-confirm-yes');
  if (await confirmYes.count()) await confirmYes.click();
  await expect.poll(() => page.getByTestId('edit-result').textContent()).toContain('操作人');
  expect(await auditEntries(page)).toEqual([]);

  // tables: read only without a name; with one, a changed cell is logged
  await page.getByTestId('tab-tables').click();
  const cell = page.locator('[data-testid="table-quotas"] input[data-cell="D2"]');
  expect(await cell.getAttribute('readonly')).not.toBeNull();
  await page.getByTestId('header-user-name').fill('王审核');
  const old = await cell.inputValue();
  await cell.fill(String(Number(old) + 10));
  await cell.blur();
  const entries = await auditEntries(page);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ action: '修改定额/指标', user: '王审核' });

  // a new year needs the name too (it has one now): logged under it
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('year-new').click();
  expect((await auditEntries(page)).map((e) => e.action)).toContain('新建年度');

  // save, then open in a fresh browser: without a name refused, with one logged under it
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('project-save').click()]);
  const bytes = readFileSync((await download.path())!);
  const second = await openApp(browser);
  const other = second.page;
  await waitForLayers(other, ['villages', 'plots']);
  await other.getByTestId('project-open-input').setInputFiles({ name: 'county.shuidi.zip', mimeType: 'application/zip', buffer: bytes });
  await expect.poll(() => other.getByTestId('project-open-error').textContent()).toContain('操作人');
  await other.getByTestId('header-user-name').fill('李新');
  await other.getByTestId('project-open-input').setInputFiles({ name: 'county.shuidi.zip', mimeType: 'application/zip', buffer: bytes });
  await expect.poll(async () => (await auditEntries(other)).length, { timeout: 60_000 }).toBe(3);
  const opened = (await auditEntries(other))[0]; // newest first
  expect(opened).toMatchObject({ action: '打开项目', user: '李新' });
  await screenshot(other, 'audit-opened-fresh');
  expect(first.consoleErrors).toEqual([]);
  await first.context.close();
  await second.context.close();
});

test('impossible lon/lat are refused at import, naming the file and the CRS picker; the page stays', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForSampleLoaded(page); // the layers are counted below: all of the sample's are in
  await setOperator(page, '张测试');
  const before = await page.getByTestId('layer-row').count();
  const dir = 'test/fixtures/io/real/mapshaper/ldid';
  await page.getByTestId('file-input').setInputFiles(['shp', 'shx', 'dbf', 'prj'].map((ext) => `${dir}/chinese.${ext}`));
  await page.getByTestId('import-dialog').waitFor();
  await expect.poll(() => page.getByTestId('import-commit').isDisabled(), { timeout: 30_000 }).toBe(false);
  // said before import, under the CRS the file claims
  const note = page.getByTestId('import-extent-note');
  expect(await note.getAttribute('data-level')).toBe('error');
  expect(await note.textContent()).toContain('chinese.shp');
  expect(await note.textContent()).toContain('坐标系');
  await page.getByTestId('import-commit').click();
  const error = page.getByTestId('import-error');
  await expect.poll(() => error.textContent(), { timeout: 60_000 }).toContain('chinese.shp');
  expect(await error.textContent()).toContain('坐标系');
  await screenshot(page, 'import-impossible-lonlat');
  await page.getByTestId('import-dialog').getByRole('button', { name: '取消' }).click();
  expect(await page.getByTestId('layer-row').count()).toBe(before);
  // the map still answers and the page is there
  expect(await page.evaluate(() => (window as unknown as { __shuidiMap: MapLike }).__shuidiMap.getZoom())).toBeGreaterThan(5);
  expect(await page.getByTestId('tab-layers').isVisible()).toBe(true);
  await app.context.close();
});

/** Client pixels of `n` distinct plots on the map, each well inside its plot. */
async function plotPoints(page: Page, plotsLayer: string, n: number): Promise<{ id: number; x: number; y: number }[]> {
  return page.evaluate(
    ([fill, wanted]) => {
      const map = (window as unknown as { __shuidiMap: MapLike }).__shuidiMap;
      const rect = map.getCanvas().getBoundingClientRect();
      const found = new Map<number, { id: number; x: number; y: number }>();
      const at = (x: number, y: number) => map.queryRenderedFeatures([x, y], { layers: [fill as string] }).find((f) => typeof f.id === 'number')?.id;
      // right of the attribute panel the map shows at its top left after a click
      for (let y = 60; y < rect.height - 60 && found.size < (wanted as number); y += 7) {
        for (let x = 400; x < rect.width - 60 && found.size < (wanted as number); x += 7) {
          const id = at(x, y);
          if (id === undefined || found.has(id)) continue;
          // the same plot 3 px around: a click there cannot land on a neighbour
          if ([[3, 0], [-3, 0], [0, 3], [0, -3]].every(([dx, dy]) => at(x + dx, y + dy) === id)) found.set(id, { id, x: rect.left + x, y: rect.top + y });
        }
      }
      return [...found.values()];
    },
    [`L:${plotsLayer}:fill`, n] as const,
  );
}

test('shift+click adds a plot to the selection and removes it again', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  const plots = await layerRow(page, 'plots');
  await page.getByTestId('tab-edit').click();
  // zoom in on a plot, so plots are big enough to click
  await page.evaluate(async (fill) => {
    type Zoomable = { jumpTo(o: object): void; once(e: string, f: () => void): void; queryRenderedFeatures(g?: unknown, o?: object): { geometry: { coordinates: number[][][] } }[] };
    const map = (window as unknown as { __shuidiMap: Zoomable }).__shuidiMap;
    const plot = map.queryRenderedFeatures(undefined, { layers: [fill] }).find((f) => f.geometry.coordinates?.[0]?.length > 3)!;
    const ring = plot.geometry.coordinates[0];
    const center = [ring.reduce((a: number, p: number[]) => a + p[0], 0) / ring.length, ring.reduce((a: number, p: number[]) => a + p[1], 0) / ring.length];
    map.jumpTo({ center, zoom: 15 });
    await new Promise<void>((resolve) => map.once('idle', resolve));
  }, `L:${plots.id}:fill`);
  const points = await plotPoints(page, plots.id, 3);
  expect(points).toHaveLength(3);
  const count = async () => number(await page.getByTestId('selection-count').textContent());
  await page.mouse.click(points[0].x, points[0].y);
  await expect.poll(count).toBe(1);
  await page.keyboard.down('Shift');
  await page.mouse.click(points[1].x, points[1].y);
  await expect.poll(count).toBe(2);
  await page.mouse.click(points[2].x, points[2].y);
  await expect.poll(count).toBe(3);
  await page.mouse.click(points[1].x, points[1].y);
  await expect.poll(count).toBe(2);
  await page.keyboard.up('Shift');
  await screenshot(page, 'shift-click');
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});
