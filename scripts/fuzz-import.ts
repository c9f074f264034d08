/**
 * `npm run fuzz:import [-- --count 1000 --seed 1 --jobs 2]`: mutated inputs from the fixtures and
 * the sample county through the import, each in a child process with a 20 s and 2 GB budget.
 * Prints the table and every input that hung, ran out of memory or showed an internal message;
 * exits 1 when there is any.
 */
import { join } from 'node:path';
import { loadSeeds, makeInputs } from './fuzz/mutations.ts';
import { fuzzTable, runFuzz } from './fuzz/runFuzz.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const root = join(import.meta.dirname, '..');
const seeds = loadSeeds(root);
const inputs = makeInputs(seeds, option('count', 1000), option('seed', 1));
const started = Date.now();
const results = await runFuzz(inputs, {
  jobs: option('jobs', 2),
  timeoutMs: option('timeout', 20) * 1000,
  heapMb: option('heap', 2048),
  onResult: (_r, done) => {
    if (done % 50 === 0) process.stderr.write(`${done}/${inputs.length} (${Math.round((Date.now() - started) / 1000)} s)\n`);
  },
});
console.log(`${seeds.length} seeds, ${inputs.length} inputs, ${Math.round((Date.now() - started) / 1000)} s\n`);
console.log(fuzzTable(results));
if (process.argv.includes('--by-mutation')) {
  const by = new Map<string, Record<string, number>>();
  for (const r of results) {
    const mutation = r.input.split('_')[1];
    const row = by.get(mutation) ?? {};
    row[r.outcome.kind] = (row[r.outcome.kind] ?? 0) + 1;
    by.set(mutation, row);
  }
  for (const [mutation, row] of [...by].sort()) console.log(`${mutation.padEnd(24)} ${JSON.stringify(row)}`);
}
const bad = results.filter((r) => ['internal', 'hang', 'oom', 'wrapped'].includes(r.outcome.kind));
for (const r of bad) console.log(`\n${r.outcome.kind}: ${r.input}\n  ${r.outcome.message}`);
process.exit(bad.some((r) => r.outcome.kind !== 'wrapped') ? 1 : 0);
