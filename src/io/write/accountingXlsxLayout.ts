/**
 * The print layout shared by the accounting sheets, so each prints as a bureau files it: title,
 * unit line, grouped header (merged, repeated on every printed page), 序号, fixed decimals,
 * landscape A3 fitted to one page wide, page numbers, and a signature block under the table.
 */
import type ExcelJS from 'exceljs';

export const OVER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
export const SUBTOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
export const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
export const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

/** Rows above the data in every sheet: title, unit line, group header, column header. */
export const SUMMARY_HEADER_ROWS = 4;

export type Role = 'village' | 'subtotal' | 'total';

export interface Header {
  group: string;
  label: string;
}

/** Display width of text: CJK characters count double. */
export const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

/** Number formats with fixed decimals: 亩 and 万m³ 2, counts 0, shares as a percentage with 1. */
export const MU_FORMAT = '#,##0.00';
export const WAN_FORMAT = '#,##0.00';
export const PERCENT_FORMAT = '0.0%';
export const COUNT_FORMAT = '#,##0';

/**
 * Title, unit line, a group header row with merged cells, and the column header row. A column
 * whose group is its own label (序号) spans both header rows.
 */
export function writeHeader(sheet: ExcelJS.Worksheet, title: string, subtitle: string, headers: Header[], frozenColumns: number): void {
  const n = headers.length;
  sheet.mergeCells(1, 1, 1, n);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;
  sheet.mergeCells(2, 1, 2, n);
  sheet.getCell(2, 1).value = subtitle;
  sheet.getCell(2, 1).alignment = { horizontal: 'right' };
  let start = 0;
  for (let c = 1; c <= n; c++) {
    if (c < n && headers[c].group === headers[start].group) continue;
    const single = c - 1 === start && headers[start].group === headers[start].label;
    if (single) sheet.mergeCells(3, start + 1, 4, start + 1);
    else if (c - 1 > start) sheet.mergeCells(3, start + 1, 3, c);
    sheet.getCell(3, start + 1).value = headers[start].group;
    start = c;
  }
  headers.forEach((h, i) => {
    if (h.group !== h.label || headers.filter((x) => x.group === h.group).length > 1) sheet.getCell(4, i + 1).value = h.label;
  });
  for (const r of [3, 4]) {
    sheet.getRow(r).height = r === 3 ? 32 : 30;
    for (let c = 1; c <= n; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  sheet.views = [{ state: 'frozen', xSplit: frozenColumns, ySplit: SUMMARY_HEADER_ROWS }];
  sheet.pageSetup = {
    orientation: 'landscape', paperSize: 8 as never, fitToPage: true, fitToWidth: 1, fitToHeight: 0,
    horizontalCentered: true, printTitlesRow: '3:4',
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { oddFooter: '第 &P 页，共 &N 页' };
}

/** Column widths from the header labels and sample cell texts, within 6–30 characters. */
export function setWidths(sheet: ExcelJS.Worksheet, headers: Header[], samples: string[][]): void {
  headers.forEach((h, i) => {
    const labelWidth = Math.min(textWidth(h.label), 12);
    const widest = Math.max(labelWidth, ...samples.map((r) => textWidth(r[i] ?? '')));
    sheet.getColumn(i + 1).width = Math.min(30, Math.max(6, widest + 2));
  });
}

export function styleRow(row: ExcelJS.Row, role: Role, count: number): void {
  for (let c = 1; c <= count; c++) {
    const cell = row.getCell(c);
    cell.border = THIN;
    if (role !== 'village') {
      cell.font = { bold: true };
      cell.fill = role === 'total' ? TOTAL_FILL : SUBTOTAL_FILL;
    }
  }
}

/** 填报单位（盖章）、填表人、审核人、日期 under the table, spread over its width. */
export function signatureBlock(sheet: ExcelJS.Worksheet, columnCount: number, unitName: string): void {
  sheet.addRow([]);
  const row = sheet.addRow([]);
  const parts = [`填报单位（盖章）：${unitName}`, '填表人：', '审核人：', '日期：　　年　　月　　日'];
  const span = Math.max(1, Math.floor(columnCount / parts.length));
  parts.forEach((text, k) => {
    const from = 1 + k * span;
    const to = k === parts.length - 1 ? columnCount : from + span - 1;
    if (to > from) sheet.mergeCells(row.number, from, row.number, to);
    const cell = sheet.getCell(row.number, from);
    cell.value = text;
    cell.font = { size: 12 };
    cell.alignment = { horizontal: 'left', vertical: 'middle' };
  });
  row.height = 30;
}
