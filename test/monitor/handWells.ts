/**
 * Six wells in two townships, worked by hand (test/monitor/season.test.ts has the arithmetic).
 * Profile: Apr .1, May .2, Jun .3, Jul .2, Aug .1, Sep .1 — by the end of June 0.6 of the year.
 */
import type { CapRow } from '../../src/core/accounting/types.ts';
import type { MonitorWell, Reading } from '../../src/core/monitor/types.ts';
import type { Properties } from '../../src/core/types.ts';

export const PROFILE = [0, 0, 0, 0.1, 0.2, 0.3, 0.2, 0.1, 0.1, 0, 0, 0];
export const A = '652301100001';
export const B = '652301100002';
export const C = '652301101001';

const well = (code: string, villageCode: string, lon: number, metered: boolean, coefficient: number | null, permit: number | null, power: number | null = null): MonitorWell =>
  Object.freeze({ code, villageCode, metered, coefficientM3PerKwh: coefficient, permittedM3: permit, ratedPowerKw: power, lon, lat: 44 });

export const WELLS: readonly MonitorWell[] = Object.freeze([
  well('W1', A, 87.3, true, 2.0, 10000),
  well('W2', A, 87.35, false, 1.5, 6000),
  well('W3', B, 87.4, false, 1.6, 5000),
  well('W4', B, 87.45, true, 4.0, 20000),
  well('W5', C, 87.5, false, 12, 50000),
  well('W6', B, 87.55, true, null, 8000),
]);

const r = (wellCode: string, month: number, meteredM3: number | null, electricityKwh: number | null): Reading =>
  Object.freeze({ wellCode, year: 2025, month, meteredM3, electricityKwh });

export const READINGS: readonly Reading[] = Object.freeze([
  r('W1', 4, 1000, 100), r('W1', 5, 2000, 100), r('W1', 6, 3000, 100),
  r('W2', 4, null, 1000), r('W2', 5, null, 1000), r('W2', 6, null, 2000),
  r('W3', 4, null, 500), r('W3', 5, null, 1500), r('W3', 6, null, 2000),
  r('W4', 6, 500, null),
  r('W5', 6, null, 100),
  r('W6', 4, 1000, null), r('W6', 5, 1200, null),
  // another year: never counted in 2025
  { wellCode: 'W1', year: 2024, month: 6, meteredM3: 8888, electricityKwh: null },
]);

const cap = (code: string, groundwaterCapM3: number): CapRow => ({
  year: 2025, code, name: '', totalCapM3: null, groundwaterCapM3, industrialM3: null, domesticM3: null, mixedGroundwaterShare: null,
});

export const CAPS: readonly CapRow[] = Object.freeze([
  { ...cap('652301', 40000), name: '示例市' }, { ...cap('652301100', 30000), name: '甲镇' }, { ...cap('652301101', 5000), name: '乙乡' },
  { ...cap(A, 15000), name: '一村' }, { ...cap(B, 14000), name: '二村' },
  // 2024 caps are not the year's
  { ...cap('652301', 1), year: 2024 },
]);

/** Plots: two near W4 in village B, retired and fallow; one near W1 and one near W3, planted; one near W4 but in village A. */
const PLOTS: [number, number, Properties][] = [
  [87.452, 44.001, { ZLDWDM: B, ZT: '退减', SYLX: '井灌' }],
  [87.448, 43.999, { ZLDWDM: B, ZT: '休耕', SYLX: '井灌' }],
  [87.301, 44.0, { ZLDWDM: A, ZT: '种植', SYLX: '井灌' }],
  [87.401, 44.0, { ZLDWDM: B, ZT: '种植', SYLX: '井灌' }],
  [87.451, 44.0, { ZLDWDM: A, ZT: '种植', SYLX: '井灌' }],
];

export const plots = () => ({
  centroids: Float64Array.from(PLOTS.flatMap(([x, y]) => [x, y])),
  propertiesOf: (i: number) => PLOTS[i][2],
});
