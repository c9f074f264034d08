/**
 * Canonical fields per layer kind (docs/cli.md, "Canonical fields"): what the tool
 * recognises without being told. `values` lists the allowed values of enumerated fields.
 */
import {
  FOREST_TYPES,
  IRRIGATION_METHODS,
  PLOT_STATUSES,
  TENURES,
  WATER_SOURCES,
  type LayerKind,
} from '../types.ts';

export type CanonicalType = 'code' | 'text' | 'number' | 'enum';

export interface CanonicalField {
  name: string;
  labelZh: string;
  label: string;
  type: CanonicalType;
  values?: readonly string[];
}

const YES_NO = ['是', '否'] as const;
const CANAL_CLASSES = ['干渠', '支渠', '斗渠'] as const;

const f = (name: string, labelZh: string, label: string, type: CanonicalType, values?: readonly string[]): CanonicalField => ({
  name, labelZh, label, type, values,
});

const monthly = (prefix: string, labelZh: string, label: string): CanonicalField[] =>
  Array.from({ length: 12 }, (_, i) => {
    const mm = String(i + 1).padStart(2, '0');
    return f(`${prefix}${mm}`, `${i + 1}月${labelZh}`, `${label}, month ${i + 1}`, 'number');
  });

export const CANONICAL_FIELDS: Record<LayerKind, readonly CanonicalField[]> = {
  villages: [
    f('ZLDWDM', '坐落单位代码', 'village code (12 or 19 digits)', 'code'),
    f('CJDM', '村级代码', 'village code (12 digits)', 'code'),
    f('ZLDWMC', '坐落单位名称', 'village name', 'text'),
    f('CJMC', '村名称', 'village name', 'text'),
    f('XZDM', '乡镇代码', 'township code (9 digits)', 'code'),
    f('XZMC', '乡镇名称', 'township name', 'text'),
  ],
  survey: [
    f('BSM', '标识码', 'feature code', 'code'),
    f('DLBM', '地类编码', 'land-class code', 'code'),
    f('DLMC', '地类名称', 'land-class name', 'text'),
    f('ZLDWDM', '坐落单位代码', 'village code', 'code'),
    f('ZLDWMC', '坐落单位名称', 'village name', 'text'),
    f('TBMJ', '图斑面积', 'parcel area (m²)', 'number'),
    f('TBDLMJ', '图斑地类面积', 'land-class area after deductions (m²)', 'number'),
  ],
  plots: [
    f('DKBM', '地块编码', 'plot code', 'code'),
    f('ZLDWDM', '坐落单位代码', 'recorded village code', 'code'),
    f('ZZZW', '种植作物', 'crop', 'text'),
    f('ZT', '状态', 'status', 'enum', PLOT_STATUSES),
    f('DKLB', '地块权属', 'tenure', 'enum', TENURES),
    f('TYZZ', '庭院种植', 'courtyard planting', 'enum', YES_NO),
    f('GGFS', '灌溉方式', 'irrigation method', 'enum', IRRIGATION_METHODS),
    f('SYLX', '水源类型', 'water source', 'enum', WATER_SOURCES),
    f('CBFMC', '承包方', 'contractor household', 'text'),
    f('SBMJ', '申报面积（亩）', 'declared area (mu)', 'number'),
  ],
  forest: [
    f('LDBM', '林地编码', 'patch code', 'code'),
    f('ZLDWDM', '坐落单位代码', 'village code', 'code'),
    f('LZLX', '林种类型', 'forest type', 'enum', FOREST_TYPES),
    f('SYLX', '水源类型', 'water source', 'enum', WATER_SOURCES),
    f('SFGG', '是否灌溉', 'irrigated', 'enum', YES_NO),
  ],
  wells: [
    f('JBM', '机井编码', 'well code', 'code'),
    f('ZLDWDM', '坐落单位代码', 'village code', 'code'),
    f('QSXKL', '取水许可量（m³/年）', 'permitted volume (m³/yr)', 'number'),
    f('SFJL', '是否计量', 'metered', 'enum', YES_NO),
    f('ZSXS', '折算系数（m³/kWh）', 'conversion coefficient (m³/kWh)', 'number'),
    f('EDGL', '水泵额定功率（kW）', 'pump rated power (kW)', 'number'),
    f('NJLL', '年计量水量（m³）', 'metered volume for the year (m³)', 'number'),
    f('NYDL', '年用电量（kWh）', 'electricity for the year (kWh)', 'number'),
    ...monthly('JLL', '计量水量', 'metered m³'),
    ...monthly('YDL', '用电量', 'kWh'),
  ],
  canals: [
    f('QDMC', '渠道名称', 'canal name', 'text'),
    f('QDDJ', '渠道等级', 'canal class', 'enum', CANAL_CLASSES),
  ],
  reservoirs: [
    f('MC', '名称', 'name', 'text'),
    f('KR', '库容（m³）', 'capacity (m³)', 'number'),
  ],
  other: [],
};

/** The field whose values become feature ids, per kind, in order of preference. */
export const ID_FIELDS: Record<LayerKind, readonly string[]> = {
  villages: ['CJDM', 'ZLDWDM'],
  survey: ['BSM'],
  plots: ['DKBM'],
  forest: ['LDBM'],
  wells: ['JBM'],
  canals: [],
  reservoirs: [],
  other: ['DKBM', 'BSM', 'LDBM', 'JBM', 'ZLDWDM'],
};

export function canonicalField(kind: LayerKind, name: string): CanonicalField | undefined {
  return CANONICAL_FIELDS[kind].find((c) => c.name === name);
}
