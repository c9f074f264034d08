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
  /** what the column means, in words (the xlsx 说明 sheet) */
  note: string;
  /** the shown value: 亩, 万m³, a count or text; null = not set */
  value(unit: Unit): string | number | null;
  /** true where the cell shows a unit over its cap (highlighted) */
  over?(unit: Unit): boolean;
}

/** The county's own level word: 县, 市 or 区 from its name (a bracketed remark ignored), else 县. */
export function countyLevelWord(name: string): '县' | '市' | '区' {
  const last = name.replace(/[(（].*?[)）]/g, '').trim().slice(-1);
  return last === '市' || last === '区' ? last : '县';
}

export const LEVEL_LABEL: Record<Unit['level'], string> = { village: '村', township: '乡镇', city: '县' };
const levelLabel = (u: Unit): string => (u.level === 'city' ? countyLevelWord(u.name) : LEVEL_LABEL[u.level]);

export const BASIS_LABEL: Record<Unit['overCapBasis'], { zh: string; en: string }> = {
  none: { zh: '未超', en: 'within' },
  demand: { zh: '按核定用水超', en: 'over by demand' },
  metered: { zh: '按计量取水超', en: 'over by metered use' },
  both: { zh: '两种口径均超', en: 'over on both bases' },
};

const wan = (m3: number | null): number | null => (m3 === null ? null : m3ToWanM3(m3));
const overTotal = (u: Unit): boolean => (u.totalExcessM3 ?? 0) > 0;
const overGroundwater = (u: Unit): boolean => (u.groundwaterExcessM3 ?? 0) > 0;
const overMetered = (u: Unit): boolean => (u.actualGroundwaterExcessM3 ?? 0) > 0;

const AREA = { group: '面积（亩）', groupEn: 'Area (mu)', kind: 'mu' as const };
const USE = { group: '核定用水量（万m³）', groupEn: 'Use by area × quota (10⁴ m³)', kind: 'wanM3' as const };
const CAP = { group: '本年控制指标（万m³）', groupEn: 'Caps (10⁴ m³)', kind: 'wanM3' as const };
const EXCESS = { group: '超指标水量（万m³，负数为结余）', groupEn: 'Over cap (10⁴ m³; negative = room)', kind: 'wanM3' as const };
const SHARE = { group: '地下水用量占指标（%）', groupEn: 'Groundwater / cap (%)', kind: 'share' as const };
const RETIRE = { group: '达标需退减面积（亩）', groupEn: 'Retire to meet caps (mu)', kind: 'mu' as const };
const NEXT = { group: '下年控制指标（万m³）', groupEn: 'Next year caps (10⁴ m³)', kind: 'wanM3' as const };

export const ACCOUNTING_COLUMNS: AccountingColumn[] = [
  { key: 'level', group: '单位', groupEn: 'Unit', label: '级别', labelEn: 'Level', kind: 'text', note: '村、乡镇，或本县（市、区）', value: levelLabel },
  { key: 'code', group: '单位', groupEn: 'Unit', label: '代码', labelEn: 'Code', kind: 'text', note: '统计用区划代码：村 12 位、乡镇 9 位、县 6 位', value: (u) => u.code },
  { key: 'name', group: '单位', groupEn: 'Unit', label: '名称', labelEn: 'Name', kind: 'text', note: '单位名称；乡镇行为其所辖村的小计，最后一行为全县合计', value: (u) => u.name },
  { key: 'plantedMu', ...AREA, label: '种植', labelEn: 'Planted', note: '状态为种植的地块面积（按椭球面积计算，跨村地块按村界分割）', value: (u) => u.plantedMu },
  { key: 'retiredMu', ...AREA, label: '退减灌溉', labelEn: 'Retired', note: '状态为退减的地块面积', value: (u) => u.retiredMu },
  { key: 'fallowMu', ...AREA, label: '休耕轮作', labelEn: 'Fallow', note: '状态为休耕的地块面积', value: (u) => u.fallowMu },
  { key: 'forestMu', ...AREA, label: '人工林', labelEn: 'Forest', note: '人工林图斑面积（各林种合计）', value: (u) => u.forestMu },
  { key: 'irrigatedForestMu', ...AREA, label: '其中灌溉林地', labelEn: 'Irrigated forest', note: '人工林中灌溉的面积', value: (u) => u.irrigatedForestMu },
  { key: 'overlapMu', ...AREA, label: '重复计算面积', labelEn: 'Counted twice', note: '种植地块相互重叠、或灌溉林地压占种植地块而被重复计入的面积（上列面积仍按登记合计，此列说明其中重复多少，详见套核结果）', value: (u) => u.overlapMu, over: (u) => u.overlapMu >= 0.5 },
  { key: 'irrigationDemandM3', ...USE, label: '灌溉用水', labelEn: 'Irrigation', note: '种植面积×作物定额＋灌溉林地面积×林种定额＋休耕、退减地按定额表“状态”行给水', value: (u) => wan(u.irrigationDemandM3) },
  { key: 'groundwaterDemandM3', ...USE, label: '其中灌溉地下水', labelEn: 'of which groundwater', note: '灌溉用水中井灌全部、井渠混灌按混灌地下水比例计入的部分', value: (u) => wan(u.groundwaterDemandM3) },
  { key: 'industrialM3', ...USE, label: '工业', labelEn: 'Industry', note: '指标表中的工业用水；本级未填时为下级合计', value: (u) => wan(u.industrialM3) },
  { key: 'domesticM3', ...USE, label: '生活', labelEn: 'Domestic', note: '指标表中的生活用水；本级未填时为下级合计', value: (u) => wan(u.domesticM3) },
  { key: 'totalUseM3', ...USE, label: '用水总量', labelEn: 'Total use', note: '灌溉＋工业＋生活用水', value: (u) => wan(u.totalUseM3), over: overTotal },
  { key: 'groundwaterUseM3', ...USE, label: '地下水用水量', labelEn: 'Groundwater use', note: '灌溉地下水＋工业、生活用水中取自地下水的部分（指标表“工业地下水”“生活地下水”列）', value: (u) => wan(u.groundwaterUseM3), over: overGroundwater },
  { key: 'actualGroundwaterM3', group: '计量取水（万m³）', groupEn: 'Metered (10⁴ m³)', label: '机电井取水量', labelEn: 'Wells', kind: 'wanM3', note: '本单位机电井的计量水量；未计量的井按用电量×折水系数（以电折水）', value: (u) => wan(u.actualGroundwaterM3), over: overMetered },
  { key: 'wellCount', group: '机电井', groupEn: 'Wells', label: '眼数', labelEn: 'Count', kind: 'count', note: '参与统计的机电井眼数', value: (u) => u.wellCount },
  { key: 'totalCapM3', ...CAP, label: '用水总量', labelEn: 'Total', note: '指标表中本年用水总量控制指标', value: (u) => wan(u.totalCapM3) },
  { key: 'groundwaterCapM3', ...CAP, label: '地下水', labelEn: 'Groundwater', note: '指标表中本年地下水控制指标', value: (u) => wan(u.groundwaterCapM3) },
  { key: 'totalExcessM3', ...EXCESS, label: '用水总量', labelEn: 'Total', note: '用水总量减用水总量控制指标；正数为超指标，负数为尚余', value: (u) => wan(u.totalExcessM3), over: overTotal },
  { key: 'groundwaterExcessM3', ...EXCESS, label: '地下水（核定）', labelEn: 'Groundwater (demand)', note: '地下水用水量减地下水控制指标（按面积×定额核定）', value: (u) => wan(u.groundwaterExcessM3), over: overGroundwater },
  { key: 'actualGroundwaterExcessM3', ...EXCESS, label: '地下水（计量）', labelEn: 'Groundwater (metered)', note: '机电井计量取水量减地下水控制指标（井电双控口径）', value: (u) => wan(u.actualGroundwaterExcessM3), over: overMetered },
  { key: 'overCapBasis', group: '超指标口径', groupEn: 'Over cap on', label: '地下水', labelEn: 'Groundwater', kind: 'text', note: '地下水超指标的口径：按核定用水、按计量取水、两种口径均超或未超', value: (u) => BASIS_LABEL[u.overCapBasis].zh, over: (u) => u.overCapBasis !== 'none' },
  { key: 'gwShare', ...SHARE, label: '核定', labelEn: 'Demand', note: '地下水用水量占地下水控制指标的百分比', value: (u) => u.gwShare, over: overGroundwater },
  { key: 'actualGwShare', ...SHARE, label: '计量', labelEn: 'Metered', note: '机电井计量取水量占地下水控制指标的百分比', value: (u) => u.actualGwShare, over: overMetered },
  { key: 'retireToMeetCapMu', ...RETIRE, label: '本级', labelEn: 'This unit', note: '按本级超指标水量测算：用水总量超量÷亩均灌溉用水，与地下水超量÷井灌（含井渠混灌）地每亩地下水用量，取较大者，不超过种植面积', value: (u) => u.retireToMeetCapMu, over: (u) => u.retireToMeetCapMu > 0 },
  { key: 'villagesRetireToMeetCapMu', ...RETIRE, label: '所辖村合计', labelEn: 'Sum of villages', note: '乡镇、全县：所辖各村“本级”退减面积之和（各村自身达标所需）', value: (u) => (u.level === 'village' ? null : u.villagesRetireToMeetCapMu), over: (u) => u.level !== 'village' && u.villagesRetireToMeetCapMu > 0 },
  { key: 'nextYearTotalCapM3', ...NEXT, label: '用水总量', labelEn: 'Total', note: '指标表中下一年的用水总量控制指标（未填则空）', value: (u) => wan(u.nextYearTotalCapM3) },
  { key: 'nextYearGroundwaterCapM3', ...NEXT, label: '地下水', labelEn: 'Groundwater', note: '指标表中下一年的地下水控制指标（未填则空）', value: (u) => wan(u.nextYearGroundwaterCapM3) },
  { key: 'nextYearGroundwaterCutM3', ...NEXT, label: '地下水压减', labelEn: 'Groundwater cut', note: '本年地下水指标减下一年地下水指标', value: (u) => wan(u.nextYearGroundwaterCutM3) },
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
