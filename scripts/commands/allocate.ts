/**
 * `allocate`: the water bureau's allocation of year Y's caps to townships and villages
 * (src/core/accounting/allocation.ts; docs/server.md "Caps allocation"). Accounts the basis year
 * (Y−1 unless --basis-year), takes the city's caps of Y from caps.csv or the 前轻后重 schedule (or
 * --city-total-cap / --city-groundwater-cap, m³), shares them out in proportion to the basis year's
 * use, checks that every level adds up, and writes caps.csv with the allocation written in.
 */
import { CliError, option, requireOption, writeJson, writeOutput, yearOption, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { allocationProblems, mergeAllocationIntoCaps, proposeAllocation, scheduledCityCap, type AllocationColumn } from '../../src/core/accounting/allocation.ts';
import { capsToCsv } from '../../src/io/tables/caps.ts';
import { stage } from '../profile.ts';
import { accountFromOptions } from './account.ts';

function capOption(args: ParsedArgs, name: string): number | null {
  const value = option(args, name);
  if (value === undefined) return null;
  if (!/^\d+$/.test(value)) throw new CliError({ zh: `--${name} 应为不小于 0 的整数（m³），而不是“${value}”`, en: `--${name} must be a whole number of m³, not "${value}"` });
  return Number(value);
}

export const allocateCommand: CliCommand = {
  name: 'allocate',
  usage: 'allocate --villages F --plots F [--forest F] [--wells F] --quotas F --caps F --year Y [--basis-year B] [--city-total-cap M3] [--city-groundwater-cap M3] [--csv OUT] [--json OUT] [--fields M]',
  summary: 'share year Y\'s caps out to townships and villages by the use of Y−1; writes caps.csv',
  options: { values: ['villages', 'plots', 'forest', 'wells', 'quotas', 'caps', 'year', 'basis-year', 'city-total-cap', 'city-groundwater-cap', 'csv', 'json', 'fields'] },
  async run(args) {
    const year = yearOption(args);
    const basisYear = option(args, 'basis-year') === undefined ? year - 1 : yearOption(args, 'basis-year');
    const givenTotal = capOption(args, 'city-total-cap');
    const givenGroundwater = capOption(args, 'city-groundwater-cap');
    const capsPath = requireOption(args, 'caps');
    const { result, caps } = await accountFromOptions(args, basisYear);
    stage('write');
    const units = result.units.map((u) => ({ level: u.level, code: u.code, name: u.name, totalUseM3: u.totalUseM3, groundwaterUseM3: u.groundwaterUseM3 }));
    const city = units.find((u) => u.level === 'city')!;
    const cityCap = (column: AllocationColumn, given: number | null, use: number) => {
      if (given !== null) return { valueM3: given, source: 'option' as const };
      const scheduled = scheduledCityCap(caps, city.code, year, column, use);
      return scheduled ? { valueM3: scheduled.valueM3, source: scheduled.source, fromYear: scheduled.fromYear, targetYear: scheduled.targetYear } : null;
    };
    const total = cityCap('totalCapM3', givenTotal, city.totalUseM3);
    const groundwater = cityCap('groundwaterCapM3', givenGroundwater, city.groundwaterUseM3);
    if (!total && !groundwater) {
      throw new CliError({
        zh: `${capsPath} 中没有 ${city.code} 在 ${year} 年及以后的控制指标，无法推算 ${year} 年的市县指标：请在 caps 表中加上该年（或目标年）的市县行，或用 --city-groundwater-cap / --city-total-cap 给出（m³）`,
        en: `${capsPath} has no cap of ${city.code} for ${year} or later; add the city's row or give --city-groundwater-cap / --city-total-cap (m³)`,
      });
    }
    const allocation = proposeAllocation({ year, basisYear, units, cityTotalCapM3: total?.valueM3 ?? null, cityGroundwaterCapM3: groundwater?.valueM3 ?? null });
    const problems = allocationProblems(allocation.rows);
    if (problems.length) throw new CliError({ zh: `分配的合计不一致：${problems[0].zh}`, en: `The allocation does not add up: ${problems[0].en}` });
    const json = option(args, 'json');
    const csv = option(args, 'csv');
    if (json) await writeJson(json, { ...allocation, cityCaps: { totalCapM3: total, groundwaterCapM3: groundwater } });
    if (csv) await writeOutput(csv, '\ufeff' + capsToCsv(mergeAllocationIntoCaps(caps, allocation)));
    const wan = (m3: number | null | undefined) => (m3 === null || m3 === undefined ? '—' : (m3 / 1e4).toFixed(2));
    const how = (c: typeof total) => (!c ? '未设' : c.source === 'caps' ? '取自控制指标表' : c.source === 'option' ? '命令行给出' : `按前轻后重由 ${c.fromYear} 年推至 ${c.targetYear} 年目标`);
    process.stdout.write(
      `${result.countyName} ${year} 年控制指标分配（依据 ${basisYear} 年用水）：地下水 ${wan(groundwater?.valueM3)} 万m³（${how(groundwater)}），` +
      `用水总量 ${wan(total?.valueM3)} 万m³（${how(total)}），分到 ${allocation.rows.filter((r) => r.level === 'township').length} 个乡镇、` +
      `${allocation.rows.filter((r) => r.level === 'village').length} 个村，各级合计一致\n`,
    );
  },
};
