/**
 * caps.csv (docs/contract.md): 年份, 单位代码 (6 city / 9 township / 12 village digits), 单位名称,
 * 用水总量控制, 地下水控制, 工业用水, 生活用水 (m³), 混灌地下水比例 (0–1), and optionally
 * 工业地下水, 生活地下水 (m³: the groundwater parts of 工业用水 and 生活用水). Empty = not set.
 * A negative or non-numeric figure is refused with its cell named.
 */
import type { CapRow } from '../../core/accounting/types.ts';
import { toCsv, type TableRow } from './csv.ts';
import { bindColumns, cellOf, issueAt, parseNumberCell, TableError, type CellIssue, type ColumnSpec } from './tableSchema.ts';

type CapKey = 'year' | 'code' | 'name' | 'total' | 'groundwater' | 'industrial' | 'domestic' | 'share'
  | 'industrialGroundwater' | 'domesticGroundwater';

export const CAP_COLUMNS: ColumnSpec<CapKey>[] = [
  { key: 'year', header: '年份', aliases: ['year', '年度'], required: true },
  { key: 'code', header: '单位代码', aliases: ['code', '代码', '行政区划代码'], required: true },
  { key: 'name', header: '单位名称', aliases: ['name', '名称'], required: false },
  { key: 'total', header: '用水总量控制', aliases: ['totalcap', '用水总量控制指标', '用水总量'], required: false },
  { key: 'groundwater', header: '地下水控制', aliases: ['groundwatercap', '地下水控制指标', '地下水用水量控制'], required: false },
  { key: 'industrial', header: '工业用水', aliases: ['industrial', '工业用水量'], required: false },
  { key: 'domestic', header: '生活用水', aliases: ['domestic', '生活用水量', '城镇生活用水'], required: false },
  { key: 'share', header: '混灌地下水比例', aliases: ['mixedshare', '混灌比例'], required: false },
  { key: 'industrialGroundwater', header: '工业地下水', aliases: ['industrialgroundwater', '工业用水地下水', '工业地下水用水量'], required: false },
  { key: 'domesticGroundwater', header: '生活地下水', aliases: ['domesticgroundwater', '生活用水地下水', '生活地下水用水量'], required: false },
];

const VOLUME_KEYS = ['total', 'groundwater', 'industrial', 'domestic', 'industrialGroundwater', 'domesticGroundwater'] as const;

export function capRowsFromTable(rows: TableRow[], file: string): { caps: CapRow[]; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const table = bindColumns(rows, CAP_COLUMNS, issues);
  if (!table || issues.length) return { caps: [], issues };
  const caps: CapRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.body) {
    const before = issues.length;
    const at = (key: CapKey, message: string) => issues.push(issueAt(table, row, key, message, key));
    const yearText = cellOf(table, row, 'year');
    const year = Number(yearText);
    if (!/^\d{4}$/.test(yearText)) at('year', `"${yearText}" is not a year`);
    let code = cellOf(table, row, 'code').replace(/\.0+$/, '');
    if (code.length === 19 && /^\d+$/.test(code)) code = code.slice(0, 12);
    if (!/^\d+$/.test(code) || ![6, 9, 12].includes(code.length)) {
      at('code', `"${code}" is not a unit code of 6 (city), 9 (township) or 12 (village) digits`);
    }
    const volumes = {} as Record<(typeof VOLUME_KEYS)[number], number | null>;
    for (const key of VOLUME_KEYS) {
      const raw = cellOf(table, row, key);
      const value = parseNumberCell(raw);
      if (value === 'invalid') at(key, `"${raw}" is not a number (m³)`);
      else if (value !== null && value < 0) at(key, `negative value ${value} m³`);
      volumes[key] = typeof value === 'number' ? value : null;
    }
    const shareRaw = cellOf(table, row, 'share');
    const share = parseNumberCell(shareRaw);
    if (share === 'invalid') at('share', `"${shareRaw}" is not a number`);
    else if (share !== null && (share < 0 || share > 1)) at('share', `share ${share} is not between 0 and 1`);
    if (issues.length > before) continue;
    const key = `${year}/${code}`;
    if (seen.has(key)) at('code', `year ${year} unit ${code} already given in row ${seen.get(key)}`);
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
