import { describe, expect, it } from 'vitest';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import type { Unit } from '../../src/core/accounting/types.ts';
import { wellFigures, wellRows, withoutReadings } from '../../src/core/accounting/wells.ts';
import { caps, forest, plots, quotas, split, wells } from './handCase.ts';

describe('well figures (以电折水)', () => {
  it('prefers the annual meter reading over the months', () => {
    expect(wellFigures({ SFJL: '是', NJLL: 5000, JLL01: 100 })).toMatchObject({ basis: 'meter', volumeM3: 5000 });
  });
  it('falls back to electricity × coefficient for a metered well with no reading, and says so', () => {
    const f = wellFigures({ SFJL: '是', NYDL: '1,000', ZSXS: '1.5' });
    expect(f).toMatchObject({ basis: 'electricity', volumeM3: 1500 });
    expect(f.warning).toMatch(/但没有计量读数/);
  });
  it('gives no volume without a coefficient, with a warning naming the well', () => {
    const warnings: string[] = [];
    const rows = wellRows([{ JBM: 'J9', SFJL: '否', NYDL: 100 }], Int32Array.from([-1]), ['none'], [], warnings);
    expect(rows[0]).toMatchObject({ basis: 'none', volumeM3: null, villageCode: null });
    expect(warnings[0]).toMatch(/J9/);
    expect(warnings[0]).toMatch(/ZSXS/);
  });
  it('keeps months as given, null where a month is empty', () => {
    const f = wellFigures({ SFJL: '否', ZSXS: 2, YDL04: 10, YDL05: '' });
    expect(f.volumeM3).toBe(20);
    expect(f.monthlyM3).toEqual([null, null, null, 20, null, null, null, null, null, null, null, null]);
  });
  it('flags a well over its permit', () => {
    const rows = wellRows([{ JBM: 'J1', SFJL: '是', NJLL: 11, QSXKL: 10 }], Int32Array.from([-1]), ['none'], [], []);
    expect(rows[0].overPermit).toBe(true);
  });
});

describe('a wells layer holds one year of readings (Layer.readingsYear)', () => {
  // handCase: W1 3000 m³ metered, W2 (100 + 200) kWh × 2.5 = 750, W3 1000 + 2000 = 3000 (village 1:
  // 6750); W4 1000 kWh × 1.2 = 1200 (village 3)
  const run = (year: number, wellsReadingsYear: number | null) =>
    accountFromSplit({ year, split, plots, forest, wells, quotas, caps, countyName: '示例市', wellsReadingsYear });
  const v = (units: Unit[], code: string) => units.find((u) => u.code === code)!;

  it('counts the readings in their own year', () => {
    const result = run(2024, 2024);
    expect(v(result.units, '652301100001').actualGroundwaterM3).toBe(6750);
    expect(v(result.units, '652301').actualGroundwaterM3).toBe(6750 + 1200);
    expect(result.warnings.join('\n')).not.toMatch(/读数年份/);
  });
  it('gives another year no actual use (not the same figures again), keeps the wells counted, and says why in Chinese', () => {
    const result = run(2025, 2024);
    const v1 = v(result.units, '652301100001');
    expect(v1.actualGroundwaterM3).toBeNull();
    expect(v1.wellCount).toBe(3);
    expect(v(result.units, '652301').actualGroundwaterM3).toBeNull();
    expect(result.wells.every((w) => w.volumeM3 === null)).toBe(true);
    const notes = result.warnings.filter((w) => /机电井/.test(w));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/2024 年的，2025 年没有读数/);
    expect(notes[0]).toMatch(/读数年份/);
  });
  it('keeps the file as the year given when no readings year is set (the CLI)', () => {
    expect(v(run(2025, null).units, '652301').actualGroundwaterM3).toBe(6750 + 1200);
  });
  it('withoutReadings drops every reading field and keeps the rest', () => {
    expect(withoutReadings([{ JBM: 'W', SFJL: '是', ZSXS: 2, QSXKL: 9, NJLL: 1, NYDL: 2, JLL01: 3, YDL12: 4, JLL13: 5 }]))
      .toEqual([{ JBM: 'W', SFJL: '是', ZSXS: 2, QSXKL: 9, JLL13: 5 }]);
  });
});
