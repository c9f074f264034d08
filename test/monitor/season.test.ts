/**
 * The monthly monitor on six hand-worked wells (test/monitor/handWells.ts), June 2025.
 * Profile Apr .1, May .2, Jun .3 → share to date by June = .1 + .2 + .3 = 0.6.
 */
import { describe, expect, it } from 'vitest';
import { monitorMonth } from '../../src/core/monitor/monitor.ts';
import { CROP_CALENDARS, DEFAULT_PROFILE, normaliseProfile, shareToDate } from '../../src/core/monitor/profile.ts';
import type { MonitorUnit } from '../../src/core/monitor/types.ts';
import { A, B, C, CAPS, PROFILE, READINGS, WELLS, plots } from './handWells.ts';

const run = (withPlots = true) => monitorMonth({
  year: 2025, month: 6, wells: WELLS, readings: READINGS, caps: CAPS, plots: withPlots ? plots() : null,
  settings: { profile: PROFILE }, countyName: '示例市',
  villages: [{ code: A, name: '一村', townshipCode: '652301100', townshipName: '甲镇' }],
});

describe('monthly volumes of each well', () => {
  const result = run();
  const w = (code: string) => result.wells.find((x) => x.code === code)!;

  it('takes the meter of a metered well, and electricity × ZSXS otherwise', () => {
    // W1 metered: 1000, 2000, 3000 m³ (its 100 kWh a month are not used)
    expect(w('W1').monthlyM3.slice(3, 6)).toEqual([1000, 2000, 3000]);
    expect(w('W1').monthlyBasis.slice(3, 6)).toEqual(['meter', 'meter', 'meter']);
    // W2 unmetered, ZSXS 1.5: 1000 kWh × 1.5 = 1500; 1000 × 1.5 = 1500; 2000 × 1.5 = 3000
    expect(w('W2').monthlyM3.slice(3, 6)).toEqual([1500, 1500, 3000]);
    expect(w('W2').monthlyBasis[5]).toBe('electricity');
    // W3 ZSXS 1.6: 500 × 1.6 = 800; 1500 × 1.6 = 2400; 2000 × 1.6 = 3200
    expect(w('W3').monthlyM3.slice(3, 6).map((v) => Number(v!.toFixed(6)))).toEqual([800, 2400, 3200]);
    // W5 ZSXS 12: 100 kWh × 12 = 1200
    expect(w('W5').monthM3).toBeCloseTo(1200, 9);
    // W6 has no June reading; the 2024 reading of W1 (8,888 m³) is another year
    expect(w('W6').monthM3).toBeNull();
    expect(w('W1').monthlyM3[5]).toBe(3000);
  });

  it('sums the year to date and projects it at the pace of the profile', () => {
    // W1: 1000 + 2000 + 3000 = 6000; projected 6000 ÷ 0.6 = 10,000
    expect(w('W1').cumulativeM3).toBe(6000);
    expect(w('W1').projectedM3).toBeCloseTo(10000, 6);
    // W3: 800 + 2400 + 3200 = 6400; W6: 1000 + 1200 = 2200 → 2200 ÷ 0.6 = 3666.67
    expect(w('W3').cumulativeM3).toBeCloseTo(6400, 6);
    expect(w('W6').projectedM3).toBeCloseTo(2200 / 0.6, 6);
  });
});

describe('village, township and city against the cap', () => {
  const result = run();
  const u = (code: string) => result.units.find((x) => x.code === code)!;
  const near = (unit: MonitorUnit, expected: Partial<Record<keyof MonitorUnit, number | null>>) => {
    for (const [key, value] of Object.entries(expected)) {
      const got = unit[key as keyof MonitorUnit] as number | null;
      if (value === null) expect(got, key).toBeNull();
      else expect(got, key).toBeCloseTo(value, 6);
    }
  };

  it('village 一村 (W1 + W2): ahead of the profile by a third', () => {
    // Apr 1000 + 1500 = 2500, May 2000 + 1500 = 3500, Jun 3000 + 3000 = 6000; cumulative 12,000
    // cap 15,000 × 0.6 = 9000 by June; ahead 12,000 − 9000 = 3000, i.e. 3000 ÷ 9000 = 33.3 %
    // share of cap 12,000 ÷ 15,000 = 0.8; projection 12,000 ÷ 0.6 = 20,000, 5000 over the cap
    expect(u(A).monthlyM3.slice(3, 6)).toEqual([2500, 3500, 6000]);
    expect(u(A).name).toBe('一村');
    near(u(A), { monthM3: 6000, cumulativeM3: 12000, capM3: 15000, profileToDateM3: 9000, aheadM3: 3000, aheadShare: 1 / 3, capShare: 0.8, projectedM3: 20000, projectedExcessM3: 5000 });
  });

  it('village 二村 (W3 + W4 + W6): a little ahead', () => {
    // Apr 800 + 1000 = 1800, May 2400 + 1200 = 3600, Jun 3200 + 500 = 3700; cumulative 9100
    // cap 14,000 × 0.6 = 8400; ahead 700 = 8.33 %; share of cap 9100 ÷ 14,000 = 0.65
    // projection 9100 ÷ 0.6 = 15,166.67, 1166.67 over
    near(u(B), { monthM3: 3700, cumulativeM3: 9100, profileToDateM3: 8400, aheadM3: 700, aheadShare: 700 / 8400, capShare: 0.65, projectedM3: 9100 / 0.6, projectedExcessM3: 9100 / 0.6 - 14000 });
    // the name comes from caps.csv when the villages layer does not have the village
    expect(u(B).name).toBe('二村');
    // W6 sent no June reading: 3 wells, 2 reporting
    expect([u(B).wellCount, u(B).reportingWellCount]).toEqual([3, 2]);
  });

  it('townships: 甲镇 ahead and ranked first, 乙乡 behind', () => {
    // 甲镇 = 一村 + 二村: 12,000 + 9100 = 21,100; cap 30,000 × 0.6 = 18,000; ahead 3100 (17.2 %)
    // share 21,100 ÷ 30,000 = 0.7033; projection 21,100 ÷ 0.6 = 35,166.67
    near(u('652301100'), { monthM3: 9700, cumulativeM3: 21100, profileToDateM3: 18000, aheadM3: 3100, aheadShare: 3100 / 18000, capShare: 21100 / 30000, projectedM3: 21100 / 0.6 });
    // 乙乡 = 三村 (W5): 1200; cap 5000 × 0.6 = 3000; behind by 1800 (−60 %); share 0.24; projection 2000, 3000 under
    near(u('652301101'), { cumulativeM3: 1200, profileToDateM3: 3000, aheadM3: -1800, aheadShare: -0.6, capShare: 0.24, projectedM3: 2000, projectedExcessM3: -3000 });
    expect(u('652301100').rank).toBe(1);
    expect(u('652301101').rank).toBe(2);
    expect(u(A).rank).toBeNull();
  });

  it('a village without a cap has no share or ahead figures, only the projection', () => {
    near(u(C), { cumulativeM3: 1200, capM3: null, profileToDateM3: null, aheadM3: null, capShare: null, projectedM3: 2000 });
  });

  it('the city adds its townships: 22,300 against 40,000', () => {
    // 21,100 + 1200 = 22,300; cap 40,000 × 0.6 = 24,000; behind 1700; share 0.5575; projection 37,166.67
    near(u('652301'), { cumulativeM3: 22300, profileToDateM3: 24000, aheadM3: -1700, capShare: 0.5575, projectedM3: 22300 / 0.6 });
    expect(u('652301').name).toBe('示例市');
    expect(result.profileShareToDate).toBeCloseTo(0.6, 12);
  });

  it('before the season there is nothing to project', () => {
    const march = monitorMonth({ year: 2025, month: 3, wells: WELLS, readings: READINGS, caps: CAPS, settings: { profile: PROFILE } });
    expect(march.profileShareToDate).toBe(0);
    expect(march.units.every((x) => x.projectedM3 === null)).toBe(true);
  });
});

describe('well checks', () => {
  const result = run();
  const flagsOf = (code: string) => result.flags.filter((f) => f.wellCode === code).map((f) => f.kind).sort();

  it('flags each well for what it did, and W1 for nothing', () => {
    // W1: 6000 to date ≤ 10,000 and 10,000 projected is not above 10,000; ZSXS 2.0 vs median(1.5, 1.6, 4.0) = 1.6 is within ×2
    expect(flagsOf('W1')).toEqual([]);
    // W2: 6000 ≤ 6000 to date, but 6000 ÷ 0.6 = 10,000 projected > 6000
    expect(flagsOf('W2')).toEqual(['over_permit_projected']);
    // W3: 6400 to date > 5000
    expect(flagsOf('W3')).toEqual(['over_permit_ytd']);
    // W4: ZSXS 4.0 > 2 × median(2.0, 1.5, 1.6) = 3.2; pumps 500 m³ in June while its two plots are 退减 and 休耕
    expect(flagsOf('W4')).toEqual(['coefficient_outlier', 'pumping_retired']);
    // W5: ZSXS 12 outside 0.5–8 (alone in its township, so no median rule)
    expect(flagsOf('W5')).toEqual(['coefficient_range']);
    // W6: no June reading
    expect(flagsOf('W6')).toEqual(['no_reading']);
  });

  it('gives the figures it checked', () => {
    const f = (code: string, kind: string) => result.flags.find((x) => x.wellCode === code && x.kind === kind)!;
    expect(f('W2', 'over_permit_projected').value).toBeCloseTo(10000, 6);
    expect(f('W2', 'over_permit_projected').limit).toBe(6000);
    expect(f('W3', 'over_permit_ytd').value).toBeCloseTo(6400, 6);
    expect(f('W4', 'coefficient_outlier').limit).toBeCloseTo(1.6, 12);
    expect(f('W4', 'pumping_retired').value).toBe(500);
    expect(f('W5', 'coefficient_range').limit).toBe(8);
    expect(f('W4', 'pumping_retired').detail).toContain('2 块地全部退减或休耕');
    expect(f('W4', 'pumping_retired').detailEn).toBe('500 m³ pumped in month 6 while all 2 plots it serves are retired or fallow');
    expect(f('W3', 'over_permit_ytd').detailEn).toBe('6,400 m³ so far this year, over the permit of 5,000 m³ by 1,400 m³');
  });

  it('serves plots by the well service: W4 the two near it in its village, not the one of another village', () => {
    const w4 = result.wells.find((w) => w.code === 'W4')!;
    expect([w4.servedPlots, w4.idlePlots]).toEqual([2, 2]);
    expect(result.wells.find((w) => w.code === 'W1')!.servedPlots).toBe(1);
    // W4's plot in village B turned planted: no longer all idle
    const planted = plots();
    const withPlanted = monitorMonth({
      year: 2025, month: 6, wells: WELLS, readings: READINGS, caps: CAPS, settings: { profile: PROFILE },
      plots: { centroids: planted.centroids, propertiesOf: (i) => (i === 0 ? { ...planted.propertiesOf(i), ZT: '种植' } : planted.propertiesOf(i)) },
    });
    expect(withPlanted.flags.some((f) => f.kind === 'pumping_retired')).toBe(false);
  });

  it('without a plots layer there is no pumping check', () => {
    expect(run(false).flags.some((f) => f.kind === 'pumping_retired')).toBe(false);
  });
});

describe('the default profile', () => {
  it('is the mean of the three crop calendars, April to September', () => {
    // Apr (.05 + .20 + 0) ÷ 3 = .0833; May (.05 + .35 + .10) ÷ 3 = .1667; Jun (.25 + .40 + .25) ÷ 3 = .30
    // Jul (.40 + .05 + .35) ÷ 3 = .2667; Aug (.25 + 0 + .25) ÷ 3 = .1667; Sep (0 + 0 + .05) ÷ 3 = .0167
    const expected = [0, 0, 0, 0.25 / 3, 0.5 / 3, 0.9 / 3, 0.8 / 3, 0.5 / 3, 0.05 / 3, 0, 0, 0];
    DEFAULT_PROFILE.forEach((w, m) => expect(w).toBeCloseTo(expected[m], 12));
    expect(shareToDate(DEFAULT_PROFILE, 12)).toBeCloseTo(1, 12);
    for (const calendar of Object.values(CROP_CALENDARS)) expect(calendar.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
  });

  it('a county profile in percent is normalised; a wrong one is refused', () => {
    expect(normaliseProfile([0, 0, 0, 10, 20, 30, 20, 10, 10, 0, 0, 0])).toEqual(PROFILE.map((x) => expect.closeTo(x, 12)));
    expect(normaliseProfile([1, 2, 3])).toHaveProperty('zh');
    expect(normaliseProfile(new Array(12).fill(0))).toHaveProperty('zh');
  });
});

describe('a well code given twice', () => {
  it('counts the readings once, for the first well, and says so', () => {
    // a second well coded W1 in village C: without the rule 三村 would get W1's 6000 m³ as well
    const twice = [...WELLS, { ...WELLS[0], villageCode: C, lon: 87.6 }];
    const result = monitorMonth({ year: 2025, month: 6, wells: twice, readings: READINGS, caps: CAPS, settings: { profile: PROFILE } });
    expect(result.units.find((u) => u.code === C)!.cumulativeM3).toBeCloseTo(1200, 6);
    expect(result.units.find((u) => u.code === '652301')!.cumulativeM3).toBeCloseTo(22300, 6);
    expect(result.warnings.join()).toContain('1 个井编码（JBM）在机电井图层中重复');
  });
});

describe('the totals check every bulletin runs', () => {
  it('passes on the hand case and names a lost well in Chinese, heading the printed summary', async () => {
    const { totalsCheck } = await import('../../src/core/monitor/monitor.ts');
    const { bulletinSummary } = await import('../../src/core/monitor/bulletin.ts');
    const result = run();
    expect(totalsCheck(result.units, result.wells)).toEqual([]);
    expect(result.warnings.filter((w) => w.startsWith('核对不符'))).toEqual([]);
    // a well lost between the wells and the units: both checks say so
    const lost = result.wells.find((w) => w.villageCode && w.cumulativeM3 > 0)!;
    const wells = [...result.wells, { ...lost, code: `${lost.code}-dup` }];
    const problems = totalsCheck(result.units, wells);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^核对不符：全县年初至今/);
    const doctored = result.units.map((u) => (u.level === 'township' ? { ...u, cumulativeM3: u.cumulativeM3 + 5 } : u));
    expect(totalsCheck(doctored, result.wells)[0]).toMatch(/^核对不符：各乡镇/);
    expect(bulletinSummary({ ...result, warnings: problems })).toMatch(/^【核对不符/);
  });
});
