/**
 * A well's volume in each month (docs/domain.md point 3, month by month): the metered volume
 * where the well is metered (SFJL 是) and the reading has one; else electricity × the well's
 * coefficient (以电折水, ZSXS); else, for a well not marked metered whose reading has only a
 * volume, that volume. No reading, or electricity without a coefficient: no volume (null).
 */
import type { MonitorWell, Reading, WellBasis } from './types.ts';

export function readingVolume(well: MonitorWell, reading: Reading | undefined): { m3: number | null; basis: WellBasis } {
  if (!reading) return { m3: null, basis: 'none' };
  if (well.metered && reading.meteredM3 !== null) return { m3: reading.meteredM3, basis: 'meter' };
  if (reading.electricityKwh !== null && well.coefficientM3PerKwh !== null) {
    return { m3: reading.electricityKwh * well.coefficientM3PerKwh, basis: 'electricity' };
  }
  if (reading.meteredM3 !== null) return { m3: reading.meteredM3, basis: 'meter' };
  return { m3: null, basis: 'none' };
}

/** Readings of one year by well code, then by month (1–12). */
export function readingsByWell(readings: readonly Reading[], year: number): Map<string, Map<number, Reading>> {
  const byWell = new Map<string, Map<number, Reading>>();
  for (const r of readings) {
    if (r.year !== year) continue;
    let months = byWell.get(r.wellCode);
    if (!months) byWell.set(r.wellCode, (months = new Map()));
    months.set(r.month, r);
  }
  return byWell;
}

/** The 12 months of a well's year up to `month` (later months null). */
export function wellMonths(well: MonitorWell, months: Map<number, Reading> | undefined, month: number): { monthlyM3: (number | null)[]; monthlyBasis: WellBasis[] } {
  const monthlyM3: (number | null)[] = [];
  const monthlyBasis: WellBasis[] = [];
  for (let m = 1; m <= 12; m++) {
    const v = m <= month ? readingVolume(well, months?.get(m)) : { m3: null, basis: 'none' as const };
    monthlyM3.push(v.m3);
    monthlyBasis.push(v.basis);
  }
  return { monthlyM3, monthlyBasis };
}
