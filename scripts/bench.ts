/**
 * `npm run bench [-- --only NAME] [-- --postgis] [-- --quick] [-- --open-only]`: runs every benchmark in scripts/bench/ (each
 * exports an async `bench…` function returning figures) and prints one JSON object.
 * Speed and memory targets are checked here, never in timed unit tests.
 */
import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';

type BenchFn = (options: Record<string, unknown>) => Promise<Record<string, unknown>>;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const options = { postgis: args.includes('--postgis'), quick: args.includes('--quick'), openOnly: args.includes('--open-only') };
  const dir = new URL('./bench/', import.meta.url);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
    .filter((f) => !only || basename(f, '.ts') === only)
    .sort();
  const results: Record<string, unknown> = {
    machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
    startedAt: new Date().toISOString(),
  };
  for (const file of files) {
    const module = (await import(pathToFileURL(new URL(file, dir).pathname).href)) as Record<string, unknown>;
    const fn = Object.entries(module).find(([name, value]) => name.startsWith('bench') && typeof value === 'function')?.[1] as BenchFn | undefined;
    if (!fn) continue;
    const name = basename(file, '.ts');
    process.stderr.write(`bench ${name}…\n`);
    try {
      results[name] = await fn(options);
    } catch (error) {
      results[name] = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  process.stdout.write(JSON.stringify(results, null, 2) + '\n');
}

void main();
