/**
 * `account`: the water accounting of docs/domain.md 1–4 for one year (docs/contract.md). Reads the layers
 * through the import job (canonical fields or --fields), the quota and cap tables (CSV or xlsx),
 * runs the account job and writes JSON / xlsx / CSV where told.
 */
import { CliError, option, overlayThreads, readBytes, readLayerFiles, readLayerMappings, requireOption, writeJson, writeOutput, yearOption, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { runAccount } from '../../src/jobs/account.ts';
import type { FieldMapping } from '../../src/core/fields/mapping.ts';
import type { Layer } from '../../src/core/types.ts';
import type { AccountingResult, CapRow } from '../../src/core/accounting/types.ts';
import { readCaps, readQuotas } from '../../src/io/tables/readTable.ts';
import { accountingCsv } from '../../src/io/write/accountingCsv.ts';
import { progressStages, stage } from '../profile.ts';

const ROLES = ['villages', 'plots', 'forest', 'wells'] as const;
type Role = (typeof ROLES)[number];
const SHAPEFILE_PARTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg', '.sbn', '.sbx', '.qix'];

async function readLayer(args: ParsedArgs, role: Role, mappings: Partial<Record<Role, FieldMapping>>): Promise<Layer | null> {
  const paths = args.options[role];
  return paths?.length ? readLayerFiles(paths, role, mappings[role]) : null;
}

/**
 * The accounting of one year from the command's layer and table options (account, allocate): the
 * layers read through the import job (--fields), quotas and caps read, the job run. Returns the
 * caps read too.
 */
export async function accountFromOptions(args: ParsedArgs, year: number): Promise<{ result: AccountingResult; caps: CapRow[] }> {
  const quotasPath = requireOption(args, 'quotas');
  const capsPath = requireOption(args, 'caps');
  requireOption(args, 'villages');
  requireOption(args, 'plots');
  const threads = await overlayThreads({ byDefault: false });
  const mappings = await readLayerMappings(option(args, 'fields'), ROLES);
  const quotas = await readQuotas(await readBytes(quotasPath), quotasPath);
  const caps = await readCaps(await readBytes(capsPath), capsPath);
  const [villages, plots, forest, wells] = await Promise.all(ROLES.map((role) => readLayer(args, role, mappings)));
  const { result } = await runAccount({
    year, quotas, caps,
    layers: { villages: villages!, plots: plots!, forest, wells },
    files: { villages: option(args, 'villages'), plots: option(args, 'plots'), quotas: quotasPath, caps: capsPath },
  }, { onProgress: progressStages('') }, threads).finally(() => threads?.close());
  return { result, caps };
}

export const accountCommand: CliCommand = {
  name: 'account',
  usage: 'account --villages F --plots F [--forest F] [--wells F] --quotas F --caps F --year Y [--json OUT] [--xlsx OUT] [--csv OUT] [--fields M] [--level-word 县|市|区]',
  summary: 'water accounting village → township → city against the caps for year Y',
  options: { values: ['villages', 'plots', 'forest', 'wells', 'quotas', 'caps', 'year', 'json', 'xlsx', 'csv', 'fields', 'level-word'] },
  async run(args) {
    const year = yearOption(args);
    const levelWord = option(args, 'level-word');
    if (levelWord !== undefined && !['县', '市', '区'].includes(levelWord)) throw new CliError({ zh: `--level-word 应为 县、市 或 区，而不是“${levelWord}”`, en: `--level-word must be 县, 市 or 区, not "${levelWord}"` });
    const { result } = await accountFromOptions(args, year);
    stage('write');
    const json = option(args, 'json');
    const xlsx = option(args, 'xlsx');
    const csv = option(args, 'csv');
    if (json) await writeJson(json, result);
    if (xlsx) {
      // loaded only when asked for: exceljs is large
      const { accountingXlsx } = await import('../../src/io/write/accountingXlsx.ts');
      await writeOutput(xlsx, await accountingXlsx(result, { levelWord }));
    }
    if (csv) await writeOutput(csv, accountingCsv(result));
    for (const warning of result.warnings.slice(0, 20)) process.stderr.write(`提示：${warning}\n`);
    const city = result.units.find((u) => u.level === 'city');
    const villageUnits = result.units.filter((u) => u.level === 'village');
    const over = (basis: 'demand' | 'metered') => villageUnits.filter((u) => u.overCapBasis === basis || u.overCapBasis === 'both').length;
    const wan = (m3: number | null | undefined) => (m3 === null || m3 === undefined ? '—' : (m3 / 1e4).toFixed(2));
    process.stdout.write(
      `${result.countyName} ${year} 年：${villageUnits.length} 个村，种植 ${city?.plantedMu.toFixed(2)} 亩，` +
      `地下水核定用水 ${wan(city?.groundwaterUseM3)} 万m³、计量取水 ${wan(city?.actualGroundwaterM3)} 万m³（指标 ${wan(city?.groundwaterCapM3)} 万m³）；` +
      `超地下水指标的村：按核定 ${over('demand')} 个，按计量 ${over('metered')} 个\n`,
    );
  },
};
