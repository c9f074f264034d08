/** Years: a new year starts as a copy of the previous year's plot attributes. */
import type { OverridesByYear } from './types.ts';

/** The latest year before `year` among `years`, or null. */
export function previousYear(years: readonly number[], year: number): number | null {
  let best: number | null = null;
  for (const y of years) if (y < year && (best === null || y > best)) best = y;
  return best;
}

/**
 * Overrides with `newYear` starting from `fromYear`'s overrides (statuses, crops, methods and
 * sources alike: the whole state of the plots in that year). The tables are immutable, so the
 * copy is shared, O(1). With fromYear null the new year starts from the layers as loaded.
 * Throws when the new year already has overrides of its own.
 */
export function copyYear(overrides: OverridesByYear, fromYear: number | null, newYear: number): OverridesByYear {
  const key = String(newYear);
  const existing = overrides[key];
  if (existing && Object.values(existing).some((table) => table.size > 0)) {
    throw new Error(`${newYear} 年度已有修改，不能再从上一年度复制 (year ${newYear} already has edits)`);
  }
  const source = fromYear === null ? {} : (overrides[String(fromYear)] ?? {});
  return { ...overrides, [key]: source };
}
