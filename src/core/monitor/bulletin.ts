/**
 * What the monthly bulletin (通报) shows beside the township table, shared by the xlsx, the PDF
 * and the page: the villages to name (ahead of the profile, or heading over their cap), and the
 * series of a unit's cumulative use against its cap spread by the profile.
 */
import type { MonitorResult, MonitorUnit } from './types.ts';

/** Villages ahead of the profile or projected over their cap, most ahead (by share) first. */
export function flaggedVillages(result: MonitorResult): MonitorUnit[] {
  return result.units
    .filter((u) => u.level === 'village' && ((u.aheadM3 ?? 0) > 0 || (u.projectedExcessM3 ?? 0) > 0))
    .sort((a, b) => (b.aheadShare ?? -Infinity) - (a.aheadShare ?? -Infinity) || (a.code < b.code ? -1 : 1));
}

export interface SeasonSeries {
  /** cumulative use at the end of each month up to the bulletin's, m³ */
  cumulativeM3: number[];
  /** cap × the profile's cumulative share at the end of each of the 12 months, m³ (null without a cap) */
  profileM3: number[] | null;
}

export function seasonSeries(unit: MonitorUnit, profile: readonly number[], month: number): SeasonSeries {
  const cumulativeM3: number[] = [];
  let sum = 0;
  for (let m = 0; m < month; m++) cumulativeM3.push((sum += unit.monthlyM3[m]));
  let share = 0;
  const profileM3 = unit.capM3 === null ? null : profile.map((w) => unit.capM3! * (share += w));
  return { cumulativeM3, profileM3 };
}

const wan = (m3: number | null) => (m3 === null ? '—' : (m3 / 1e4).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The bulletin's opening paragraph: the county's month, year to date, cap, profile and projection. */
export function bulletinSummary(result: MonitorResult): string {
  const city = result.units.find((u) => u.level === 'city');
  const flaggedCount = new Set(result.flags.map((f) => f.wellCode)).size;
  if (!city) return '没有机电井数据。';
  const ahead = city.aheadM3 === null ? '' : city.aheadM3 > 0
    ? `超出月度分配进度 ${wan(city.aheadM3)} 万m³（${pct(city.aheadShare)}）`
    : `低于月度分配进度 ${wan(-city.aheadM3)} 万m³`;
  const projection = city.projectedM3 === null ? '' : `按当前进度，全年预计取水 ${wan(city.projectedM3)} 万m³${city.projectedExcessM3 !== null ? (city.projectedExcessM3 > 0 ? `，将超出年度指标 ${wan(city.projectedExcessM3)} 万m³` : '，在年度指标以内') : ''}。`;
  // a failed totals check (monitor.ts totalsCheck) heads every printed bulletin
  const failed = result.warnings.filter((w) => w.startsWith('核对不符')).map((w) => `【${w}】`).join('');
  return failed + `${result.month} 月全${result.countyName.endsWith('市') ? '市' : '县'} ${city.wellCount} 眼机电井中 ${city.reportingWellCount} 眼上报读数，取用地下水 ${wan(city.monthM3)} 万m³；` +
    `年初至今累计 ${wan(city.cumulativeM3)} 万m³，占年度地下水控制指标 ${wan(city.capM3)} 万m³ 的 ${pct(city.capShare)}` +
    `${city.profileToDateM3 !== null ? `（按月度分配至今应用 ${wan(city.profileToDateM3)} 万m³）` : ''}，${ahead}。${projection}本月通报问题井 ${flaggedCount} 眼。`;
}
