/** The app opens with the sample county drawn, offline, without console errors. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshot, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('opens with the sample county drawn, in Chinese, with no foreign requests', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // when the legend of the villages' colours first shows
  await context.addInitScript(`new MutationObserver((_, observer) => {
    if (!document.querySelector('[data-testid="gw-legend"]')) return;
    window.__legendAt = performance.now();
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });`);
  const app = await openApp(browser, { context });
  const { page } = app;
  // the legend shows with the colours it explains, not after (the shares come before the result)
  await page.waitForSelector('[data-testid="map"][data-coloured]', { state: 'attached', timeout: 120_000 });
  const [legendAt, colouredAt] = await page.evaluate(() => [
    (window as unknown as { __legendAt?: number }).__legendAt ?? Infinity,
    performance.getEntriesByName('shuidi:coloured')[0]?.startTime ?? -1,
  ]);
  expect(legendAt).toBeLessThanOrEqual(colouredAt);
  await waitForLayers(page, ['villages', 'plots', 'survey', 'wells', 'canals']);
  await expect.poll(() => page.getByTestId('sample-badge').textContent()).toBe('示例数据');
  expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
  const rendered = await page.evaluate(() => {
    const map = (window as unknown as { __shuidiMap: { queryRenderedFeatures(): { source: string }[] } }).__shuidiMap;
    const counts: Record<string, number> = {};
    for (const f of map.queryRenderedFeatures()) counts[f.source] = (counts[f.source] ?? 0) + 1;
    return counts;
  });
  const total = Object.values(rendered).reduce((a, b) => a + b, 0);
  expect(total).toBeGreaterThan(1000);
  // the layers' GeoJSON, read by the map's workers from blob URLs, is not sent back to the page
  // (public/map-worker-protocol.mjs): the style still names the URL, not a copy of 33,000 plots
  const layerSources = Object.keys(rendered).filter((id) => /^L:[^:]+$/.test(id));
  const dataOfSources = await page.evaluate((ids) => {
    const map = (window as unknown as { __shuidiMap: { getStyle(): { sources: Record<string, { data?: unknown }> } } }).__shuidiMap;
    const sources = map.getStyle().sources;
    return ids.map((id) => [id, typeof sources[id]?.data === 'string' ? (sources[id].data as string).slice(0, 5) : typeof sources[id]?.data]);
  }, layerSources);
  expect(dataOfSources.length).toBeGreaterThanOrEqual(3);
  for (const [, data] of dataOfSources) expect(data).toBe('blob:');
  // while the map opened, frames that showed nothing new were not painted (src/ui/map/paintGate.ts)
  const frames = await page.evaluate(() => (window as unknown as { __shuidiPaintGate: { frames(): { painted: number; held: number } } }).__shuidiPaintGate.frames());
  expect(frames.held).toBeGreaterThan(0);
  expect(frames.painted).toBeGreaterThan(0);
  await screenshot(page, 'smoke-zh');

  await page.getByTestId('lang-switch').click();
  await expect.poll(() => page.getByTestId('tab-layers').textContent()).toBe('Layers');
  await screenshot(page, 'smoke-en');
  await page.getByTestId('lang-switch').click();

  expect(app.consoleErrors).toEqual([]);
  expect(app.foreignRequests).toEqual([]);
  await app.context.close();
});
