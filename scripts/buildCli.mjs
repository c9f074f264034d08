/**
 * The CLI's bundle: scripts/cli.ts and the overlay's worker thread compiled by esbuild into
 * dist-cli/ (plain JavaScript, dependencies left to node_modules), so a command starts without
 * compiling TypeScript. Rebuilt when any source under src/ or scripts/, package.json or the lock
 * file is newer than the bundle. Each build goes into its own folder and `dist-cli/current` names
 * the one to run, switched by a rename, so commands started side by side never read a half-written
 * bundle.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = join(ROOT, 'dist-cli');
const POINTER = join(DIST, 'current');

function newestSource() {
  let newest = 0;
  for (const dir of ['src', 'scripts']) {
    for (const entry of readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|tsx|mts|mjs|js|json)$/.test(entry.name)) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  for (const file of ['package.json', 'package-lock.json']) newest = Math.max(newest, statSync(join(ROOT, file)).mtimeMs);
  return newest;
}

/** The folder of the current build, or null. */
function currentBuild() {
  if (!existsSync(POINTER)) return null;
  const dir = join(DIST, readFileSync(POINTER, 'utf8').trim());
  return existsSync(join(dir, 'cli.mjs')) ? dir : null;
}

/** The folder of an up-to-date bundle, building one first when the sources are newer. */
export async function cliBundle() {
  const current = currentBuild();
  if (current && statSync(join(current, 'cli.mjs')).mtimeMs >= newestSource()) return current;
  const { build } = await import('esbuild');
  const name = `build-${Date.now()}-${process.pid}`;
  const outdir = join(DIST, name);
  mkdirSync(outdir, { recursive: true });
  await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'scripts/cli.ts', overlayWorker: 'scripts/nodeOverlayWorker.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  const pointerTmp = `${POINTER}.${process.pid}`;
  writeFileSync(pointerTmp, name);
  renameSync(pointerTmp, POINTER);
  // older builds: removed once they are an hour old (a command may still be running from one)
  for (const old of readdirSync(DIST)) {
    if (old === name || !old.startsWith('build-')) continue;
    if (Date.now() - statSync(join(DIST, old)).mtimeMs > 3_600_000) rmSync(join(DIST, old), { recursive: true, force: true });
  }
  return outdir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await cliBundle());
}
