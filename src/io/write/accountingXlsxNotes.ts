/**
 * The 说明 sheet: every column of the summary defined in words (no field names), how areas and
 * water are reckoned, and the warnings of the run — for the reader of a printed form.
 */
import type ExcelJS from 'exceljs';
import { ACCOUNTING_COLUMNS } from '../../core/accounting/columns.ts';
import type { AccountingResult } from '../../core/accounting/types.ts';

const METHOD_NOTES = [
  ['面积', '地块、林地面积为 CGCS2000 椭球面积（国土调查办发〔2008〕32号方法），跨村地块按村界分割计入各村；乡镇、县级为所辖村之和。'],
  ['两种口径', '“核定”口径按面积×定额计算地下水用水量（含工业、生活取自地下水部分）；“计量”口径为机电井计量水量及以电折水水量（井电双控）。两者均与同一地下水控制指标比较。'],
  ['退减面积', '退减井灌地块方可减少地下水开采，故地下水超量按井灌、井渠混灌地块每亩地下水用量折算面积；渠灌地块退减只减少用水总量。'],
  ['重复计算', '同一块地被两个以上种植地块登记、或被灌溉林地压占时，其面积和用水量被重复计入；“重复计算面积”列给出重复部分，汇总数仍按登记合计，请结合套核结果核实。'],
  ['分作物及人工林', '各作物的种植面积、各林种的人工林面积，单位亩。'],
  ['种植结构', '种植地块按地块类别（确权承包地、集体机动地、国有耕地、储备补充耕地）、庭院种植、灌溉方式和水源分列的面积，单位亩。'],
  ['机电井', '每眼机电井的计量水量或以电折水水量（用电量×折水系数），及逐月水量。'],
];

export function notesSheet(workbook: ExcelJS.Workbook, result: AccountingResult, word: string): void {
  const sheet = workbook.addWorksheet('说明');
  sheet.addRow([`${result.countyName} ${result.year} 年用水核算表 填表说明`]).font = { bold: true, size: 14 };
  sheet.addRow([]);
  sheet.addRow(['三级汇总表各列', '含义']).font = { bold: true };
  for (const c of ACCOUNTING_COLUMNS) {
    const name = c.group === '单位' ? c.label : `${c.group}·${c.label}`;
    sheet.addRow([name, c.key === 'level' ? c.note.replace('本县（市、区）', `本${word}`) : c.note]);
  }
  sheet.addRow([]);
  sheet.addRow(['计算方法', '说明']).font = { bold: true };
  for (const [k, v] of METHOD_NOTES) sheet.addRow([k, v]);
  sheet.addRow(['不在任何村的地块面积（亩）', Math.round(result.unassigned.plotMu * 100) / 100]);
  if (result.warnings.length) {
    sheet.addRow([]);
    sheet.addRow(['本次核算提示', '']).font = { bold: true };
    for (const w of result.warnings) sheet.addRow(['提示', w]);
  }
  sheet.getColumn(1).width = 36;
  sheet.getColumn(2).width = 110;
  sheet.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9 as never, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}
