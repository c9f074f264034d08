import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import { ACCOUNTING_COLUMNS, summaryRows } from '../../src/core/accounting/columns.ts';
import { accountingCsv } from '../../src/io/write/accountingCsv.ts';
import { accountingXlsx, SHEET_NAMES, SUMMARY_HEADER_ROWS } from '../../src/io/write/accountingXlsx.ts';
import { parseCsv } from '../../src/io/tables/csv.ts';
import { caps, forest, plots, quotas, split, wells } from './handCase.ts';

const result = accountFromSplit({ year: 2024, split, plots, forest, wells, quotas, caps, countyName: '示例市' });

async function readBack(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer as never);
  return workbook;
}

describe('accounting xlsx', async () => {
  const workbook = await readBack(await accountingXlsx(result));
  const sheet = workbook.getWorksheet(SHEET_NAMES.summary)!;

  it('has the three sheets and a title naming county and year', () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['三级汇总表', '分作物及人工林', '种植结构', '机电井', '说明']);
    expect(String(sheet.getCell('A1').value)).toBe('示例市 2024 年村、乡镇、市三级用水核算汇总表');
    expect(String(sheet.getCell('A2').value)).toContain('万立方米');
  });

  it('has grouped header cells and a frozen header', () => {
    expect(sheet.getCell('A3').value).toBe('序号');
    expect(sheet.getCell('A4').isMerged).toBe(true);
    expect(sheet.getCell('B3').value).toBe('单位');
    expect(sheet.getCell('D3').isMerged).toBe(true);
    expect(sheet.getCell('E3').value).toBe('面积（亩）');
    expect(sheet.getCell('E4').value).toBe('种植');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 4 });
    for (let c = 1; c <= ACCOUNTING_COLUMNS.length + 1; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(6);
  });

  it('holds every unit of the JSON, villages then subtotal per township then the total', () => {
    const rows = summaryRows(result.units);
    // the data rows, a blank row and the signature row
    expect(sheet.rowCount).toBe(SUMMARY_HEADER_ROWS + rows.length + 2);
    expect(rows.map((r) => r.role)).toEqual(['village', 'village', 'subtotal', 'village', 'subtotal', 'total']);
    rows.forEach(({ unit }, i) => {
      const row = sheet.getRow(SUMMARY_HEADER_ROWS + 1 + i);
      expect(row.getCell(3).value).toBe(unit.code);
      ACCOUNTING_COLUMNS.forEach((column, c) => {
        if (column.kind === 'text') return;
        const expected = column.value(unit);
        const cell = row.getCell(c + 2).value;
        if (expected === null) expect(cell).toBeNull();
        else expect(cell as number).toBeCloseTo(expected as number, 9);
      });
    });
    // 一村 groundwater 11 500 m³ = 1.15 万m³; its excess 1500 m³ highlighted
    const v1 = sheet.getRow(5);
    const col = (key: string) => ACCOUNTING_COLUMNS.findIndex((c) => c.key === key) + 2;
    expect(v1.getCell(col('groundwaterDemandM3')).value).toBeCloseTo(1.15, 12);
    expect(v1.getCell(1).value).toBe(1);
    expect(sheet.getRow(7).getCell(1).value).toBeNull(); // 甲镇 小计 has no 序号
    const excessCol = col('groundwaterExcessM3');
    expect(v1.getCell(excessCol).value).toBeCloseTo(0.15, 12);
    expect((v1.getCell(excessCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF8CBAD');
    expect((sheet.getRow(6).getCell(excessCol).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
    expect(String(sheet.getRow(10).getCell(4).value)).toBe('示例市 合计');
    expect(sheet.getRow(10).getCell(2).value).toBe('市');
    expect(String(sheet.getRow(12).getCell(1).value)).toContain('填报单位');
  });

  it('has planted area per crop and every well', () => {
    const crops = workbook.getWorksheet(SHEET_NAMES.crops)!;
    const header = (crops.getRow(4).values as unknown[]).slice(2);
    expect(header.slice(0, 6)).toEqual(['级别', '代码', '名称', '棉花', '小麦', '玉米']);
    const total = crops.getRow(crops.rowCount - 2);
    expect(total.getCell(5).value).toBeCloseTo(44, 9);
    expect(total.getCell(8).value).toBeCloseTo(84, 9);
    const structure = workbook.getWorksheet(SHEET_NAMES.structure)!;
    const labels = (structure.getRow(4).values as unknown[]).slice(2).map(String);
    for (const l of ['确权承包地', '集体机动地', '国有耕地', '储备补充耕地', '庭院种植', '滴灌', '喷灌', '管灌', '漫灌', '井灌', '渠灌', '井渠混灌']) expect(labels).toContain(l);
    const wellsSheet = workbook.getWorksheet(SHEET_NAMES.wells)!;
    expect(wellsSheet.rowCount).toBe(SUMMARY_HEADER_ROWS + 4 + 2);
    expect(wellsSheet.getRow(6).getCell(5).value).toBe('以电折水');
    expect(wellsSheet.getRow(6).getCell(8).value).toBe(750);
    expect(wellsSheet.getRow(6).getCell(16).value).toBe(500); // June
  });
});

describe('accounting csv', () => {
  it('has the same rows and columns as the xlsx summary', () => {
    const rows = parseCsv(accountingCsv(result)).map((r) => r.cells);
    expect(rows[0][0]).toBe('行类型');
    expect(rows[0]).toContain('核定用水量（万m³）·其中灌溉地下水');
    expect(rows.length).toBe(1 + summaryRows(result.units).length);
    const v1 = rows.find((r) => r[2] === '652301100001')!;
    expect(Number(v1[rows[0].indexOf('核定用水量（万m³）·其中灌溉地下水')])).toBe(1.15);
    expect(rows[rows.length - 1][0]).toBe('合计');
  });
});

describe('accounting xlsx read back without exceljs (the raw OOXML)', async () => {
  const { unzipSync, strFromU8 } = await import('fflate');
  const files = unzipSync(await accountingXlsx(result));
  const text = (name: string) => strFromU8(files[name]);
  const workbookXml = text('xl/workbook.xml');
  const sheet1 = text('xl/worksheets/sheet1.xml');
  const strings = [...text('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => m[1]);

  it('prints landscape, one page wide, header rows repeated, with page numbers', () => {
    expect(sheet1).toMatch(/<pageSetup[^>]*orientation="landscape"/);
    expect(sheet1).toMatch(/<pageSetup[^>]*fitToWidth="1"/);
    expect(sheet1).toMatch(/<pageSetup[^>]*fitToHeight="0"/);
    expect(sheet1).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
    expect(workbookXml).toMatch(/_xlnm\.Print_Titles" localSheetId="0">(&apos;)?三级汇总表(&apos;)?!\$3:\$4</);
    expect(sheet1).toContain('第 &amp;P 页，共 &amp;N 页');
  });
  it('has the title, the level word, the signature block and Chinese notes', () => {
    expect(strings).toContain('示例市 2024 年村、乡镇、市三级用水核算汇总表');
    for (const s of ['序号', '填表人：', '审核人：', '地下水（核定）', '地下水（计量）', '超指标口径', '所辖村合计', '下年控制指标（万m³）']) {
      expect(strings.some((x) => x.startsWith(s)), s).toBe(true);
    }
    expect(strings.some((x) => x.startsWith('填报单位（盖章）'))).toBe(true);
    // the notes define columns in words, never by field name
    expect(strings.some((x) => /groundwaterDemandM3|retireToMeetCapMu|gwShare/.test(x))).toBe(false);
  });
  it('stores numbers as numbers with fixed decimals', () => {
    // #,##0.00 is Excel's built-in format 4
    expect(text('xl/styles.xml')).toMatch(/<xf numFmtId="4"/);
    expect(text('xl/styles.xml')).toContain('formatCode="0.0%"');
    // 一村 irrigation groundwater 11 500 m³ = 1.15 万m³ as a number cell
    expect(sheet1).toMatch(/<c r="L5"[^>]*><v>1\.15<\/v>/);
  });
});
