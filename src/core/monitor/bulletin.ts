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
