/**
 * The monthly bulletin (通报) as an .xlsx (exceljs): 乡镇通报 (township table: this month, year to
 * date, cap, share of cap, rank, against the profile, projection; the county total last), 村通报
 * (every village, the flagged ones marked), 问题井 (the flagged wells), 井月度 (each well's months),
 * 月度分配 (the profile and the county's cumulative use against it: the chart's data) and 说明.
 * Volumes of units in 万m³ (as the bureaus' tables), of wells in m³.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { titledTable as table, type XlsxCell as Cell, type XlsxColumn as Column } from './xlsxTable.ts';
import { flaggedVillages, seasonSeries } from '../../core/monitor/bulletin.ts';
import type { MonitorResult, MonitorUnit } from '../../core/monitor/types.ts';
import { FLAG_LABELS } from '../../core/monitor/wellChecks.ts';

export const MONITOR_SHEETS = { townships: '乡镇通报', villages: '村通报', flags: '问题井', wells: '井月度', profile: '月度分配', notes: '说明' } as const;

const WAN = '#,##0.00';
const M3 = '#,##0';
const PCT = '0.0%';

const wan = (m3: number | null) => (m3 === null ? null : m3 / 1e4);

/** The unit columns shared by the township and village sheets. */
export const UNIT_COLUMNS: Column[] = [
  { header: '本月取水（万m³）', width: 12, format: WAN }, { header: '年初至今（万m³）', width: 12, format: WAN },
  { header: '地下水控制指标（万m³）', width: 14, format: WAN }, { header: '占指标', width: 9, format: PCT },
  { header: '按月度分配至今（万m³）', width: 14, format: WAN }, { header: '超进度（万m³）', width: 12, format: WAN },
  { header: '超进度比例', width: 10, format: PCT }, { header: '全年预计（万m³）', width: 12, format: WAN },
  { header: '预计超指标（万m³）', width: 13, format: WAN }, { header: '上报井数', width: 9 }, { header: '井数', width: 7 },
];

const unitCells = (u: MonitorUnit): Cell[] => [wan(u.monthM3), wan(u.cumulativeM3), wan(u.capM3), u.capShare, wan(u.profileToDateM3),
  wan(u.aheadM3), u.aheadShare, wan(u.projectedM3), wan(u.projectedExcessM3), u.reportingWellCount, u.wellCount];

export async function monitorXlsx(result: MonitorResult): Promise<Uint8Array> {
  const book = new (await loadExcel()).Workbook();
  book.creator = '水地 Shuidi';
  const when = `${result.year} 年 ${result.month} 月`;
  const name = (code: string) => result.units.find((u) => u.code === code)?.name ?? '';
  const townships = result.units.filter((u) => u.level === 'township').sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  const city = result.units.find((u) => u.level === 'city');
  const townshipRows = townships.map((u) => [u.rank, u.code, u.name, ...unitCells(u)]);
  if (city) townshipRows.push(['合计', city.code, city.name, ...unitCells(city)]);
  table(book.addWorksheet(MONITOR_SHEETS.townships), `${result.countyName} ${when}地下水取水情况通报（乡镇）`,
    [{ header: '排名', width: 6 }, { header: '乡镇代码', width: 12 }, { header: '乡镇', width: 12 }, ...UNIT_COLUMNS], townshipRows,
    { highlight: (r) => (townships[r]?.aheadM3 ?? 0) > 0 });
  const flagged = new Set(flaggedVillages(result).map((u) => u.code));
  const villages = result.units.filter((u) => u.level === 'village');
  table(book.addWorksheet(MONITOR_SHEETS.villages), `${result.countyName} ${when}地下水取水情况（村）`,
    [{ header: '乡镇', width: 12 }, { header: '村代码', width: 15 }, { header: '村', width: 12 }, ...UNIT_COLUMNS, { header: '通报', width: 8 }],
    villages.map((u) => [name(u.parentCode ?? ''), u.code, u.name, ...unitCells(u), flagged.has(u.code) ? '是' : '']),
    { highlight: (r) => flagged.has(villages[r].code) });
  table(book.addWorksheet(MONITOR_SHEETS.flags), `${when}问题井`, [
    { header: '井编码', width: 16 }, { header: '乡镇', width: 12 }, { header: '村', width: 12 }, { header: '问题', width: 16 },
    { header: '说明', width: 70 }, { header: '数值', width: 12 }, { header: '对照', width: 12 },
  ], result.flags.map((f) => [f.wellCode, name(f.townshipCode), name(f.villageCode), FLAG_LABELS[f.kind].zh, f.detail, f.value, f.limit]));
  table(book.addWorksheet(MONITOR_SHEETS.wells), `${result.year} 年各井逐月取水（m³）`, [
    { header: '井编码', width: 16 }, { header: '村代码', width: 15 }, { header: '计量', width: 6 }, { header: '折水系数', width: 9 },
    ...Array.from({ length: 12 }, (_, m) => ({ header: `${m + 1} 月`, width: 9, format: M3 })),
    { header: '年初至今', width: 11, format: M3 }, { header: '许可水量', width: 11, format: M3 }, { header: '全年预计', width: 11, format: M3 },
  ], result.wells.map((w) => [w.code, w.villageCode, w.metered ? '是' : '否', w.coefficientM3PerKwh, ...w.monthlyM3, w.cumulativeM3, w.permittedM3, w.projectedM3]));
  const series = city ? seasonSeries(city, result.settings.profile, result.month) : null;
  let share = 0;
  table(book.addWorksheet(MONITOR_SHEETS.profile), `月度分配与全县累计取水（万m³）`, [
    { header: '月份', width: 8 }, { header: '月度分配', width: 10, format: PCT }, { header: '累计分配', width: 10, format: PCT },
    { header: '按分配累计应用（万m³）', width: 16, format: WAN }, { header: '累计取水（万m³）', width: 14, format: WAN },
  ], result.settings.profile.map((w, m) => [`${m + 1} 月`, w, (share += w), wan(series?.profileM3?.[m] ?? null), wan(series?.cumulativeM3[m] ?? null)]));
  notes(book.addWorksheet(MONITOR_SHEETS.notes), result);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

function notes(sheet: ExcelJS.Worksheet, result: MonitorResult): void {
  const s = result.settings;
  const lines = [
    '说明',
    '取水量：计量井（SFJL 是）取计量水量；否则 用电量 × 折水系数（ZSXS，以电折水）。',
    `按月度分配至今 = 年度地下水控制指标 × 1–${result.month} 月分配比例之和（${(result.profileShareToDate * 100).toFixed(1)}%）；超进度 = 年初至今 − 按月度分配至今。`,
    '全年预计 = 年初至今 ÷ 1 至本月的分配比例之和（其余月份按分配进度取水时的全年取水量）。',
    `折水系数：合理范围 ${s.coefficientRange[0]}～${s.coefficientRange[1]} m³/kWh；与本乡镇其他井（至少 ${s.coefficientMinNeighbours} 眼）中位数相差 ${s.coefficientRatio} 倍以上为异常。`,
    `退减/休耕地仍取水：井的供水地块按 ${s.serviceRadiusM} m 半径内、同村、最近的井确定，全部为退减或休耕而本月仍取水。`,
    `月度分配：${s.profile.map((w, m) => `${m + 1} 月 ${(w * 100).toFixed(1)}%`).join('，')}。`,
    ...result.warnings.map((w) => `提示：${w}`),
  ];
  sheet.getColumn(1).width = 120;
  lines.forEach((line, i) => {
    sheet.getCell(i + 1, 1).value = line;
    if (i === 0) sheet.getCell(1, 1).font = { bold: true, size: 14 };
  });
}
