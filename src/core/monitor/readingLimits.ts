/**
 * The most one well can plausibly give in one month, to refuse typing slips in a readings file:
 * - by its permit: `absurdPermitFactor` (default 3) × QSXKL × the larger of 1/12 and the profile's
 *   share of that month (3 × QSXKL ÷ 12 in a month outside the season; in July, with the default
 *   profile's 0.267, 3 × 0.267 × QSXKL: a peak month normally takes a quarter of the year);
 * - by its pump, when the layer has its rated power (EDGL, kW): the pump running every hour of the
 *   month draws at most kW × 24 × days kWh, and lifts at most that × ZSXS m³.
 */
import type { MonitorSettings, MonitorWell } from './types.ts';

export const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

export interface MonthLimits {
  /** m³, null when the well has neither a permit nor a pump rating with a coefficient */
  maxM3: number | null;
  maxM3Reason: { zh: string; en: string } | null;
  /** kWh, null without a rated power */
  maxKwh: number | null;
}

export function monthLimits(well: MonitorWell, year: number, month: number, settings: MonitorSettings): MonthLimits {
  const candidates: { m3: number; zh: string; en: string }[] = [];
  if (well.permittedM3 !== null && well.permittedM3 > 0) {
    const share = Math.max(1 / 12, settings.profile[month - 1] ?? 0);
    const m3 = settings.absurdPermitFactor * well.permittedM3 * share;
    candidates.push({
      m3,
      zh: `许可水量 ${well.permittedM3} m³ 按本月份额可取的 ${settings.absurdPermitFactor} 倍（${Math.round(m3)} m³）`,
      en: `${settings.absurdPermitFactor}× the month's share of the permit ${well.permittedM3} m³ (${Math.round(m3)} m³)`,
    });
  }
  let maxKwh: number | null = null;
  if (well.ratedPowerKw !== null && well.ratedPowerKw > 0) {
    maxKwh = well.ratedPowerKw * 24 * daysInMonth(year, month);
    if (well.coefficientM3PerKwh !== null && well.coefficientM3PerKwh > 0) {
      const m3 = maxKwh * well.coefficientM3PerKwh;
      candidates.push({
        m3,
        zh: `水泵额定功率 ${well.ratedPowerKw} kW 昼夜不停一个月所能抽取的水量（${Math.round(m3)} m³）`,
        en: `what the ${well.ratedPowerKw} kW pump lifts running day and night for the month (${Math.round(m3)} m³)`,
      });
    }
  }
  const lowest = candidates.sort((a, b) => a.m3 - b.m3)[0];
  return { maxM3: lowest?.m3 ?? null, maxM3Reason: lowest ? { zh: lowest.zh, en: lowest.en } : null, maxKwh };
}
