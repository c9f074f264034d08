/**
 * Whole well command areas: where it costs no more land than the tolerance allows, the plan takes
 * every plot a well commands, so the well can be shut (腾退机井), and counts it.
 */
import { describe, expect, it } from 'vitest';
import { chooseInTier } from '../../src/core/plan/subset.ts';
import type { Adjacency } from '../../src/core/plan/adjacency.ts';
import { makeQuotaLookup } from '../../src/core/accounting/quotaLookup.ts';
import { planCounty } from '../../src/core/plan/plan.ts';
import { expectedSavedM3, isCandidate, placeAt, QUOTAS, syntheticVillage, unitsWithExcess } from './syntheticVillage.ts';

/** Every plot next to every other (one patch whatever is chosen). */
function complete(n: number): Adjacency {
  const start = new Int32Array(n + 1);
  const neighbours: number[] = [];
  for (let k = 0; k < n; k++) {
    start[k] = neighbours.length;
    for (let j = 0; j < n; j++) if (j !== k) neighbours.push(j);
  }
  start[n] = neighbours.length;
  return { start, neighbours: Int32Array.from(neighbours) };
}

describe('choosing whole command areas', () => {
  // four plots of 1 亩 saving 100 m³ each; 200 m³ must be saved: any two plots, 2 亩, one patch
  // (all adjacent). Without wells the naive pair {P1, P2} is kept; well A commands {P2, P3} and
  // well B {P1, P4}: a pair that is a whole command area frees a well for no more land.
  const items = {
    positions: [0, 1, 2, 3],
    savedM3: Float64Array.from([100, 100, 100, 100]),
    areaMu: Float64Array.from([1, 1, 1, 1]),
    code: ['P1', 'P2', 'P3', 'P4'],
  };
  const options = { areaToleranceShare: 0.03 };

  it('keeps the naive pair when no well can be freed', () => {
    const result = chooseInTier(items, 200, complete(4), new Uint8Array(4), options);
    expect(Array.from(result.chosen)).toEqual([1, 1, 0, 0]);
    expect(result.wellsFreed).toBe(0);
  });

  it('takes a whole command area for the same land', () => {
    const result = chooseInTier({ ...items, commands: [[1, 2], [0, 3]] }, 200, complete(4), new Uint8Array(4), options);
    expect([[0, 1, 1, 0], [1, 0, 0, 1]]).toContainEqual(Array.from(result.chosen));
    expect(result.wellsFreed).toBe(1);
    expect(result.areaMu).toBe(2);
  });

  it('does not pay more land than the naive choice for a well', () => {
    // well B's area {P1, P4} is 2.5 亩 against the naive 2: not taken
    const dear = { ...items, areaMu: Float64Array.from([1, 1, 1, 1.5]), commands: [[0, 3]] };
    const result = chooseInTier(dear, 200, complete(4), new Uint8Array(4), options);
    expect(Array.from(result.chosen)).toEqual([1, 1, 0, 0]);
    expect(result.wellsFreed).toBe(0);
  });

  it('counts a command area partly chosen in an earlier tier', () => {
    // P1 already chosen (an earlier tenure tier); well B commands {P1, P4}: adding P4 frees it
    const base = Uint8Array.from([1, 0, 0, 0]);
    const result = chooseInTier({ ...items, positions: [1, 2, 3], commands: [[0, 3]] }, 100, complete(4), base, options);
    expect(Array.from(result.chosen)).toEqual([1, 0, 0, 1]);
    expect(result.wellsFreed).toBe(1);
  });
});

describe('wells freed on synthetic villages (a well at the middle of each row of plots)', () => {
  it.each(Array.from({ length: 12 }, (_, t) => t))('village %i: the count agrees with an independent recount and the plan stays minimal', async (t) => {
    const v = syntheticVillage(4000 + t, 12 + (t % 5));
    // rows of four boxes: a well at each row's middle, in the village
    const rows = new Map<number, number[]>();
    v.boxes.forEach((b, i) => rows.set(b.y0, [...(rows.get(b.y0) ?? []), i]));
    const rowList = [...rows.values()];
    const wellXY = rowList.map((members) => {
      const xs = members.flatMap((i) => [v.boxes[i].x0, v.boxes[i].x1]);
      const b = v.boxes[members[0]];
      return [(Math.min(...xs) + Math.max(...xs)) / 2, (b.y0 + b.y1) / 2];
    });
    const wells = wellXY.map(([x, y]) => {
      const [lon, lat] = placeAt(x, y);
      return { lon, lat, villageCode: v.village.code };
    });
    const candidates = v.plots.map((_, i) => i).filter((i) => isCandidate(v.plots[i]));
    const all = candidates.reduce((s, i) => s + expectedSavedM3(v.plots[i], v.areaMu[i], v.share), 0);
    const excess = all * (0.3 + 0.4 * ((t * 29) % 100) / 100);
    const result = await planCounty({
      year: 2025, basis: 'demand', action: '退减', villages: [v.village], pieces: v.pieces, plots: v.plots, geometries: v.geometries,
      units: unitsWithExcess(v.village, excess), quotas: makeQuotaLookup(QUOTAS), shares: [v.share], actionQuotaM3PerMu: 0, wells,
    });
    const unit = result.units.find((u) => u.level === 'village')!;
    const chosen = new Set(result.plots.map((p) => p.DKBM));
    // minimal: no chosen plot can be dropped with the cap still met
    const saved = (code: string) => {
      const i = v.plots.findIndex((p) => p.DKBM === code);
      return expectedSavedM3(v.plots[i], v.areaMu[i], v.share);
    };
    const total = result.plots.reduce((s, p) => s + saved(p.DKBM as string), 0);
    if (unit.capMet) for (const p of result.plots) expect(total - saved(p.DKBM as string)).toBeLessThan(excess);
    // independent recount: each plot not fed by canals alone belongs to the nearest well (in metres
    // on the layout); a well is freed when all its plots are out of planting and one was chosen
    const wellOfPlot = v.boxes.map((b, i) => {
      if (v.plots[i].SYLX === '渠灌') return -1;
      const cx = (b.x0 + b.x1) / 2;
      const cy = (b.y0 + b.y1) / 2;
      let best = -1;
      let bestD = Infinity;
      wellXY.forEach(([x, y], w) => {
        const d = Math.hypot(cx - x, cy - y);
        if (d <= 1000 && d < bestD) (bestD = d, best = w);
      });
      return best;
    });
    let freed = 0;
    wellXY.forEach((_, w) => {
      const plots = v.plots.map((_, i) => i).filter((i) => wellOfPlot[i] === w);
      const out = (i: number) => chosen.has(v.plots[i].DKBM as string) || v.plots[i].ZT === '退减' || v.plots[i].ZT === '休耕';
      if (plots.length && plots.every(out) && plots.some((i) => chosen.has(v.plots[i].DKBM as string))) freed++;
    });
    expect(unit.wellsFreed).toBe(freed);
  });
});
