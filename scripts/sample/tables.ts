/**
 * quotas.csv and caps.csv for the sample county (columns per docs/contract.md).
 *
 * Quotas: provisional North-Xinjiang figures of DB65/3611-2014 at 75 % assurance as tabulated by
 * 李婧昕 等, 《干旱区地理》 Table 2 (m³/hm² ÷ 15 = m³/亩): the 常规灌溉 column for any method
 * ('*') and the 膜上灌 column for 滴灌 (drip is lower still; the standard's 微灌 column for the
 * 昌吉 zone was not available). Forest types: the 林草地 comprehensive figure 4950 m³/hm² ≈ 330
 * m³/亩 that the same paper cites. All to be replaced by the county's own table.
 */
import type { Crop, ForestType, Method } from './types.ts';

export const CROP_QUOTAS_M3_PER_MU: Record<Crop, { any: number; drip: number }> = {
  棉花: { any: 389, drip: 301 },
  玉米: { any: 320, drip: 248 },
  小麦: { any: 315, drip: 244 },
  蔬菜: { any: 368, drip: 284 },
  果树: { any: 413, drip: 332 },
  苜蓿: { any: 305, drip: 236 },
};
export const FOREST_QUOTA_M3_PER_MU = 330;

export function cropQuota(crop: Crop, method: Method): number {
  const q = CROP_QUOTAS_M3_PER_MU[crop];
  return method === '滴灌' ? q.drip : q.any;
}

export function quotasCsv(forestTypes: readonly ForestType[]): string {
  const rows = ['类别,名称,灌溉方式,定额'];
  for (const [crop, q] of Object.entries(CROP_QUOTAS_M3_PER_MU)) {
    rows.push(`作物,${crop},*,${q.any}`);
    rows.push(`作物,${crop},滴灌,${q.drip}`);
  }
  for (const type of forestTypes) rows.push(`林种,${type},*,${FOREST_QUOTA_M3_PER_MU}`);
  return rows.join('\n') + '\n';
}

export interface UnitDemand {
  code: string;
  name: string;
  /** irrigation demand, m³ */
  irrigationM3: number;
  groundwaterM3: number;
  industrialM3: number;
  domesticM3: number;
  /** seeded: this village's caps sit below its demand */
  overCap: boolean;
  /** slack of the caps above demand (1.12–1.25 normally) */
  slack: number;
  mixShare: number | null;
}

export const CAP_YEARS = [2021, 2022, 2023, 2024, 2025];
/**
 * Cumulative cut of the groundwater cap from 2021, "lighter first, heavier later" (前轻后重, seed
 * 003): 3, 4, 6 and 7 points a year.
 */
const GROUNDWATER_CUT = [0, 0.03, 0.07, 0.13, 0.2];
const TOTAL_CUT = [0, 0.01, 0.03, 0.05, 0.08];

export interface CapRow {
  year: number;
  code: string;
  name: string;
  totalCapM3: number;
  groundwaterCapM3: number;
  industrialM3: number;
  domesticM3: number;
  mixShare: number | null;
}

export function villageCapRows(v: UnitDemand): CapRow[] {
  return CAP_YEARS.map((year, k) => {
    const growth = 1 + 0.02 * k;
    const industrialM3 = round100(v.industrialM3 * growth);
    const domesticM3 = round100(v.domesticM3 * growth);
    return {
      year,
      code: v.code,
      name: v.name,
      totalCapM3: round1000(v.irrigationM3 * v.slack * (1 - TOTAL_CUT[k]) + industrialM3 + domesticM3),
      groundwaterCapM3: round1000(v.groundwaterM3 * v.slack * (1 - GROUNDWATER_CUT[k])),
      industrialM3,
      domesticM3,
      mixShare: v.mixShare,
    };
  });
}

/** A parent unit's row per year: the sum of its children's caps and uses. */
export function sumRows(children: CapRow[], code: string, name: string, mixShare: number | null): CapRow[] {
  return CAP_YEARS.map((year) => {
    const rows = children.filter((r) => r.year === year);
    const sum = (f: (r: CapRow) => number) => rows.reduce((s, r) => s + f(r), 0);
    return { year, code, name, totalCapM3: sum((r) => r.totalCapM3), groundwaterCapM3: sum((r) => r.groundwaterCapM3), industrialM3: sum((r) => r.industrialM3), domesticM3: sum((r) => r.domesticM3), mixShare };
  });
}

export function capsCsv(rows: CapRow[]): string {
  const lines = ['年份,单位代码,单位名称,用水总量控制,地下水控制,工业用水,生活用水,混灌地下水比例'];
  for (const r of rows) lines.push([r.year, r.code, r.name, r.totalCapM3, r.groundwaterCapM3, r.industrialM3 || '', r.domesticM3, r.mixShare ?? ''].join(','));
  return lines.join('\n') + '\n';
}

const round1000 = (x: number) => Math.round(x / 1000) * 1000;
const round100 = (x: number) => Math.round(x / 100) * 100;
