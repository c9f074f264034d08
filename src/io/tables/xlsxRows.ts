/**
 * The first worksheet of an .xlsx as rows of cell text (exceljs), so quota and cap tables can be
 * kept in Excel. Formulas give their cached result; rich text its plain text.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { InputError } from '../../core/types.ts';
import type { TableRow } from './csv.ts';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return String((value as ExcelJS.CellErrorValue).error);
  }
  return String(value);
}

export async function readXlsxRows(bytes: Uint8Array, file: string): Promise<TableRow[]> {
  const workbook = new (await loadExcel()).Workbook();
  try {
    // exceljs' typings ask for a Node Buffer; an ArrayBuffer works in both Node and the browser
    await workbook.xlsx.load(bytes.slice().buffer as never);
  } catch (error) {
    throw new InputError(file, `无法读取的 .xlsx 文件（${error instanceof Error ? error.message : String(error)}）：请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后重试`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new InputError(file, '工作簿中没有工作表：请把定额或指标表放在第一个工作表');
  const rows: TableRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    rows.push({ line: rowNumber, cells });
  });
  return rows.filter((r) => r.cells.some((c) => c !== ''));
}

/** True when the bytes are a zip (an .xlsx), whatever the file is called. */
export const isZip = (bytes: Uint8Array): boolean => bytes.length > 3 && bytes[0] === 0x50 && bytes[1] === 0x4b;

/** Rows of text to a one-sheet .xlsx (numbers stay numbers), for exporting the edited tables. */
export async function writeXlsxRows(rows: readonly (readonly string[])[], sheetName: string): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  rows.forEach((cells, r) => {
    sheet.addRow(cells.map((c) => (r > 0 && c !== '' && /^-?\d+(\.\d+)?$/.test(c) && c.length < 12 ? Number(c) : c)));
  });
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column, i) => {
    column.width = Math.max(8, ...rows.map((r) => [...(r[i] ?? '')].reduce((w, ch) => w + (ch.charCodeAt(0) > 255 ? 2 : 1), 0) + 2));
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
