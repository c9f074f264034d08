/**
 * The plan job on the tiny GeoJSON county (plots crossing village lines, mixed sources, a 状态 row):
 * setting the chosen plots to the action and accounting again must give each village the excess
 * the plan says is left — the plan's saving is exactly what the accounting stops counting.
 */
import { describe, expect, it } from 'vitest';
import { accountJob } from '../../src/jobs/account.ts';
import { planJob, planQuotasFromTable, planScheduleJob } from '../../src/jobs/plan.ts';
import { parseCsv } from '../../src/io/tables/csv.ts';
import { capsFromCsvText } from '../../src/io/tables/readTable.ts';
import { tinyLayer } from '../accounting/tinyCounty.ts';
import type { PlanAction } from '../../src/core/plan/types.ts';

const QUOTAS = '类别,名称,灌溉方式,定额\n作物,棉花,*,400\n作物,棉花,滴灌,300\n作物,小麦,*,350\n作物,玉米,*,320\n林种,农田防护林,*,200\n状态,退减,*,30\n状态,休耕,*,80\n';
const CAPS = [
  '年份,单位代码,单位名称,用水总量控制,地下水控制,工业用水,生活用水,混灌地下水比例',
  '2024,652301,示例市,100000,40000,5000,2000,0.4',
  '2024,652301100,甲镇,30000,18000,,,0.6',
  '2024,652301100001,一村,12000,1500,100,200,',
  '2024,652301100002,二村,,400,,,0.8',
].join('\n');

const layers = () => ({ villages: tinyLayer('villages'), plots: tinyLayer('plots'), forest: tinyLayer('forest'), wells: tinyLayer('wells') });

describe('plan job on the tiny county', () => {
  it.each(['退减', '休耕'] as PlanAction[])('leaves each village the excess it reports after %s', async (action) => {
    const { quotas, stateQuotas } = planQuotasFromTable(parseCsv(QUOTAS), 'quotas.csv');
    const caps = capsFromCsvText(CAPS);
    const { plan, accounting } = await planJob({ year: 2024, action, quotas, caps, stateQuotas, layers: layers() });
    expect(plan.settings.actionQuotaM3PerMu).toBe(action === '退减' ? 30 : 80);
    const over = accounting.units.filter((u) => u.level === 'village' && (u.groundwaterExcessM3 ?? 0) > 0);
    expect(over.length).toBeGreaterThan(0);
    expect(plan.plots.length).toBeGreaterThan(0);
    const index = new Map(layers().plots.features.features.map((f, i) => [String(f.properties!.DKBM), i]));
    const statusEdits = Object.fromEntries(plan.plots.map((p) => [index.get(p.DKBM)!, action]));
    const after = (await accountJob({ year: 2024, quotas, caps, layers: layers(), statusEdits })).result;
    for (const u of plan.units.filter((x) => x.level === 'village')) {
      const a = after.units.find((x) => x.level === 'village' && x.code === u.code)!;
      if (u.excessAfterM3 === null) continue;
      expect(a.groundwaterExcessM3!).toBeCloseTo(u.excessAfterM3, 1);
      const before = accounting.units.find((x) => x.level === 'village' && x.code === u.code)!;
      expect(u.excessBeforeM3!).toBeCloseTo(before.groundwaterExcessM3!, 3);
    }
  });

  it('gives a village whose candidates cannot cover its excess all of them, with the shortfall', async () => {
    const { quotas, stateQuotas } = planQuotasFromTable(parseCsv(QUOTAS), 'quotas.csv');
    const caps = capsFromCsvText(CAPS.replace('一村,12000,1500', '一村,12000,0'));
    const { plan } = await planJob({ year: 2024, quotas, caps, stateQuotas, layers: layers(), locked: ['P2'] });
    const v = plan.units.find((u) => u.code === '652301100001')!;
    expect(v.capMet).toBe(false);
    expect(v.shortfallM3).toBeCloseTo(v.excessAfterM3!, 6);
    expect(plan.plots.map((p) => p.DKBM)).not.toContain('P2');
  });

  it('plans year by year from the previous year\'s plan (前轻后重 schedule)', async () => {
    const { quotas, stateQuotas } = planQuotasFromTable(parseCsv(QUOTAS), 'quotas.csv');
    const caps = capsFromCsvText(`${CAPS.replace('一村,12000,1500', '一村,12000,35000').replace('二村,,400', '二村,,30000')}\n2025,652301,示例市,95000,37000,5000,2000,0.4\n2025,652301100,甲镇,30000,18000,,,0.6\n2025,652301100001,一村,12000,22000,100,200,\n2025,652301100002,二村,,5000,,,0.8`);
    const schedule = await planScheduleJob({ year: 2024, quotas, caps, stateQuotas, layers: layers() });
    expect(schedule.years.map((y) => y.year)).toEqual([2024, 2025]);
    const [first, second] = schedule.plans;
    const firstCodes = new Set(first.plots.map((p) => p.DKBM));
    expect(first.plots.length).toBeGreaterThan(0);
    expect(second.plots.length).toBeGreaterThan(0);
    expect(second.plots.some((p) => firstCodes.has(p.DKBM))).toBe(false);
    expect(schedule.years[1].cumulativeMu).toBeCloseTo(first.units.at(-1)!.chosenMu + second.units.at(-1)!.chosenMu, 6);
    expect(schedule.years[1].capCutM3).toBe(3000);
    // accounting 2025 with both years' plots set aside leaves the excess the 2025 plan reports
    const index = new Map(layers().plots.features.features.map((f, i) => [String(f.properties!.DKBM), i]));
    const statusEdits = Object.fromEntries([...first.plots, ...second.plots].map((p) => [index.get(p.DKBM)!, '退减']));
    const after = (await accountJob({ year: 2025, quotas, caps, layers: layers(), statusEdits })).result;
    for (const u of second.units.filter((x) => x.level === 'village' && x.excessAfterM3 !== null)) {
      expect(after.units.find((x) => x.code === u.code)!.groundwaterExcessM3!).toBeCloseTo(u.excessAfterM3!, 1);
    }
  });
});
