/**
 * The accounting as an .xlsx a bureau can hand on (exceljs): 三级汇总表 (title, grouped headers,
 * villages with a subtotal per township and a city total, frozen header, over-cap cells
 * highlighted), 分作物 (planted area by crop, forest by type), 机电井 (every well), 说明 (definitions
 * and warnings). Values are stored unrounded with a number format, so sums in Excel are exact.
 */
import ExcelJS from 'exceljs';
import { ACCOUNTING_COLUMNS, DECIMALS, LEVEL_LABEL, cropsByArea, summaryRows, type ColumnKind } from '../../core/accounting/columns.ts';
import type { AccountingResult, Unit } from '../../core/accounting/types.ts';

const OVER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF8CBAD' } };
const SUBTOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const TOTAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' },
};

export const SHEET_NAMES = { summary: '三级汇总表', crops: '分作物', wells: '机电井', notes: '说明' } as const;
/** Rows above the data in the summary sheet: title, units, group header, column header. */
export const SUMMARY_HEADER_ROWS = 4;

const numFmt = (kind: ColumnKind): string =>
  kind === 'share' ? '0.0%' : kind === 'count' ? '0' : `#,##0.${'0'.repeat(DECIMALS[kind] || 2)}`;

/** Display width of text: CJK characters count double. */
const textWidth = (s: string): number => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

interface Header {
  group: string;
  label: string;
}

/** Title, unit line, a group header row with merged cells, and the column header row. */
function writeHeader(sheet: ExcelJS.Worksheet, title: string, subtitle: string, headers: Header[]): void {
  const n = headers.length;
  sheet.mergeCells(1, 1, 1, n);
  sheet.getCell(1, 1).value = title;
  sheet.getCell(1, 1).font = { bold: true, size: 14 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, n);
  sheet.getCell(2, 1).value = subtitle;
  sheet.getCell(2, 1).alignment = { horizontal: 'right' };
  let start = 0;
  for (let c = 1; c <= n; c++) {
    if (c < n && headers[c].group === headers[start].group) continue;
    if (c - 1 > start) sheet.mergeCells(3, start + 1, 3, c);
    sheet.getCell(3, start + 1).value = headers[start].group;
    start = c;
  }
  headers.forEach((h, i) => (sheet.getCell(4, i + 1).value = h.label));
  for (const r of [3, 4]) {
    for (let c = 1; c <= n; c++) {
      const cell = sheet.getCell(r, c);
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = THIN;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    }
  }
  sheet.views = [{ state: 'frozen', xSplit: 3, ySplit: SUMMARY_HEADER_ROWS }];
}

function setWidths(sheet: ExcelJS.Worksheet, headers: Header[], samples: string[][]): void {
  headers.forEach((h, i) => {
    const widest = Math.max(textWidth(h.label), ...samples.map((r) => textWidth(r[i] ?? '')));
    sheet.getColumn(i + 1).width = Math.min(40, Math.max(8, widest + 2));
  });
}

function styleRow(row: ExcelJS.Row, role: 'village' | 'subtotal' | 'total', count: number): void {
  for (let c = 1; c <= count; c++) {
    const cell = row.getCell(c);
    cell.border = THIN;
    if (role !== 'village') {
      cell.font = { bold: true };
      cell.fill = role === 'total' ? TOTAL_FILL : SUBTOTAL_FILL;
    }
  }
}

function nameOf(unit: Unit, role: 'village' | 'subtotal' | 'total'): string {
  return role === 'subtotal' ? `${unit.name} 小计` : role === 'total' ? `${unit.name} 合计` : unit.name;
}

function summarySheet(workbook: ExcelJS.Workbook, result: AccountingResult): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.summary);
  const headers = ACCOUNTING_COLUMNS.map((c) => ({ group: c.group, label: c.label }));
  writeHeader(sheet, `${result.countyName} ${result.year}年 村、乡镇、市三级用水核算汇总表`,
    '面积单位：亩　水量单位：万立方米（万m³）　超指标单元格标红', headers);
  const samples: string[][] = [];
  for (const { unit, role } of summaryRows(result.units)) {
    const values = ACCOUNTING_COLUMNS.map((c) => (c.key === 'name' ? nameOf(unit, role) : c.value(unit)));
    const row = sheet.addRow(values);
    styleRow(row, role, headers.length);
    ACCOUNTING_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      if (c.kind !== 'text') cell.numFmt = numFmt(c.kind);
      if (c.over?.(unit)) {
        cell.fill = OVER_FILL;
        cell.font = { bold: role !== 'village', color: { argb: 'FF9C0006' } };
      }
    });
    if (samples.length < 500) {
      samples.push(ACCOUNTING_COLUMNS.map((c, i) => (typeof values[i] === 'number' ? (values[i] as number).toFixed(DECIMALS[c.kind]) + ',' : String(values[i] ?? ''))));
    }
  }
  setWidths(sheet, headers, samples);
}

function cropSheet(workbook: ExcelJS.Workbook, result: AccountingResult): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.crops);
  const crops = cropsByArea(result.units, 'plantedMuByCrop');
  const types = cropsByArea(result.units, 'forestMuByType');
  const headers: Header[] = [
    { group: '单位', label: '级别' }, { group: '单位', label: '代码' }, { group: '单位', label: '名称' },
    ...crops.map((c) => ({ group: '种植面积（亩）', label: c })), { group: '种植面积（亩）', label: '合计' },
    ...types.map((t) => ({ group: '人工林（亩）', label: t })), { group: '人工林（亩）', label: '合计' },
  ];
  writeHeader(sheet, `${result.countyName} ${result.year}年 分作物种植及人工林面积`, '面积单位：亩', headers);
  for (const { unit, role } of summaryRows(result.units)) {
    const row = sheet.addRow([
      LEVEL_LABEL[unit.level], unit.code, nameOf(unit, role),
      ...crops.map((c) => unit.plantedMuByCrop[c] ?? 0), unit.plantedMu,
      ...types.map((t) => unit.forestMuByType[t] ?? 0), unit.forestMu,
    ]);
    styleRow(row, role, headers.length);
    for (let c = 4; c <= headers.length; c++) row.getCell(c).numFmt = numFmt('mu');
  }
  setWidths(sheet, headers, [headers.map(() => '0,000.00'), ...summaryRows(result.units).slice(0, 200).map((r) => ['', r.unit.code, nameOf(r.unit, r.role)])]);
}

const MONTH_LABELS = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);

function wellSheet(workbook: ExcelJS.Workbook, result: AccountingResult): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.wells);
  const headers: Header[] = [
    { group: '机电井', label: '井编号' }, { group: '机电井', label: '村代码' }, { group: '机电井', label: '村名称' },
    { group: '计量', label: '是否计量' }, { group: '计量', label: '核算方式' }, { group: '计量', label: '年用电量（kWh）' },
    { group: '计量', label: '折水系数（m³/kWh）' }, { group: '取水量（m³）', label: '年取水量' },
    { group: '取水量（m³）', label: '取水许可量' }, { group: '取水量（m³）', label: '超许可' },
    ...MONTH_LABELS.map((m) => ({ group: '逐月取水量（m³）', label: m })),
  ];
  writeHeader(sheet, `${result.countyName} ${result.year}年 机电井取水量（以电折水）`, '水量单位：立方米', headers);
  sheet.views = [{ state: 'frozen', xSplit: 1, ySplit: SUMMARY_HEADER_ROWS }];
  for (const w of result.wells) {
    const basis = w.basis === 'meter' ? '计量' : w.basis === 'electricity' ? '以电折水' : '无数据';
    const row = sheet.addRow([
      w.code, w.villageCode ?? '（不在任何村）', w.villageName ?? '', w.metered ? '是' : '否', basis,
      w.electricityKwh, w.coefficientM3PerKwh, w.volumeM3, w.permittedM3, w.overPermit ? '是' : '否',
      ...(w.monthlyM3 ?? new Array(12).fill(null)),
    ]);
    styleRow(row, 'village', headers.length);
    for (const c of [6, 8, 9, ...MONTH_LABELS.map((_, i) => 11 + i)]) row.getCell(c).numFmt = '#,##0';
    row.getCell(7).numFmt = '0.00';
    if (w.overPermit) row.getCell(8).fill = OVER_FILL;
  }
  setWidths(sheet, headers, [headers.map(() => '000,000,000'), ...result.wells.slice(0, 200).map((w) => [w.code, w.villageCode ?? '', w.villageName ?? ''])]);
}

function notesSheet(workbook: ExcelJS.Workbook, result: AccountingResult): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.notes);
  sheet.addRow(['项目', '说明']).font = { bold: true };
  for (const [k, v] of Object.entries(result.definitions)) sheet.addRow([k, v]);
  sheet.addRow([]);
  sheet.addRow(['不在任何村的地块面积（亩）', result.unassigned.plotMu]);
  for (const w of result.warnings) sheet.addRow(['提示', w]);
  sheet.getColumn(1).width = 30;
  sheet.getColumn(2).width = 120;
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
}

export async function accountingXlsx(result: AccountingResult): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '水地 Shuidi';
  summarySheet(workbook, result);
  cropSheet(workbook, result);
  wellSheet(workbook, result);
  notesSheet(workbook, result);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
