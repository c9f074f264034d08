import { describe, expect, it } from 'vitest';
import { wellFigures, wellRows } from '../../src/core/accounting/wells.ts';

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
