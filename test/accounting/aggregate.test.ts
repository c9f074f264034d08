import { describe, expect, it } from 'vitest';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import type { Unit } from '../../src/core/accounting/types.ts';
import { caps, forest, plots, quotas, split, wells } from './handCase.ts';
import { expectSumsAddUp } from './sums.ts';

const run = (overrides: Partial<Parameters<typeof accountFromSplit>[0]> = {}) =>
  accountFromSplit({ year: 2024, split, plots, forest, wells, quotas, caps, countyName: '示例市', ...overrides });

const unit = (units: Unit[], code: string): Unit => {
  const u = units.find((x) => x.code === code);
  if (!u) throw new Error(`no unit ${code}`);
  return u;
};

describe('accountFromSplit on the hand-computed county', () => {
  const result = run();
  const v1 = unit(result.units, '652301100001');
  const v2 = unit(result.units, '652301100002');
  const v3 = unit(result.units, '652301200001');
  const t1 = unit(result.units, '652301100');
  const t2 = unit(result.units, '652301200');
  const city = unit(result.units, '652301');

  it('splits the boundary-crossing plot P1 between villages 1 and 2', () => {
    // P1: 30 亩 in 一村, 10 亩 in 二村; P7 10 亩 in 一村; P2 20 亩 in 二村
    expect(v1.plantedMu).toBeCloseTo(40, 9);
    expect(v2.plantedMu).toBeCloseTo(30, 9);
    expect(v1.plantedMuByCrop).toEqual({ 棉花: 30, 小麦: 10 });
    expect(v2.plantedMuByCrop).toEqual({ 棉花: 10, 小麦: 20 });
    expect(v1.retiredMu).toBe(5);
    expect(v3.fallowMu).toBe(8);
    expect(v1.breakdownMu.retired.tenure).toEqual({ 国有耕地: 5 });
    expect(v2.breakdownMu.planted.tenure).toEqual({ 确权承包地: 10, 集体机动地: 20 });
  });

  it('applies quotas: method row over *, and the mixed share village > township > city', () => {
    // 一村: 30×300 (棉花 滴灌) + 10×350 (小麦 *) + 2×200 (防护林) = 12 900
    expect(v1.irrigationDemandM3).toBe(12900);
    // groundwater: 9000 (井灌) + 3500×0.6 (township share) + 400 (井灌 forest) = 11 500
    expect(v1.groundwaterDemandM3).toBe(11500);
    expect(v1.mixedGroundwaterShare).toBe(0.6);
    // 二村: 10×300 + 20×350 (漫灌 → *) = 10 000; groundwater 3000 + 7000×0.8 (own share) = 8600
    expect(v2.irrigationDemandM3).toBe(10000);
    expect(v2.groundwaterDemandM3).toBe(8600);
    // 三村: 10×320 (玉米) + 4×400 (棉花 漫灌 → *) = 4800; groundwater 3200×0.4 (city share) + 0 (渠灌) = 1280
    expect(v3.irrigationDemandM3).toBe(4800);
    expect(v3.groundwaterDemandM3).toBe(1280);
    expect(v3.mixedGroundwaterShare).toBe(0.4);
    expect(v1.irrigatedForestMu).toBe(2);
    expect(v2.forestMuByType).toEqual({ 道路林: 3 });
  });

  it('computes actual groundwater from meters, electricity and months; null without wells', () => {
    // W1 3000 (NJLL) + W2 (100+200) kWh × 2.5 = 750 + W3 1000+2000 = 6750
    expect(v1.actualGroundwaterM3).toBe(6750);
    expect(v1.wellCount).toBe(3);
    expect(v1.actualGroundwaterMonthlyM3).toEqual([250, 0, 0, 0, 1000, 500, 2000, 0, 0, 0, 0, 0]);
    expect(v2.actualGroundwaterM3).toBeNull();
    expect(v2.wellCount).toBe(0);
    expect(v3.actualGroundwaterM3).toBe(1200); // W4 placed by point: 1000 kWh × 1.2
    expect(t1.actualGroundwaterM3).toBe(6750);
    expect(city.actualGroundwaterM3).toBe(7950);
    expect(result.wells.map((w) => w.basis)).toEqual(['meter', 'electricity', 'meter', 'electricity']);
  });

  it('compares with caps and computes the area to retire', () => {
    // 一村: use 12 900 + 100 + 200 = 13 200, cap 12 000 → +1200; groundwater 11 500 − 10 000 = +1500
    expect(v1.totalUseM3).toBe(13200);
    expect(v1.totalExcessM3).toBe(1200);
    expect(v1.groundwaterExcessM3).toBe(1500);
    // mean groundwater quota of planted area = (9000 + 2100) / 40 = 277.5 → 1500/277.5 = 5.4054 亩;
    // total: 1200 / (12 500/40 = 312.5) = 3.84 亩; the larger wins
    expect(v1.meanGroundwaterQuotaM3PerMu).toBe(277.5);
    expect(v1.retireForTotalMu).toBe(3.84);
    expect(v1.retireToMeetCapMu).toBe(5.4054);
    expect(v1.gwShare).toBe(1.15);
    // 二村: no total cap → nulls; groundwater 8600 − 9000 = −400 → nothing to retire
    expect(v2.totalCapM3).toBeNull();
    expect(v2.totalExcessM3).toBeNull();
    expect(v2.groundwaterExcessM3).toBe(-400);
    expect(v2.retireToMeetCapMu).toBe(0);
    // 三村 and 乙乡 have no caps row
    expect(v3.groundwaterCapM3).toBeNull();
    expect(t2.groundwaterCapM3).toBeNull();
    expect(t2.groundwaterExcessM3).toBeNull();
  });

  it('rolls villages up to townships and the city; caps and uses from their own rows', () => {
    expect(t1.plantedMu).toBe(70);
    expect(t1.groundwaterDemandM3).toBe(20100);
    expect(t1.industrialM3).toBe(100); // no township figure: sum of villages
    expect(t1.groundwaterExcessM3).toBe(2100);
    // 2100 ÷ (19 700 / 70) = 7.4619 亩
    expect(t1.retireToMeetCapMu).toBe(7.4619);
    expect(t1.villagesOverGroundwaterCap).toBe(1);
    expect(city.plantedMu).toBe(84);
    expect(city.industrialM3).toBe(5000); // the city's own row
    expect(city.totalUseM3).toBe(27700 + 5000 + 2000);
    expect(city.groundwaterExcessM3).toBe(21380 - 40000);
    expect(city.retireToMeetCapMu).toBe(0);
    expect(city.parentCode).toBeNull();
    expect(t1.parentCode).toBe('652301');
    expect(v1.parentCode).toBe('652301100');
    expect(result.warnings.some((w) => w.includes('工业用水'))).toBe(false);
  });

  it('reports plot area outside every village', () => {
    expect(result.unassigned.plotMu).toBeCloseTo(1, 9);
    expect(result.unassigned.plotIds).toEqual(['P6']);
    expect(result.warnings.some((w) => w.includes('位于所有村界之外'))).toBe(true);
  });

  it('gives the city trajectory against the last year', () => {
    const t = result.trajectory!;
    expect(t.targetYear).toBe(2025);
    expect(t.targetGroundwaterM3).toBe(37000);
    expect(t.years.map((y) => y.groundwaterCapCutM3)).toEqual([null, 2000, 3000]);
    expect(t.cutsGrowEachYear).toBe(true);
    expect(t.years[1].groundwaterDemandM3).toBe(21380);
    expect(t.years[0].groundwaterDemandM3).toBeNull();
  });

  it('orders units city, townships, villages', () => {
    expect(result.units.map((u) => u.level)).toEqual(['city', 'township', 'township', 'village', 'village', 'village']);
  });
});

describe('accountFromSplit errors and edits', () => {
  it('names a planted crop that has no quota', () => {
    const edited = plots.map((p, i) => (i === 4 ? { ...p, ZZZW: '番茄' } : p));
    expect(() => run({ plots: edited, files: { quotas: 'quotas.csv' } })).toThrow(/quotas\.csv: no quota for crop "番茄"/);
  });

  it('needs no quota for a retired plot', () => {
    const edited = plots.map((p, i) => (i === 2 ? { ...p, ZZZW: '番茄' } : p));
    expect(run({ plots: edited }).units[0].plantedMu).toBe(84);
  });

  it('names a planted plot without crop', () => {
    const edited = plots.map((p, i) => (i === 0 ? { ...p, ZZZW: '' } : p));
    expect(() => run({ plots: edited })).toThrow(/feature P1: planted .* no crop/);
  });

  it('recomputes after a status edit without touching its inputs', () => {
    const frozen = Object.freeze(plots.map((p) => Object.freeze({ ...p })));
    const edited = frozen.map((p, i) => (i === 0 ? { ...p, ZT: '退减' } : p));
    const result = run({ plots: edited });
    const v1 = result.units.find((u) => u.code === '652301100001')!;
    expect(v1.plantedMu).toBe(10);
    expect(v1.retiredMu).toBe(35);
    expect(v1.groundwaterDemandM3).toBe(2100 + 400);
    expect(frozen[0].ZT).toBe('种植');
  });
});

describe('sums', () => {
  it('village rows add up to townships and townships to the city', () => {
    expectSumsAddUp(run().units);
  });
});
