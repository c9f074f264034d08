/**
 * caps.csv (docs/contract.md): 年份, 单位代码 (6 city / 9 township / 12 village digits), 单位名称,
 * 用水总量控制, 地下水控制, 工业用水, 生活用水 (m³), 混灌地下水比例 (0–1), and optionally
 * 工业地下水, 生活地下水 (m³: the groundwater parts of 工业用水 and 生活用水). Empty = not set.
 * A unit in a header's brackets (万m³, %) is converted. A negative, non-numeric, decimal-comma or
 * absurd figure is refused with its cell named.
 */
import type { CapRow } from '../../core/accounting/types.ts';
import { toCsv, type TableRow } from './csv.ts';
import { bindColumns, cellOf, extraCellsIssue, issueAt, MAX_VOLUME_M3, numberIn, TableError, type CellIssue, type ColumnSpec, type Said } from './tableSchema.ts';

type CapKey = 'year' | 'code' | 'name' | 'total' | 'groundwater' | 'industrial' | 'domestic' | 'share'
  | 'industrialGroundwater' | 'domesticGroundwater';

export const CAP_COLUMNS: ColumnSpec<CapKey>[] = [
  { key: 'year', header: '年份', aliases: ['year', '年度'], required: true },
  { key: 'code', header: '单位代码', aliases: ['code', '代码', '行政区划代码'], required: true },
  { key: 'name', header: '单位名称', aliases: ['name', '名称'], required: false },
  { key: 'total', header: '用水总量控制', aliases: ['totalcap', '用水总量控制指标', '用水总量'], required: false, unit: 'volume' },
  { key: 'groundwater', header: '地下水控制', aliases: ['groundwatercap', '地下水控制指标', '地下水用水量控制'], required: false, unit: 'volume' },
  { key: 'industrial', header: '工业用水', aliases: ['industrial', '工业用水量'], required: false, unit: 'volume' },
  { key: 'domestic', header: '生活用水', aliases: ['domestic', '生活用水量', '城镇生活用水'], required: false, unit: 'volume' },
  { key: 'share', header: '混灌地下水比例', aliases: ['mixedshare', '混灌比例'], required: false, unit: 'share' },
  { key: 'industrialGroundwater', header: '工业地下水', aliases: ['industrialgroundwater', '工业用水地下水', '工业地下水用水量'], required: false, unit: 'volume' },
  { key: 'domesticGroundwater', header: '生活地下水', aliases: ['domesticgroundwater', '生活用水地下水', '生活地下水用水量'], required: false, unit: 'volume' },
];

const VOLUME_KEYS = ['total', 'groundwater', 'industrial', 'domestic', 'industrialGroundwater', 'domesticGroundwater'] as const;
const VOLUME = { zh: 'm³', en: 'm³', max: MAX_VOLUME_M3 };

export function capRowsFromTable(rows: TableRow[], file: string): { caps: CapRow[]; issues: CellIssue[] } {
  void file;
  const issues: CellIssue[] = [];
  const table = bindColumns(rows, CAP_COLUMNS, issues);
  if (!table || issues.length) return { caps: [], issues };
  const caps: CapRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.body) {
    const before = issues.length;
    const extra = extraCellsIssue(table, row);
    if (extra) {
      issues.push(extra);
      continue;
    }
    const at = (key: CapKey, said: Said) => issues.push(issueAt(table, row, key, said, key));
    const yearText = cellOf(table, row, 'year').replace(/\.0+$/, '');
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText)) at('year', { zh: `“${yearText}”不是年份：请填写四位年份，如 2024`, en: `"${yearText}" is not a year` });
    let code = cellOf(table, row, 'code').replace(/\.0+$/, '');
    if (code.length === 19 && /^\d+$/.test(code)) code = code.slice(0, 12);
    if (!/^\d+$/.test(code) || ![6, 9, 12].includes(code.length)) {
      at('code', {
        zh: `“${code}”不是单位代码：县（市、区）6 位、乡镇 9 位、村 12 位数字；请检查位数（Excel 可能把长代码改成了科学计数法，请把该列设为文本）`,
        en: `"${code}" is not a unit code of 6 (city), 9 (township) or 12 (village) digits`,
      });
    }
    const volumes = {} as Record<(typeof VOLUME_KEYS)[number], number | null>;
    for (const key of VOLUME_KEYS) {
      const value = numberIn(cellOf(table, row, key), table.factor[key], VOLUME);
      if (value !== null && typeof value === 'object') at(key, value);
      volumes[key] = typeof value === 'number' ? value : null;
    }
    const shareRaw = cellOf(table, row, 'share');
    const share = numberIn(shareRaw, table.factor.share, { zh: '比例', en: 'share', max: Infinity });
    if (share !== null && typeof share === 'object') at('share', share);
    else if (share !== null && share > 1) at('share', { zh: `比例 ${shareRaw} 不在 0–1 之间：请填写 0 到 1 的小数（如 0.4）或在表头写（%）`, en: `share ${share} is not between 0 and 1` });
    if (issues.length > before) continue;
    const key = `${year}/${code}`;
    if (seen.has(key)) at('code', { zh: `${year} 年单位 ${code} 已在第 ${seen.get(key)} 行填写过：请删除重复行`, en: `year ${year} unit ${code} already given in row ${seen.get(key)}` });
    seen.set(key, row.line);
    caps.push({
      year, code, name: cellOf(table, row, 'name'),
      totalCapM3: volumes.total, groundwaterCapM3: volumes.groundwater,
      industrialM3: volumes.industrial, domesticM3: volumes.domestic,
      mixedGroundwaterShare: typeof share === 'number' ? share : null,
      industrialGroundwaterM3: volumes.industrialGroundwater, domesticGroundwaterM3: volumes.domesticGroundwater,
    });
  }
  return { caps, issues };
}

/** Strict: throws a TableError naming the first bad cell. */
export function capsFromTable(rows: TableRow[], file: string): CapRow[] {
  const { caps, issues } = capRowsFromTable(rows, file);
  if (issues.length) throw new TableError(file, issues);
  return caps;
}

const cell = (v: number | null): string => (v === null ? '' : String(v));

/** The table as rows; the groundwater-part columns only when some row sets them. */
export function capsToRows(caps: readonly CapRow[]): string[][] {
  const withGroundwaterParts = caps.some((c) => (c.industrialGroundwaterM3 ?? null) !== null || (c.domesticGroundwaterM3 ?? null) !== null);
  const columns = withGroundwaterParts ? CAP_COLUMNS : CAP_COLUMNS.slice(0, 8);
  return [
    columns.map((c) => c.header),
    ...caps.map((c) => [String(c.year), c.code, c.name, cell(c.totalCapM3), cell(c.groundwaterCapM3),
      cell(c.industrialM3), cell(c.domesticM3), cell(c.mixedGroundwaterShare),
      ...(withGroundwaterParts ? [cell(c.industrialGroundwaterM3 ?? null), cell(c.domesticGroundwaterM3 ?? null)] : [])]),
  ];
}

export const capsToCsv = (caps: readonly CapRow[]): string => toCsv(capsToRows(caps));
