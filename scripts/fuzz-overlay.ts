/**
 * `npm run fuzz -- [--pairs N] [--seed S] [--no-reference]`: the overlay's differential fuzz on
 * at least N feature–village pairs (default 100,000) of scripts/fuzz/overlayCases.ts, checked
 * against the exact path and an independent engine (scripts/fuzz/overlayCheck.ts). Prints one
 * JSON line of counts; exits 1 on any mismatch, listing the seeds to keep as regression cases
 * (test/fixtures/geometry/overlay-regressions.json).
 */
import { makeOverlayCase } from './fuzz/overlayCases.ts';
import { checkOverlayCase, type Mismatch } from './fuzz/overlayCheck.ts';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(name);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const wanted = option('--pairs', 100_000);
const firstSeed = option('--seed', 1);
const reference = !process.argv.includes('--no-reference');
const started = Date.now();
const totals = { cases: 0, pairs: 0, failures: 0, referenceCompared: 0, referenceSkipped: 0, mismatches: 0, worstExactRatio: 0, worstReferenceRatio: 0 };
const mismatches: Mismatch[] = [];
for (let seed = firstSeed; totals.pairs < wanted; seed++) {
  const check = await checkOverlayCase(makeOverlayCase(seed), { reference });
  totals.cases++;
  totals.pairs += check.pairs;
  totals.failures += check.failures;
  totals.referenceCompared += check.referenceCompared;
  totals.referenceSkipped += check.referenceSkipped;
  totals.worstExactRatio = Math.max(totals.worstExactRatio, check.worstExactRatio);
  totals.worstReferenceRatio = Math.max(totals.worstReferenceRatio, check.worstReferenceRatio);
  mismatches.push(...check.mismatches);
  if (totals.cases % 500 === 0) process.stderr.write(`… ${totals.pairs} 对，${mismatches.length} 处不一致\n`);
}
totals.mismatches = mismatches.length;
console.log(JSON.stringify({ ...totals, firstSeed, seconds: (Date.now() - started) / 1000, failingSeeds: [...new Set(mismatches.map((m) => m.seed))].slice(0, 100), examples: mismatches.slice(0, 10) }));
process.exit(mismatches.length ? 1 : 0);
