import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { REVIEW_SHEETS, reviewXlsx } from '../../src/io/write/reviewXlsx.ts';

describe('a township review as xlsx', () => {
  it('holds the sign-off with its digest, the comments and the proposals; a formula-like comment is a string cell, not a formula', async () => {
    const hash = 'a'.repeat(64);
    const bytes = await reviewXlsx({
      year: 2026, countyName: '示例县', township: '659901100', villages: ['659901100001', '659901100002'], openedBy: 'shuili', openedAt: '2026-12-01T08:00:00Z',
      status: '已签字', signoff: { signer: 'xiangzhen-a', signedAt: '2026-12-07T08:31:00Z', reviewedHash: hash },
      comments: [{ id: 1, targetKind: 'village', targetId: '659901100001', text: '=HYPERLINK("x")', author: 'xiangzhen-a', createdAt: '2026-12-02T00:00:00Z' }],
      proposals: [{ id: 3, plotId: 'P3', field: 'ZT', value: '退减', reason: '无井灌条件', author: 'xiangzhen-a', createdAt: '2026-12-03T00:00:00Z', status: 'accepted', decidedBy: 'nongye', decidedAt: '2026-12-04T00:00:00Z', auditSeq: 42 }],
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes.slice().buffer as never);
    const summary = book.getWorksheet(REVIEW_SHEETS.summary)!;
    const values = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().flat().filter((v) => v !== undefined && v !== null).map(String);
    expect(values(summary)).toContain(hash);
    expect(values(summary)).toContain('xiangzhen-a');
    expect(values(summary)).toContain('659901100001、659901100002');
    const comment = book.getWorksheet(REVIEW_SHEETS.comments)!.getRow(3);
    expect(comment.getCell(4).value).toBe('=HYPERLINK("x")');
    expect(comment.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(comment.getCell(4).formula).toBeUndefined();
    const proposal = book.getWorksheet(REVIEW_SHEETS.proposals)!.getRow(3);
    expect([proposal.getCell(2).value, proposal.getCell(3).value, proposal.getCell(4).value, proposal.getCell(7).value, proposal.getCell(10).value]).toEqual(['P3', '状态', '退减', '已接受', 42]);
  });
});
