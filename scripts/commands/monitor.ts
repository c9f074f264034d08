/**
 * `monitor`: the monthly groundwater monitoring of docs/monitor.md (井电双控) for month M of year Y.
 * Reads the wells (and optionally villages and plots) through the import job, the readings (CSV or
 * xlsx, refused row by row as in the page), the caps, runs the monitor job and writes the bulletin
 * (通报) as JSON / xlsx / PDF where told.
 */
import { CliError, findCjkFont, option, readLayerFiles, requireOption, readBytes, writeJson, writeOutput, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { monitorJob, monitorPlotsOf } from '../../src/jobs/monitor.ts';
import { normaliseProfile } from '../../src/core/monitor/profile.ts';
import { monitorSettings } from '../../src/core/monitor/settings.ts';
import type { MonitorSettings } from '../../src/core/monitor/types.ts';
import { monitorWellsOf } from '../../src/core/monitor/wellsOf.ts';
import type { Layer, LayerKind } from '../../src/core/types.ts';
import { readCaps } from '../../src/io/tables/readTable.ts';
import { readReadings } from '../../src/io/tables/readings.ts';

async function readLayer(args: ParsedArgs, kind: LayerKind): Promise<Layer | null> {
  const paths = args.options[kind];
  return paths?.length ? readLayerFiles(paths, kind) : null;
}

function parseWhen(args: ParsedArgs): { year: number; month: number } {
  const year = requireOption(args, 'year');
  const month = requireOption(args, 'month');
  if (!/^\d{4}$/.test(year)) throw new CliError({ zh: `--year 应为四位年份（如 2025），而不是“${year}”`, en: `--year must be a year like 2025, not "${year}"` });
  if (!/^\d{1,2}$/.test(month) || Number(month) < 1 || Number(month) > 12) throw new CliError({ zh: `--month 应为 1–12，而不是“${month}”`, en: `--month must be 1–12, not "${month}"` });
  return { year: Number(year), month: Number(month) };
}

function parseSettings(args: ParsedArgs): MonitorSettings {
  const patch: Partial<MonitorSettings> = {};
  const profile = option(args, 'profile');
  if (profile !== undefined) {
    const weights = normaliseProfile(profile.split(/[,，]/).map((x) => Number(x.trim())));
    if (!Array.isArray(weights)) throw new CliError({ zh: `--profile：${weights.zh}`, en: `--profile: ${weights.en}` });
    patch.profile = weights;
  }
  const radius = option(args, 'radius-m');
  if (radius !== undefined) {
    if (!(Number(radius) > 0)) throw new CliError({ zh: `--radius-m 应为正数（米），而不是“${radius}”`, en: `--radius-m must be a positive number of metres, not "${radius}"` });
    patch.serviceRadiusM = Number(radius);
  }
  return monitorSettings(patch);
}

export const monitorCommand: CliCommand = {
  name: 'monitor',
  usage: 'monitor --wells F --readings F --caps F --year Y --month M [--villages F] [--plots F] [--profile w1,…,w12] [--radius-m R] [--json OUT] [--xlsx OUT] [--pdf OUT]',
  summary: 'monthly groundwater monitoring (井电双控): readings against the cap by month, flagged wells, the bulletin (通报)',
  options: { values: ['wells', 'readings', 'caps', 'year', 'month', 'villages', 'plots', 'profile', 'radius-m', 'json', 'xlsx', 'pdf'] },
  async run(args) {
    const { year, month } = parseWhen(args);
    const settings = parseSettings(args);
    const readingsPath = requireOption(args, 'readings');
    const capsPath = requireOption(args, 'caps');
    requireOption(args, 'wells');
    const [wells, villages, plots] = [await readLayer(args, 'wells'), await readLayer(args, 'villages'), await readLayer(args, 'plots')];
    const caps = await readCaps(await readBytes(capsPath), capsPath);
    const readings = await readReadings(await readBytes(readingsPath), readingsPath, monitorWellsOf(wells!.features.features), settings);
    const countyName = caps.find((c) => c.code.length === 6 && c.year === year)?.name ?? '';
    const result = await monitorJob({
      year, month, readings, caps, settings, countyName,
      wells: wells!.features.features,
      villages: villages?.features.features ?? null,
      plots: plots ? monitorPlotsOf(plots) : null,
    });
    const json = option(args, 'json');
    const xlsx = option(args, 'xlsx');
    const pdf = option(args, 'pdf');
    const font = pdf ? await findCjkFont('--pdf') : null;
    if (json) await writeJson(json, result);
    // exceljs and pdf-lib load only when a workbook or a PDF is written (start-up of every command)
    if (xlsx) await writeOutput(xlsx, await (await import('../../src/io/write/monitorXlsx.ts')).monitorXlsx(result));
    if (pdf && font) await writeOutput(pdf, await (await import('../../src/io/write/monitorPdf.ts')).monitorBulletinPdf(result, font));
    for (const warning of result.warnings.slice(0, 20)) process.stderr.write(`提示：${warning}\n`);
    const city = result.units.find((u) => u.level === 'city');
    const wan = (m3: number | null | undefined) => (m3 === null || m3 === undefined ? '—' : (m3 / 1e4).toFixed(2));
    const ahead = result.units.filter((u) => u.level === 'township' && (u.aheadM3 ?? 0) > 0).length;
    process.stdout.write(
      `${result.countyName} ${year} 年 ${month} 月：${city?.reportingWellCount ?? 0}/${city?.wellCount ?? 0} 眼井上报，本月取水 ${wan(city?.monthM3)} 万m³，` +
      `年初至今 ${wan(city?.cumulativeM3)} 万m³（指标 ${wan(city?.capM3)} 万m³，按分配至今 ${wan(city?.profileToDateM3)} 万m³）；` +
      `超进度乡镇 ${ahead} 个，问题井 ${new Set(result.flags.map((f) => f.wellCode)).size} 眼\n`,
    );
  },
};
