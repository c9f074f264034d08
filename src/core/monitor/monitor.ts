/**
 * The month's monitoring result (docs/monitor.md): each well's volumes from the readings, the
 * village / township / city season against the groundwater cap, and the flagged wells.
 */
import { makeCapsIndex } from '../accounting/capsIndex.ts';
import type { CapRow } from '../accounting/types.ts';
import { statusOf } from '../accounting/attributes.ts';
import { countyCodeOf, townshipCodeOf } from '../codes.ts';
import { assignPlotsToWells } from '../selection/wellService.ts';
import type { Properties } from '../types.ts';
import { shareToDate } from './profile.ts';
import { seasonUnits } from './season.ts';
import { monitorSettings } from './settings.ts';
import type { MonitorResult, MonitorSettings, MonitorUnit, MonitorWell, MonitorWellRow, Reading } from './types.ts';
import { wellFlags } from './wellChecks.ts';
import { readingsByWell, wellMonths } from './wellUse.ts';

export interface MonitorVillage {
  code: string;
  name: string;
  townshipCode: string;
  townshipName: string;
}

export interface MonitorPlots {
  /** [lon0, lat0, lon1, lat1, …] */
  centroids: Float64Array;
  /** the plot's attributes for the year (ZT, SYLX, ZLDWDM) */
  propertiesOf(index: number): Readonly<Properties>;
}

export interface MonitorInput {
  year: number;
  /** the bulletin's month, 1–12 */
  month: number;
  wells: readonly MonitorWell[];
  readings: readonly Reading[];
  caps: readonly CapRow[];
  villages?: readonly MonitorVillage[] | null;
  plots?: MonitorPlots | null;
  settings?: Partial<MonitorSettings>;
  countyName?: string;
}

/** Per well: plots it serves and how many of them are retired or fallow. */
function service(input: MonitorInput, settings: MonitorSettings): { served: Int32Array; idle: Int32Array } | null {
  if (!input.plots) return null;
  const { centroids, propertiesOf } = input.plots;
  const owner = assignPlotsToWells(input.wells, centroids, propertiesOf, settings.serviceRadiusM);
  const served = new Int32Array(input.wells.length);
  const idle = new Int32Array(input.wells.length);
  owner.forEach((w, plot) => {
    if (w < 0) return;
    served[w]++;
    const status = statusOf(propertiesOf(plot));
    if (status === 'retired' || status === 'fallow') idle[w]++;
  });
  return { served, idle };
}

export function monitorMonth(input: MonitorInput): MonitorResult {
  const settings = monitorSettings(input.settings);
  const { year, month } = input;
  const share = shareToDate(settings.profile, month);
  const byWell = readingsByWell(input.readings, year);
  const plots = service(input, settings);
  const warnings: string[] = [];
  // a code given to two wells: the readings count once, for the first of them
  const firstOfCode = new Map<string, number>();
  input.wells.forEach((w, i) => firstOfCode.has(w.code) || firstOfCode.set(w.code, i));
  const repeated = [...new Set(input.wells.filter((w, i) => firstOfCode.get(w.code) !== i).map((w) => w.code))];
  if (repeated.length) warnings.push(`${repeated.length} 个井编码（JBM）在机电井图层中重复，读数只计入第一眼井（如 ${repeated.slice(0, 5).join('、')}）：请给每眼井唯一编码`);
  const wells: MonitorWellRow[] = input.wells.map((well, i) => {
    const { monthlyM3, monthlyBasis } = wellMonths(well, firstOfCode.get(well.code) === i ? byWell.get(well.code) : undefined, month);
    const cumulativeM3 = monthlyM3.reduce<number>((s, v) => s + (v ?? 0), 0);
    return {
      code: well.code, villageCode: well.villageCode, townshipCode: well.villageCode ? townshipCodeOf(well.villageCode) : '',
      metered: well.metered, coefficientM3PerKwh: well.coefficientM3PerKwh, permittedM3: well.permittedM3, lon: well.lon, lat: well.lat,
      monthlyBasis, monthlyM3, monthM3: monthlyM3[month - 1], cumulativeM3,
      projectedM3: share > 0 ? cumulativeM3 / share : null,
      servedPlots: plots ? plots.served[i] : null, idlePlots: plots ? plots.idle[i] : null,
    };
  });
  const noVillage = wells.filter((w) => !w.villageCode);
  if (noVillage.length) warnings.push(`${noVillage.length} 眼井没有村级代码（ZLDWDM），只计入全县合计（如 JBM ${noVillage.slice(0, 5).map((w) => w.code).join('、')}）`);
  const electricityOnly = wells.filter((w) => w.monthlyBasis.some((b, m) => b === 'none' && byWell.get(w.code)?.get(m + 1)?.electricityKwh != null));
  if (electricityOnly.length) warnings.push(`${electricityOnly.length} 眼井有用电量但没有折水系数（ZSXS），无法以电折水，这些月份未计（如 JBM ${electricityOnly.slice(0, 5).map((w) => w.code).join('、')}）`);
  const villageByCode = new Map((input.villages ?? []).map((v) => [v.code, v]));
  const townshipNames = new Map((input.villages ?? []).filter((v) => v.townshipName).map((v) => [v.townshipCode, v.townshipName]));
  const cityCode = countyCodeOf(wells.find((w) => w.villageCode)?.villageCode ?? input.villages?.[0]?.code ?? '');
  const units = seasonUnits(wells, month, share, makeCapsIndex(input.caps, year), {
    village: (code) => villageByCode.get(code)?.name ?? '',
    township: (code) => townshipNames.get(code) ?? '',
    city: () => input.countyName ?? '',
  }, cityCode);
  warnings.push(...totalsCheck(units, wells));
  const reported = (code: string) => {
    const r = byWell.get(code)?.get(month);
    return !!r && (r.meteredM3 !== null || r.electricityKwh !== null);
  };
  return {
    year, month, countyName: input.countyName ?? units[0]?.name ?? '', settings, profileShareToDate: share,
    units, wells, flags: wellFlags(wells, month, reported, settings), warnings,
  };
}

/**
 * The cheap check of every bulletin: the city's month and year to date equal the sum over the
 * wells, and the townships' sums equal the city's less the wells without a village. A difference
 * (a well counted twice or lost between the levels) is said in Chinese instead of printed silently.
 */
export function totalsCheck(units: readonly MonitorUnit[], wells: readonly MonitorWellRow[]): string[] {
  const city = units.find((u) => u.level === 'city');
  if (!city) return [];
  const sum = (values: readonly number[]) => values.reduce((s, v) => s + v, 0);
  const tolerance = (m3: number) => 0.01 + Math.abs(m3) * 1e-9;
  const problems: string[] = [];
  const wellsCumulative = sum(wells.map((w) => w.cumulativeM3));
  const wellsMonth = sum(wells.map((w) => w.monthM3 ?? 0));
  const outside = sum(wells.filter((w) => !w.villageCode).map((w) => w.cumulativeM3));
  const townships = sum(units.filter((u) => u.level === 'township').map((u) => u.cumulativeM3));
  if (Math.abs(city.cumulativeM3 - wellsCumulative) > tolerance(wellsCumulative) || Math.abs(city.monthM3 - wellsMonth) > tolerance(wellsMonth)) {
    problems.push(`核对不符：全县年初至今 ${city.cumulativeM3.toFixed(2)} m³、本月 ${city.monthM3.toFixed(2)} m³，各井合计为 ${wellsCumulative.toFixed(2)} m³、${wellsMonth.toFixed(2)} m³；请勿使用本期通报的数字，并报告此问题`);
  }
  if (Math.abs(townships - (city.cumulativeM3 - outside)) > tolerance(townships)) {
    problems.push(`核对不符：各乡镇年初至今合计 ${townships.toFixed(2)} m³，全县（不含无村级代码的井）为 ${(city.cumulativeM3 - outside).toFixed(2)} m³；请勿使用本期通报的数字，并报告此问题`);
  }
  return problems;
}
