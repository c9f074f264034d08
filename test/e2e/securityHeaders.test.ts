/**
 * The app is served with a Content-Security-Policy (no inline script, no foreign origin),
 * X-Content-Type-Options and X-Frame-Options (issue 15, item 11), and the page works under them:
 * the sample county is drawn and no policy is violated.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { launch, openApp, waitForLayers } from './browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('security headers are sent, and the page draws the sample county without a policy violation', async () => {
  const response = await fetch(inject('baseUrl'));
  const csp = response.headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self'(;|$)/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(csp).not.toMatch(/https?:|\*/);
  expect(csp).toMatch(/frame-ancestors 'none'/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  expect(response.headers.get('x-frame-options')).toBe('DENY');

  const { page, consoleErrors, foreignRequests } = await openApp(browser);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await waitForLayers(page, ['villages', 'plots']);
  const violations = await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
  expect(violations).toEqual([]);
  expect(consoleErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  expect(foreignRequests).toEqual([]);
});
