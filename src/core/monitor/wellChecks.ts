/**
 * Checks on each well for the bulletin's month (docs/monitor.md): over its permit (QSXKL) to date
 * or at the current pace; no reading this month; a conversion coefficient (ZSXS) outside the
 * plausible range, or more than `coefficientRatio` times above or below the median of the other
 * wells of its township (a median, so one bad neighbour does not move it); pumping while every plot
 * it serves is retired or fallow.
 */
import type { MonitorSettings, MonitorWellRow, WellFlag } from './types.ts';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const fmt = (x: number) => Math.round(x).toLocaleString('zh-CN');

const en = (x: number) => Math.round(x).toLocaleString('en');

function flag(kind: WellFlag['kind'], w: MonitorWellRow, value: number | null, limit: number | null, detail: string, detailEn: string): WellFlag {
  return { kind, wellCode: w.code, villageCode: w.villageCode, townshipCode: w.townshipCode, value, limit, detail, detailEn };
}

function permitFlags(w: MonitorWellRow): WellFlag[] {
  if (w.permittedM3 === null) return [];
  if (w.cumulativeM3 > w.permittedM3) {
    return [flag('over_permit_ytd', w, w.cumulativeM3, w.permittedM3, `年初至今取水 ${fmt(w.cumulativeM3)} m³，已超取水许可量 ${fmt(w.permittedM3)} m³（超 ${fmt(w.cumulativeM3 - w.permittedM3)} m³）`,
      `${en(w.cumulativeM3)} m³ so far this year, over the permit of ${en(w.permittedM3)} m³ by ${en(w.cumulativeM3 - w.permittedM3)} m³`)];
  }
  if (w.projectedM3 !== null && w.projectedM3 > w.permittedM3) {
    return [flag('over_permit_projected', w, w.projectedM3, w.permittedM3, `按当前进度全年预计取水 ${fmt(w.projectedM3)} m³，将超取水许可量 ${fmt(w.permittedM3)} m³`,
      `${en(w.projectedM3)} m³ projected for the year at the current pace, over the permit of ${en(w.permittedM3)} m³`)];
  }
  return [];
}

function coefficientFlags(w: MonitorWellRow, neighbours: readonly number[], settings: MonitorSettings): WellFlag[] {
  const x = w.coefficientM3PerKwh;
  if (x === null) return [];
  const [low, high] = settings.coefficientRange;
  if (x < low || x > high) {
    return [flag('coefficient_range', w, x, x < low ? low : high, `折水系数 ${x} m³/kWh 不在合理范围 ${low}～${high} m³/kWh 内，请核实（是否小数点错位）`,
      `coefficient ${x} m³/kWh is outside the plausible ${low}–${high} m³/kWh (a slipped decimal point?)`)];
  }
  if (neighbours.length < settings.coefficientMinNeighbours) return [];
  const m = median(neighbours);
  if (x > m * settings.coefficientRatio || x < m / settings.coefficientRatio) {
    return [flag('coefficient_outlier', w, x, m, `折水系数 ${x} m³/kWh 与本乡镇其他 ${neighbours.length} 眼井的中位数 ${m} m³/kWh 相差 ${settings.coefficientRatio} 倍以上，请复测`,
      `coefficient ${x} m³/kWh differs more than ${settings.coefficientRatio}× from the median ${m} m³/kWh of ${neighbours.length} other wells of the township: test it again`)];
  }
  return [];
}

export function wellFlags(wells: readonly MonitorWellRow[], month: number, hasReading: (code: string) => boolean, settings: MonitorSettings): WellFlag[] {
  const byTownship = new Map<string, MonitorWellRow[]>();
  for (const w of wells) if (w.townshipCode) (byTownship.get(w.townshipCode) ?? byTownship.set(w.townshipCode, []).get(w.townshipCode)!).push(w);
  const flags: WellFlag[] = [];
  for (const w of wells) {
    flags.push(...permitFlags(w));
    if (!hasReading(w.code)) flags.push(flag('no_reading', w, null, null, `${month} 月没有读数（计量水量、用电量均未报）`, `no reading for month ${month} (neither volume nor electricity)`));
    const neighbours = (byTownship.get(w.townshipCode) ?? []).filter((o) => o !== w && o.coefficientM3PerKwh !== null).map((o) => o.coefficientM3PerKwh!);
    flags.push(...coefficientFlags(w, neighbours, settings));
    if (w.servedPlots && w.idlePlots === w.servedPlots && (w.monthM3 ?? 0) > 0) {
      flags.push(flag('pumping_retired', w, w.monthM3, 0, `${month} 月取水 ${fmt(w.monthM3!)} m³，而它供水的 ${w.servedPlots} 块地全部退减或休耕`,
        `${en(w.monthM3!)} m³ pumped in month ${month} while all ${w.servedPlots} plots it serves are retired or fallow`));
    }
  }
  return flags;
}

export const FLAG_LABELS: Record<WellFlag['kind'], { zh: string; en: string }> = {
  over_permit_ytd: { zh: '年内已超许可', en: 'over permit to date' },
  over_permit_projected: { zh: '预计超许可', en: 'projected over permit' },
  no_reading: { zh: '本月无读数', en: 'no reading this month' },
  coefficient_range: { zh: '折水系数不合理', en: 'implausible coefficient' },
  coefficient_outlier: { zh: '折水系数异常', en: 'coefficient unlike neighbours' },
  pumping_retired: { zh: '退减/休耕地仍取水', en: 'pumping for retired land' },
};
