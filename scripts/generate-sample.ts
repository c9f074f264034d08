/**
 * Writes the sample county (示例县（示例数据）) used by `npm start` and the tests:
 *
 *   npx tsx scripts/generate-sample.ts [--out public/sample] [--if-missing] [--seed N]
 *
 * Deterministic: the same seed and generator give the same bytes. With --if-missing nothing is
 * done when OUT/manifest.json already has this generator's version.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SEED, buildSample } from './sample/build.ts';
import { type Manifest, SAMPLE_FORMAT_VERSION, sampleFiles } from './sample/output.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTLINE_PATH = join(ROOT, 'data/changji-outline/652301_changji_city.json');

/** sha256 over the generator's sources and its input outline: a new generator means new data. */
export function generatorHash(): string {
  const files = [
    'scripts/generate-sample.ts',
    ...readdirSync(join(ROOT, 'scripts/sample')).filter((f) => f.endsWith('.ts')).map((f) => `scripts/sample/${f}`),
    ...readdirSync(join(ROOT, 'src/io/write')).filter((f) => f.endsWith('.ts')).map((f) => `src/io/write/${f}`),
    'src/core/geometry/ellipsoidalArea.ts',
    'data/changji-outline/652301_changji_city.json',
  ].sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(f).update(readFileSync(join(ROOT, f)));
  return hash.digest('hex');
}

export function expectedVersion(hash = generatorHash()): string {
  return `${SAMPLE_FORMAT_VERSION}+${hash.slice(0, 12)}`;
}

export function generateSampleFiles(seed = DEFAULT_SEED, hash = generatorHash()) {
  const outline = JSON.parse(readFileSync(OUTLINE_PATH, 'utf8'));
  return sampleFiles(buildSample(outline, seed), hash);
}

function parse(argv: string[]) {
  const opts = { out: join(ROOT, 'public/sample'), ifMissing: false, seed: DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') opts.out = resolve(argv[++i] ?? '');
    else if (a === '--if-missing') opts.ifMissing = true;
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else throw new Error(`unknown option ${a} (use --out DIR, --if-missing, --seed N)`);
  }
  if (!Number.isInteger(opts.seed)) throw new Error('--seed needs an integer');
  return opts;
}

async function main(): Promise<void> {
  const opts = parse(process.argv.slice(2));
  const hash = generatorHash();
  const manifestPath = join(opts.out, 'manifest.json');
  if (opts.ifMissing && existsSync(manifestPath)) {
    const existing = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (existing.version === expectedVersion(hash) && existing.seed === opts.seed) {
      console.log(`sample county up to date in ${opts.out} (version ${existing.version})`);
      return;
    }
  }
  const t0 = performance.now();
  const { files, manifest } = generateSampleFiles(opts.seed, hash);
  await mkdir(opts.out, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(opts.out, name), bytes);
  const totalBytes = Object.values(files).reduce((s, b) => s + b.length, 0);
  const counts = manifest.layers.map((l) => `${l.kind} ${l.featureCount}`).join(', ');
  console.log(`sample county written to ${opts.out}: ${counts}; ${(totalBytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
