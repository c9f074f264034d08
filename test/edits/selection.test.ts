import { describe, expect, it } from 'vitest';
import {
  plotAreasMu,
  plotCentroids,
  pointInRing,
  selectByFilter,
  selectInRing,
  selectInUnit,
  selectServedByWell,
  type WellPoint,
} from '../../src/core/selection/index.ts';
import { deepFreeze, squarePlots } from './helpers.ts';

const layer = deepFreeze(squarePlots(200));
const props = (i: number) => layer.features.features[i].properties;
const n = layer.features.features.length;

describe('plot selection', () => {
  it('computes centroids and ellipsoidal areas in 亩', () => {
    const c = plotCentroids(layer);
    expect(c[0]).toBeCloseTo(87.3005, 9);
    expect(c[1]).toBeCloseTo(44.0005, 9);
    const areas = plotAreasMu(layer);
    // 0.001° × 0.001° at 44°N ≈ 111.1 m × 80.1 m ≈ 8,900 m² ≈ 13.3 亩
    expect(areas[0]).toBeGreaterThan(13);
    expect(areas[0]).toBeLessThan(13.7);
  });

  it('selects by attribute filter', () => {
    const fallowFree = selectByFilter(n, props, plotAreasMu(layer), { unitCode: '652301100001', crops: ['小麦'] });
    expect(fallowFree).toEqual([...Array(n).keys()].filter((i) => i % 2 === 0 && i % 3 === 0));
    expect(selectByFilter(n, props, plotAreasMu(layer), { tenures: ['集体机动地'], sources: ['渠灌'] })).toEqual(
      [...Array(n).keys()].filter((i) => i % 20 === 0),
    );
    expect(selectByFilter(n, props, plotAreasMu(layer), { minAreaMu: 100 })).toEqual([]);
    expect(selectByFilter(n, props, plotAreasMu(layer), { statuses: ['种植'], maxAreaMu: 100 })).toHaveLength(n);
    expect(selectInUnit(n, props, '652301100')).toHaveLength(n);
    expect(selectInUnit(n, props, '652301100002')).toHaveLength(n / 2);
  });

  it('selects by lasso / box (centroid inside)', () => {
    expect(pointInRing(0.5, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1]])).toBe(true);
    expect(pointInRing(1.5, 0.5, [[0, 0], [1, 0], [1, 1], [0, 1]])).toBe(false);
    // a box over the first three plots of the first row; it grazes the fourth, whose centroid is outside
    const box = [[87.2999, 43.9999], [87.3042, 43.9999], [87.3042, 44.0012], [87.2999, 44.0012], [87.2999, 43.9999]];
    expect(selectInRing(plotCentroids(layer), box)).toEqual([0, 1, 2]);
    // a triangle lasso: only centroids under the diagonal
    const tri = [[87.2999, 43.9999], [87.31, 43.9999], [87.2999, 44.0035]];
    const picked = selectInRing(plotCentroids(layer), tri);
    expect(picked).toContain(0);
    expect(picked).toContain(100);
    expect(picked).not.toContain(101 + 5);
  });

  it('selects the plots served by a well: nearest well of the same village, within the radius, not canal-fed', () => {
    const c = plotCentroids(layer);
    const wells: WellPoint[] = [
      { lon: 87.3005, lat: 44.0005, villageCode: '652301100001' },
      { lon: 87.312, lat: 44.0005, villageCode: '652301100001' },
    ];
    const served = selectServedByWell(wells, 0, c, props, 1000);
    expect(served.length).toBeGreaterThan(0);
    for (const i of served) {
      expect(props(i).ZLDWDM).toBe('652301100001');
      expect(props(i).SYLX).not.toBe('渠灌');
      const x = c[2 * i];
      expect(Math.abs(x - 87.3005)).toBeLessThanOrEqual(Math.abs(x - 87.312));
    }
    const other = selectServedByWell(wells, 1, c, props, 1000);
    expect(other.filter((i) => served.includes(i))).toEqual([]);
    expect(served).toContain(2); // same village, wells, nearest to well 0
    expect(served).not.toContain(0); // canal-fed (SYLX 渠灌)
    expect(served).not.toContain(1); // another village
    expect(served).not.toContain(4); // nearer to well 1
    expect(other).toContain(4);
  });
});
