// `npm test`: type check, unit and CLI tests (vitest), then browser end-to-end tests in Debian's
// Chromium. Set SKIP_E2E=1 to leave out the browser tests on a machine without Chromium.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const totals = { passed: 0, failed: 0 };
mkdirSync('test-output', { recursive: true });

function step(title, command, args) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return result.status === 0;
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + (report.numTotalTestSuites && report.success === false && !report.numFailedTests ? 1 : 0);
}

function vitest(title, extra, jsonFile) {
  const ok = step(title, 'npx', ['vitest', 'run', ...extra, '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`]);
  countVitest(jsonFile);
  if (!ok && totals.failed === 0) totals.failed += 1;
  return ok;
}

function finish(ok) {
  console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed`);
  process.exit(ok ? 0 : 1);
}

let ok = step('type check', 'npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
ok = step('type check of the pure layers (no DOM, no Node)', 'npx', ['tsc', '-p', 'tsconfig.core.json', '--noEmit']) && ok;
if (!ok) totals.failed += 1;
if (existsSync('scripts/generate-sample.ts')) ok = step('sample county', 'npx', ['tsx', 'scripts/generate-sample.ts', '--if-missing']) && ok;
ok = vitest('unit and CLI tests', [], 'test-output/vitest-unit.json') && ok;

if (process.env.SKIP_E2E === '1') {
  console.log('\nSKIP_E2E=1: browser end-to-end tests left out.');
  finish(ok);
}
if (!existsSync(CHROMIUM)) {
  console.error(
    `\nBrowser tests need Debian's Chromium at ${CHROMIUM}, which is missing.\n` +
      'Install it with:  sudo apt-get install -y chromium\n' +
      'or run the other tests only with:  SKIP_E2E=1 npm test',
  );
  totals.failed += 1;
  finish(false);
}
ok = step('build the app', 'npx', ['vite', 'build', '--logLevel', 'warn']) && ok;
ok = vitest('browser end-to-end tests (Chromium)', ['--config', 'vitest.e2e.config.ts'], 'test-output/vitest-e2e.json') && ok;
finish(ok);
