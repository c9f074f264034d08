/**
 * FixedClips (src/core/geometry/clip.ts), the split's exact check with the villages projected once:
 * on the overlay fuzz's adversarial cases (concave villages with holes or two parts; features
 * across their corners, along their edges, a few metres inside, slivers, holes, multipolygons),
 * every difference and intersection has the area of clip.ts's own (each call on a plane of its
 * own), and the two parts of each feature add up to it.
 */
import { describe, expect, it } from 'vitest';
import type { Geometry } from 'geojson';
import { makeOverlayCase } from '../../scripts/fuzz/overlayCases.ts';
import { difference, FixedClips, intersection } from '../../src/core/geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';

/** Two clippings on different planes round differently to the 1 µm grid: ~1e-9 of the area, or a few mm². */
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-8 * Math.max(a, b) + 1e-3;

describe('FixedClips', () => {
  it('gives the areas of difference() and intersection() on 40 adversarial cases', () => {
    let compared = 0;
    let cut = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const c = makeOverlayCase(seed);
      const villages: Geometry[] = c.villages;
      const all = villages.map((_, i) => i);
      const fixed = new FixedClips(villages);
      const villagesOverlap = villages.some((a, i) => villages.some((b, j) => j > i && ellipsoidalAreaM2(intersection(a, b)) > 0));
      for (const feature of c.features) {
        // the feature's own area, parts that overlap counted once (as the clippings count them)
        const areaM2 = ellipsoidalAreaM2(difference(feature, []));
        const outside = ellipsoidalAreaM2(fixed.difference(feature, all));
        expect(close(outside, ellipsoidalAreaM2(difference(feature, villages))), `seed ${seed}: outside ${outside}`).toBe(true);
        let inside = 0;
        for (const v of all) {
          const piece = ellipsoidalAreaM2(fixed.intersection(feature, v));
          expect(close(piece, ellipsoidalAreaM2(intersection(feature, villages[v]))), `seed ${seed}: piece in village ${v}`).toBe(true);
          inside += piece;
        }
        // where the villages do not overlap, the pieces and the rest are the whole feature
        if (!villagesOverlap) expect(Math.abs(inside + outside - areaM2), `seed ${seed}: pieces and rest`).toBeLessThanOrEqual(1e-8 * areaM2 + 1e-3);
        if (inside > 1 && outside > 1) cut++;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(400);
    // most features are cut by a village boundary: the comparison is not only of wholes and nothings
    expect(cut).toBeGreaterThan(compared / 3);
  });

  it('clips only against the polygons named, and a feature of nothing is nothing', () => {
    const c = makeOverlayCase(3);
    const fixed = new FixedClips([...c.villages, null]);
    const feature = c.features[0];
    expect(ellipsoidalAreaM2(fixed.difference(feature, []))).toBeCloseTo(ellipsoidalAreaM2(feature), 3);
    expect(fixed.difference(null, [0])).toBeNull();
    expect(fixed.intersection(feature, c.villages.length)).toBeNull();
  });
});
