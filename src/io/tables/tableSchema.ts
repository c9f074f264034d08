/**
 * Reading a table by its header names, with every problem naming the cell (row, column header and
 * spreadsheet reference), so a person can find it in Excel or in the editor. Messages are Chinese
 * first (`message`), with English under the language switch (`messageEn`).
 *
 * A header may carry its unit in brackets — `定额（万m³/亩）`, `地下水控制（万m³）`,
 * `定额(m³/公顷)` — and the cells are converted to the tool's units (m³, m³/亩, share 0–1). A unit
 * the tool does not know, or one of the wrong kind (亩 in a volume column), is refused with the
 * header cell named, never read as if it were m³.
 */
import { InputError } from '../../core/types.ts';
import { columnLetter, type TableRow } from './csv.ts';
import { unitFactor, type ColumnUnit } from './units.ts';

export interface CellIssue {
  /** 1-based row number in the file */
  row: number;
  /** the column's header as written in the file (or the canonical name when missing) */
  column: string;
  /** spreadsheet reference, e.g. "E5"; empty for a missing column */
  cell: string;
  /** what is wrong and what to do, in Chinese */
  message: string;
  /** the same in English */
  messageEn?: string;
}

/** A message in both languages. */
export interface Said {
  zh: string;
  en: string;
}

const where = (issue: CellIssue): string =>
  issue.cell ? `第 ${issue.row} 行“${issue.column}”列（${issue.cell}）` : `“${issue.column}”列`;
const whereEn = (issue: CellIssue): string =>
  issue.cell ? `row ${issue.row}, column ${issue.column} (${issue.cell})` : `column ${issue.column}`;

export class TableError extends InputError {
  readonly issues: CellIssue[];
  /** the first problem in English, for the page's English view */
  readonly messageEn: string;
  constructor(file: string, issues: CellIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : '';
    const moreEn = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(file, `${where(first)}：${first.message}${more}`);
    this.name = 'TableError';
    this.issues = issues;
    this.messageEn = `${file}: ${whereEn(first)}: ${first.messageEn ?? first.message}${moreEn}`;
  }
}

/** Header text compared without spaces, case, or a unit in brackets: "定额（m³/亩）" → "定额". */
export const normaliseHeader = (header: string): string =>
  header.replace(/[(（\[【].*?[)）\]】]/g, '').replace(/\s+/g, '').toLowerCase();

/** The unit written in a header's brackets, or '' when none: "定额（万m³/亩）" → "万m³/亩". */
export const headerUnit = (header: string): string => /[(（\[【](.*?)[)）\]】]/.exec(header)?.[1]?.trim() ?? '';

export interface ColumnSpec<K extends string> {
  key: K;
  /** canonical header (docs/contract.md) */
  header: string;
  aliases: string[];
  required: boolean;
  /** what the cells measure: their unit in the header is converted to the tool's unit */
  unit?: ColumnUnit;
}

export interface BoundTable<K extends string> {
  /** 0-based column index of each key, or -1 when absent */
  index: Record<K, number>;
  /** factor from the header's unit to the tool's unit (1 when none is written) */
  factor: Record<K, number>;
  headers: string[];
  body: TableRow[];
  headerLine: number;
}

export function bindColumns<K extends string>(rows: TableRow[], specs: ColumnSpec<K>[], issues: CellIssue[]): BoundTable<K> | null {
  const headerRow = rows[0];
  if (!headerRow) {
    issues.push({ row: 1, column: specs[0].header, cell: '', message: '表格是空的：第一行应为表头', messageEn: 'the table is empty (a header row is needed)' });
    return null;
  }
  const normalised = headerRow.cells.map(normaliseHeader);
  const index = {} as Record<K, number>;
  const factor = {} as Record<K, number>;
  for (const spec of specs) {
    const names = [spec.header, ...spec.aliases].map(normaliseHeader);
    index[spec.key] = normalised.findIndex((h) => names.includes(h));
    factor[spec.key] = 1;
    const i = index[spec.key];
    if (i < 0 && spec.required) {
      issues.push({
        row: headerRow.line, column: spec.header, cell: '',
        message: `缺少“${spec.header}”列（表头为：${headerRow.cells.join('、')}）；请按 docs/contract.md 补上该列`,
        messageEn: `missing column ${spec.header} (header row: ${headerRow.cells.join(', ')})`,
      });
    }
    if (i < 0 || !spec.unit) continue;
    const unit = headerUnit(headerRow.cells[i]);
    const found = unitFactor(unit, spec.unit);
    if (typeof found === 'number') factor[spec.key] = found;
    else {
      issues.push({ row: headerRow.line, column: headerRow.cells[i], cell: `${columnLetter(i)}${headerRow.line}`, message: found.zh, messageEn: found.en });
    }
  }
  return { index, factor, headers: headerRow.cells, body: rows.slice(1), headerLine: headerRow.line };
}

export function cellOf<K extends string>(table: BoundTable<K>, row: TableRow, key: K): string {
  const i = table.index[key];
  return i < 0 ? '' : (row.cells[i] ?? '').trim();
}

export function issueAt<K extends string>(table: BoundTable<K>, row: TableRow, key: K, said: Said | string, fallbackHeader: string): CellIssue {
  const i = table.index[key];
  const { zh, en } = typeof said === 'string' ? { zh: said, en: said } : said;
  return {
    row: row.line,
    column: i >= 0 ? table.headers[i] : fallbackHeader,
    cell: i >= 0 ? `${columnLetter(i)}${row.line}` : '',
    message: zh,
    messageEn: en,
  };
}

/** Above this a figure is a typing or unit slip, not a county's water: 10¹² m³ is ten times China's yearly use. */
export const MAX_VOLUME_M3 = 1e12;

/**
 * A number from a cell: empty → null; thousands separators "1,234,567" allowed; a decimal comma
 * ("389,5") is refused (it would otherwise read as 3895); NaN, Infinity, 1e400 and anything else
 * not a plain number are refused.
 */
export function parseNumberCell(raw: string): number | null | 'invalid' | 'decimal-comma' {
  if (raw === '') return null;
  const compact = raw.replace(/[\s\u00a0]/g, '').replace(/，/g, ',');
  if (compact.includes(',')) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(compact)) return /^[+-]?\d+,\d+$/.test(compact) ? 'decimal-comma' : 'invalid';
  }
  const cleaned = compact.replace(/,/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return 'invalid';
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : 'invalid';
}

/**
 * A cell as a number in the tool's unit, or the problem in both languages: not a number, a decimal
 * comma, negative, or above `max` (in the tool's unit).
 */
export function numberIn(raw: string, factor: number, what: { zh: string; en: string; max: number }): number | null | Said {
  const value = parseNumberCell(raw);
  if (value === 'decimal-comma') {
    const dotted = raw.trim().replace(/[,，]/, '.');
    return {
      zh: `“${raw}”疑为逗号作小数点（${dotted}？）：请改用小数点“.”书写，逗号只用作千位分隔（如 1,234,567）`,
      en: `"${raw}" looks like a decimal comma (${dotted}?): write the decimal point as "." (commas only separate thousands)`,
    };
  }
  if (value === 'invalid') return { zh: `“${raw}”不是数字（${what.zh}）：请填写数字或留空`, en: `"${raw}" is not a number (${what.en})` };
  if (value === null) return null;
  const converted = value * factor;
  if (value < 0) return { zh: `负数 ${value}（${what.zh}）：请填写非负数`, en: `negative value ${value} (${what.en})` };
  if (converted > what.max) {
    return {
      zh: `数值 ${raw} 过大（超过 ${what.max.toExponential(0)} ${what.zh}），请检查是否多打了位数或单位有误`,
      en: `value ${raw} is absurdly large (over ${what.max.toExponential(0)} ${what.en}): check the digits and the unit`,
    };
  }
  return converted;
}

/**
 * A row with more filled cells than the header has columns: in a comma-separated file a decimal
 * comma (389,5) splits one number into two cells, which would otherwise read as 389 silently.
 */
export function extraCellsIssue<K extends string>(table: BoundTable<K>, row: TableRow): CellIssue | null {
  const extra = row.cells.slice(table.headers.length).findIndex((c) => c.trim() !== '');
  if (extra < 0) return null;
  const i = table.headers.length + extra;
  const previous = row.cells[i - 1]?.trim() ?? '';
  return {
    row: row.line, column: `第 ${i + 1} 列`, cell: `${columnLetter(i)}${row.line}`,
    message: `该行比表头多出单元格“${row.cells[i].trim()}”：若“${previous},${row.cells[i].trim()}”是一个带逗号小数点的数，请改用小数点“.”，或给该单元格加引号；否则请删除多余内容`,
    messageEn: `this row has more cells than the header ("${row.cells[i].trim()}"): a decimal comma (${previous},${row.cells[i].trim()})? write a decimal point, or remove the extra cell`,
  };
}
