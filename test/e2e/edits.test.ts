/**
 * Marking plots in the page (issue 7): box-select plots in one village, mark them fallow, see the
 * village's fallow area and demand change in the summary table; undo and redo (buttons and keys);
 * reload and find the same state; verify the audit chain, alter one stored entry and see the check
 * name it; export the Shapefile (GBK) and read it back.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type MapLike = {
  project(lngLat: [number, number]): { x: number; y: number };
  getCanvas(): HTMLCanvasElement;
  isMoving(): boolean;
  once(event: string, listener: () => void): unknown;
  areTilesLoaded(): boolean;
  queryRenderedFeatures(geometry: unknown, options: { layers: string[] }): { id?: number; properties: Record<string, unknown> }[];
  getFeatureState(feature: { source: string; id: number }): Record<string, unknown>;
};

const FALLOW = '休耕轮作';
const IRRIGATION = '灌溉用水';
const GROUNDWATER = '其中灌溉地下水';

const number = (text: string): number => Number(text.replace(/[,%]/g, ''));

/** The text of one cell of a unit's row in the summary table, the column found by its header label. */
async function rowValue(page: Page, code: string, label: string): Promise<string> {
  return page.evaluate(
    ([unitCode, columnLabel]) => {
      const headers = [...document.querySelectorAll('[data-testid="account-table"] thead tr.labels th')];
      const index = headers.findIndex((th) => (th.textContent ?? '').replace(/[▲▼ ]/g, '') === columnLabel);
      const row = document.querySelector(`[data-testid="account-row"][data-code="${unitCode}"]`);
      return index < 0 || !row ? '' : row.querySelectorAll('td')[index]?.textContent ?? '';
    },
    [code, label],
  );
}

/** The id of the layer of a kind, from the layer list (tab-layers). */
async function layerInfo(page: Page, kind: string): Promise<{ id: string; count: number }> {
  await page.getByTestId('tab-layers').click();
  const row = page.locator(`[data-testid="layer-row"][data-kind="${kind}"]`);
  const id = (await row.getAttribute('data-layer-id'))!;
  const count = number((await row.locator('.muted').first().textContent())!.split('·')[1]);
  return { id, count };
}

async function featureState(page: Page, source: string, id: number): Promise<Record<string, unknown>> {
  return page.evaluate(([s, i]) => (window as unknown as { __shuidiMap: MapLike }).__shuidiMap.getFeatureState({ source: s as string, id: i as number }), [source, id] as const);
}

async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = (window as unknown as { __shuidiMap: MapLike }).__shuidiMap;
    return !map.isMoving() && map.areTilesLoaded();
  }, undefined, { timeout: 30_000, polling: 200 });
}

/** Opens the summary drawer and waits until the accounting has filled it. */
async function openTable(page: Page): Promise<void> {
  await page.getByTestId('drawer-toggle').click();
  await page.locator('[data-testid="account-row"][data-level="village"]').first().waitFor({ timeout: 120_000 });
}

/**
 * A box (client pixels) well inside one village with plots in it: every point of a 5×5 grid over
 * the box hits that village on the map.
 */
async function boxInsideVillage(page: Page, villagesLayer: string, plotsLayer: string, code: string, half: number) {
  return page.evaluate(
    ([vFill, pFill, villageCode, r]) => {
      const map = (window as unknown as { __shuidiMap: MapLike }).__shuidiMap;
      const canvas = map.getCanvas();
      const rect = canvas.getBoundingClientRect();
      const inVillage = (x: number, y: number) =>
        map.queryRenderedFeatures([x, y], { layers: [vFill] }).some((f) => String(f.properties.ZLDWDM ?? '').startsWith(villageCode));
      for (let y = r; y < rect.height - r; y += 15) {
        for (let x = r; x < rect.width - r; x += 15) {
          let inside = true;
          for (let i = 0; i <= 4 && inside; i++) for (let j = 0; j <= 4 && inside; j++) inside = inVillage(x - r + (i * r) / 2, y - r + (j * r) / 2);
          if (!inside) continue;
          const plots = map.queryRenderedFeatures([[x - r, y - r], [x + r, y + r]], { layers: [pFill] });
          if (plots.length >= 3) return { x0: rect.left + x - r, y0: rect.top + y - r, x1: rect.left + x + r, y1: rect.top + y + r };
        }
      }
      return null;
    },
    [`L:${villagesLayer}:fill`, `L:${plotsLayer}:fill`, code, half] as const,
  );
}

let samplePlots: Promise<Record<string, unknown>[]> | null = null;
/** The sample county's plots as the file has them (the map is given only the fields it draws by). */
const samplePlotProperties = (): Promise<Record<string, unknown>[]> => (samplePlots ??= readSamplePlots());
async function readSamplePlots(): Promise<Record<string, unknown>[]> {
  const files = unzipSync(new Uint8Array(readFileSync('public/sample/plots.zip')));
  const named = (ext: string) => Object.entries(files).find(([name]) => name.toLowerCase().endsWith(ext))![1];
  const encoding = new TextDecoder().decode(named('.cpg')).trim() || 'utf-8';
  const collection = await shapefile.read(Buffer.from(named('.shp')), Buffer.from(named('.dbf')), { encoding });
  return collection.features.map((f) => (f.properties ?? {}) as Record<string, unknown>);
}

/** The selected plots rendered on the map (feature-state `selected`), with their properties in the file. */
async function selectedPlots(page: Page, plotsLayer: string): Promise<{ id: number; ZT: string; ZZZW: string; ZLDWDM: string }[]> {
  const ids = await page.evaluate((layerId) => {
    const map = (window as unknown as { __shuidiMap: MapLike }).__shuidiMap;
    const seen = new Set<number>();
    const rect = map.getCanvas().getBoundingClientRect();
    for (const f of map.queryRenderedFeatures([[0, 0], [rect.width, rect.height]], { layers: [`L:${layerId}:fill`] })) {
      if (typeof f.id !== 'number' || seen.has(f.id)) continue;
      if (map.getFeatureState({ source: `L:${layerId}`, id: f.id }).selected !== true) continue;
      seen.add(f.id);
    }
    return [...seen];
  }, plotsLayer);
  const properties = await samplePlotProperties();
  return ids.map((id) => ({ id, ZT: String(properties[id].ZT), ZZZW: String(properties[id].ZZZW), ZLDWDM: String(properties[id].ZLDWDM) }));
}

test('box-select plots in a village, mark them fallow, undo/redo, reload, audit, export', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  const plots = await layerInfo(page, 'plots');
  const villages = await layerInfo(page, 'villages');
  expect(plots.count).toBeGreaterThan(1000);
  await openTable(page);

  // 1. the first village of the table; its row flies the map there
  const village = (await page.locator('[data-testid="account-row"][data-level="village"]').first().getAttribute('data-code'))!;
  const townships = await page.getByTestId('account-township-filter').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const township = townships.find((c) => c && village.startsWith(c))!;
  await page.getByTestId('account-township-filter').selectOption(township); // its subtotal row in view
  const moved = page.evaluate(() => new Promise<void>((resolve) => (window as unknown as { __shuidiMap: MapLike }).__shuidiMap.once('moveend', () => resolve())));
  await page.locator(`[data-testid="account-row"][data-code="${village}"]`).click();
  await moved;
  await waitForMapIdle(page);

  // 2. box-select with the Box tool, inside the village
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('user-name').fill('张测试');
  const box = await boxInsideVillage(page, villages.id, plots.id, village, 40);
  expect(box, 'a box inside the village').not.toBeNull();
  await page.getByTestId('tool-box').click();
  await page.mouse.move(box!.x0, box!.y0);
  await page.mouse.down();
  await page.mouse.move((box!.x0 + box!.x1) / 2, (box!.y0 + box!.y1) / 2, { steps: 4 });
  await page.mouse.move(box!.x1, box!.y1, { steps: 4 });
  await page.mouse.up();
  await expect.poll(async () => number((await page.getByTestId('selection-count').textContent())!)).toBeGreaterThan(0);
  const selectedCount = number((await page.getByTestId('selection-count').textContent())!);
  const selectedMu = number((await page.getByTestId('selection-area').textContent())!);
  expect(selectedMu).toBeGreaterThan(0);
  await page.getByTestId('tool-box').click(); // back to the pointer
  await expect.poll(async () => (await selectedPlots(page, plots.id)).length).toBe(selectedCount);
  const selected = await selectedPlots(page, plots.id);
  expect(selected.every((p) => p.ZLDWDM.startsWith(village))).toBe(true);
  const plot = selected.find((p) => p.ZT !== '休耕');
  expect(plot, 'a selected plot not yet fallow').toBeDefined();
  await screenshot(page, 'edits-selected');

  // 3. mark fallow: the village's fallow area rises, its demand falls, no other village of its township changes
  const before = { fallow: await rowValue(page, village, FALLOW), irrigation: await rowValue(page, village, IRRIGATION), groundwater: await rowValue(page, village, GROUNDWATER) };
  const townshipFallowBefore = number(await rowValue(page, township, FALLOW));
  expect(before.fallow).not.toBe('');
  await page.getByTestId('status-select').selectOption('休耕');
  await page.getByTestId('apply-status').click();
  if (selectedCount > 20) await page.getByTestId('batch-confirm-yes').click(); // a large edit is confirmed first
  await expect.poll(() => page.getByTestId('edit-result').textContent()).toMatch(/已修改 \d+ 块/);
  const changed = Number(/已修改 (\d+) 块/.exec((await page.getByTestId('edit-result').textContent())!)![1]);
  expect(changed).toBe(selected.filter((p) => p.ZT !== '休耕').length);
  const source = `L:${plots.id}`;
  await expect.poll(async () => (await featureState(page, source, plot!.id)).status).toBe('休耕');
  await expect.poll(async () => number(await rowValue(page, village, FALLOW)), { timeout: 30_000 }).toBeGreaterThan(number(before.fallow));
  const after = { fallow: await rowValue(page, village, FALLOW), irrigation: await rowValue(page, village, IRRIGATION), groundwater: await rowValue(page, village, GROUNDWATER) };
  expect(number(after.irrigation)).toBeLessThan(number(before.irrigation));
  expect(number(after.groundwater)).toBeLessThanOrEqual(number(before.groundwater));
  const fallowAddedMu = number(after.fallow) - number(before.fallow);
  expect(fallowAddedMu).toBeLessThanOrEqual(selectedMu + 0.02);
  await expect.poll(async () => number(await rowValue(page, township, FALLOW)) - townshipFallowBefore).toBeCloseTo(fallowAddedMu, 1);

  // 4. undo and redo, with the buttons and the keys
  const fallowShown = () => rowValue(page, village, FALLOW);
  await page.getByTestId('undo').click();
  await expect.poll(fallowShown, { timeout: 30_000 }).toBe(before.fallow);
  await expect.poll(async () => (await featureState(page, source, plot!.id)).status).toBeUndefined();
  await page.getByTestId('redo').click();
  await expect.poll(fallowShown, { timeout: 30_000 }).toBe(after.fallow);
  await page.keyboard.press('Control+z');
  await expect.poll(fallowShown, { timeout: 30_000 }).toBe(before.fallow);
  const savedAt = await page.getByTestId('autosaved').getAttribute('title');
  await page.keyboard.press('Control+y');
  await expect.poll(fallowShown, { timeout: 30_000 }).toBe(after.fallow);
  await expect.poll(async () => (await featureState(page, source, plot!.id)).status).toBe('休耕');

  // 5. once autosaved, a reload finds the same state
  await expect.poll(() => page.getByTestId('autosaved').getAttribute('title')).not.toBe(savedAt);
  await page.reload();
  await waitForLayers(page, ['villages', 'plots']);
  await openTable(page);
  await expect.poll(fallowShown, { timeout: 60_000 }).toBe(after.fallow);
  expect(await rowValue(page, village, IRRIGATION)).toBe(after.irrigation);
  expect((await layerInfo(page, 'plots')).id).toBe(plots.id);
  await expect.poll(async () => (await featureState(page, source, plot!.id)).status).toBe('休耕');
  // the figures shown first were the ones kept for these very inputs, before the worker had the county again
  const firstDone = await page.evaluate(() => (performance.getEntriesByName('shuidi:accounting:done')[0] as PerformanceMark | undefined)?.detail as { stored?: boolean } | undefined);
  expect(firstDone?.stored).toBe(true);
  // the saved villages and plots were drawn from their kept map GeoJSON while the project was read,
  // and kept (the restored layers are of the generation they were drawn from): drawn once, not twice
  const early = await page.evaluate(() => ['shuidi:map:early', 'shuidi:map:early-adopted'].map((name) => (performance.getEntriesByName(name)[0] as PerformanceMark | undefined)?.detail as Record<string, string[]> | undefined));
  expect(early[0]?.layers).toContain(plots.id);
  expect(early[1]).toEqual({ adopted: early[0]?.layers, replaced: [] });

  // 6. the audit chain verifies; an entry altered in storage is named after a reload
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-verify').click();
  await expect.poll(() => page.getByTestId('audit-result').getAttribute('data-ok')).toBe('true');
  const tampered = await page.evaluate(
    () =>
      new Promise<{ seq: number; count: number }>((resolve, reject) => {
        const open = indexedDB.open('shuidi');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const store = db.transaction('audit', 'readwrite').objectStore('audit');
          const all = store.getAll();
          all.onsuccess = () => {
            const entries = all.result as { user: string }[];
            const seq = Math.floor(entries.length / 2); // one in the middle: the check must name it, not just fail
            const put = store.put({ ...entries[seq], user: '李某' }, seq);
            put.onsuccess = () => {
              db.close();
              resolve({ seq, count: entries.length });
            };
            put.onerror = () => reject(put.error);
          };
        };
      }),
  );
  expect(tampered.count).toBeGreaterThanOrEqual(5); // edit, undo, redo, undo, redo
  await page.reload();
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-verify').click();
  await expect.poll(() => page.getByTestId('audit-result').getAttribute('data-ok')).toBe('false');
  expect(await page.getByTestId('audit-result').getAttribute('data-index')).toBe(String(tampered.seq));

  // 7. the Shapefile export (GBK) reads back with the statuses and the Chinese text intact
  await page.getByTestId('tab-edit').click();
  await page.getByTestId('export-encoding').selectOption('GBK');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-shp').click()]);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const named = (ext: string) => Object.entries(files).find(([name]) => name.toLowerCase().endsWith(ext))?.[1];
  expect(new TextDecoder().decode(named('.cpg')).trim().toUpperCase()).toBe('GBK');
  const collection = await shapefile.read(Buffer.from(named('.shp')!), Buffer.from(named('.dbf')!), { encoding: 'gbk' });
  expect(collection.features.length).toBe(plots.count);
  for (const p of selected) {
    const props = collection.features[p.id].properties as Record<string, unknown>;
    expect(props.ZT).toBe('休耕');
    expect(props.ZZZW).toBe(p.ZZZW);
    expect(props.ZZZW).toMatch(/[\u4e00-\u9fff]/);
  }
  const fallowInFile = collection.features.filter((f) => (f.properties as Record<string, unknown>).ZT === '休耕').length;
  expect(fallowInFile).toBeGreaterThanOrEqual(changed);
  await screenshot(page, 'edits-after');

  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests).toEqual([]);
  await app.context.close();
}, 400_000);
