/**
 * The contract's additions (docs/contract.md "Additions") on a county small enough to work out by
 * hand: one township 甲镇 (652301100) with 一村 (…001) and 二村 (…002), city 652301.
 *
 * quotas: 棉花 * 400, 小麦 * 300, 农田防护林 * 200, 状态 休耕 * 50 (no 退减 row → 0)
 * plots (亩, village):
 *   P0 一村 种植 棉花 井灌     100   demand 40 000, groundwater 40 000
 *   P1 一村 种植 小麦 渠灌      50   demand 15 000, groundwater 0
 *   P2 一村 种植 棉花 井渠混灌   20   demand  8 000, groundwater 4 000 (default share 0.5)
 *   P3 一村 休耕 小麦 井灌      10   fallow demand 10 × 50 = 500, groundwater 500
 *   P4 二村 种植 小麦 井灌      40   demand 12 000, groundwater 12 000
 *   P5 二村 退减 棉花 井灌      30   no 退减 row → 0
 *   P6 二村 种植 棉花 井灌      10   demand  4 000, groundwater 4 000
 * forest: F0 二村 农田防护林 irrigated 井灌 5 亩 → 1 000 (groundwater 1 000); F1 一村 not irrigated 2 亩
 * wells: 一村 metered 40 000 m³; 二村 10 000 kWh × 2 m³/kWh = 20 000 m³
 *
 * 一村: planted 170, planted demand 63 000, planted groundwater 44 000, well-fed 100 + 20 = 120,
 *       irrigation demand 63 000 + 500 = 63 500, groundwater demand 44 000 + 500 = 44 500
 * 二村: planted 50, planted demand 16 000 = planted groundwater, well-fed 50,
 *       irrigation demand 16 000 + 1 000 = 17 000 = groundwater demand
 */
import { describe, expect, it } from 'vitest';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import type { AccountingSplit, CapRow, OverlapPieces, QuotaRow, Unit, VillageInfo } from '../../src/core/accounting/types.ts';
import type { Properties } from '../../src/core/types.ts';
import { M2_PER_MU } from '../../src/core/units.ts';
import { pieceSet } from './handCase.ts';

const villages: VillageInfo[] = [
  { code: '652301100001', name: '一村', townshipCode: '652301100', townshipName: '甲镇', featureIndex: 0 },
  { code: '652301100002', name: '二村', townshipCode: '652301100', townshipName: '甲镇', featureIndex: 1 },
];
const plot = (DKBM: string, ZT: string, ZZZW: string, SYLX: string): Properties => ({ DKBM, ZT, ZZZW, GGFS: '漫灌', SYLX, DKLB: '确权承包地' });
const plots = Object.freeze([
  plot('P0', '种植', '棉花', '井灌'), plot('P1', '种植', '小麦', '渠灌'), plot('P2', '种植', '棉花', '井渠混灌'),
  plot('P3', '休耕', '小麦', '井灌'), plot('P4', '种植', '小麦', '井灌'), plot('P5', '退减', '棉花', '井灌'),
  plot('P6', '种植', '棉花', '井灌'),
]);
const forest: Properties[] = [
  { LDBM: 'F0', LZLX: '农田防护林', SFGG: '是', SYLX: '井灌' },
  { LDBM: 'F1', LZLX: '农田防护林', SFGG: '否', SYLX: '' },
];
const wells: Properties[] = [
  { JBM: 'W1', ZLDWDM: '652301100001', SFJL: '是', NJLL: 40000 },
  { JBM: 'W2', ZLDWDM: '652301100002', SFJL: '否', NYDL: 10000, ZSXS: 2 },
];
const quotas: QuotaRow[] = [
  { category: '作物', name: '棉花', method: '*', quotaM3PerMu: 400 },
  { category: '作物', name: '小麦', method: '*', quotaM3PerMu: 300 },
  { category: '林种', name: '农田防护林', method: '*', quotaM3PerMu: 200 },
  { category: '状态', name: '休耕', method: '*', quotaM3PerMu: 50 },
];
const cap = (code: string, total: number | null, gw: number | null, industrial: number | null, industrialGw: number | null,
  domestic: number | null, domesticGw: number | null): CapRow => ({
  year: 2024, code, name: '', totalCapM3: total, groundwaterCapM3: gw, industrialM3: industrial, domesticM3: domestic,
  mixedGroundwaterShare: null, industrialGroundwaterM3: industrialGw, domesticGroundwaterM3: domesticGw,
});
const caps: CapRow[] = [
  cap('652301', 100000, 60000, 3000, null, null, 1000),
  cap('652301100', null, 65000, null, null, null, null),
  cap('652301100001', 70000, 42000, 1000, 600, 500, 200),
  cap('652301100002', 20000, 18000, null, null, 300, 100),
];

/** [a, b, c, village, 亩]: the overlaps phase 1 would find, written by hand. */
const overlapPieces = (rows: [number, number, number, number, number][]): OverlapPieces => ({
  a: Int32Array.from(rows.map((r) => r[0])), b: Int32Array.from(rows.map((r) => r[1])), c: Int32Array.from(rows.map((r) => r[2])),
  village: Int32Array.from(rows.map((r) => r[3])), areaM2: Float64Array.from(rows.map((r) => r[4] * M2_PER_MU)),
});
const split: AccountingSplit = {
  villages,
  plots: pieceSet([[0, 0, 100], [1, 0, 50], [2, 0, 20], [3, 0, 10], [4, 1, 40], [5, 1, 30], [6, 1, 10]], plots.length),
  forest: pieceSet([[0, 1, 5], [1, 0, 2]], forest.length),
  wellVillage: Int32Array.from([0, 1]),
  wellPlacement: ['code', 'code'],
  overlaps: {
    // 一村: P0×P1 1 亩, P0×P2 2 亩, P1×P2 1 亩, of which 0.5 亩 lies under all three; P0×P3 3 亩 (P3 fallow)
    // 二村: P4×P6 4 亩
    plotPairs: overlapPieces([[0, 1, -1, 0, 1], [0, 2, -1, 0, 2], [1, 2, -1, 0, 1], [0, 3, -1, 0, 3], [4, 6, -1, 1, 4]]),
    plotTriples: overlapPieces([[0, 1, 2, 0, 0.5]]),
    // F0 (irrigated) on P4 2 亩 in 二村; F1 (not irrigated) on P0 1 亩 in 一村
    forestOnPlots: overlapPieces([[0, 4, -1, 1, 2], [1, 0, -1, 0, 1]]),
  },
};

const run = (over: Partial<Parameters<typeof accountFromSplit>[0]> = {}) =>
  accountFromSplit({ year: 2024, split, plots, forest, wells, quotas, caps, countyName: '示例县', ...over });
const unit = (units: Unit[], code: string): Unit => units.find((u) => u.code === code)!;

describe('two bases, all-sector groundwater, retirement on well-fed land (hand-computed)', () => {
  const { units } = run();
  const v1 = unit(units, '652301100001');
  const v2 = unit(units, '652301100002');
  const town = unit(units, '652301100');
  const city = unit(units, '652301');

  it('gives fallow land the 状态 quota, in irrigation and groundwater demand', () => {
    expect(v1.fallowDemandM3).toBe(500);
    expect(v1.irrigationDemandM3).toBe(63500);
    expect(v1.groundwaterDemandM3).toBe(44500);
    expect(v2.fallowDemandM3).toBe(0); // retired, no 退减 row
    expect(v2.irrigationDemandM3).toBe(17000);
    expect(town.fallowDemandM3).toBe(500);
    expect(city.fallowDemandM3).toBe(500);
  });

  it('adds the groundwater parts of industrial and domestic use, inherited like 工业用水', () => {
    // 一村: 44 500 + 600 + 200 = 45 300; cap 42 000 → +3 300 (demand basis)
    expect(v1.groundwaterUseM3).toBe(45300);
    expect(v1.groundwaterExcessM3).toBe(3300);
    // 二村: 17 000 + 0 + 100 = 17 100; cap 18 000 → −900
    expect(v2.groundwaterUseM3).toBe(17100);
    expect(v2.groundwaterExcessM3).toBe(-900);
    // 甲镇 has no own uses: 工业地下水 600, 生活地下水 200 + 100 = 300; 61 500 + 900 = 62 400 − 65 000
    expect([town.industrialGroundwaterM3, town.domesticGroundwaterM3]).toEqual([600, 300]);
    expect(town.groundwaterUseM3).toBe(62400);
    expect(town.groundwaterExcessM3).toBe(-2600);
    // city: 工业地下水 summed 600, 生活地下水 own 1 000: 61 500 + 1 600 = 63 100 − 60 000 = +3 100
    expect(city.groundwaterUseM3).toBe(63100);
    expect(city.groundwaterExcessM3).toBe(3100);
    // total use unchanged in definition: city 80 500 + 工业 3 000 (own) + 生活 800 (summed) = 84 300
    expect(city.totalUseM3).toBe(84300);
    expect(city.totalExcessM3).toBe(-15700);
  });

  it('compares metered use with the cap and says on which basis the unit is over', () => {
    expect(v1.actualGroundwaterExcessM3).toBe(-2000); // 40 000 − 42 000
    expect(v2.actualGroundwaterExcessM3).toBe(2000); // 20 000 − 18 000
    expect(town.actualGroundwaterExcessM3).toBe(-5000); // 60 000 − 65 000
    expect(city.actualGroundwaterExcessM3).toBe(0); // 60 000 − 60 000: at the cap, not over
    expect([v1.overCapBasis, v2.overCapBasis, town.overCapBasis, city.overCapBasis]).toEqual(['demand', 'metered', 'none', 'demand']);
    expect([town.villagesOverGroundwaterCap, town.villagesOverGroundwaterCapMetered]).toEqual([1, 1]);
  });

  it('computes the area to retire from well-fed land', () => {
    // 一村: total within cap (65 000 − 70 000 = −5 000) → 0;
    // groundwater 3 300 ÷ (44 000 ÷ 120 well-fed 亩 = 366.67 m³/亩) = 9 亩
    // (dividing by all planted land, 44 000 ÷ 170, would say 12.75 亩)
    expect(v1.totalExcessM3).toBe(-5000);
    expect(v1.wellFedGroundwaterQuotaM3PerMu).toBeCloseTo(366.6667, 4);
    expect(v1.retireToMeetCapMu).toBe(9);
    expect(v1.retireCoversExcess).toBe(true);
    expect(v2.retireToMeetCapMu).toBe(0);
    // 甲镇 within its groundwater cap; its villages need 9 + 0
    expect(town.retireToMeetCapMu).toBe(0);
    expect(town.villagesRetireToMeetCapMu).toBe(9);
    // city: 3 100 ÷ (60 000 ÷ 170 well-fed 亩) = 3 100 × 170 ÷ 60 000 = 8.7833 亩
    expect(city.retireToMeetCapMu).toBe(8.7833);
    expect(city.villagesRetireToMeetCapMu).toBe(9);
  });

  it('caps the retirement at the planted area and says it does not cover the excess', () => {
    const tight = caps.map((c) => (c.code === '652301100002' ? { ...c, groundwaterCapM3: 1000 } : c));
    const v = unit(run({ caps: tight }).units, '652301100002');
    // 17 100 − 1 000 = 16 100 ÷ (16 000 ÷ 50) = 50.3125 > 50 planted
    expect(v.retireToMeetCapMu).toBe(50);
    expect(v.retireCoversExcess).toBe(false);
  });

  it('shows double counting: planted plots over each other and irrigated forest on planted plots', () => {
    // 一村: 1 + 2 + 1 − 0.5 (the triple counted three times by the pairs, twice in truth) = 3.5 亩;
    // P0×P3 not counted (P3 fallow), F1 not irrigated.
    // demand: 1 × min(400, 300) + 2 × 400 + 1 × 300 − 0.5 × 300 = 300 + 800 + 300 − 150 = 1 250
    expect(v1.overlapMu).toBe(3.5);
    expect(v1.overlapDemandM3).toBe(1250);
    // 二村: P4×P6 4 亩 × min(300, 400) = 1 200; F0 on P4 2 亩 × min(200, 300) = 400
    expect(v2.overlapMu).toBe(6);
    expect(v2.overlapDemandM3).toBe(1600);
    expect([town.overlapMu, town.overlapDemandM3, city.overlapMu, city.overlapDemandM3]).toEqual([9.5, 2850, 9.5, 2850]);
    // the recorded figures stay Σ of the records
    expect(v2.plantedMu).toBe(50);
  });

  it('counts an overlap again once a plot is planted again', () => {
    const edited = plots.map((p) => (p.DKBM === 'P3' ? { ...p, ZT: '种植' } : p));
    // P0×P3 3 亩 × min(400, 300) = 900 now counts
    const v = unit(run({ plots: edited }).units, '652301100001');
    expect(v.overlapMu).toBe(6.5);
    expect(v.overlapDemandM3).toBe(2150);
  });

  it('with no 状态 rows and no groundwater-part columns, the old figures are unchanged', () => {
    const plain = run({
      quotas: quotas.filter((q) => q.category !== '状态'),
      caps: caps.map(({ industrialGroundwaterM3: _i, domesticGroundwaterM3: _d, ...rest }) => rest),
    }).units;
    for (const u of plain) {
      expect(u.fallowDemandM3).toBe(0);
      expect(u.groundwaterUseM3).toBe(u.groundwaterDemandM3);
      if (u.groundwaterCapM3 !== null) expect(u.groundwaterExcessM3).toBeCloseTo(u.groundwaterDemandM3 - u.groundwaterCapM3, 6);
    }
    expect(unit(plain, '652301100001').irrigationDemandM3).toBe(63000);
  });
});

describe('double counting found by geometry (phase 1)', async () => {
  const { accountJob } = await import('../../src/jobs/account.ts');
  const { union } = await import('../../src/core/geometry/clip.ts');
  const { ellipsoidalAreaM2 } = await import('../../src/core/geometry/ellipsoidalArea.ts');
  const { rect } = await import('./tinyCounty.ts');
  const layer = (kind: 'villages' | 'plots' | 'forest', features: { geometry: ReturnType<typeof rect>; properties: Properties }[]) => ({
    id: kind, name: kind, kind, sourceFiles: [], warnings: [], fields: [], encoding: 'utf-8', encodingSource: 'none' as const,
    crs: { code: 'EPSG:4490', name: 'CGCS2000', proj4: '', source: 'geojson' as const, detail: '' },
    features: { type: 'FeatureCollection' as const, features: features.map((f) => ({ type: 'Feature' as const, ...f })) },
  });
  const x = (d: number) => 87 + d / 1000;
  const y = (d: number) => 44 + d / 1000;
  // two villages split at x = 1.5; A, B, C overlap (C inside B, partly over A); D alone
  const shapes = { A: rect(x(0), y(0), x(2), y(2)), B: rect(x(1), y(0), x(3), y(2)), C: rect(x(1.5), y(0.5), x(2.5), y(1.5)), D: rect(x(4), y(0), x(5), y(1)) };
  const villagesLayer = layer('villages', [
    { geometry: rect(x(-1), y(-1), x(1.5), y(3)), properties: { ZLDWDM: '652301100001', ZLDWMC: '一村' } },
    { geometry: rect(x(1.5), y(-1), x(6), y(3)), properties: { ZLDWDM: '652301100002', ZLDWMC: '二村' } },
  ]);
  const plotsLayer = layer('plots', Object.entries(shapes).map(([DKBM, geometry]) => ({ geometry, properties: plot(DKBM, '种植', '棉花', '井灌') })));
  const forestLayer = layer('forest', [{ geometry: rect(x(4.5), y(0), x(5.5), y(1)), properties: forest[0] }]);
  const { result } = await accountJob({ year: 2024, quotas, caps: [], layers: { villages: villagesLayer, plots: plotsLayer, forest: forestLayer } } as never);
  const mu = (m2: number) => m2 / M2_PER_MU;
  const area = (g: Parameters<typeof ellipsoidalAreaM2>[0]) => ellipsoidalAreaM2(g);

  it('counts area under k planted plots k − 1 times, per village, and forest on plots once', () => {
    const abc = [shapes.A, shapes.B, shapes.C];
    const expectedPlotsMu = mu(abc.reduce((t, g) => t + area(g), 0) - area(union(abc)));
    const forestOnD = mu(area(rect(x(4.5), y(0), x(5), y(1))));
    const city = result.units.find((u) => u.level === 'city')!;
    expect(city.overlapMu).toBeCloseTo(expectedPlotsMu + forestOnD, 3);
    // by hand: A∩B is 1×2, C lies in B and half in A: 2 + 1 + 0.5 − 0.5 = 3 (thousandth-degree squares)
    const v1 = result.units.find((u) => u.code === '652301100001')!;
    const v2 = result.units.find((u) => u.code === '652301100002')!;
    // west of x = 1.5: only A∩B (0.5 × 2); east: A∩B 0.5 × 2, C twice over (in A and in B) minus the triple
    expect(v1.overlapMu).toBeCloseTo(mu(area(rect(x(1), y(0), x(1.5), y(2)))), 3);
    expect(v1.overlapMu + v2.overlapMu).toBeCloseTo(city.overlapMu, 3);
    expect(city.overlapDemandM3).toBeCloseTo(expectedPlotsMu * 400 + forestOnD * 200, 0);
  });
});

describe('caps rows that match no unit', () => {
  it('warns once per code, naming the file, code, name and years', () => {
    const stray = [...caps, { ...caps[2], code: '652301100009', name: '九村' }, { ...caps[2], code: '652301100009', name: '九村', year: 2025 }];
    const { warnings } = run({ caps: stray, files: { caps: 'caps.csv' } });
    const about = warnings.filter((w) => w.includes('652301100009'));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/^caps\.csv：单位代码 652301100009（九村）（2024、2025 年）不是/);
    expect(run().warnings.some((w) => w.includes('不是村界图层'))).toBe(false);
  });
});
