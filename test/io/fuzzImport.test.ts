/**
 * The short fuzz run (issue 15): 60 mutated inputs from the fixtures and the sample county, each
 * in a child process with a 20 s and 2 GB budget. None may hang, run out of memory or end in a
 * message that is not the tool's own. `npm run fuzz:import` runs 1,000.
 */
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { loadSeeds, makeInputs, MUTATIONS } from '../../scripts/fuzz/mutations.ts';
import { fuzzTable, runFuzz } from '../../scripts/fuzz/runFuzz.ts';

test('60 mutated inputs: 0 hangs, 0 out of memory, 0 internal messages', async () => {
  const seeds = loadSeeds(join(import.meta.dirname, '../..'));
  expect(seeds.length).toBeGreaterThanOrEqual(10);
  const inputs = makeInputs(seeds, 60, 20261207);
  expect(inputs).toHaveLength(60);
  // every kind of mutation is in the short run
  expect(new Set(inputs.map((i) => i.name.split('_')[1])).size).toBe(Object.keys(MUTATIONS).length);
  const results = await runFuzz(inputs, { jobs: 2, timeoutMs: 20_000, heapMb: 2048 });
  console.log(fuzzTable(results));
  const bad = results.filter((r) => !['imported', 'clean'].includes(r.outcome.kind));
  expect(bad.map((r) => `${r.outcome.kind}: ${r.input}: ${r.outcome.message}`)).toEqual([]);
  // the run exercises both sides: some inputs import, some are refused
  expect(results.some((r) => r.outcome.kind === 'imported')).toBe(true);
  expect(results.some((r) => r.outcome.kind === 'clean')).toBe(true);
}, 300_000);

test('the harness tells a hang, a death and an internal message from a clean refusal', async () => {
  const names = ['ok', 'hang', 'clean', 'type', 'heap', 'english', 'ok'];
  const inputs = names.map((name) => ({ name, files: { [name]: new Uint8Array(1) } }));
  const results = await runFuzz(inputs, { child: join(import.meta.dirname, 'fuzzHarnessChild.ts'), jobs: 1, timeoutMs: 3_000, heapMb: 64 });
  expect(results.map((r) => r.outcome.kind)).toEqual(['imported', 'hang', 'clean', 'internal', 'oom', 'internal', 'imported']);
  expect(fuzzTable(results)).toMatch(/\| 7 \| 2 \| 1 \| 2 \| 1 \| 1 \| 0 \|/);
}, 120_000);
