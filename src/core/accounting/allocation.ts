/**
 * The water bureau's allocation of a year's caps (用水总量控制, 地下水控制) from the city to its
 * townships and from each township to its villages (issue: the review round carries next year's
 * caps; seeds/003 一乡镇一方案, "前轻后重、分年推进").
 *
 * - The city's cap of year Y is its caps.csv row when there is one; otherwise it follows the
 *   前轻后重 schedule between the last earlier year with a cap P (or, without one, the basis year's
 *   use) and the next year with a cap T: the cut of year P+k is D·k / (n(n+1)/2) with
 *   D = cap(P) − cap(T), n = T − P, so the cuts grow by the same step every year and add up to D.
 * - Each level is shared out in proportion to the units' use in the basis year (the accounting of
 *   Y−1: 用水总量 and the groundwater the cap covers), in whole m³ by the largest remainder, so the
 *   parts always add up exactly to the whole. Without any use to go by, equal parts.
 * - Every value may then be edited; `allocationProblems` says where the sums no longer match, and
 *   the server refuses an allocation with any.
 */
import type { CapRow } from './types.ts';

export type AllocationLevel = 'city' | 'township' | 'village';
export type AllocationColumn = 'totalCapM3' | 'groundwaterCapM3';
export const ALLOCATION_COLUMNS: readonly AllocationColumn[] = ['totalCapM3', 'groundwaterCapM3'];

export interface AllocationRow {
  code: string;
  name: string;
  level: AllocationLevel;
  totalCapM3: number | null;
  groundwaterCapM3: number | null;
  /** the unit's use in the basis year (null when not known) */
  basisTotalM3: number | null;
  basisGroundwaterM3: number | null;
}

export interface Allocation {
  year: number;
  basisYear: number;
  rows: AllocationRow[];
}

/** A unit of the basis year's accounting (src/core/accounting Unit has these fields). */
export interface BasisUnit {
  level: AllocationLevel;
  code: string;
  name: string;
  totalUseM3: number;
  groundwaterUseM3: number;
}

export const levelOfCode = (code: string): AllocationLevel | null =>
  /^\d{6}$/.test(code) ? 'city' : /^\d{9}$/.test(code) ? 'township' : /^\d{12}$/.test(code) ? 'village' : null;

/** The code of the unit above: a village's township, a township's city. */
export const parentCode = (code: string): string | null => (code.length === 12 ? code.slice(0, 9) : code.length === 9 ? code.slice(0, 6) : null);

/**
 * `total` in whole units, in proportion to `weights` (negative or non-finite weights count as 0),
 * by the largest remainder: the parts add up to `total` exactly and each is within 1 of its exact
 * share. Ties go to the earlier part. Equal parts when no weight is positive.
 */
export function distribute(total: number, weights: readonly number[]): number[] {
  if (weights.length === 0) return [];
  const whole = Math.round(total);
  if (!(whole >= 0)) throw new RangeError(`distribute: ${total} is not a non-negative amount`);
  const w = weights.map((x) => (Number.isFinite(x) && x > 0 ? x : 0));
  const sum = w.reduce((a, b) => a + b, 0);
  const shares = sum > 0 ? w.map((x) => (whole * x) / sum) : w.map(() => whole / w.length);
  const parts = shares.map((s) => Math.floor(s));
  let left = whole - parts.reduce((a, b) => a + b, 0);
  const order = shares.map((s, i) => ({ i, r: s - Math.floor(s) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k].i] += 1;
  return parts;
}

export interface ScheduledCap {
  valueM3: number;
  /** caps: the city's own row of the year; schedule: 前轻后重 between `fromYear` and `targetYear` */
  source: 'caps' | 'schedule';
  fromYear: number | null;
  targetYear: number | null;
}

/**
 * The city's cap of `year` for one column: its caps.csv row, else the 前轻后重 schedule from the last
 * earlier year with a cap (or from `basisUseM3`, the use of year − 1) to the next year with a cap
 * after `year`. Null when there is no later target to go by.
 */
export function scheduledCityCap(caps: readonly CapRow[], cityCode: string, year: number, column: AllocationColumn, basisUseM3: number | null): ScheduledCap | null {
  const history = caps
    .filter((c) => c.code === cityCode && c[column] !== null)
    .map((c) => ({ year: c.year, value: c[column] as number }))
    .sort((a, b) => a.year - b.year);
  const own = history.find((h) => h.year === year);
  if (own) return { valueM3: own.value, source: 'caps', fromYear: null, targetYear: null };
  // the next year with a cap is the target of this stretch of the schedule
  const target = history.find((h) => h.year > year);
  if (!target) return null;
  const earlier = history.filter((h) => h.year < year);
  const from = earlier.length ? earlier[earlier.length - 1] : basisUseM3 !== null ? { year: year - 1, value: basisUseM3 } : null;
  if (!from) return null;
  const n = target.year - from.year;
  const k = year - from.year;
  const cut = from.value - target.value;
  return { valueM3: Math.round(from.value - (cut * (k * (k + 1)) / 2) / ((n * (n + 1)) / 2)), source: 'schedule', fromYear: from.year, targetYear: target.year };
}

/**
 * The proposal: the city's caps (as given) to its townships, each township's to its villages, in
 * proportion to the basis year's use. Units in the order given; villages under their township.
 */
export function proposeAllocation(input: {
  year: number;
  basisYear: number;
  units: readonly BasisUnit[];
  cityTotalCapM3: number | null;
  cityGroundwaterCapM3: number | null;
}): Allocation {
  const city = input.units.find((u) => u.level === 'city');
  if (!city) throw new Error('没有市县级汇总单位 (no city unit in the accounting)');
  const row = (u: BasisUnit): AllocationRow => ({
    code: u.code, name: u.name, level: u.level, totalCapM3: null, groundwaterCapM3: null,
    basisTotalM3: u.totalUseM3, basisGroundwaterM3: u.groundwaterUseM3,
  });
  const cityRow = { ...row(city), totalCapM3: roundOrNull(input.cityTotalCapM3), groundwaterCapM3: roundOrNull(input.cityGroundwaterCapM3) };
  const townships = input.units.filter((u) => u.level === 'township' && parentCode(u.code) === city.code).map(row);
  const villages = input.units.filter((u) => u.level === 'village').map(row);
  const rows = [cityRow, ...townships, ...villages];
  return reallocate({ year: input.year, basisYear: input.basisYear, rows }, city.code);
}

const roundOrNull = (v: number | null): number | null => (v === null || !Number.isFinite(v) ? null : Math.round(v));

const basisOf = (row: AllocationRow, column: AllocationColumn): number | null => (column === 'totalCapM3' ? row.basisTotalM3 : row.basisGroundwaterM3);

/**
 * Shares out again below `code` (the city, or one township): its value of each column to the units
 * directly below it in proportion to their basis, and on down to the villages. Other rows keep
 * their values. A column the unit has no value of leaves the units below without one.
 */
export function reallocate(allocation: Allocation, code: string): Allocation {
  const rows = allocation.rows.map((r) => ({ ...r }));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const shareBelow = (parent: AllocationRow) => {
    const children = rows.filter((r) => parentCode(r.code) === parent.code && r.level !== parent.level);
    if (children.length === 0) return;
    for (const column of ALLOCATION_COLUMNS) {
      const whole = parent[column];
      if (whole === null || !(whole >= 0)) {
        for (const child of children) child[column] = null;
        continue;
      }
      const parts = distribute(whole, children.map((c) => basisOf(c, column) ?? 0));
      children.forEach((child, i) => { child[column] = parts[i]; });
    }
    for (const child of children) if (child.level === 'township') shareBelow(child);
  };
  const start = byCode.get(code);
  if (start) shareBelow(start);
  return { ...allocation, rows };
}

export interface AllocationProblem {
  code: string;
  name: string;
  column: AllocationColumn | null;
  /** the unit's own value, and the sum of the units below it */
  valueM3: number | null;
  sumM3: number | null;
  zh: string;
  en: string;
}

const COLUMN_ZH: Record<AllocationColumn, string> = { totalCapM3: '用水总量控制', groundwaterCapM3: '地下水控制' };
const COLUMN_EN: Record<AllocationColumn, string> = { totalCapM3: 'total cap', groundwaterCapM3: 'groundwater cap' };

/**
 * Where the allocation does not hold together: a code that is no unit code, a value that is not a
 * whole, non-negative m³, a unit whose parent is not in it, a second city, and — per column — a
 * parent whose value is not the sum of the units directly below it (a missing value on one side
 * and not the other counts too).
 */
export function allocationProblems(rows: readonly AllocationRow[]): AllocationProblem[] {
  const problems: AllocationProblem[] = [];
  const label = (r: AllocationRow) => `${r.name || r.code}（${r.code}）`;
  const cities = rows.filter((r) => levelOfCode(r.code) === 'city');
  if (cities.length !== 1) problems.push({ code: '', name: '', column: null, valueM3: null, sumM3: null, zh: `分配应有且只有一个市县级单位（6 位代码），现有 ${cities.length} 个`, en: `The allocation needs exactly one city (6-digit code); it has ${cities.length}` });
  const seen = new Set<string>();
  for (const r of rows) {
    const level = levelOfCode(r.code);
    if (!level || level !== r.level) {
      problems.push({ code: r.code, name: r.name, column: null, valueM3: null, sumM3: null, zh: `单位代码“${r.code}”不是 ${r.level === 'city' ? 6 : r.level === 'township' ? 9 : 12} 位数字`, en: `Unit code "${r.code}" is not a ${r.level} code` });
      continue;
    }
    if (seen.has(r.code)) problems.push({ code: r.code, name: r.name, column: null, valueM3: null, sumM3: null, zh: `${label(r)} 出现了两次`, en: `${r.code} appears twice` });
    seen.add(r.code);
    const parent = parentCode(r.code);
    if (level !== 'city' && !rows.some((p) => p.code === parent)) {
      problems.push({ code: r.code, name: r.name, column: null, valueM3: null, sumM3: null, zh: `${label(r)} 的上级单位 ${parent} 不在分配中`, en: `The unit above ${r.code} (${parent}) is not in the allocation` });
    }
    for (const column of ALLOCATION_COLUMNS) {
      const v = r[column];
      if (v !== null && (!Number.isInteger(v) || v < 0)) {
        problems.push({ code: r.code, name: r.name, column, valueM3: v, sumM3: null, zh: `${label(r)} 的${COLUMN_ZH[column]}应为不小于 0 的整数（m³），而不是 ${v}`, en: `${r.code}: ${COLUMN_EN[column]} must be a whole number of m³ ≥ 0, not ${v}` });
      }
    }
  }
  for (const parent of rows) {
    const children = rows.filter((r) => r !== parent && parentCode(r.code) === parent.code);
    if (children.length === 0) continue;
    for (const column of ALLOCATION_COLUMNS) {
      const values = children.map((c) => c[column]);
      const missing = values.filter((v) => v === null).length;
      if (parent[column] === null && missing === children.length) continue;
      const sum = values.reduce<number>((s, v) => s + (v ?? 0), 0);
      const what = parent.level === 'city' ? '各乡镇' : '各村';
      const whatEn = parent.level === 'city' ? 'townships' : 'villages';
      if (parent[column] === null || missing > 0) {
        problems.push({ code: parent.code, name: parent.name, column, valueM3: parent[column], sumM3: sum,
          zh: `${label(parent)} 的${COLUMN_ZH[column]}${parent[column] === null ? '未填，而下级已填' : `已填，而 ${missing} 个下级单位未填`}：请补齐`,
          en: `${parent.code}: the ${COLUMN_EN[column]} is ${parent[column] === null ? 'empty while units below have one' : `set while ${missing} unit(s) below have none`}` });
        continue;
      }
      if (sum !== parent[column]) {
        const diff = sum - (parent[column] as number);
        problems.push({ code: parent.code, name: parent.name, column, valueM3: parent[column], sumM3: sum,
          zh: `${label(parent)} 的${COLUMN_ZH[column]}为 ${parent[column]} m³，${what}合计 ${sum} m³，${diff > 0 ? '多' : '少'} ${Math.abs(diff)} m³：请调整${what}或点“按比例重新分配”`,
          en: `${parent.code}: ${COLUMN_EN[column]} ${parent[column]} m³ but the ${whatEn} add up to ${sum} m³ (${diff > 0 ? '+' : ''}${diff})` });
      }
    }
  }
  return problems;
}

/**
 * caps.csv rows with the allocation of its year written in: a unit's row of that year gets the two
 * caps (its other columns kept); a unit without one gets a new row after the year's last row.
 */
export function mergeAllocationIntoCaps(caps: readonly CapRow[], allocation: Allocation): CapRow[] {
  const out = caps.map((c) => ({ ...c }));
  for (const r of allocation.rows) {
    const existing = out.find((c) => c.year === allocation.year && c.code === r.code);
    if (existing) {
      existing.totalCapM3 = r.totalCapM3;
      existing.groundwaterCapM3 = r.groundwaterCapM3;
      continue;
    }
    const row: CapRow = { year: allocation.year, code: r.code, name: r.name, totalCapM3: r.totalCapM3, groundwaterCapM3: r.groundwaterCapM3, industrialM3: null, domesticM3: null, mixedGroundwaterShare: null };
    let at = -1;
    out.forEach((c, i) => { if (c.year <= allocation.year) at = i; });
    out.splice(at + 1, 0, row);
  }
  return out;
}

/**
 * The rows of year Y under one city as caps.csv holds them (basis unknown): what the server checks
 * again after writing an allocation in, so rows the allocation did not name (a village left from
 * before) cannot make a level stop adding up unseen.
 */
export function capsRowsOfYear(caps: readonly CapRow[], year: number, cityCode: string): AllocationRow[] {
  return caps
    .filter((c) => c.year === year && c.code.startsWith(cityCode) && levelOfCode(c.code) !== null)
    .map((c) => ({ code: c.code, name: c.name, level: levelOfCode(c.code)!, totalCapM3: c.totalCapM3, groundwaterCapM3: c.groundwaterCapM3, basisTotalM3: null, basisGroundwaterM3: null }));
}

/** The allocation's rows of one township: the city, the township and its villages. */
export function allocationForTownship(allocation: Allocation, township: string): Allocation {
  return { ...allocation, rows: allocation.rows.filter((r) => r.level === 'city' || r.code === township || (r.level === 'village' && r.code.startsWith(township))) };
}
