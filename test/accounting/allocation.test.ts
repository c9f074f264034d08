import { describe, expect, test } from 'vitest';
import {
  allocationForTownship, allocationProblems, distribute, mergeAllocationIntoCaps, proposeAllocation, reallocate, scheduledCityCap,
  type Allocation, type BasisUnit,
} from '../../src/core/accounting/allocation.ts';
import type { CapRow } from '../../src/core/accounting/types.ts';
import { mulberry32 } from '../../scripts/sample/prng.ts';

const cap = (year: number, code: string, groundwaterCapM3: number | null, totalCapM3: number | null = null, extra: Partial<CapRow> = {}): CapRow =>
  ({ year, code, name: code, totalCapM3, groundwaterCapM3, industrialM3: null, domesticM3: null, mixedGroundwaterShare: null, ...extra });

describe('distribute', () => {
  test('a hand case: 100 in 1:1:1 is 34, 33, 33 (the tie to the first)', () => {
    expect(distribute(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(distribute(10, [0, 0])).toEqual([5, 5]);
    expect(distribute(7, [3, 0, 1])).toEqual([5, 0, 2]);
  });

  test('random weights: the parts add up exactly and each is within 1 of its exact share (checked in BigInt)', () => {
    const random = mulberry32(11);
    for (let run = 0; run < 500; run++) {
      const n = 1 + Math.floor(random() * 40);
      const weights = Array.from({ length: n }, () => (random() < 0.1 ? 0 : Math.floor(random() * 5e6)));
      const total = Math.floor(random() * 3e8);
      const parts = distribute(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sum = BigInt(weights.reduce((a, b) => a + b, 0));
      parts.forEach((p, i) => {
        expect(Number.isInteger(p) && p >= 0).toBe(true);
        if (sum === 0n) return;
        // |p·Σw − total·w| < Σw  ⇔  |p − exact share| < 1
        const gap = BigInt(p) * sum - BigInt(total) * BigInt(weights[i]);
        expect(gap < sum && -gap < sum).toBe(true);
      });
    }
  });

  test('a negative amount is refused, not shared', () => {
    expect(() => distribute(-5, [1, 2])).toThrow(RangeError);
  });
});

describe('the city cap by 前轻后重', () => {
  const caps = [cap(2022, '659901', 254_403_000), cap(2025, '659901', 209_817_000), cap(2022, '659901100', 5)];

  test('its own row wins', () => {
    expect(scheduledCityCap(caps, '659901', 2022, 'groundwaterCapM3', null)).toMatchObject({ valueM3: 254_403_000, source: 'caps' });
  });

  test('between 2022 and the 2025 target the cuts are D/6, 2D/6, 3D/6 (hand computed)', () => {
    // D = 44,586,000: cuts 7,431,000, 14,862,000, 22,293,000
    expect(scheduledCityCap(caps, '659901', 2023, 'groundwaterCapM3', null)).toEqual({ valueM3: 246_972_000, source: 'schedule', fromYear: 2022, targetYear: 2025 });
    expect(scheduledCityCap(caps, '659901', 2024, 'groundwaterCapM3', null)?.valueM3).toBe(232_110_000);
  });

  test('an intermediate target ends the stretch: 2023 lies between 2022 and 2024, not 2022 and 2025', () => {
    const withMiddle = [...caps, cap(2024, '659901', 240_000_000)];
    // D = 14,403,000 over n = 2: the 2023 cut is a third
    expect(scheduledCityCap(withMiddle, '659901', 2023, 'groundwaterCapM3', null)).toEqual({ valueM3: 249_602_000, source: 'schedule', fromYear: 2022, targetYear: 2024 });
  });

  test('without an earlier cap it starts from the basis year\'s use; without a later target there is none', () => {
    const only = [cap(2025, '659901', 200)];
    // from 260 in 2023 to 200 in 2025: n = 2, cut of 2024 = 60 · 1/3 = 20
    expect(scheduledCityCap(only, '659901', 2024, 'groundwaterCapM3', 260)?.valueM3).toBe(240);
    expect(scheduledCityCap(only, '659901', 2026, 'groundwaterCapM3', 260)).toBeNull();
    expect(scheduledCityCap(only, '659901', 2024, 'totalCapM3', 260)).toBeNull();
  });
});

const units: BasisUnit[] = [
  { level: 'city', code: '659901', name: '示例县', totalUseM3: 1000, groundwaterUseM3: 600 },
  { level: 'township', code: '659901100', name: '甲镇', totalUseM3: 700, groundwaterUseM3: 450 },
  { level: 'township', code: '659901200', name: '乙乡', totalUseM3: 300, groundwaterUseM3: 150 },
  { level: 'village', code: '659901100001', name: '一村', totalUseM3: 400, groundwaterUseM3: 300 },
  { level: 'village', code: '659901100002', name: '二村', totalUseM3: 300, groundwaterUseM3: 150 },
  { level: 'village', code: '659901200001', name: '三村', totalUseM3: 300, groundwaterUseM3: 150 },
];

describe('the allocation', () => {
  test('in proportion to last year\'s use, level by level, adding up exactly', () => {
    const a = proposeAllocation({ year: 2026, basisYear: 2025, units, cityTotalCapM3: 900, cityGroundwaterCapM3: 500 });
    const by = (code: string) => a.rows.find((r) => r.code === code)!;
    expect(by('659901100')).toMatchObject({ totalCapM3: 630, groundwaterCapM3: 375 });
    expect(by('659901200')).toMatchObject({ totalCapM3: 270, groundwaterCapM3: 125 });
    // 375 in 300:150 → 250, 125
    expect(by('659901100001')).toMatchObject({ totalCapM3: 360, groundwaterCapM3: 250 });
    expect(by('659901100002')).toMatchObject({ totalCapM3: 270, groundwaterCapM3: 125 });
    expect(allocationProblems(a.rows)).toEqual([]);
  });

  test('an edit that breaks a sum is named with the township and the difference; sharing out again mends it', () => {
    const a = proposeAllocation({ year: 2026, basisYear: 2025, units, cityTotalCapM3: 900, cityGroundwaterCapM3: 500 });
    const edited: Allocation = { ...a, rows: a.rows.map((r) => (r.code === '659901100' ? { ...r, groundwaterCapM3: 400 } : r)) };
    const problems = allocationProblems(edited.rows);
    expect(problems.map((p) => [p.code, p.column, p.sumM3])).toEqual([
      ['659901', 'groundwaterCapM3', 525],
      ['659901100', 'groundwaterCapM3', 375],
    ]);
    expect(problems[1].zh).toContain('甲镇（659901100）');
    expect(problems[1].zh).toContain('少 25 m³');
    // the township's own share-out mends its villages; the city still differs until the other township gives 25
    const mended = reallocate(edited, '659901100');
    expect(allocationProblems(mended.rows).map((p) => p.code)).toEqual(['659901']);
    const fixed = { ...mended, rows: mended.rows.map((r) => (r.code === '659901200' ? { ...r, groundwaterCapM3: 100 } : r)) };
    expect(allocationProblems(reallocate(fixed, '659901200').rows)).toEqual([]);
  });

  test('bad codes, fractions, negatives, orphans and a missing value on one side are problems', () => {
    const rows = proposeAllocation({ year: 2026, basisYear: 2025, units, cityTotalCapM3: null, cityGroundwaterCapM3: 500 }).rows;
    expect(rows.every((r) => r.totalCapM3 === null)).toBe(true);
    expect(allocationProblems(rows)).toEqual([]);
    const bad = rows.map((r) => (r.code === '659901200001' ? { ...r, groundwaterCapM3: 0.5 } : r.code === '659901100002' ? { ...r, totalCapM3: 3 } : r));
    bad.push({ code: '659902300001', name: '外村', level: 'village', totalCapM3: null, groundwaterCapM3: -1, basisTotalM3: null, basisGroundwaterM3: null });
    const zh = allocationProblems(bad).map((p) => p.zh).join('\n');
    expect(zh).toContain('三村（659901200001） 的地下水控制应为不小于 0 的整数');
    expect(zh).toContain('659902300 不在分配中');
    expect(zh).toContain('外村（659902300001） 的地下水控制应为不小于 0 的整数');
    expect(zh).toContain('甲镇（659901100） 的用水总量控制未填，而下级已填');
  });

  test('written into caps.csv: the year\'s rows get the two caps, other columns and years kept, new units added after the year', () => {
    const a = proposeAllocation({ year: 2026, basisYear: 2025, units, cityTotalCapM3: 900, cityGroundwaterCapM3: 500 });
    const caps = [cap(2025, '659901', 1), cap(2026, '659901', 2, 3, { industrialM3: 77 }), cap(2026, '659901100', 9, null, { mixedGroundwaterShare: 0.4 }), cap(2027, '659901', 1)];
    const merged = mergeAllocationIntoCaps(caps, a);
    expect(merged.filter((c) => c.year === 2026)).toHaveLength(6);
    expect(merged[1]).toMatchObject({ code: '659901', groundwaterCapM3: 500, totalCapM3: 900, industrialM3: 77 });
    expect(merged[2]).toMatchObject({ code: '659901100', groundwaterCapM3: 375, mixedGroundwaterShare: 0.4 });
    expect(merged[merged.length - 1]).toMatchObject({ year: 2027 });
    expect(caps[1].groundwaterCapM3).toBe(2);
  });

  test('a township sees the city, itself and its villages', () => {
    const a = proposeAllocation({ year: 2026, basisYear: 2025, units, cityTotalCapM3: 900, cityGroundwaterCapM3: 500 });
    expect(allocationForTownship(a, '659901200').rows.map((r) => r.code)).toEqual(['659901', '659901200', '659901200001']);
  });
});
