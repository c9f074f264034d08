/**
 * `plan`: the retirement (退减) or fallow (休耕) plan for year Y (docs/contract.md `plan`,
 * docs/plan.md): which plots each over-cap village sets aside, with patches, households and the
 * naive greedy choice beside it. Writes JSON, the 包联清单 xlsx and one 公示 PDF per village.
 */
import { join } from 'node:path';
import { CliError, findCjkFont, option, readBytes, readLayerFiles, requireOption, yearOption, writeJson, writeOutput, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { planJob, planQuotasFromTable, planScheduleJob, type ScheduleOutput } from '../../src/jobs/plan.ts';
import type { Layer } from '../../src/core/types.ts';
import type { PlanAction, PlanBasis, PlanResult } from '../../src/core/plan/types.ts';
import { readCaps, readTableRows } from '../../src/io/tables/readTable.ts';
import { villageCodeOf } from '../../src/core/codes.ts';

/** Reads a file; the reason in Chinese, naming it. */
/** Reading a table: the reader's reason (naming the file and the cell), introduced in Chinese. */
async function readTable<T>(path: string, what: string, read: (bytes: Uint8Array) => Promise<T> | T): Promise<T> {
  const bytes = await readBytes(path);
  try {
    return await read(bytes);
  } catch (error) {
    throw new CliError(`${path}：${what}有误 — ${error instanceof Error ? error.message : String(error)}`);
  }
}

const ROLES = ['villages', 'plots', 'forest', 'wells'] as const;
type Role = (typeof ROLES)[number];

async function readLayer(args: ParsedArgs, role: Role): Promise<Layer | null> {
  const path = option(args, role);
  return path ? readLayerFiles(path, role) : null;
}

async function readLocks(path: string | undefined): Promise<string[]> {
  if (!path) return [];
  const text = new TextDecoder('utf-8').decode(await readBytes(path)).replace(/^\uFEFF/, '');
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line && !line.startsWith('#'));
}

export interface PlanOptions {
  year: number;
  basis: PlanBasis;
  action: PlanAction;
  patchGapM: number | undefined;
}

export function planOptions(args: ParsedArgs): PlanOptions {
  const year = yearOption(args);
  const basis = option(args, 'basis') ?? 'demand';
  if (basis !== 'demand' && basis !== 'metered') throw new CliError({ zh: `--basis 应为 demand 或 metered，而不是“${basis}”`, en: `--basis must be demand or metered, not "${basis}"` });
  const action = option(args, 'action') ?? '退减';
  if (action !== '退减' && action !== '休耕') throw new CliError({ zh: `--action 应为 退减 或 休耕，而不是“${action}”`, en: `--action must be 退减 or 休耕, not "${action}"` });
  const gapText = option(args, 'patch-gap-m');
  const gap = gapText === undefined ? undefined : Number(gapText);
  if (gap !== undefined && !(Number.isFinite(gap) && gap >= 0)) throw new CliError({ zh: `--patch-gap-m 应为不小于 0 的米数，而不是“${gapText}”`, en: `--patch-gap-m must be a number of metres ≥ 0, not "${gapText}"` });
  return { year, basis, action, patchGapM: gap };
}

function summaryLine(plan: PlanResult): string {
  const villages = plan.units.filter((u) => u.level === 'village');
  const over = villages.filter((u) => (u.excessBeforeM3 ?? 0) > 0);
  const city = plan.units.find((u) => u.level === 'city');
  const mu = (x: number | undefined) => (x ?? 0).toFixed(2);
  return [
    `${plan.countyName} ${plan.year} ${plan.action}规划（${plan.basis === 'metered' ? '计量' : '需水'}口径）：超地下水控制指标的村 ${over.length} 个，达标 ${over.filter((u) => u.capMet).length} 个`,
    `  规划：${mu(city?.chosenMu)} 亩，${city?.plotCount ?? 0} 块，${city?.patchCount ?? 0} 片，${city?.householdCount ?? 0} 户，节约地下水 ${((city?.savedM3 ?? 0) / 1e4).toFixed(2)} 万m³，腾退机井 ${city?.wellsFreed ?? 0} 眼`,
    `  贪心（不顾连片）：${mu(city?.greedy.chosenMu)} 亩，${city?.greedy.patchCount ?? 0} 片`,
  ].join('\n');
}

function scheduleLines(schedule: ScheduleOutput): string {
  const yes = (v: boolean | null) => (v === null ? '—' : v ? '是' : '否');
  return [
    '  逐年规划（前轻后重）：',
    ...schedule.years.map((y) => `    ${y.year}：指标削减 ${y.capCutM3 === null ? '—' : (y.capCutM3 / 1e4).toFixed(2)} 万m³，超标村 ${y.villagesOver} 个、达标 ${y.villagesMet} 个，新增 ${y.chosenMu.toFixed(2)} 亩（累计 ${y.cumulativeMu.toFixed(2)} 亩），${y.patchCount} 片`),
    `    指标削减逐年加大：${yes(schedule.capCutsGrowEachYear)}；新增面积逐年加大：${yes(schedule.retiredAreaGrowsEachYear)}`,
  ].join('\n');
}

export const planCommand: CliCommand = {
  name: 'plan',
  usage: 'plan --villages F --plots F [--forest F] [--wells F] --quotas F --caps F --year Y [--basis demand|metered] [--action 退减|休耕] [--lock FILE] [--patch-gap-m G] [--json OUT] [--xlsx OUT] [--notice-dir DIR] [--schedule]',
  summary: 'retirement / fallow plan for year Y: which plots each over-cap village sets aside (退减规划)',
  options: { values: ['villages', 'plots', 'forest', 'wells', 'quotas', 'caps', 'year', 'basis', 'action', 'lock', 'patch-gap-m', 'json', 'xlsx', 'notice-dir'], flags: ['schedule'] },
  async run(args) {
    const options = planOptions(args);
    const quotasPath = requireOption(args, 'quotas');
    const capsPath = requireOption(args, 'caps');
    requireOption(args, 'villages');
    requireOption(args, 'plots');
    const { quotas, stateQuotas } = await readTable(quotasPath, '用水定额表', async (bytes) => planQuotasFromTable(await readTableRows(bytes, quotasPath), quotasPath));
    const caps = await readTable(capsPath, '控制指标表', (bytes) => readCaps(bytes, capsPath));
    const locked = await readLocks(option(args, 'lock'));
    const [villages, plots, forest, wells] = await Promise.all(ROLES.map((role) => readLayer(args, role)));
    const input = {
      ...options, quotas, caps, stateQuotas, locked,
      layers: { villages: villages!, plots: plots!, forest, wells },
      files: { villages: option(args, 'villages'), plots: option(args, 'plots'), quotas: quotasPath, caps: capsPath },
    };
    // --schedule: year by year to the last year of caps.csv; the JSON is year Y's plan plus `schedule`
    let schedule: ScheduleOutput | null = null;
    let plan: PlanResult | undefined;
    try {
      schedule = args.flags.schedule ? await planScheduleJob(input) : null;
      plan = schedule ? schedule.plans[0] : (await planJob(input)).plan;
    } catch (error) {
      if (error instanceof CliError) throw error;
      // the accounting's reasons name the file and the feature or cell
      throw new CliError(`输入有误 — ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!plan) throw new CliError(`${capsPath}：没有 ${options.year} 年及以后的控制指标`);
    const json = option(args, 'json');
    if (json) await writeJson(json, schedule ? { ...plan, schedule: { ...schedule, plans: undefined } } : plan);
    const xlsx = option(args, 'xlsx');
    if (xlsx) {
      const { planXlsx } = await import('../../src/io/write/planXlsx.ts');
      await writeOutput(xlsx, await planXlsx(plan));
    }
    const noticeDir = option(args, 'notice-dir');
    if (noticeDir) await writeNotices(noticeDir, plan, plots!, villages!);
    for (const warning of plan.warnings.slice(0, 20)) process.stderr.write(`warning: ${warning}\n`);
    process.stdout.write(summaryLine(plan) + '\n');
    if (schedule) process.stdout.write(scheduleLines(schedule) + '\n');
  },
};

/** One 公示 PDF per village with chosen plots: DIR/<village code>-<village name>-公示.pdf. */
async function writeNotices(dir: string, plan: PlanResult, plots: Layer, villages: Layer): Promise<void> {
  const font = await findCjkFont('--notice-dir');
  const geometries = plots.features.features.map((f) => f.geometry);
  const codes = [...new Set(plan.plots.map((p) => p.villageCode))];
  for (const code of codes) {
    const outline = villages.features.features.filter((f) => villageCodeOf(String(f.properties?.ZLDWDM ?? f.properties?.CJDM ?? '')) === code);
    const villageGeometry = outline.length === 1 ? outline[0].geometry : outline.length > 1
      ? { type: 'MultiPolygon' as const, coordinates: outline.flatMap((f) => (f.geometry?.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry?.type === 'MultiPolygon' ? f.geometry.coordinates : [])) }
      : null;
    const name = plan.units.find((u) => u.level === 'village' && u.code === code)?.name ?? '';
    const { planNoticePdf } = await import('../../src/io/write/planNotice.ts');
    const pdf = await planNoticePdf(plan, code, { font, geometries, villageGeometry });
    await writeOutput(join(dir, `${code}-${name.replace(/[\\/:*?"<>|]/g, '')}-公示.pdf`), pdf);
  }
}
