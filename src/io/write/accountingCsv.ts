/**
 * The three-level summary as CSV (UTF-8 with BOM so Excel reads the Chinese): one header row
 * "group·label", then villages, township subtotals and the city total in the xlsx's order, with a
 * row-role column. Codes are quoted text-safe; figures with the xlsx's units (亩, 万m³) and two
 * more decimals than shown there. Also the wells list. Text cells that a spreadsheet would run as a
 * formula are neutralised (safeCsvCells.ts).
 */
import { ACCOUNTING_COLUMNS, DECIMALS, summaryRows } from '../../core/accounting/columns.ts';
import type { AccountingResult } from '../../core/accounting/types.ts';
import { toCsv } from '../tables/csv.ts';
import { safeCsvRows } from './safeCsvCells.ts';

const ROLE_LABEL = { village: '村', subtotal: '小计', total: '合计' } as const;

export function accountingCsv(result: AccountingResult): string {
  const header = ['行类型', ...ACCOUNTING_COLUMNS.map((c) => (c.group === '单位' ? c.label : `${c.group}·${c.label}`)), '上级代码'];
  const rows = summaryRows(result.units).map(({ unit, role }) => [
    ROLE_LABEL[role],
    ...ACCOUNTING_COLUMNS.map((c) => {
      const v = c.value(unit);
      if (typeof v !== 'number') return v ?? '';
      return c.kind === 'count' ? String(v) : v.toFixed(c.kind === 'share' ? 4 : DECIMALS[c.kind] + 2);
    }),
    unit.parentCode ?? '',
  ]);
  return toCsv(safeCsvRows([header, ...rows]));
}

export function wellsCsv(result: AccountingResult): string {
  const header = ['井编号', '村代码', '村名称', '是否计量', '核算方式', '年用电量kWh', '折水系数m³/kWh', '年取水量m³', '取水许可量m³',
    ...Array.from({ length: 12 }, (_, i) => `${i + 1}月m³`)];
  const rows = result.wells.map((w) => [
    w.code, w.villageCode ?? '', w.villageName ?? '', w.metered ? '是' : '否', w.basis,
    w.electricityKwh, w.coefficientM3PerKwh, w.volumeM3, w.permittedM3, ...(w.monthlyM3 ?? new Array(12).fill(null)),
  ]);
  return toCsv(safeCsvRows([header, ...rows]));
}
