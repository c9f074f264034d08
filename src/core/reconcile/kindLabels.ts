/** Names of the finding kinds and layers for tables, exports and the page (zh is what bureaus read). */
import type { FindingKind, FindingLayer } from './types.ts';

export const FINDING_KIND_LABELS: Record<FindingKind, { zh: string; en: string; sheet: string }> = {
  non_cultivated_planting: { zh: '非耕地上种植（疑似违法开荒）', en: 'Planting on non-cultivated land', sheet: '非耕地种植' },
  forest_on_planting: { zh: '林地与种植地块重叠（复耕/套种）', en: 'Forest overlapping planted plots', sheet: '林地与种植重叠' },
  plot_overlap: { zh: '地块相互重叠（重复统计）', en: 'Plots overlapping each other', sheet: '地块重叠' },
  uncovered_cultivated: { zh: '三调耕地未被地块或林地覆盖（遗漏）', en: 'Survey cultivated land not covered', sheet: '耕地遗漏' },
  village_mismatch: { zh: '坐落村不符或跨村界', en: 'Wrong village or crossing a village line', sheet: '坐落村不符' },
  area_mismatch: { zh: '申报面积与计算面积不符', en: 'Declared area differs from computed', sheet: '面积不符' },
  dryland_irrigation: { zh: '旱地上井灌种植（疑似扩大灌溉面积）', en: 'Well irrigation on rain-fed land (0103)', sheet: '旱地灌溉' },
};

export const FINDING_LAYER_LABELS: Record<FindingLayer, { zh: string; en: string }> = {
  plots: { zh: '种植地块', en: 'plots' },
  forest: { zh: '人工林', en: 'forest' },
  survey: { zh: '三调地类图斑', en: 'land survey' },
};

/** Review marks a person puts on a finding (kept by src/state/findingsStore.ts). */
export type FindingMarkStatus = 'confirmed' | 'dismissed' | 'fixed';

export interface FindingMark {
  status: FindingMarkStatus;
  /** why it was dismissed (or any note) */
  reason?: string;
  /** ISO time of the mark */
  at?: string;
}

export const FINDING_MARK_LABELS: Record<FindingMarkStatus, { zh: string; en: string }> = {
  confirmed: { zh: '确认', en: 'confirmed' },
  dismissed: { zh: '排除', en: 'dismissed' },
  fixed: { zh: '已整改', en: 'fixed' },
};
