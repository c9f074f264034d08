/**
 * The columns of the three-level summary (村、乡镇、市三级汇总表), shared by the xlsx, the CSV and
 * the page's table so they always agree. Areas in 亩; water in 万m³ (m³ ÷ 10⁴) as bureaus exchange it.
 */
import { m3ToWanM3 } from '../units.ts';
import type { Unit } from './types.ts';

export type ColumnKind = 'text' | 'mu' | 'wanM3' | 'count' | 'share';

export interface AccountingColumn {
  key: string;
  group: string;
  groupEn: string;
  label: string;
  labelEn: string;
  kind: ColumnKind;
  /** the shown value: 亩, 万m³, a count or text; null = not set */
  value(unit: Unit): string | number | null;
  /** true where the cell shows a unit over its cap (highlighted) */
  over?(unit: Unit): boolean;
}

export const LEVEL_LABEL: Record<Unit['level'], string> = { village: '村', township: '乡镇', city: '市' };

const wan = (m3: number | null): number | null => (m3 === null ? null : m3ToWanM3(m3));
const overTotal = (u: Unit): boolean => (u.totalExcessM3 ?? 0) > 0;
const overGroundwater = (u: Unit): boolean => (u.groundwaterExcessM3 ?? 0) > 0;

export const ACCOUNTING_COLUMNS: AccountingColumn[] = [
  { key: 'level', group: '单位', groupEn: 'Unit', label: '级别', labelEn: 'Level', kind: 'text', value: (u) => LEVEL_LABEL[u.level] },
  { key: 'code', group: '单位', groupEn: 'Unit', label: '代码', labelEn: 'Code', kind: 'text', value: (u) => u.code },
  { key: 'name', group: '单位', groupEn: 'Unit', label: '名称', labelEn: 'Name', kind: 'text', value: (u) => u.name },
  { key: 'plantedMu', group: '面积（亩）', groupEn: 'Area (mu)', label: '种植', labelEn: 'Planted', kind: 'mu', value: (u) => u.plantedMu },
  { key: 'retiredMu', group: '面积（亩）', groupEn: 'Area (mu)', label: '退减灌溉', labelEn: 'Retired', kind: 'mu', value: (u) => u.retiredMu },
  { key: 'fallowMu', group: '面积（亩）', groupEn: 'Area (mu)', label: '休耕轮作', labelEn: 'Fallow', kind: 'mu', value: (u) => u.fallowMu },
  { key: 'forestMu', group: '面积（亩）', groupEn: 'Area (mu)', label: '人工林', labelEn: 'Forest', kind: 'mu', value: (u) => u.forestMu },
  { key: 'irrigatedForestMu', group: '面积（亩）', groupEn: 'Area (mu)', label: '其中灌溉林地', labelEn: 'Irrigated forest', kind: 'mu', value: (u) => u.irrigatedForestMu },
  { key: 'irrigationDemandM3', group: '用水量（万m³）', groupEn: 'Use (10⁴ m³)', label: '灌溉需水', labelEn: 'Irrigation', kind: 'wanM3', value: (u) => wan(u.irrigationDemandM3) },
  { key: 'groundwaterDemandM3', group: '用水量（万m³）', groupEn: 'Use (10⁴ m³)', label: '其中地下水', labelEn: 'of which groundwater', kind: 'wanM3', value: (u) => wan(u.groundwaterDemandM3), over: overGroundwater },
  { key: 'industrialM3', group: '用水量（万m³）', groupEn: 'Use (10⁴ m³)', label: '工业', labelEn: 'Industry', kind: 'wanM3', value: (u) => wan(u.industrialM3) },
  { key: 'domesticM3', group: '用水量（万m³）', groupEn: 'Use (10⁴ m³)', label: '生活', labelEn: 'Domestic', kind: 'wanM3', value: (u) => wan(u.domesticM3) },
  { key: 'totalUseM3', group: '用水量（万m³）', groupEn: 'Use (10⁴ m³)', label: '用水总量', labelEn: 'Total use', kind: 'wanM3', value: (u) => wan(u.totalUseM3), over: overTotal },
  { key: 'actualGroundwaterM3', group: '机电井实际取水', groupEn: 'Wells, actual', label: '地下水（万m³）', labelEn: 'Groundwater (10⁴ m³)', kind: 'wanM3', value: (u) => wan(u.actualGroundwaterM3) },
  { key: 'wellCount', group: '机电井实际取水', groupEn: 'Wells, actual', label: '井数', labelEn: 'Wells', kind: 'count', value: (u) => u.wellCount },
  { key: 'totalCapM3', group: '控制指标（万m³）', groupEn: 'Caps (10⁴ m³)', label: '用水总量', labelEn: 'Total', kind: 'wanM3', value: (u) => wan(u.totalCapM3) },
  { key: 'groundwaterCapM3', group: '控制指标（万m³）', groupEn: 'Caps (10⁴ m³)', label: '地下水', labelEn: 'Groundwater', kind: 'wanM3', value: (u) => wan(u.groundwaterCapM3) },
  { key: 'totalExcessM3', group: '超指标（万m³）', groupEn: 'Over cap (10⁴ m³)', label: '用水总量', labelEn: 'Total', kind: 'wanM3', value: (u) => wan(u.totalExcessM3), over: overTotal },
  { key: 'groundwaterExcessM3', group: '超指标（万m³）', groupEn: 'Over cap (10⁴ m³)', label: '地下水', labelEn: 'Groundwater', kind: 'wanM3', value: (u) => wan(u.groundwaterExcessM3), over: overGroundwater },
  { key: 'gwShare', group: '超指标（万m³）', groupEn: 'Over cap (10⁴ m³)', label: '地下水用量/指标', labelEn: 'Groundwater use / cap', kind: 'share', value: (u) => u.gwShare, over: overGroundwater },
  { key: 'retireToMeetCapMu', group: '达标需退减', groupEn: 'To meet caps', label: '面积（亩）', labelEn: 'Retire (mu)', kind: 'mu', value: (u) => u.retireToMeetCapMu, over: (u) => u.retireToMeetCapMu > 0 },
];

/** Decimals shown: 亩 2, 万m³ 2, counts 0, shares as a percentage with 1. */
export const DECIMALS: Record<ColumnKind, number> = { text: 0, mu: 2, wanM3: 2, count: 0, share: 1 };

export interface TableRowEntry {
  unit: Unit;
  /** a village row, a township subtotal or the city total */
  role: 'village' | 'subtotal' | 'total';
}

/** Rows in the order bureaus print them: each township's villages then its subtotal; the city total last. */
export function summaryRows(units: readonly Unit[]): TableRowEntry[] {
  const rows: TableRowEntry[] = [];
  const byParent = new Map<string, Unit[]>();
  for (const u of units) if (u.parentCode) byParent.set(u.parentCode, [...(byParent.get(u.parentCode) ?? []), u]);
  for (const city of units.filter((u) => u.level === 'city')) {
    for (const township of byParent.get(city.code) ?? []) {
      for (const village of byParent.get(township.code) ?? []) rows.push({ unit: village, role: 'village' });
      rows.push({ unit: township, role: 'subtotal' });
    }
    rows.push({ unit: city, role: 'total' });
  }
  return rows;
}

/** Crops (and forest types) in order of total area, largest first, for the per-crop sheet. */
export function cropsByArea(units: readonly Unit[], field: 'plantedMuByCrop' | 'forestMuByType'): string[] {
  const totals = new Map<string, number>();
  for (const u of units) if (u.level === 'city') for (const [k, v] of Object.entries(u[field])) totals.set(k, (totals.get(k) ?? 0) + v);
  return [...totals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
}
