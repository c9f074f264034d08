/**
 * The titled table the workbooks share (包联清单, 通报, 乡镇审核): a bold title merged over the
 * columns, a header row (filled, bordered, wrapped), the rows bordered, the header frozen.
 * Strings are written as text (exceljs never makes a formula of a string).
 */
import type ExcelJS from 'exceljs';

export const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
/** the warm fill of a row or cell that needs attention (over the cap, ahead of the profile) */
export const ATTENTION_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
const THIN: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };

export interface XlsxColumn { header: string; width: number; format?: string }
export type XlsxCell = string | number | null;

export interface TableOptions {
  /** rows (0-based) filled with ATTENTION_FILL */
  highlight?: (row: number) => boolean;
  /** wrap the body cells, top-aligned (long texts: comments, reasons) */
  wrap?: boolean;
}

/** Writes the table from the sheet's first row; the body starts at row 3. */
export function titledTable(sheet: ExcelJS.Worksheet, title: string, columns: readonly XlsxColumn[], rows: readonly (readonly XlsxCell[])[], options: TableOptions = {}): void {
  sheet.mergeCells(1, 1, 1, columns.length);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  columns.forEach((c, i) => {
    const cell = sheet.getCell(2, i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = THIN;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    sheet.getColumn(i + 1).width = c.width;
    if (c.format) sheet.getColumn(i + 1).numFmt = c.format;
  });
  rows.forEach((row, r) => row.forEach((value, c) => {
    const cell = sheet.getCell(3 + r, c + 1);
    cell.value = value;
    cell.border = THIN;
    if (options.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    if (options.highlight?.(r)) cell.fill = ATTENTION_FILL;
  }));
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
}
