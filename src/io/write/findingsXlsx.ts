/**
 * The reconciliation findings as the .xlsx the bureau sends back to the townships (exceljs):
 * 汇总 (settings, counts and areas by kind and by kind × village, warnings), then one sheet per
 * kind: village, feature ids, 亩, a short explanation, where it is, and the reviewer's mark.
 * Areas are stored unrounded with a number format, so sums in Excel are exact.
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { FINDING_KIND_LABELS, FINDING_LAYER_LABELS, FINDING_MARK_LABELS } from '../../core/reconcile/kindLabels.ts';
import { FINDING_KINDS, type Finding, type FindingKind, type ReconcileReport } from '../../core/reconcile/types.ts';
import type { FindingMarks } from './findingsGeoJson.ts';

export const SUMMARY_SHEET = '汇总';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const MU = '#,##0.00';
const SHARE = '0.0%';

export interface FindingsXlsxOptions {
  marks?: FindingMarks;
  /** village code → name, when the villages layer gives names */
  villageNames?: Readonly<Record<string, string>>;
}

interface Column {
  header: string;
  width: number;
  numFmt?: string;
  value: (f: Finding, i: number) => string | number;
}

function columnsFor(kind: FindingKind, options: FindingsXlsxOptions): Column[] {
  const marks = options.marks ?? {};
  const name = (code: string): string => options.villageNames?.[code] ?? '';
  const columns: Column[] = [
    { header: '序号', width: 6, value: (_f, i) => i + 1 },
    { header: '村代码', width: 14, value: (f) => f.villageCode },
    { header: '村名称', width: 12, value: (f) => name(f.villageCode) },
    { header: '图层', width: 12, value: (f) => FINDING_LAYER_LABELS[f.layer].zh },
    { header: '要素编号', width: 22, value: (f) => f.featureId },
    { header: otherHeader(kind), width: 22, value: (f) => f.otherId ?? '' },
    { header: '面积（亩）', width: 12, numFmt: MU, value: (f) => f.areaMu },
    { header: '占比', width: 8, numFmt: SHARE, value: (f) => f.share },
  ];
  if (kind === 'area_mismatch') {
    columns.push({ header: '申报面积（亩）', width: 14, numFmt: MU, value: (f) => f.declaredMu ?? '' });
    columns.push({ header: '计算面积（亩）', width: 14, numFmt: MU, value: (f) => f.computedMu ?? '' });
  }
  if (kind === 'village_mismatch') {
    columns.push({ header: '登记村代码', width: 14, value: (f) => f.recordedVillageCode ?? '' });
    columns.push({ header: '跨村界', width: 8, value: (f) => (f.crossesBoundary ? '是' : '否') });
  }
  columns.push(
    { header: '说明', width: 60, value: (f) => f.explanation },
    { header: '中心经度', width: 12, numFmt: '0.000000', value: (f) => (f.bbox[0] + f.bbox[2]) / 2 },
    { header: '中心纬度', width: 12, numFmt: '0.000000', value: (f) => (f.bbox[1] + f.bbox[3]) / 2 },
    { header: '复核结果', width: 10, value: (f) => (marks[f.key] ? FINDING_MARK_LABELS[marks[f.key]!.status].zh : '') },
    { header: '复核说明', width: 24, value: (f) => marks[f.key]?.reason ?? '' },
  );
  return columns;
}

function otherHeader(kind: FindingKind): string {
  if (kind === 'non_cultivated_planting') return '最大非耕地图斑标识码';
  if (kind === 'forest_on_planting') return '地块编码';
  if (kind === 'plot_overlap') return '重叠地块编码';
  if (kind === 'village_mismatch') return '关联村代码';
  if (kind === 'dryland_irrigation') return '最大旱地图斑标识码';
  return '关联要素';
}

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  });
}

function writeKindSheet(workbook: ExcelJS.Workbook, kind: FindingKind, findings: Finding[], options: FindingsXlsxOptions): void {
  const sheet = workbook.addWorksheet(FINDING_KIND_LABELS[kind].sheet);
  const columns = columnsFor(kind, options);
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  styleHeader(sheet.getRow(1));
  findings.forEach((f, i) => sheet.addRow(columns.map((c) => c.value(f, i))));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
}

function writeSummarySheet(workbook: ExcelJS.Workbook, report: ReconcileReport, options: FindingsXlsxOptions): void {
  const sheet = workbook.addWorksheet(SUMMARY_SHEET);
  sheet.columns = [{ width: 34 }, { width: 16 }, { width: 12 }, { width: 14 }];
  sheet.addRow(['套核结果（种植地块、人工林与第三次国土调查对比）']).font = { bold: true, size: 14 };
  sheet.addRow([]);
  styleHeader(sheet.addRow(['设置', '值']));
  const s = report.settings;
  sheet.addRow(['最小问题面积（亩）', s.minOverlapMu]);
  sheet.addRow(['最小占要素面积比例', s.minOverlapShare]).getCell(2).numFmt = SHARE;
  sheet.addRow(['申报面积容差（亩）', s.areaMismatchMu]);
  sheet.addRow(['申报面积容差（比例）', s.areaMismatchShare]).getCell(2).numFmt = SHARE;
  sheet.addRow([]);
  styleHeader(sheet.addRow(['问题类型', '数量', '面积（亩）']));
  for (const kind of FINDING_KINDS) {
    const areaMu = report.findings.filter((f) => f.kind === kind).reduce((sum, f) => sum + f.areaMu, 0);
    sheet.addRow([FINDING_KIND_LABELS[kind].zh, report.summary[kind], areaMu]).getCell(3).numFmt = MU;
  }
  sheet.addRow([]);
  styleHeader(sheet.addRow(['问题类型', '村代码', '村名称', '数量', '面积（亩）']));
  for (const g of report.groups) {
    const row = sheet.addRow([FINDING_KIND_LABELS[g.kind].zh, g.villageCode, options.villageNames?.[g.villageCode] ?? '', g.count, g.areaMu]);
    row.getCell(5).numFmt = MU;
  }
  if (report.warnings.length) {
    sheet.addRow([]);
    styleHeader(sheet.addRow(['提示']));
    for (const w of report.warnings) sheet.addRow([w]);
  }
}

export async function findingsXlsx(report: ReconcileReport, options: FindingsXlsxOptions = {}): Promise<Uint8Array> {
  const workbook = new (await loadExcel()).Workbook();
  workbook.creator = '水地 Shuidi';
  writeSummarySheet(workbook, report, options);
  for (const kind of FINDING_KINDS) {
    writeKindSheet(workbook, kind, report.findings.filter((f) => f.kind === kind), options);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
