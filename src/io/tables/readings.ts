/**
 * Monthly well readings (docs/monitor.md): one row per well and month — JBM, 年份, 月份, 计量水量
 * (m³), 用电量 (kWh) — as CSV (UTF-8 or GBK) or .xlsx, headers matched as in the other tables (a
 * unit in brackets is converted: 万m³, 万kWh). Every bad row is refused with its file, row, column
 * and well named: a well not in the wells layer, a month given twice, a negative, non-numeric or
 * absurd figure (core/monitor/readingLimits.ts), a year or month that is not one.
 */
import { monthLimits } from '../../core/monitor/readingLimits.ts';
import type { MonitorSettings, MonitorWell, Reading } from '../../core/monitor/types.ts';
import { DEFAULT_MONITOR_SETTINGS } from '../../core/monitor/settings.ts';
import { readTableRows } from './readTable.ts';
import type { TableRow } from './csv.ts';
import { bindColumns, cellOf, extraCellsIssue, issueAt, numberIn, TableError, type CellIssue, type ColumnSpec, type Said } from './tableSchema.ts';

type ReadingKey = 'well' | 'year' | 'month' | 'metered' | 'electricity';

export const READING_COLUMNS: ColumnSpec<ReadingKey>[] = [
  { key: 'well', header: 'JBM', aliases: ['机电井编码', '井编码', '机井编码', '井号', 'wellcode', 'well'], required: true },
  { key: 'year', header: '年份', aliases: ['year', '年度'], required: true },
  { key: 'month', header: '月份', aliases: ['month', '月'], required: true },
  { key: 'metered', header: '计量水量', aliases: ['meteredm3', '取水量', '计量取水量', '水量', 'jll'], required: false, unit: 'volume' },
  { key: 'electricity', header: '用电量', aliases: ['electricitykwh', '电量', '用电', 'ydl'], required: false, unit: 'energy' },
];

/** Far above any one well's month (a 300 kW pump running a whole month draws 216,000 kWh). */
const MAX_KWH = 1e8;
const MAX_M3 = 1e9;

const num = (x: number) => Math.round(x).toLocaleString('zh-CN');

interface RowContext {
  issues: CellIssue[];
  at(key: ReadingKey, said: Said): void;
}

function yearMonth(cell: (k: ReadingKey) => string, ctx: RowContext, code: string): { year: number; month: number } | null {
  const yearText = cell('year').replace(/\.0+$/, '').replace(/年$/, '');
  const monthText = cell('month').replace(/\.0+$/, '').replace(/月$/, '');
  const year = Number(yearText);
  const month = Number(monthText);
  let ok = true;
  if (!/^\d{4}$/.test(yearText) || year < 1990 || year > 2100) {
    ctx.at('year', { zh: `井 ${code}：“${cell('year')}”不是年份：请填写四位年份，如 2025`, en: `"${cell('year')}" is not a year` });
    ok = false;
  }
  if (!/^\d{1,2}$/.test(monthText) || month < 1 || month > 12) {
    ctx.at('month', { zh: `井 ${code}：“${cell('month')}”不是月份：请填写 1–12 的整数`, en: `"${cell('month')}" is not a month (1–12)` });
    ok = false;
  }
  return ok ? { year, month } : null;
}

function absurd(well: MonitorWell, reading: Reading, settings: MonitorSettings, ctx: RowContext): void {
  const limits = monthLimits(well, reading.year, reading.month, settings);
  // electricity converts to the month's volume only where the meter does not give it (wellUse.ts)
  const byMeter = well.metered && reading.meteredM3 !== null;
  const converted = !byMeter && reading.electricityKwh !== null && well.coefficientM3PerKwh !== null ? reading.electricityKwh * well.coefficientM3PerKwh : null;
  if (limits.maxKwh !== null && reading.electricityKwh !== null && reading.electricityKwh > limits.maxKwh) {
    ctx.at('electricity', {
      zh: `井 ${well.code} ${reading.month} 月用电量 ${num(reading.electricityKwh)} kWh 超过水泵额定功率 ${well.ratedPowerKw} kW 昼夜不停一个月的用电（${num(limits.maxKwh)} kWh），请核对读数或单位`,
      en: `well ${well.code}: ${reading.electricityKwh} kWh in month ${reading.month} is more than its ${well.ratedPowerKw} kW pump can draw in a month (${Math.round(limits.maxKwh)} kWh)`,
    });
  }
  if (limits.maxM3 === null || !limits.maxM3Reason) return;
  if (reading.meteredM3 !== null && reading.meteredM3 > limits.maxM3) {
    ctx.at('metered', {
      zh: `井 ${well.code} ${reading.month} 月计量水量 ${num(reading.meteredM3)} m³ 超过${limits.maxM3Reason.zh}，不可能是一眼井一个月的水量：请核对读数或单位`,
      en: `well ${well.code}: ${reading.meteredM3} m³ in month ${reading.month} is more than ${limits.maxM3Reason.en}`,
    });
  } else if (converted !== null && converted > limits.maxM3) {
    ctx.at('electricity', {
      zh: `井 ${well.code} ${reading.month} 月用电量 ${num(reading.electricityKwh!)} kWh 折水 ${num(converted)} m³，超过${limits.maxM3Reason.zh}：请核对读数或单位`,
      en: `well ${well.code}: ${reading.electricityKwh} kWh in month ${reading.month} converts to ${Math.round(converted)} m³, more than ${limits.maxM3Reason.en}`,
    });
  }
}

/** Readings from a table's rows, checked against the wells; the issues name every bad cell. */
export function readingsFromTable(rows: TableRow[], wells: readonly MonitorWell[], settings: MonitorSettings = DEFAULT_MONITOR_SETTINGS): { readings: Reading[]; issues: CellIssue[] } {
  const issues: CellIssue[] = [];
  const table = bindColumns(rows, READING_COLUMNS, issues);
  if (!table || issues.length) return { readings: [], issues };
  if (table.index.metered < 0 && table.index.electricity < 0) {
    issues.push({ row: table.headerLine, column: '计量水量', cell: '', message: `缺少“计量水量”和“用电量”列（表头为：${table.headers.join('、')}）：至少要有其中一列`, messageEn: 'neither a 计量水量 (m³) nor a 用电量 (kWh) column' });
    return { readings: [], issues };
  }
  const byCode = new Map(wells.map((w) => [w.code, w]));
  const seen = new Map<string, number>();
  const readings: Reading[] = [];
  for (const row of table.body) {
    const extra = extraCellsIssue(table, row);
    if (extra) {
      issues.push(extra);
      continue;
    }
    const before = issues.length;
    const cell = (k: ReadingKey) => cellOf(table, row, k);
    const code = cell('well').replace(/\.0+$/, '');
    const ctx: RowContext = { issues, at: (key, said) => issues.push(issueAt(table, row, key, said, key)) };
    const when = yearMonth(cell, ctx, code);
    const well = byCode.get(code);
    if (!code) ctx.at('well', { zh: '机电井编码（JBM）为空：请填写井编码', en: 'the well code (JBM) is empty' });
    else if (!well) ctx.at('well', { zh: `井 ${code} 不在机电井图层中：请核对编码，或先导入含该井的机电井图层`, en: `well ${code} is not in the wells layer` });
    const metered = numberIn(cell('metered'), table.factor.metered, { zh: `井 ${code} 计量水量 m³`, en: `well ${code} metered m³`, max: MAX_M3 });
    const electricity = numberIn(cell('electricity'), table.factor.electricity, { zh: `井 ${code} 用电量 kWh`, en: `well ${code} kWh`, max: MAX_KWH });
    if (metered !== null && typeof metered === 'object') ctx.at('metered', metered);
    if (electricity !== null && typeof electricity === 'object') ctx.at('electricity', electricity);
    if (metered === null && electricity === null) ctx.at(table.index.metered >= 0 ? 'metered' : 'electricity', { zh: `井 ${code} 的计量水量和用电量都为空：请至少填写一项，或删除该行`, en: `well ${code}: neither a volume nor electricity` });
    if (issues.length > before || !when || !well) continue;
    const key = `${code}/${when.year}/${when.month}`;
    if (seen.has(key)) {
      ctx.at('month', { zh: `井 ${code} ${when.year} 年 ${when.month} 月已在第 ${seen.get(key)} 行填写过：同一眼井同一月份只能有一行`, en: `well ${code} ${when.year}-${when.month} already given in row ${seen.get(key)}` });
      continue;
    }
    seen.set(key, row.line);
    const reading: Reading = { wellCode: code, year: when.year, month: when.month, meteredM3: metered as number | null, electricityKwh: electricity as number | null };
    absurd(well, reading, settings, ctx);
    if (issues.length === before) readings.push(reading);
  }
  return { readings, issues };
}

/** A readings file (CSV or .xlsx bytes); throws a TableError naming the first bad cell and how many more. */
export async function readReadings(bytes: Uint8Array, file: string, wells: readonly MonitorWell[], settings?: MonitorSettings): Promise<Reading[]> {
  const { readings, issues } = readingsFromTable(await readTableRows(bytes, file), wells, settings);
  if (issues.length) throw new TableError(file, issues);
  return readings;
}

/** Readings as CSV rows (the project keeps them as text, like the quota and cap tables). */
export function readingsToRows(readings: readonly Reading[]): string[][] {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  return [['JBM', '年份', '月份', '计量水量', '用电量'], ...readings.map((r) => [r.wellCode, String(r.year), String(r.month), cell(r.meteredM3), cell(r.electricityKwh)])];
}
