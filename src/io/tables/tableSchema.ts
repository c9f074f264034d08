/**
 * Reading a table by its header names, with every problem naming the cell (row, column header and
 * spreadsheet reference), so a person can find it in Excel or in the editor.
 */
import { InputError } from '../../core/types.ts';
import { columnLetter, type TableRow } from './csv.ts';

export interface CellIssue {
  /** 1-based row number in the file */
  row: number;
  /** the column's header as written in the file (or the canonical name when missing) */
  column: string;
  /** spreadsheet reference, e.g. "E5"; empty for a missing column */
  cell: string;
  message: string;
}

export class TableError extends InputError {
  readonly issues: CellIssue[];
  constructor(file: string, issues: CellIssue[]) {
    const first = issues[0];
    const where = first.cell ? `row ${first.row}, column ${first.column} (${first.cell})` : `column ${first.column}`;
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    super(file, `${where}: ${first.message}${more}`);
    this.name = 'TableError';
    this.issues = issues;
  }
}

/** Header text compared without spaces, case, or a unit in brackets: "定额（m³/亩）" → "定额". */
export const normaliseHeader = (header: string): string =>
  header.replace(/[(（\[【].*?[)）\]】]/g, '').replace(/\s+/g, '').toLowerCase();

export interface ColumnSpec<K extends string> {
  key: K;
  /** canonical header (docs/contract.md) */
  header: string;
  aliases: string[];
  required: boolean;
}

export interface BoundTable<K extends string> {
  /** 0-based column index of each key, or -1 when absent */
  index: Record<K, number>;
  headers: string[];
  body: TableRow[];
  headerLine: number;
}

export function bindColumns<K extends string>(rows: TableRow[], specs: ColumnSpec<K>[], issues: CellIssue[]): BoundTable<K> | null {
  const headerRow = rows[0];
  if (!headerRow) {
    issues.push({ row: 1, column: specs[0].header, cell: '', message: 'the table is empty (a header row is needed)' });
    return null;
  }
  const normalised = headerRow.cells.map(normaliseHeader);
  const index = {} as Record<K, number>;
  for (const spec of specs) {
    const names = [spec.header, ...spec.aliases].map(normaliseHeader);
    index[spec.key] = normalised.findIndex((h) => names.includes(h));
    if (index[spec.key] < 0 && spec.required) {
      issues.push({ row: headerRow.line, column: spec.header, cell: '', message: `missing column ${spec.header} (header row: ${headerRow.cells.join(', ')})` });
    }
  }
  return { index, headers: headerRow.cells, body: rows.slice(1), headerLine: headerRow.line };
}

export function cellOf<K extends string>(table: BoundTable<K>, row: TableRow, key: K): string {
  const i = table.index[key];
  return i < 0 ? '' : (row.cells[i] ?? '').trim();
}

export function issueAt<K extends string>(table: BoundTable<K>, row: TableRow, key: K, message: string, fallbackHeader: string): CellIssue {
  const i = table.index[key];
  return {
    row: row.line,
    column: i >= 0 ? table.headers[i] : fallbackHeader,
    cell: i >= 0 ? `${columnLetter(i)}${row.line}` : '',
    message,
  };
}

/** A number from a cell: empty → null; "1,234" allowed; anything else is an issue. */
export function parseNumberCell(raw: string): number | null | 'invalid' {
  if (raw === '') return null;
  const cleaned = raw.replace(/[,\s，]/g, '');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return 'invalid';
  return Number(cleaned);
}
