/**
 * Packing what unpacking gave gives the packed layer back, bit for bit: the accounting relies on
 * it to hand the overlay the page's packed plots instead of packing their unpacked geometries
 * again (overlay's `packed` option). Checked on awkward rings and on random layers.
 */
import type { Geometry } from 'geojson';
import { describe, expect, it } from 'vitest';
import { featureCount, packLayer } from '../../src/core/geometry/packedLayer.ts';
import { unpackGeometry } from '../../src/core/geometry/pieceGeometry.ts';
import { overlay } from '../../src/core/geometry/overlay.ts';
import { generateOverlayData } from '../../scripts/bench/_overlayData.ts';
import { makeRng } from '../../scripts/sample/prng.ts';

const unpackAll = (geometries: readonly (Geometry | null)[]) => {
  const packed = packLayer(geometries);
  return { packed, unpacked: Array.from({ length: featureCount(packed) }, (_, k) => unpackGeometry(packed, k)) };
};

const awkward: (Geometry | null)[] = [
  null,
  { type: 'Point', coordinates: [87, 44] },
  { type: 'Polygon', coordinates: [] },
  // not closed; a repeated vertex; a ring whose last distinct vertex is its first (after the closing one)
  { type: 'Polygon', coordinates: [[[87, 44], [87.001, 44], [87.001, 44], [87.001, 44.001], [87, 44.001]]] },
  { type: 'Polygon', coordinates: [[[87, 44], [87.001, 44], [87.001, 44.001], [87, 44], [87, 44]]] },
  // a hole too small to be a ring, and one that is
  { type: 'Polygon', coordinates: [[[87, 44], [87.01, 44], [87.01, 44.01], [87, 44.01], [87, 44]], [[87.001, 44.001], [87.001, 44.001], [87.001, 44.001]], [[87.002, 44.002], [87.003, 44.002], [87.003, 44.003], [87.002, 44.002]]] },
  // an outer ring with no area makes its polygon empty; a non-finite vertex is left out
  { type: 'MultiPolygon', coordinates: [[[[87, 44], [87.001, 44], [87, 44]]], [[[87.1, 44], [87.101, 44], [Number.NaN, 44], [87.101, 44.001], [87.1, 44]]]] },
  { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [[[88, 45], [88.001, 45], [88.001, 45.001], [88, 45]]] }] },
];

describe('packLayer after unpacking', () => {
  it('gives the same packed layer for awkward rings', () => {
    const { packed, unpacked } = unpackAll(awkward);
    expect(packLayer(unpacked)).toEqual(packed);
  });

  it('gives the same packed layer for random layers', () => {
    const rng = makeRng(7).next;
    for (let trial = 0; trial < 50; trial++) {
      const geometries: (Geometry | null)[] = Array.from({ length: 20 }, () => {
        if (rng() < 0.1) return null;
        const rings = Array.from({ length: 1 + Math.floor(rng() * 3) }, () => {
          const n = 1 + Math.floor(rng() * 6);
          const ring = Array.from({ length: n }, () => [87 + Math.round(rng() * 100) / 1e4, 44 + Math.round(rng() * 100) / 1e4]);
          if (rng() < 0.5) ring.push(ring[0]);
          if (rng() < 0.3) ring.splice(1, 0, ring[0]);
          return ring;
        });
        return rng() < 0.5 ? { type: 'Polygon', coordinates: rings } : { type: 'MultiPolygon', coordinates: rings.map((r) => [r]) };
      });
      const { packed, unpacked } = unpackAll(geometries);
      expect(packLayer(unpacked)).toEqual(packed);
    }
  });

  it('so the overlay given the packed forms finds the same pairs and areas', async () => {
    const data = generateOverlayData(300, 'off', 5);
    const plots = unpackAll(data.plots);
    const survey = unpackAll(data.survey);
    const plain = await overlay(plots.unpacked, survey.unpacked, { keepGeometry: true });
    const packed = new Map([[plots.unpacked, plots.packed], [survey.unpacked, survey.packed]]);
    expect(await overlay(plots.unpacked, survey.unpacked, { keepGeometry: true, packed })).toEqual(plain);
    expect(plain.pairs.length).toBeGreaterThan(100);
  });
});
