import { m2ToMu } from '../../src/core/units.ts';
import type { Geometry, Polygon } from 'geojson';
import { afterAll, describe, expect, it } from 'vitest';
import { intersection, union } from '../../src/core/geometry/clip.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { overlay, type OverlayResult } from '../../src/core/geometry/overlay.ts';
import { createOverlayPool, type OverlayWorkerPort } from '../../src/core/geometry/overlayPool.ts';
import { createOverlayWorkerBody, type OverlayWorkerReply } from '../../src/core/geometry/overlayWorkerBody.ts';
import { CancelledError } from '../../src/core/types.ts';
import { generateOverlayData } from '../../scripts/bench/_overlayData.ts';
import { createNodeOverlayPool, nodeWorkerPort } from '../../scripts/nodeOverlayPool.ts';

const square = (x: number, y: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});
const sum = (values: ArrayLike<number>) => Array.from(values).reduce((s, v) => s + v, 0);
const pairKey = (r: OverlayResult) => r.pairs.map((p) => `${p.a}-${p.b}`);

describe('overlay pairs and areas', () => {
  const plots: (Geometry | null)[] = [
    square(87.3, 44, 0.01),
    square(87.31, 44, 0.01),
    null,
    { type: 'Point', coordinates: [87.3, 44] },
    { type: 'Polygon', coordinates: [square(87.34, 44, 0.01).coordinates[0], square(87.343, 44.003, 0.004).coordinates[0]] },
  ];
  const villages: (Geometry | null)[] = [square(87.295, 43.99, 0.02), square(87.315, 43.99, 0.05), square(87.2, 44.5, 0.01)];

  it('finds every intersecting pair with its ellipsoidal area, matching clip()', async () => {
    const result = await overlay(plots, villages, { keepGeometry: true });
    expect(result.failures).toEqual([]);
    expect(pairKey(result)).toEqual(['0-0', '1-0', '1-1', '4-1']);
    for (const pair of result.pairs) {
      const expected = ellipsoidalAreaM2(intersection(plots[pair.a], villages[pair.b]));
      expect(Math.abs(pair.areaM2 / expected - 1)).toBeLessThan(1e-6);
      expect(Math.abs(ellipsoidalAreaM2(pair.geometry) / pair.areaM2 - 1)).toBeLessThan(1e-6);
    }
  });

  it('reports each feature’s area and the part covered, holes and empty features included', async () => {
    const result = await overlay(plots, villages);
    expect(result.areaM2A[2]).toBe(0);
    expect(result.areaM2A[3]).toBe(0);
    expect(Math.abs(result.areaM2A[4] / ellipsoidalAreaM2(plots[4]) - 1)).toBeLessThan(1e-12);
    // plot 4 (with its hole) lies inside village 1: fully covered; plot 1 is split between villages 0 and 1.
    expect(Math.abs(result.coveredM2A[4] / result.areaM2A[4] - 1)).toBeLessThan(1e-6);
    const plot1 = result.pairs.filter((p) => p.a === 1);
    expect(Math.abs(sum(plot1.map((p) => p.areaM2)) / result.areaM2A[1] - 1)).toBeLessThan(1e-6);
  });

  it('counts overlapping parts of b once in coveredM2A, never more than the area', async () => {
    const plot = square(87.3, 44, 0.01);
    const layered = [square(87.298, 43.998, 0.008), square(87.302, 44.002, 0.008), square(87.303, 44.003, 0.002)];
    const result = await overlay([plot], layered);
    const expected = ellipsoidalAreaM2(intersection(plot, union(layered)));
    expect(sum(result.pairs.map((p) => p.areaM2))).toBeGreaterThan(expected * 1.1);
    expect(Math.abs(result.coveredM2A[0] / expected - 1)).toBeLessThan(1e-6);
    expect(result.coveredM2A[0]).toBeLessThanOrEqual(result.areaM2A[0]);
  });

  it('in self mode reports each unordered pair once and never a feature with itself', async () => {
    const layer = [square(87.3, 44, 0.01), square(87.305, 44, 0.01), square(87.308, 44.005, 0.01), square(87.4, 44, 0.01)];
    const result = await overlay(layer, layer, { self: true });
    expect(pairKey(result)).toEqual(['0-1', '0-2', '1-2']);
    expect(result.coveredM2A[3]).toBe(0);
    const coveredByOthers = ellipsoidalAreaM2(intersection(layer[1], union([layer[0], layer[2]])));
    expect(Math.abs(result.coveredM2A[1] / coveredByOthers - 1)).toBeLessThan(1e-6);
  });

  it('picks geometries with a function, and leaves the others without', async () => {
    const result = await overlay(plots, villages, { keepGeometry: (a, b) => a === 1 && b === 1 });
    expect(result.pairs.filter((p) => p.geometry).map((p) => `${p.a}-${p.b}`)).toEqual(['1-1']);
  });

  it('picks geometries by area where the pair is clipped: the same pairs and pieces as the function pick, in self mode too', async () => {
    const overlapping = [square(87.3, 44, 0.01), square(87.305, 44, 0.01), square(87.308, 44.005, 0.01), square(87.309, 44.009, 0.01)];
    for (const [a, b, self] of [[plots, villages, false], [overlapping, overlapping, true]] as const) {
      const areas = (await overlay(a, b, { self })).pairs.map((p) => m2ToMu(p.areaM2)).sort((x, y) => x - y);
      const minMu = areas[Math.floor(areas.length / 2)];
      expect(areas[0]).toBeLessThan(minMu);
      const byArea = await overlay(a, b, { self, keepGeometry: { minMu } });
      const byFunction = await overlay(a, b, { self, keepGeometry: (_i, _j, areaM2) => m2ToMu(areaM2) >= minMu });
      expect(byArea.pairs.filter((p) => p.geometry).length).toBeGreaterThan(0);
      expect(byArea.pairs.filter((p) => !p.geometry).length).toBeGreaterThan(0);
      expect(byArea.pairs).toEqual(byFunction.pairs);
    }
  });

  it('cuts large polygons (villages with holes) to the plot box and still matches clip()', async () => {
    const circle = (lon: number, lat: number, radiusDeg: number, n: number, clockwise = false) =>
      Array.from({ length: n + 1 }, (_, i) => {
        const t = ((clockwise ? -i : i) / n) * 2 * Math.PI;
        return [lon + radiusDeg * Math.cos(t), lat + radiusDeg * Math.sin(t) * 0.72];
      });
    const village: Geometry = { type: 'Polygon', coordinates: [circle(87.3, 44, 0.03, 300), circle(87.3, 44, 0.008, 120, true)] };
    const plotsAcross = [
      square(87.325, 43.995, 0.01), // across the outer boundary
      square(87.285, 43.985, 0.03), // covering the hole
      square(87.299, 43.999, 0.001), // inside the hole
      square(87.31, 44.01, 0.002), // inside the village
    ];
    const result = await overlay(plotsAcross, [village]);
    expect(result.failures).toEqual([]);
    expect(result.pairs.map((p) => p.a)).toEqual([0, 1, 3]);
    for (const pair of result.pairs) {
      const expected = ellipsoidalAreaM2(intersection(plotsAcross[pair.a], village));
      expect(Math.abs(pair.areaM2 / expected - 1)).toBeLessThan(1e-6);
    }
    expect(Math.abs(result.coveredM2A[3] / result.areaM2A[3] - 1)).toBeLessThan(1e-6);
  });

  it('does not change its inputs', async () => {
    const frozen = structuredClone(plots);
    await overlay(plots, villages, { keepGeometry: true });
    expect(plots).toEqual(frozen);
  });
});

describe('overlay on nearly coincident boundaries (the ±5 cm case that breaks other clippers)', () => {
  const data = generateOverlayData(400, 'near', 11);
  it('loses no pair and no area', async () => {
    const result = await overlay(data.plots, data.survey);
    expect(result.failures).toEqual([]);
    // every plot is split in two survey parcels that trace it to within 5 cm
    const closure = sum(result.pairs.map((p) => p.areaM2)) / sum(result.areaM2A) - 1;
    expect(Math.abs(closure)).toBeLessThan(1e-4);
    for (let a = 0; a < data.plots.length; a++) {
      expect(result.coveredM2A[a]).toBeLessThanOrEqual(result.areaM2A[a]);
      expect(result.coveredM2A[a] / result.areaM2A[a]).toBeGreaterThan(0.999);
    }
    // slivers along the shared boundaries are kept, not dropped
    expect(result.pairs.some((p) => p.areaM2 < 1)).toBe(true);
  });
  it('agrees with clip() pair by pair', async () => {
    const result = await overlay(data.plots.slice(0, 40), data.survey);
    for (const pair of result.pairs) {
      const expected = ellipsoidalAreaM2(intersection(data.plots[pair.a], data.survey[pair.b]));
      expect(Math.abs(pair.areaM2 - expected)).toBeLessThanOrEqual(expected * 1e-6 + 0.01);
    }
  });
});

describe('overlay progress and cancel', () => {
  const data = generateOverlayData(400, 'off', 12);

  it('in self mode without coverage clips each pair once and gives the same pairs', async () => {
    const full = await overlay(data.survey, [], { self: true });
    const once = await overlay(data.survey, [], { self: true, coverage: false });
    expect(once.pairs).toEqual(full.pairs);
    expect(once.areaM2A).toEqual(full.areaM2A);
    expect(once.coveredM2A.every((x) => x === 0)).toBe(true);
    expect(once.checks.sampled).toBeLessThan(full.checks.sampled);
  });
  it('without coverage gives the same pairs and areas of a, and no covered areas', async () => {
    const full = await overlay(data.plots, data.survey);
    const pairsOnly = await overlay(data.plots, data.survey, { coverage: false });
    expect(pairsOnly.pairs).toEqual(full.pairs);
    expect(pairsOnly.areaM2A).toEqual(full.areaM2A);
    expect(pairsOnly.coveredM2A.every((x) => x === 0)).toBe(true);
    expect(full.coveredM2A.some((x) => x > 0)).toBe(true);
  });
  it('without areas gives the same pairs and pieces, and areaM2A all zeros; coverage still computes them', async () => {
    const full = await overlay(data.plots, data.survey, { coverage: false, keepGeometry: true });
    const noAreas = await overlay(data.plots, data.survey, { coverage: false, areas: false, keepGeometry: true });
    expect(noAreas.pairs).toEqual(full.pairs);
    expect(noAreas.areaM2A.every((x) => x === 0)).toBe(true);
    expect(full.areaM2A.some((x) => x > 0)).toBe(true);
    const self = await overlay(data.survey, [], { self: true, coverage: false });
    expect((await overlay(data.survey, [], { self: true, coverage: false, areas: false })).pairs).toEqual(self.pairs);
    const covered = await overlay(data.plots, data.survey, { areas: false });
    expect(covered.areaM2A).toEqual((await overlay(data.plots, data.survey)).areaM2A);
  });
  it('reports progress up to the total', async () => {
    const seen: number[] = [];
    await overlay(data.plots, data.survey, { onProgress: (p) => seen.push(p.done / p.total) });
    expect(seen[seen.length - 1]).toBe(1);
  });
  it('stops with CancelledError when the signal aborts', async () => {
    const controller = new AbortController();
    const run = overlay(data.plots, data.survey, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    await expect(overlay(data.plots, data.survey, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
  });
});

/** Workers that run the shared body in this thread: the pool logic without threads. */
function inThreadPort(): OverlayWorkerPort {
  let onReply: (reply: OverlayWorkerReply) => void = () => undefined;
  const body = createOverlayWorkerBody((reply) => setTimeout(() => onReply(reply), 0));
  return {
    postMessage: (message) => setTimeout(() => body(structuredClone(message)), 0),
    listen: (reply) => (onReply = reply),
    terminate: () => undefined,
  };
}

describe('overlay through a worker pool', () => {
  const data = generateOverlayData(900, 'near', 13);
  const nodePool = createNodeOverlayPool(2);
  afterAll(() => nodePool.close());

  it('gives the same result as in-process, with Node worker threads', async () => {
    const local = await overlay(data.plots, data.survey, { keepGeometry: true });
    const progress: number[] = [];
    const pooled = await overlay(data.plots, data.survey, {
      keepGeometry: true,
      runner: nodePool,
      onProgress: (p) => progress.push(p.done),
    });
    expect(pooled).toEqual(local);
    expect(progress[progress.length - 1]).toBe(data.plots.length);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('runs in self mode and stops on cancel', async () => {
    const local = await overlay(data.survey, [], { self: true });
    expect(await overlay(data.survey, [], { self: true, runner: nodePool })).toEqual(local);
    const controller = new AbortController();
    const run = overlay(data.plots, data.survey, { runner: nodePool, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // the pool is still usable afterwards
    const again = await overlay(data.plots.slice(0, 100), data.survey, { runner: nodePool });
    expect(again).toEqual(await overlay(data.plots.slice(0, 100), data.survey));
  });

  it('really runs on two threads: both worker threads return chunks', async () => {
    const replies = [0, 0];
    const ports = [nodeWorkerPort(), nodeWorkerPort()].map((port, k): OverlayWorkerPort => ({
      ...port,
      listen: (onReply, onCrash) =>
        port.listen((reply) => {
          if (reply.type === 'chunk') replies[k]++;
          onReply(reply);
        }, onCrash),
    }));
    const pool = createOverlayPool(ports);
    try {
      expect(await overlay(data.plots, data.survey, { runner: pool })).toEqual(await overlay(data.plots, data.survey));
    } finally {
      pool.close();
    }
    expect(replies[0]).toBeGreaterThan(0);
    expect(replies[1]).toBeGreaterThan(0);
  });

  it('hands out chunks to every worker (in-thread ports)', async () => {
    const ports = [inThreadPort(), inThreadPort(), inThreadPort()];
    const pool = createOverlayPool(ports);
    const local = await overlay(data.plots, data.survey);
    expect(await overlay(data.plots, data.survey, { runner: pool })).toEqual(local);
  });
});
