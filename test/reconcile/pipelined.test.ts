/**
 * The survey and the forest may arrive while the first checks run (the CLI reads them meanwhile):
 * the report is the same as with every layer given at once, and a layer that fails to arrive fails
 * the run with its own error, never an unhandled rejection. The coverage's hint of which coverers
 * may overlap leaves the covered areas as they are.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../../src/core/reconcile/realEngine.ts';
import { overlay } from '../../src/core/geometry/overlay.ts';
import { InputError } from '../../src/core/types.ts';
import { fixtureLayers } from './fixtureLayers.ts';

const later = <T>(value: T, ms = 20): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(value), ms));

describe('reconciliation with layers still arriving', () => {
  it('gives the same report as with every layer at once', async () => {
    const layers = fixtureLayers('basic');
    const atOnce = await reconcileLayers(layers, {}, overlayEngine());
    const pending = await reconcileLayers({ ...layers, survey: later(layers.survey), forest: later(layers.forest ?? null, 40) }, {}, overlayEngine());
    expect(pending).toEqual(atOnce);
  });

  it('a survey that fails to read fails the run with its error (and nothing is left unhandled)', async () => {
    const layers = fixtureLayers('basic');
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const failing = Promise.reject(new InputError('survey.shp', '读不出来'));
      await expect(reconcileLayers({ ...layers, survey: failing, forest: failing.then(() => layers.forest ?? null) }, {}, overlayEngine())).rejects.toThrow('读不出来');
      await later(null, 50);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

const square = (x: number, y: number, size: number): Polygon => ({
  type: 'Polygon', coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

describe('the coverage hint (bOverlapping)', () => {
  const parcels = [square(87.3, 44, 0.01), square(87.32, 44, 0.01)];
  // two coverers overlapping each other inside parcel 0, two side by side (sharing an edge) in parcel 1
  const coverers = [square(87.301, 44.001, 0.004), square(87.303, 44.002, 0.004), square(87.321, 44.001, 0.003), square(87.324, 44.001, 0.003)];

  it('flags that are right leave the covered areas as computed without them', async () => {
    const plain = await overlay(parcels, coverers, {});
    const hinted = await overlay(parcels, coverers, { bOverlapping: Uint8Array.from([1, 1, 0, 0]) });
    for (let i = 0; i < parcels.length; i++) expect(Math.abs(hinted.coveredM2A[i] - plain.coveredM2A[i])).toBeLessThan(1e-6 * plain.coveredM2A[i]);
  });

  it('wrong flags (overlapping coverers marked apart) would count their overlap twice: the hint matters', async () => {
    const plain = await overlay(parcels, coverers, {});
    const wrong = await overlay(parcels, coverers, { bOverlapping: Uint8Array.from([0, 0, 0, 0]) });
    expect(wrong.coveredM2A[0]).toBeGreaterThan(plain.coveredM2A[0] * 1.01);
    expect(Math.abs(wrong.coveredM2A[1] - plain.coveredM2A[1])).toBeLessThan(1e-6 * plain.coveredM2A[1]);
  });
});

describe('coverersOverlapping', () => {
  it('flags plots in an overlap or under a forest patch, unclipped pairs, and every forest patch; not the others', async () => {
    const { coverersOverlapping } = await import('../../src/core/reconcile/surveyChecks.ts');
    const overlaps = { pairs: [{ a: 0, b: 2, areaM2: 5 }, { a: 1, b: 3, areaM2: 0 }], areaM2A: new Float64Array(6), coveredM2A: new Float64Array(6), failures: [{ a: 4, b: 5, message: 'x' }] };
    const underForest = Uint8Array.from([0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(coverersOverlapping(7, 2, overlaps, underForest))).toEqual([1, 0, 1, 1, 1, 1, 0, 1, 1]);
  });
});
