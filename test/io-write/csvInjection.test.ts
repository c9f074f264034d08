/** CSV formula injection (issue 15, item 5): text that a spreadsheet would run is neutralised; numbers stay numbers. */
import { describe, expect, it } from 'vitest';
import { safeCsvCell } from '../../src/io/write/safeCsvCells.ts';
import { auditCsv } from '../../src/io/project/exports.ts';
import { accountingCsv } from '../../src/io/write/accountingCsv.ts';
import { accountFromSplit } from '../../src/core/accounting/aggregate.ts';
import { parseCsv } from '../../src/io/tables/csv.ts';
import { nextAuditEntry, type AuditEntry } from '../../src/core/edits/index.ts';
import { caps, forest, plots, quotas, split, wells } from '../accounting/handCase.ts';

const ATTACKS = ["=HYPERLINK(\"http://evil\",\"x\")", "+cmd|' /C calc'!A0", '-2+3+cmd|calc', '@SUM(1+1)*cmd', '\t=1+1', '\r=1+1'];

describe('safeCsvCell', () => {
  it.each(ATTACKS)('prefixes %j with an apostrophe', (attack) => {
    expect(safeCsvCell(attack)).toBe(`'${attack}`);
  });

  it.each(['-5.2', '+3', '-1e-3', '-0.50', '张三', '休耕', 'a=b', ''])('leaves %j as it is', (cell) => {
    expect(safeCsvCell(cell)).toBe(cell);
  });

  it('leaves numbers and empty cells as they are', () => {
    expect(safeCsvCell(-5.2)).toBe(-5.2);
    expect(safeCsvCell(null)).toBeNull();
  });
});

describe('the CSVs the tool writes', () => {
  it('audit CSV: a user name, a reason and a value that are formulas come out as text', () => {
    const audit: AuditEntry[] = [];
    const changes = { D1: { ZZZW: { before: '小麦', after: '=1+1', overriddenBefore: false, overriddenAfter: true } } };
    audit.push(nextAuditEntry(audit, { time: '2025-06-01T08:00:00.000Z', user: ATTACKS[0], action: 'edit', year: 2025, layerId: 'plots', plotIds: ['D1'], changes, reason: ATTACKS[1], detail: '' }));
    const cells = parseCsv(auditCsv(audit).replace(/^\ufeff/, '')).flatMap((r) => r.cells);
    expect(cells).toContain(`'${ATTACKS[0]}`);
    expect(cells).toContain(`'${ATTACKS[1]}`);
    expect(cells).toContain("'=1+1");
    expect(cells.filter((c) => /^[=+\-@]/.test(c) && !/^[+-]?[\d.]+([eE][+-]?\d+)?$/.test(c))).toEqual([]);
  });

  it('accounting CSV: a village name that is a formula is neutralised, negative figures stay numbers', () => {
    const hostile = split.villages.map((v, i) => (i === 0 ? { ...v, name: ATTACKS[1] } : v));
    const result = accountFromSplit({ year: 2024, split: { ...split, villages: hostile }, plots, forest, wells, quotas, caps, countyName: '示例市' });
    const text = accountingCsv(result).replace(/^\ufeff/, '');
    const cells = parseCsv(text).flatMap((r) => r.cells);
    expect(cells).toContain(`'${ATTACKS[1]}`);
    const negatives = cells.filter((c) => /^-\d/.test(c));
    expect(negatives.length).toBeGreaterThan(0); // the villages under their cap have negative excess
    expect(negatives.every((c) => Number.isFinite(Number(c)))).toBe(true);
  });
});
