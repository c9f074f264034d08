/**
 * The sample county's monthly well readings (readings.csv) for the last cap year, January to July:
 * each well's month as its layer records it (metered wells their m³ and kWh, the others kWh only),
 * with a few deliberate anomalies so the monthly monitor has something to flag:
 * - two wells send no July reading (no_reading);
 * - one well pumps twice its recorded months (over its permit by July);
 * - two metered wells carry a slipped conversion coefficient in the wells layer: one ten times its
 *   value (outside the plausible range), one 6.5 (far from its township's median). Metered wells
 *   are chosen so the year's accounting, which uses their meters, is unchanged;
 * - one extra well stands in a block whose land is all retired or fallow, where every planted plot
 *   of its village within reach is nearer another well, and still pumps (pumping_retired).
 */
import type { SampleModel } from './build.ts';
import type { PlotRecord, WellRecord } from './records.ts';
import type { Pt } from './types.ts';
import { CAP_YEARS } from './tables.ts';

export const READINGS_YEAR = CAP_YEARS[CAP_YEARS.length - 1];
export const READINGS_THROUGH_MONTH = 7;
// twice its months: by July 0.67 of its year × 2 = 1.34 of it, above any permit (at most 1.3 of the year)
const OVER_PERMIT_FACTOR = 2;

export interface MonitorAnomalies {
  year: number;
  month: number;
  noReading: string[];
  overPermit: string[];
  coefficientRange: string[];
  coefficientOutlier: string[];
  pumpingRetired: string[];
}

const IDLE_WELL_SERIAL = 'J090';
// the monitor's default service radius (1000 m) with room for the difference between a plot's
// area centroid and the mean of its vertices
const REACH_M = 1100;

const meanPoint = (p: PlotRecord): Pt => {
  const ring = p.polys[0][0];
  const n = ring.length - 1;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) [x, y] = [x + ring[i][0], y + ring[i][1]];
  return [x / n, y / n];
};

/**
 * A well at the centre of the first block (by id) of well-fed land that is all retired or fallow,
 * where every planted well-fed plot of its village within reach has a nearer well of its own; null
 * when the county has no such block.
 */
export function idleWell(m: Pick<SampleModel, 'plots' | 'layout' | 'villages' | 'wells'>): WellRecord | null {
  const byCell = new Map<number, PlotRecord[]>();
  for (const p of m.plots) (byCell.get(p.cell) ?? byCell.set(p.cell, []).get(p.cell)!).push(p);
  const regions = [...m.layout.regions].sort((a, b) => a.id - b.id);
  for (const r of regions) {
    const plots = byCell.get(r.id) ?? [];
    if (plots.length < 3 || !plots.every((p) => p.attrs.ZT !== '种植' && p.attrs.SYLX !== '渠灌')) continue;
    const at: Pt = [(r.box[0] + r.box[2]) / 2, (r.box[1] + r.box[3]) / 2];
    const village = r.village;
    // a planted plot within reach must be served by a nearer well of its village (by 50 m at least)
    const villageWells = m.wells.filter((w) => w.village === village);
    const plantedServed = m.plots.some((p) => {
      if (p.recordedVillage !== village || p.attrs.ZT !== '种植' || p.attrs.SYLX === '渠灌') return false;
      const [x, y] = meanPoint(p);
      const d = Math.hypot(x - at[0], y - at[1]);
      return d <= REACH_M && !villageWells.some((w) => Math.hypot(x - w.at[0], y - w.at[1]) < d - 50);
    });
    if (plantedServed) continue;
    const monthlyM3 = [0, 0, 0, 800, 2400, 3500, 4000, 3200, 1600, 500, 0, 0];
    return { at, village, jbm: `${m.villages[village].code}${IDLE_WELL_SERIAL}`, permitM3: 20000, metered: false, coefficient: 2, monthlyM3, monthlyKwh: monthlyM3.map((v) => v / 2) };
  }
  return null;
}

/** The wells whose layer coefficient is slipped: the third metered well, and a later metered one with a coefficient of 1.6 or more. */
function slipped(wells: readonly WellRecord[]): { range: number; outlier: number } {
  const metered = wells.map((w, i) => (w.metered ? i : -1)).filter((i) => i >= 0);
  return { range: metered[2], outlier: metered[9] };
}

/** The wells with the two coefficient slips written in: ten times its value (≥ 11), and 6.5 (over twice any township's median of 1.1–2.9). */
export function withCoefficientSlips(wells: readonly WellRecord[]): WellRecord[] {
  const { range, outlier } = slipped(wells);
  return wells.map((w, i) => (i === range ? { ...w, coefficient: Math.round(w.coefficient * 1000) / 100 } : i === outlier ? { ...w, coefficient: 6.5 } : w));
}

export function monitorAnomalies(wells: readonly WellRecord[]): MonitorAnomalies {
  const { range, outlier } = slipped(wells);
  return {
    year: READINGS_YEAR,
    month: READINGS_THROUGH_MONTH,
    noReading: [wells[3].jbm, wells[17].jbm],
    overPermit: [wells[5].jbm],
    coefficientRange: [wells[range].jbm],
    coefficientOutlier: [wells[outlier].jbm],
    pumpingRetired: wells.filter((w) => w.jbm.endsWith(IDLE_WELL_SERIAL)).map((w) => w.jbm),
  };
}

export function readingsCsv(wells: readonly WellRecord[]): string {
  const anomalies = monitorAnomalies(wells);
  const lines = ['JBM,年份,月份,计量水量,用电量'];
  for (const w of wells) {
    const factor = anomalies.overPermit.includes(w.jbm) ? OVER_PERMIT_FACTOR : 1;
    for (let month = 1; month <= READINGS_THROUGH_MONTH; month++) {
      if (month === READINGS_THROUGH_MONTH && anomalies.noReading.includes(w.jbm)) continue;
      const m3 = w.metered ? String(Math.round(w.monthlyM3[month - 1] * factor)) : '';
      lines.push(`${w.jbm},${READINGS_YEAR},${month},${m3},${Math.round(w.monthlyKwh[month - 1] * factor)}`);
    }
  }
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
