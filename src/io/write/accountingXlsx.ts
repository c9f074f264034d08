/**
 * The accounting as an .xlsx a bureau can sign and hand on (exceljs), laid out for print
 * (accountingXlsxLayout.ts): 三级汇总表 (villages, a 小计 per township, the county 合计, both bases
 * of the groundwater cap, next year's caps), 分作物及人工林 (planted area by crop, forest by type),
 * 种植结构 (planted area by tenure, courtyard, irrigation method and water source), 机电井 (every
 * well), 说明 (every column in words, and the warnings). Values are stored unrounded with a
 * fixed-decimal number format, so sums in Excel are exact.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { ACCOUNTING_COLUMNS, countyLevelWord, cropsByArea, LEVEL_LABEL, summaryRows } from '../../core/accounting/columns.ts';
import type { AccountingResult, Unit } from '../../core/accounting/types.ts';
import { IRRIGATION_METHODS, TENURES, WATER_SOURCES } from '../../core/types.ts';
import {
  COUNT_FORMAT, MU_FORMAT, OVER_FILL, PERCENT_FORMAT, WAN_FORMAT, setWidths, signatureBlock, styleRow, writeHeader,
  type Header, type Role,
} from './accountingXlsxLayout.ts';
import { notesSheet } from './accountingXlsxNotes.ts';

export { SUMMARY_HEADER_ROWS } from './accountingXlsxLayout.ts';

export const SHEET_NAMES = { summary: '三级汇总表', crops: '分作物及人工林', structure: '种植结构', wells: '机电井', notes: '说明' } as const;

export interface AccountingXlsxOptions {
  /** 县, 市 or 区; default from the county name */
  levelWord?: string;
}

const FORMAT = { mu: MU_FORMAT, wanM3: WAN_FORMAT, share: PERCENT_FORMAT, count: COUNT_FORMAT } as const;

function nameOf(unit: Unit, role: Role): string {
  return role === 'subtotal' ? `${unit.name} 小计` : role === 'total' ? `${unit.name} 合计` : unit.name;
}

/** 序号 for village rows, 1, 2, 3…; subtotals and the total have none. */
function numbered(units: readonly Unit[]): { unit: Unit; role: Role; serial: number | null }[] {
  let n = 0;
  return summaryRows(units).map((r) => ({ ...r, serial: r.role === 'village' ? ++n : null }));
}

function summarySheet(workbook: ExcelJS.Workbook, result: AccountingResult, word: string): void {
  const sheet = workbook.addWorksheet(SHEET_NAMES.summary);
  const headers: Header[] = [{ group: '序号', label: '序号' }, ...ACCOUNTING_COLUMNS.map((c) => ({ group: c.group, label: c.label }))];
  writeHeader(sheet, `${result.countyName} ${result.year} 年村、乡镇、${word}三级用水核算汇总表`,
    '面积单位：亩　水量单位：万立方米（万m³）　超指标者标红', headers, 4);
  const samples: string[][] = [];
  for (const { unit, role, serial } of numbered(result.units)) {
    const values = ACCOUNTING_COLUMNS.map((c) => (c.key === 'name' ? nameOf(unit, role) : c.key === 'level' && unit.level === 'city' ? word : c.value(unit)));
    const row = sheet.addRow([serial, ...values]);
    styleRow(row, role, headers.length);
    row.getCell(1).alignment = { horizontal: 'center' };
    ACCOUNTING_COLUMNS.forEach((c, i) => {
      const cell = row.getCell(i + 2);
      if (c.kind !== 'text') cell.numFmt = FORMAT[c.kind];
      if (c.over?.(unit)) {
        cell.fill = OVER_FILL;
        cell.font = { bold: role !== 'village', color: { argb: 'FF9C0006' } };
      }
    });
    if (samples.length < 500) {
      samples.push(['000', ...ACCOUNTING_COLUMNS.map((c, i) => (typeof values[i] === 'number' ? (values[i] as number).toFixed(c.kind === 'count' ? 0 : 2) + ',' : String(values[i] ?? '')))]);
    }
  }
  setWidths(sheet, headers, samples);
  signatureBlock(sheet, headers.length, result.countyName);
}

/** A sheet of area columns (亩) per unit: 序号, 级别, 代码, 名称, then the given columns. */
function areaSheet(workbook: ExcelJS.Workbook, result: AccountingResult, word: string, name: string, title: string,
  columns: { group: string; label: string; value: (u: Unit) => number }[]): void {
  const sheet = workbook.addWorksheet(name);
  const headers: Header[] = [
    { group: '序号', label: '序号' }, { group: '单位', label: '级别' }, { group: '单位', label: '代码' }, { group: '单位', label: '名称' },
    ...columns.map((c) => ({ group: c.group, label: c.label })),
  ];
  writeHeader(sheet, title, '面积单位：亩', headers, 4);
  const rows = numbered(result.units);
  for (const { unit, role, serial } of rows) {
    const row = sheet.addRow([serial, unit.level === 'city' ? word : LEVEL_LABEL[unit.level], unit.code, nameOf(unit, role), ...columns.map((c) => c.value(unit))]);
    styleRow(row, role, headers.length);
    row.getCell(1).alignment = { horizontal: 'center' };
    for (let c = 5; c <= headers.length; c++) row.getCell(c).numFmt = MU_FORMAT;
  }
  setWidths(sheet, headers, [headers.map((_, i) => (i < 4 ? '' : '000,000.00')), ...rows.slice(0, 200).map((r) => ['000', '乡镇', r.unit.code, nameOf(r.unit, r.role)])]);
  signatureBlock(sheet, headers.length, result.countyName);
}

function cropSheet(workbook: ExcelJS.Workbook, result: AccountingResult, word: string): void {
  const crops = cropsByArea(result.units, 'plantedMuByCrop');
  const types = cropsByArea(result.units, 'forestMuByType');
  areaSheet(workbook, result, word, SHEET_NAMES.crops, `${result.countyName} ${result.year} 年分作物种植面积及人工林面积`, [
    ...crops.map((c) => ({ group: '种植面积', label: c, value: (u: Unit) => u.plantedMuByCrop[c] ?? 0 })),
    { group: '种植面积', label: '合计', value: (u) => u.plantedMu },
    ...types.map((t) => ({ group: '人工林面积', label: t, value: (u: Unit) => u.forestMuByType[t] ?? 0 })),
    { group: '人工林面积', label: '合计', value: (u) => u.forestMu },
    { group: '人工林面积', label: '其中灌溉', value: (u) => u.irrigatedForestMu },
  ]);
}

/** Values of a breakdown in the contract's order, then any other value (未填 …) found in the data. */
function breakdownColumns(result: AccountingResult, dim: 'tenure' | 'method' | 'source', known: readonly string[], group: string) {
  const city = result.units.filter((u) => u.level === 'city');
  const extra = [...new Set(city.flatMap((u) => Object.keys(u.breakdownMu.planted[dim])))].filter((k) => !known.includes(k));
  return [...known, ...extra].map((k) => ({ group, label: k, value: (u: Unit) => u.breakdownMu.planted[dim][k] ?? 0 }));
}

function structureSheet(workbook: ExcelJS.Workbook, result: AccountingResult, word: string): void {
  areaSheet(workbook, result, word, SHEET_NAMES.structure, `${result.countyName} ${result.year} 年种植地块结构（地块类别、庭院种植、灌溉方式、水源）`, [
    { group: '种植面积', label: '合计', value: (u) => u.plantedMu },
    ...breakdownColumns(result, 'tenure', TENURES, '按地块类别'),
    { group: '庭院种植', label: '庭院种植', value: (u) => u.courtyardMu },
    ...breakdownColumns(result, 'method', IRRIGATION_METHODS, '按灌溉方式'),
    ...breakdownColumns(result, 'source', WATER_SOURCES, '按水源'),
  ]);
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
  writeHeader(sheet, `${result.countyName} ${result.year} 年机电井取水量（计量及以电折水）`, '水量单位：立方米', headers, 1);
  for (const w of result.wells) {
    const basis = w.basis === 'meter' ? '计量' : w.basis === 'electricity' ? '以电折水' : '无数据';
    const row = sheet.addRow([
      w.code, w.villageCode ?? '（不在任何村）', w.villageName ?? '', w.metered ? '是' : '否', basis,
      w.electricityKwh, w.coefficientM3PerKwh, w.volumeM3, w.permittedM3, w.overPermit ? '是' : '否',
      ...(w.monthlyM3 ?? new Array(12).fill(null)),
    ]);
    styleRow(row, 'village', headers.length);
    for (const c of [6, 8, 9, ...MONTH_LABELS.map((_, i) => 11 + i)]) row.getCell(c).numFmt = COUNT_FORMAT;
    row.getCell(7).numFmt = '0.00';
    if (w.overPermit) row.getCell(8).fill = OVER_FILL;
  }
  setWidths(sheet, headers, [headers.map(() => '000,000,000'), ...result.wells.slice(0, 200).map((w) => [w.code, w.villageCode ?? '', w.villageName ?? ''])]);
  signatureBlock(sheet, headers.length, result.countyName);
}

export async function accountingXlsx(result: AccountingResult, options: AccountingXlsxOptions = {}): Promise<Uint8Array> {
  const word = options.levelWord || countyLevelWord(result.countyName);
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = '水地 Shuidi';
  summarySheet(workbook, result, word);
  cropSheet(workbook, result, word);
  structureSheet(workbook, result, word);
  wellSheet(workbook, result);
  notesSheet(workbook, result, word);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
