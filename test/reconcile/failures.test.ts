/** A pair the overlay fails on is clipped again on its own: no finding is lost or invented. */
import { describe, expect, it } from 'vitest';
import type { ReconcileEngine } from '../../src/core/reconcile/engine.ts';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import { fixtureLayers } from './fixtureLayers.ts';
import { turfEngine } from './turfEngine.ts';

/** turfEngine, but every other pair is reported as a failure and its area left out of coveredM2A. */
const failingEngine: ReconcileEngine = {
  ...turfEngine,
  async overlay(a, b, options) {
    const outcome = await turfEngine.overlay(a, b, options);
    const failed = outcome.pairs.filter((_, k) => k % 2 === 0);
    const coveredM2A = Array.from(outcome.coveredM2A);
    for (const pair of failed) coveredM2A[pair.a] -= pair.areaM2;
    return {
      ...outcome,
      pairs: outcome.pairs.filter((_, k) => k % 2 === 1),
      coveredM2A,
      failures: failed.map((p) => ({ a: p.a, b: p.b, message: 'test failure' })),
    };
  },
};

describe('overlay failures', () => {
  it('give the same findings as a clean run, without warnings', async () => {
    const clean = await reconcileLayers(fixtureLayers('basic'), {}, turfEngine);
    const repaired = await reconcileLayers(fixtureLayers('basic'), {}, failingEngine);
    expect(repaired.warnings).toEqual([]);
    expect(repaired.findings.map((f) => [f.key, f.areaMu.toFixed(6)])).toEqual(
      clean.findings.map((f) => [f.key, f.areaMu.toFixed(6)]),
    );
  });

  it('name the pair in a warning when clipping it again fails too', async () => {
    const broken: ReconcileEngine = { ...failingEngine, intersection: async () => Promise.reject(new Error('no')) };
    const report = await reconcileLayers(fixtureLayers('basic'), {}, broken);
    expect(report.warnings.some((w) => /无法求交（test failure）/.test(w))).toBe(true);
  });
});
