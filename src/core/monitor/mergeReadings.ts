/**
 * Merging an imported readings file into the project's readings: a (well, year, month) in the file
 * replaces that month's reading; every other month is kept as it was.
 */
import type { Reading } from './types.ts';

export const readingKey = (r: Pick<Reading, 'wellCode' | 'year' | 'month'>): string => `${r.wellCode}/${r.year}/${r.month}`;

export interface ReadingChange {
  key: string;
  before: Reading | null;
  after: Reading;
}

export interface MergedReadings {
  readings: Reading[];
  added: number;
  replaced: number;
  /** months whose figures changed (a replaced month with the same figures is not listed) */
  changes: ReadingChange[];
}

const same = (a: Reading, b: Reading) => a.meteredM3 === b.meteredM3 && a.electricityKwh === b.electricityKwh;

export function mergeReadings(existing: readonly Reading[], incoming: readonly Reading[]): MergedReadings {
  const byKey = new Map(existing.map((r) => [readingKey(r), r]));
  let added = 0;
  let replaced = 0;
  const changes: ReadingChange[] = [];
  for (const r of incoming) {
    const key = readingKey(r);
    const before = byKey.get(key) ?? null;
    if (before) replaced++;
    else added++;
    if (!before || !same(before, r)) changes.push({ key, before, after: r });
    byKey.set(key, r);
  }
  const readings = [...byKey.values()].sort((a, b) => a.year - b.year || a.month - b.month || (a.wellCode < b.wellCode ? -1 : a.wellCode > b.wellCode ? 1 : 0));
  return { readings, added, replaced, changes };
}

const volume = (v: unknown): v is number | null => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * The readings of a saved state (the browser's storage, a project file's marks.json): only
 * well-formed ones are kept, so a damaged or altered file cannot put a negative or non-numeric
 * figure into the season.
 */
export function savedReadings(value: unknown): Reading[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is Reading => !!r && typeof r === 'object'
    && typeof r.wellCode === 'string' && r.wellCode !== ''
    && Number.isInteger(r.year) && Number.isInteger(r.month) && r.month >= 1 && r.month <= 12
    && volume(r.meteredM3) && volume(r.electricityKwh) && (r.meteredM3 !== null || r.electricityKwh !== null))
    .map((r) => ({ wellCode: r.wellCode, year: r.year, month: r.month, meteredM3: r.meteredM3, electricityKwh: r.electricityKwh }));
}
