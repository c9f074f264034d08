/** The monitor job on GeoJSON features: a well without a village code is placed in the village polygon that holds it. */
import { describe, expect, it } from 'vitest';
import { monitorJob } from '../../src/jobs/monitor.ts';
import type { Feature, Geometry, Properties } from '../../src/core/types.ts';
import { CAPS, PROFILE } from './handWells.ts';

const square = (x: number, y: number, d: number) => [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]];
const feature = (geometry: Geometry, properties: Properties): Feature<Geometry | null, Properties> => ({ type: 'Feature', geometry, properties });

describe('monitorJob', () => {
  it('places a well without ZLDWDM by location, with a note', async () => {
    const villages = [
      feature({ type: 'Polygon', coordinates: square(87.3, 44, 0.01) }, { ZLDWDM: '652301100001', ZLDWMC: '一村', XZMC: '甲镇' }),
      // a village with a hole where the second well stands: that well is not in it
      feature({ type: 'Polygon', coordinates: [...square(87.4, 44, 0.01), ...square(87.4, 44, 0.002)] }, { ZLDWDM: '652301100002', ZLDWMC: '二村' }),
    ];
    const wells = [
      feature({ type: 'Point', coordinates: [87.301, 44.001] }, { JBM: 'A', SFJL: '是', QSXKL: 10000 }),
      feature({ type: 'Point', coordinates: [87.4, 44] }, { JBM: 'B', SFJL: '是', QSXKL: 10000 }),
    ];
    const readings = [
      { wellCode: 'A', year: 2025, month: 6, meteredM3: 1000, electricityKwh: null },
      { wellCode: 'B', year: 2025, month: 6, meteredM3: 300, electricityKwh: null },
    ];
    const result = await monitorJob({ year: 2025, month: 6, wells, readings, caps: [...CAPS], villages, settings: { profile: PROFILE } });
    const village = result.units.find((u) => u.code === '652301100001')!;
    expect(village.cumulativeM3).toBe(1000);
    // names from the villages layer: 一村 and its township 甲镇
    expect(village.name).toBe('一村');
    expect(result.units.find((u) => u.code === '652301100')!.name).toBe('甲镇');
    // B stands in 二村's hole: county total only
    expect(result.units.some((u) => u.code === '652301100002')).toBe(false);
    expect(result.units.find((u) => u.level === 'city')!.cumulativeM3).toBe(1300);
    expect(result.warnings.join()).toContain('1 眼井没有村级代码（ZLDWDM），已按所在村界归村');
    expect(result.warnings.join()).toContain('1 眼井没有村级代码（ZLDWDM），只计入全县合计');
  });
});
