/**
 * The overlay must never lose area without a word. Pinned here:
 *  - clipper2-ts's RectClip bug (a box corner replaced by a chord), fixed by
 *    patches/clipper2-ts+2.0.1.patch: the minimal case and random concave polygons;
 *  - the guards that would catch such a bug again: a wrong box cut is redone (area check), a
 *    wrong fast path is replaced by the exact one on the sampled pairs, and the village split
 *    recomputes and lists any plot whose pieces do not add up to its area.
 */
import type { Geometry, Polygon } from 'geojson';
import { Clipper, Clipper64, ClipType, FillRule, type Paths64 } from 'clipper2-ts';
import { shoelace } from './shoelace.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { splitByVillage, type OverlayFn } from '../../src/core/accounting/split.ts';
import { intersection } from '../../src/core/geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { overlay } from '../../src/core/geometry/overlay.ts';
import { makeRng } from '../../scripts/sample/prng.ts';

function boxIntersection(rect: { left: number; top: number; right: number; bottom: number }, paths: Paths64): Paths64 {
  const clipper = new Clipper64();
  clipper.addSubject(paths);
  const { left, top, right, bottom } = rect;
  clipper.addClip([[{ x: left, y: top }, { x: right, y: top }, { x: right, y: bottom }, { x: left, y: bottom }]]);
  const out: Paths64 = [];
  clipper.execute(ClipType.Intersection, FillRule.Positive, out);
  return out;
}

describe('clipper2-ts RectClip (patched)', () => {
  it('keeps the box corner when a path leaves through one side and re-enters through the next', () => {
    // the minimal case found in the library's port: unpatched, rectClip gives 1,276,259,592
    const rect = { left: -456142, top: 607611, right: -262403, bottom: 692037 };
    const path = [[-283764, 739230], [-185936, 417619], [-360124, 706784], [341479, -470005]].map(([x, y]) => ({ x, y }));
    const cut = shoelace(Clipper.rectClip(rect, [path]));
    const exact = shoelace(boxIntersection(rect, [path]));
    expect(exact).toBeCloseTo(110_399_048, -1);
    expect(Math.abs(cut - exact) / exact).toBeLessThan(1e-3);
  });

  it('agrees with an ordinary intersection on 2,000 random concave polygons and boxes', () => {
    const rng = makeRng(20261207);
    let wrong = 0;
    for (let k = 0; k < 2000; k++) {
      const n = rng.int(4, 200);
      const path = Array.from({ length: n }, (_, i) => {
        const angle = (i / n) * 2 * Math.PI;
        const r = 1e5 * (0.2 + rng.next());
        return { x: Math.round(r * Math.cos(angle)), y: Math.round(r * Math.sin(angle)) };
      });
      const x0 = Math.round(rng.uniform(-1.2e5, 1.2e5));
      const y0 = Math.round(rng.uniform(-1.2e5, 1.2e5));
      const rect = { left: x0, top: y0, right: x0 + rng.int(1, 1e5), bottom: y0 + rng.int(1, 1e5) };
      const cut = shoelace(Clipper.rectClip(rect, [path]));
      const exact = shoelace(boxIntersection(rect, [path]));
      // intersection points are rounded to integers by both: allow that, catch a lost corner
      if (Math.abs(cut - exact) > 1e-4 * Math.abs(exact) + 1e6) wrong++;
    }
    expect(wrong).toBe(0);
  });
});

/** A concave village of many vertices and plots metres inside it, near its boundary. */
function concaveVillageWithPlots(seed: number): { village: Polygon; plots: Polygon[] } {
  const rng = makeRng(seed);
  const lon0 = 87.3;
  const lat0 = 44;
  const mLon = 111_319 * Math.cos((lat0 * Math.PI) / 180);
  const mLat = 111_133;
  const n = 300;
  const ring: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    const angle = (i / n) * 2 * Math.PI;
    const r = 2000 * (1 - 0.5 * rng.next());
    ring.push([r * Math.cos(angle), r * Math.sin(angle)]);
  }
  const toLonLat = ([x, y]: [number, number]) => [lon0 + x / mLon, lat0 + y / mLat];
  const village: Polygon = { type: 'Polygon', coordinates: [[...ring, ring[0]].map(toLonLat)] };
  const plots: Polygon[] = [];
  for (let k = 0; k < 40; k++) {
    const [x, y] = ring[rng.int(0, n - 1)];
    const d = Math.hypot(x, y);
    const inset = (d - 6 - 40) / d; // the plot's outer edge ~6 m inside the boundary vertex
    const cx = x * inset;
    const cy = y * inset;
    const square: [number, number][] = [[cx - 40, cy - 40], [cx + 40, cy - 40], [cx + 40, cy + 40], [cx - 40, cy + 40]];
    plots.push({ type: 'Polygon', coordinates: [[...square, square[0]].map(toLonLat)] });
  }
  return { village, plots };
}

describe('overlay guards', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('redoes a box cut that lost area, so no area is lost, and counts it', async () => {
    const { village, plots } = concaveVillageWithPlots(7);
    const honest = await overlay(plots, [village], { verifyShare: 0 });
    // a RectClip that drops a vertex of every cut (the kind of bug the patch fixed loses a corner)
    const realRectClip = Clipper.rectClip.bind(Clipper);
    vi.spyOn(Clipper, 'rectClip').mockImplementation((rect, paths) => {
      const cut = realRectClip(rect, paths);
      return cut.map((path) => (path.length > 3 ? path.slice(1) : path));
    });
    const guarded = await overlay(plots, [village], { verifyShare: 0 });
    expect(guarded.checks.boxCutRetries).toBeGreaterThan(0);
    expect(guarded.pairs.length).toBe(honest.pairs.length);
    guarded.pairs.forEach((pair, k) => expect(pair.areaM2).toBeCloseTo(honest.pairs[k].areaM2, 3));
  });

  it('replaces a wrong fast result by the exact one on the sampled pairs, and lists it', async () => {
    const { village, plots } = concaveVillageWithPlots(11);
    const predicates = await import('../../src/core/geometry/planePredicates.ts');
    const exact = plots.map((p) => ellipsoidalAreaM2(intersection(p, village)));
    // a fast path that always believes "no edges touch" (so rings are taken whole or dropped)
    vi.spyOn(predicates, 'anyEdgesTouch').mockReturnValue(false);
    const fastOnly = await overlay(plots, [village], { verifyShare: 0 });
    const lost = plots.some((_, i) => Math.abs((fastOnly.pairs.find((p) => p.a === i)?.areaM2 ?? 0) - exact[i]) > 1);
    if (!lost) throw new Error('the broken fast path should have lost area on this case; choose another seed');
    const checked = await overlay(plots, [village], { verifyShare: 1 });
    expect(checked.checks.sampled).toBeGreaterThan(0);
    expect(checked.checks.sampleRetries).toBeGreaterThan(0);
    expect(checked.retries.length).toBe(checked.checks.sampleRetries);
    plots.forEach((_, i) => expect(checked.pairs.find((p) => p.a === i)?.areaM2 ?? 0).toBeCloseTo(exact[i], 3));
  });

  it('samples about 1 % of pairs by default, repeatably', async () => {
    const { village, plots } = concaveVillageWithPlots(3);
    const many = [...plots, ...plots, ...plots, ...plots, ...plots];
    const a = await overlay(many, [village]);
    const b = await overlay(many, [village]);
    expect(a.checks).toEqual(b.checks);
    expect(a.checks.sampleRetries).toBe(0);
  });
});

describe('village split guard: pieces + outside = area', () => {
  it('re-clips on the exact path a plot the overlay lost area on, and lists it', async () => {
    const { village, plots } = concaveVillageWithPlots(5);
    const villages = [{ type: 'Feature' as const, geometry: village as Geometry, properties: { ZLDWDM: '652301100001', ZLDWMC: '头工村' } }];
    // an overlay that loses a third of every piece (what the RectClip bug did to some)
    const lossy: OverlayFn = async (a, b, options) => {
      const result = await overlay(a, b, options);
      return { ...result, pairs: result.pairs.map((p) => ({ ...p, areaM2: (p.areaM2 * 2) / 3 })), coveredM2A: result.coveredM2A.map((c) => (c * 2) / 3) };
    };
    // plots touching the boundary go to the overlay: make some by moving plots onto it
    const straddling = plots.map((p, k) => (k % 4 === 0 ? shift(p, 0.0008) : p));
    const split = await splitByVillage({ villages, plots: straddling }, lossy);
    const corrected = split.plots.checks?.corrected ?? [];
    expect(split.plots.checks?.exactChecked).toBeGreaterThan(0);
    expect(corrected.length).toBeGreaterThan(0);
    straddling.forEach((plot, i) => {
      const inside = Array.from(split.plots.pieceFeature).reduce((s, f, k) => (f === i ? s + split.plots.pieceAreaM2[k] : s), 0);
      const areaM2 = ellipsoidalAreaM2(plot);
      // conservation, and the exact figure
      expect(Math.abs(inside + split.plots.outsideAreaM2[i] - areaM2)).toBeLessThan(Math.max(1e-9 * areaM2, 1e-3));
      expect(inside).toBeCloseTo(ellipsoidalAreaM2(intersection(plot, village)), 3);
    });
  });

  it('leaves an honest split alone: nothing corrected', async () => {
    const { village, plots } = concaveVillageWithPlots(5);
    const villages = [{ type: 'Feature' as const, geometry: village as Geometry, properties: { ZLDWDM: '652301100001' } }];
    const straddling = plots.map((p, k) => (k % 4 === 0 ? shift(p, 0.0008) : p));
    const split = await splitByVillage({ villages, plots: straddling }, overlay);
    expect(split.plots.checks?.corrected).toEqual([]);
  });
});

function shift(polygon: Polygon, dLon: number): Polygon {
  return { type: 'Polygon', coordinates: polygon.coordinates.map((ring) => ring.map(([x, y]) => [x + dLon, y])) };
}

describe('boxClipArea (the independent check of a box cut)', () => {
  it('gives the area of a concave path inside a box, holes negative', async () => {
    const { boxClipArea } = await import('../../src/core/geometry/boxClipArea.ts');
    // a U shape (concave) whose two arms leave the box: only the parts inside count
    const u = [{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 30, y: 30 }, { x: 20, y: 30 }, { x: 20, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 30 }, { x: 0, y: 30 }];
    expect(boxClipArea([u], { left: 0, top: 0, right: 30, bottom: 20 })).toBe(30 * 10 + 2 * 10 * 10);
    const hole = [{ x: 1, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 2 }, { x: 2, y: 1 }];
    expect(boxClipArea([hole], { left: 0, top: 0, right: 5, bottom: 5 })).toBe(-1);
    expect(boxClipArea([u], { left: 100, top: 100, right: 200, bottom: 200 })).toBe(0);
  });
});

describe('the union of a feature’s pieces', () => {
  it('is never more than their sum: a union Clipper2 got wrong is recomputed and counted', async () => {
    const { PairClipper } = await import('../../src/core/geometry/pairClip.ts');
    const { localPlane } = await import('../../src/core/geometry/localPlane.ts');
    // the two pieces of fuzz seed 4277, feature 10 (grid units of 1 µm): a spiky sliver of
    // 0.0008 m² and a quadrilateral of 51.99 m²; Clipper2's union of them measured 52.66 m²
    const sliver = [[-1353429243, -533053023], [-839156029, -200986657], [-1678388107, -521889138], [-1678387930, -521889071], [-839156029, -200986657], [-1353429243, -533053022], [-1867702420, -865119556]];
    const quad = [[-841206960, -202310944], [-841609166, -201924678], [-860730530, -209236235], [-857693244, -212956142]];
    const toPath = (points: number[][]) => points.map(([x, y]) => ({ x, y }));
    const clipper = new PairClipper(localPlane(87.96, 44.63));
    const pieces = [[toPath(sliver)], [toPath(quad)]];
    const areas = pieces.map((p) => clipper.areaM2(p));
    const sum = areas[0] + areas[1];
    expect(clipper.unionAreaM2(pieces)).toBeGreaterThan(sum + 0.1); // the library's answer
    const covered = clipper.coveredAreaM2(pieces, areas);
    expect(covered).toBeLessThanOrEqual(sum + 1e-9);
    expect(covered).toBeGreaterThanOrEqual(Math.max(...areas) - 1e-9);
    expect(clipper.stats.unionRetries).toBe(1);
  });
});
