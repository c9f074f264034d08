/**
 * The overlay's differential fuzz, short version (the long one is `npm run fuzz`, ≥ 100,000 pairs):
 * random adversarial cases (scripts/fuzz/overlayCases.ts) where `overlay()` on its fast paths
 * alone must agree with clip.ts's exact path and with an independent engine (JTS) to 1e-9
 * relative or 1e-3 m², and the seeds that ever failed, kept as regression cases.
 */
import { describe, expect, it } from 'vitest';
import { FEATURE_KINDS, makeOverlayCase } from '../../scripts/fuzz/overlayCases.ts';
import { checkOverlayCase } from '../../scripts/fuzz/overlayCheck.ts';
import { overlay } from '../../src/core/geometry/overlay.ts';
import regressions from '../fixtures/geometry/overlay-regressions.json';

describe('overlay differential fuzz', () => {
  it('agrees with the exact path and with JTS on random adversarial cases', async () => {
    const totals = { pairs: 0, compared: 0, failures: 0 };
    const kinds = new Set<string>();
    const mismatches = [];
    // seeds far from the regression ones, so both sets count
    for (let seed = 10_001; seed <= 10_030; seed++) {
      const c = makeOverlayCase(seed);
      c.kinds.forEach((k) => kinds.add(k));
      const check = await checkOverlayCase(c, { reference: true });
      totals.pairs += check.pairs;
      totals.compared += check.referenceCompared;
      totals.failures += check.failures;
      mismatches.push(...check.mismatches);
    }
    expect(mismatches).toEqual([]);
    expect(totals.failures).toBe(0);
    // the run did check something, of every kind, mostly against JTS too
    expect(totals.pairs).toBeGreaterThan(300);
    expect(totals.compared).toBeGreaterThan(totals.pairs * 0.9);
    expect([...kinds].sort()).toEqual([...FEATURE_KINDS].sort());
  }, 120_000);

  it('keeps the union of a feature’s pieces within its bounds on the seeds where Clipper2’s was not', async () => {
    for (const seed of regressions.unionOfPieces) {
      const check = await checkOverlayCase(makeOverlayCase(seed));
      expect(check.mismatches, `seed ${seed}`).toEqual([]);
    }
  }, 120_000);

  it('keeps the seeds that once failed exact, with no box cut to redo', async () => {
    for (const seed of regressions.rectClipCorner) {
      const c = makeOverlayCase(seed);
      const result = await overlay(c.features, c.villages, { verifyShare: 0 });
      expect(result.checks.boxCutRetries, `seed ${seed}`).toBe(0);
      const check = await checkOverlayCase(c);
      expect(check.mismatches, `seed ${seed}`).toEqual([]);
    }
  }, 120_000);
});
