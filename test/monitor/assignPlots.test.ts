/** assignPlotsToWells (one pass for a whole layer) gives every well the plots selectServedByWell gives it. */
import { describe, expect, it } from 'vitest';
import { assignPlotsToWells, selectServedByWell, type WellPoint } from '../../src/core/selection/wellService.ts';
import type { Properties } from '../../src/core/types.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('assignPlotsToWells', () => {
  it('agrees with selectServedByWell on 400 plots and 30 wells over two villages', () => {
    const random = lcg(7);
    const villages = ['652301100001', '652301100002'];
    const wells: WellPoint[] = Array.from({ length: 30 }, (_, j) => ({
      lon: 87.3 + random() * 0.08, lat: 44 + random() * 0.05, villageCode: j % 7 === 0 ? '' : villages[j % 2],
    }));
    const props: Properties[] = Array.from({ length: 400 }, (_, i) => ({ ZLDWDM: villages[i % 2] + '0000000', SYLX: i % 11 === 0 ? '渠灌' : '井灌' }));
    const centroids = Float64Array.from(props.flatMap(() => [87.29 + random() * 0.1, 43.99 + random() * 0.07]));
    const owner = assignPlotsToWells(wells, centroids, (i) => props[i], 800);
    let assigned = 0;
    wells.forEach((_, j) => {
      const expected = selectServedByWell(wells, j, centroids, (i) => props[i], 800);
      const got = [...owner.keys()].filter((i) => owner[i] === j);
      expect(got).toEqual(expected);
      assigned += got.length;
    });
    // the case means something: many plots are served, canal plots never are
    expect(assigned).toBeGreaterThan(100);
    expect(props.some((p, i) => p.SYLX === '渠灌' && owner[i] >= 0)).toBe(false);
  });
});
