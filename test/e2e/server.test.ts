/**
 * The built app served by the Shuidi server (issue 16): a wrong password is refused in Chinese,
 * the right one loads the server's project into the page, the township official sees only its
 * plots, and a change the water bureau's colleague makes arrives over server-sent events and is
 * loaded on request. The page runs under the server's CSP (no inline script) without errors.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../server/server.ts';
import { Client, firstEdit, PASSWORD, PLOTS_A, seed, ROLE_ACCOUNTS, ADMIN_PASSWORD } from '../server/harness.ts';
import { launch } from './browser.ts';

let browser: Browser;
let server: RunningServer;
const dataDir = mkdtempSync(join(tmpdir(), 'shuidi-e2e-server-'));

beforeAll(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0, dataDir, staticDir: 'dist', adminPassword: ADMIN_PASSWORD, version: 'e2e' });
  await seed(server.url);
  browser = await launch();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function signIn(page: Page, user: string, password: string): Promise<void> {
  const form = page.getByTestId('server-signin');
  await form.getByPlaceholder('用户名').fill(user);
  await form.getByPlaceholder('密码').fill(password);
  await page.getByTestId('server-signin-submit').click();
}

/** The plot ids of the page's plots layer, read from the layer list's feature count and the map source. */
async function plotsInPage(page: Page): Promise<number> {
  const row = page.locator('[data-testid="layer-row"][data-kind="plots"][data-layer-id="plots"]');
  await row.waitFor({ timeout: 60_000 });
  return Number((await row.locator('.muted').first().textContent())!.split('·')[1].replace(/[^\d]/g, ''));
}

test('sign in, the server project in the page, a township sees its own plots, others’ changes arrive', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  await page.goto(server.url + '/');
  await page.getByTestId('server-signin').waitFor({ timeout: 60_000 });

  await signIn(page, ROLE_ACCOUNTS.township.name, 'not-the-password');
  await expect.poll(() => page.getByTestId('server-signin').getByRole('alert').textContent()).toBe('用户名或密码错误');

  await signIn(page, ROLE_ACCOUNTS.township.name, PASSWORD);
  await expect.poll(() => page.getByTestId('server-user').textContent(), { timeout: 30_000 }).toContain('乡镇');
  expect(await plotsInPage(page)).toBe(PLOTS_A.length);

  // The agriculture bureau changes one of this township's plots; the page hears of it.
  const bureau = new Client(server.url);
  await bureau.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
  expect((await bureau.request('POST', '/api/edits', { edit: firstEdit(PLOTS_A[1], 'ZT', '种植', '休耕') })).status).toBe(200);
  const reload = page.getByTestId('server-reload');
  await reload.waitFor({ timeout: 30_000 });
  expect(await reload.textContent()).toContain('1');
  await reload.click();
  await expect.poll(() => reload.count(), { timeout: 30_000 }).toBe(0);

  expect(cspErrors).toEqual([]);
  expect(pageErrors).toEqual([]);
  await context.close();
});
