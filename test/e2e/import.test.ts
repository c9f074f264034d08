/**
 * Importing in the page: a GBK Gauss-Krüger shapefile without .prj is decoded, placed once the
 * user picks its CRS, and added beside the sample county; broken files give a message naming the
 * file, and the layers already loaded stay as they were.
 */
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

const layerCount = (page: Page) => page.getByTestId('layer-row').count();

test('a GBK shapefile without .prj is previewed, placed with the chosen CRS and added', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForSampleLoaded(page); // counted below: all of the sample's layers are in
  await page.getByTestId('header-user-name').fill('张测试');
  const before = await layerCount(page);

  await page.getByTestId('file-input').setInputFiles('test/fixtures/io/gbk/plots_4538_noprj.zip');
  const dialog = page.getByTestId('import-dialog');
  await dialog.waitFor();
  // decoded Chinese values in the preview (the file has no .cpg: the encoding is detected)
  await expect.poll(() => dialog.textContent(), { timeout: 30_000 }).toContain('棉花');
  await expect.poll(() => page.getByTestId('encoding-picker').textContent()).toMatch(/gb18030|gbk/i);
  // no .prj and no zone number in the easting: the user must choose; until then nothing imports
  expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
  await page.getByTestId('crs-select').selectOption('EPSG:4538');
  await page.getByTestId('kind-select').selectOption('other');
  await screenshot(page, 'import-dialog');
  await page.getByTestId('import-commit').click();
  await dialog.waitFor({ state: 'detached', timeout: 60_000 });
  await expect.poll(() => layerCount(page)).toBe(before + 1);

  // placed near 87.3°E 44°N, where the source file's features are (not a zone or a datum away)
  const layerId = await page.locator('[data-testid="layer-row"][data-kind="other"]').getAttribute('data-layer-id');
  const bbox = await page.evaluate(async (id) => {
    type Map = { fitBounds(b: number[], o: object): void; once(e: string, f: () => void): void; querySourceFeatures(s: string): GeoJSON.Feature<GeoJSON.Polygon>[] };
    const map = (window as unknown as { __shuidiMap: Map }).__shuidiMap;
    map.fitBounds([87.29, 43.99, 87.34, 44.02], { duration: 0 });
    await new Promise<void>((resolve) => map.once('idle', resolve));
    const points = map.querySourceFeatures(`L:${id}`).flatMap((f) => f.geometry.coordinates[0]);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  }, layerId);
  expect(bbox[0]).toBeCloseTo(87.3, 3);
  expect(bbox[1]).toBeCloseTo(44.0, 3);
  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests).toEqual([]);
  await app.context.close();
});

test('broken files give a message naming the file and leave the loaded layers alone', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForSampleLoaded(page); // counted below: all of the sample's layers are in
  const before = await layerCount(page);
  const cases: [string, Buffer][] = [
    ['empty.zip', Buffer.alloc(0)],
    ['notjson.geojson', Buffer.from('<html><body>404</body></html>')],
    ['truncated.zip', Buffer.from('PK\u0003\u0004 not really a zip')],
  ];
  for (const [name, buffer] of cases) {
    await page.getByTestId('file-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    // the whole drop is refused (import-error) or the one layer is (import-layer-error)
    const error = page.getByTestId('import-dialog').getByRole('alert').first();
    await expect.poll(() => error.textContent(), { timeout: 30_000 }).toContain(name);
    expect(await page.getByTestId('import-commit').isDisabled()).toBe(true);
    await page.getByTestId('import-dialog').getByRole('button', { name: '取消' }).click();
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' });
    expect(await layerCount(page)).toBe(before);
  }
  // the page still works: the map is drawn and answers
  const zoom = await page.evaluate(() => (window as unknown as { __shuidiMap: { getZoom(): number } }).__shuidiMap.getZoom());
  expect(zoom).toBeGreaterThan(5);
  await app.context.close();
});

test('a file imported again under the same name replaces the layer on the map when replacing is chosen', async () => {
  const app = await openApp(browser);
  const { page } = app;
  await waitForLayers(page, ['villages', 'plots']);
  await page.getByTestId('header-user-name').fill('张测试');
  const square = (lon: number) => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { DKBM: 'X1' }, geometry: { type: 'Polygon', coordinates: [[[lon, 44.2], [lon + 0.01, 44.2], [lon + 0.01, 44.21], [lon, 44.2]]] } }],
  });
  const drawnWest = async () => {
    const id = await page.locator('[data-testid="layer-row"][data-kind="other"]').getAttribute('data-layer-id');
    return page.evaluate(async (layerId) => {
      type Map = { fitBounds(b: number[], o: object): void; once(e: string, f: () => void): void; querySourceFeatures(s: string): GeoJSON.Feature<GeoJSON.Polygon>[] };
      const map = (window as unknown as { __shuidiMap: Map }).__shuidiMap;
      map.fitBounds([86.9, 44.1, 87.6, 44.3], { duration: 0 });
      await new Promise<void>((resolve) => map.once('idle', resolve));
      const xs = map.querySourceFeatures(`L:${layerId}`).flatMap((f) => f.geometry.coordinates[0].map((p) => p[0]));
      return xs.length ? Math.min(...xs) : null;
    }, id);
  };
  for (const lon of [87.0, 87.4]) {
    await page.getByTestId('file-input').setInputFiles({ name: 'same.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(square(lon))) });
    await page.getByTestId('kind-select').selectOption('other');
    await page.getByTestId('import-commit').click();
    if (lon !== 87.0) {
      // the second import has the first one's name: replacing it is chosen explicitly
      await page.getByTestId('conflict-replace').first().check();
      await page.getByTestId('import-confirm').click();
    }
    await page.getByTestId('import-dialog').waitFor({ state: 'detached', timeout: 60_000 });
    await expect.poll(drawnWest, { timeout: 30_000 }).toBeCloseTo(lon, 3);
  }
  expect(await page.locator('[data-testid="layer-row"][data-kind="other"]').count()).toBe(1);
  expect(app.consoleErrors).toEqual([]);
  await app.context.close();
});
