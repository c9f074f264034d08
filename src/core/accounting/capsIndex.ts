/**
 * The caps of one year, by unit code, and the mixed-source share in force for a village:
 * the village row's own 混灌地下水比例, else its township's, else the city's, else one half
 * (docs/contract.md caps.csv; docs/domain.md point 2).
 */
import type { CapRow } from './types.ts';

export const DEFAULT_MIXED_GROUNDWATER_SHARE = 0.5;

export interface CapsIndex {
  year: number;
  row(code: string): CapRow | undefined;
  /** share for a unit: its own, else inherited from the levels above, else the default */
  shareFor(code: string): number;
  /** every year that appears in the table, ascending */
  years: number[];
  /** the rows of one unit over all years, ascending by year */
  history(code: string): CapRow[];
}

export function makeCapsIndex(rows: readonly CapRow[], year: number): CapsIndex {
  const ofYear = new Map<string, CapRow>();
  const byCode = new Map<string, CapRow[]>();
  const years = new Set<number>();
  for (const row of rows) {
    years.add(row.year);
    if (row.year === year) ofYear.set(row.code, row);
    const list = byCode.get(row.code) ?? [];
    list.push(row);
    byCode.set(row.code, list);
  }
  const shareFor = (code: string): number => {
    for (const length of [code.length, 9, 6]) {
      if (length > code.length) continue;
      const share = ofYear.get(code.slice(0, length))?.mixedGroundwaterShare;
      if (share !== null && share !== undefined) return share;
    }
    return DEFAULT_MIXED_GROUNDWATER_SHARE;
  };
  return {
    year,
    row: (code) => ofYear.get(code),
    shareFor,
    years: [...years].sort((x, y) => x - y),
    history: (code) => [...(byCode.get(code) ?? [])].sort((x, y) => x.year - y.year),
  };
}
