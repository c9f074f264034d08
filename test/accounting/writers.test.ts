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
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['三级汇总表', '分作物', '机电井', '说明']);
    expect(String(sheet.getCell('A1').value)).toBe('示例市 2024年 村、乡镇、市三级用水核算汇总表');
    expect(String(sheet.getCell('A2').value)).toContain('万立方米');
  });

  it('has grouped header cells and a frozen header', () => {
    expect(sheet.getCell('A3').value).toBe('单位');
    expect(sheet.getCell('C3').isMerged).toBe(true);
    expect(sheet.getCell('D3').value).toBe('面积（亩）');
    expect(sheet.getCell('D4').value).toBe('种植');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 4, xSplit: 3 });
    for (let c = 1; c <= ACCOUNTING_COLUMNS.length; c++) expect(sheet.getColumn(c).width).toBeGreaterThanOrEqual(8);
  });

  it('holds every unit of the JSON, villages then subtotal per township then the total', () => {
    const rows = summaryRows(result.units);
    expect(sheet.rowCount).toBe(SUMMARY_HEADER_ROWS + rows.length);
    expect(rows.map((r) => r.role)).toEqual(['village', 'village', 'subtotal', 'village', 'subtotal', 'total']);
    rows.forEach(({ unit }, i) => {
      const row = sheet.getRow(SUMMARY_HEADER_ROWS + 1 + i);
      expect(row.getCell(2).value).toBe(unit.code);
      ACCOUNTING_COLUMNS.forEach((column, c) => {
        if (column.kind === 'text') return;
        const expected = column.value(unit);
        const cell = row.getCell(c + 1).value;
        if (expected === null) expect(cell).toBeNull();
        else expect(cell as number).toBeCloseTo(expected as number, 9);
      });
    });
    // 一村 groundwater 11 500 m³ = 1.15 万m³; its excess 1500 m³ highlighted
    const v1 = sheet.getRow(5);
    expect(v1.getCell(10).value).toBeCloseTo(1.15, 12);
    const excessCol = ACCOUNTING_COLUMNS.findIndex((c) => c.key === 'groundwaterExcessM3') + 1;
    expect(v1.getCell(excessCol).value).toBeCloseTo(0.15, 12);
    expect((v1.getCell(excessCol).fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF8CBAD');
    expect((sheet.getRow(6).getCell(excessCol).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBeUndefined();
    expect(String(sheet.getRow(10).getCell(3).value)).toBe('示例市 合计');
  });

  it('has planted area per crop and every well', () => {
    const crops = workbook.getWorksheet(SHEET_NAMES.crops)!;
    const header = (crops.getRow(4).values as unknown[]).slice(1);
    expect(header.slice(0, 6)).toEqual(['级别', '代码', '名称', '棉花', '小麦', '玉米']);
    const total = crops.getRow(crops.rowCount);
    expect(total.getCell(4).value).toBeCloseTo(44, 9);
    expect(total.getCell(7).value).toBeCloseTo(84, 9);
    const wellsSheet = workbook.getWorksheet(SHEET_NAMES.wells)!;
    expect(wellsSheet.rowCount).toBe(SUMMARY_HEADER_ROWS + 4);
    expect(wellsSheet.getRow(6).getCell(5).value).toBe('以电折水');
    expect(wellsSheet.getRow(6).getCell(8).value).toBe(750);
    expect(wellsSheet.getRow(6).getCell(16).value).toBe(500); // June
  });
});

describe('accounting csv', () => {
  it('has the same rows and columns as the xlsx summary', () => {
    const rows = parseCsv(accountingCsv(result)).map((r) => r.cells);
    expect(rows[0][0]).toBe('行类型');
    expect(rows[0]).toContain('用水量（万m³）·其中地下水');
    expect(rows.length).toBe(1 + summaryRows(result.units).length);
    const v1 = rows.find((r) => r[2] === '652301100001')!;
    expect(Number(v1[rows[0].indexOf('用水量（万m³）·其中地下水')])).toBe(1.15);
    expect(rows[rows.length - 1][0]).toBe('合计');
  });
});
