/**
 * Other names real files use for the canonical fields, and synonyms for enumerated values.
 * Presets: 三调 地类图斑 DLTB (fields as in the Third National Land Survey database standard,
 * TD/T 1057-2020 / 《第三次全国国土调查技术规程》 TD/T 1055-2019) and the rural land-contract
 * database NY/T 2539-2016 (地块 DK layer: DKBM is the 14-digit 发包方编码 + 5-digit serial, so
 * its first 12 digits are the village; DKLB codes 10 承包地块, 21 自留地, 22 机动地, 23 开荒地,
 * 99 其他集体土地; SCMJM / HTMJM areas in 亩).
 */
import type { LayerKind } from '../types.ts';

export type PresetId = 'dltb' | 'nyt2539';

export interface FieldPreset {
  id: PresetId;
  kind: LayerKind;
  labelZh: string;
  label: string;
  /** canonical → other names, tried in order (case-insensitive) */
  aliases: Record<string, readonly string[]>;
  /** canonical → {file value → canonical value} */
  values: Record<string, Record<string, string>>;
}

export const PRESETS: Record<PresetId, FieldPreset> = {
  dltb: {
    id: 'dltb',
    kind: 'survey',
    labelZh: '三调 地类图斑（DLTB）',
    label: 'Third Land Survey parcels (DLTB)',
    aliases: {
      BSM: ['标识码'],
      DLBM: ['地类编码'],
      DLMC: ['地类名称'],
      ZLDWDM: ['坐落单位代码'],
      ZLDWMC: ['坐落单位名称'],
      TBMJ: ['图斑面积'],
      TBDLMJ: ['图斑地类面积'],
    },
    values: {},
  },
  nyt2539: {
    id: 'nyt2539',
    kind: 'plots',
    labelZh: '农村土地承包经营权确权数据库（NY/T 2539）地块',
    label: 'Land-contract database plots (NY/T 2539)',
    aliases: {
      DKBM: ['地块编码', '地块代码'],
      ZLDWDM: ['FBFBM', '发包方编码'],
      CBFMC: ['承包方名称', 'CBFXM'],
      SBMJ: ['HTMJM', 'SCMJM', '合同面积亩', '实测面积亩'],
      DKLB: ['地块类别'],
    },
    values: {
      DKLB: { '10': '确权承包地', '22': '集体机动地' },
    },
  },
};

/** Names seen in county files for every kind (used whatever the preset). */
export const COMMON_ALIASES: Record<string, readonly string[]> = {
  DKBM: ['地块编码', '地块代码', '地块编号'],
  ZLDWDM: ['坐落单位代码', '村代码', '村级代码', '行政村代码', 'CUNDM'],
  ZLDWMC: ['坐落单位名称', '村名称', '行政村', '村名'],
  CJDM: ['村级代码'],
  CJMC: ['村级名称'],
  XZDM: ['乡镇代码', 'XZQDM'],
  XZMC: ['乡镇名称', 'XZQMC', '乡镇'],
  ZZZW: ['作物', '种植作物', '作物名称', 'ZWMC', 'ZW'],
  ZT: ['状态', '种植状态', 'DKZT', '地块状态'],
  DKLB: ['地块权属', '地块类别', '权属类型'],
  TYZZ: ['庭院种植', '是否庭院', '庭院'],
  GGFS: ['灌溉方式', 'GGLX'],
  SYLX: ['水源类型', '水源', 'SY'],
  CBFMC: ['承包方', '承包方名称', '户主', '户主姓名'],
  SBMJ: ['申报面积', '面积亩', '面积（亩）', 'MJM'],
  LDBM: ['林地编码', '林地编号', '小班号'],
  LZLX: ['林种类型', '林种', 'LZ'],
  SFGG: ['是否灌溉'],
  JBM: ['机井编码', '井编码', '井号', 'JJBM'],
  QSXKL: ['取水许可量', '许可水量'],
  SFJL: ['是否计量', '是否安装计量'],
  ZSXS: ['折算系数', '以电折水系数'],
  EDGL: ['额定功率', '水泵功率', '装机功率'],
  NJLL: ['年计量水量', '年用水量'],
  NYDL: ['年用电量'],
  QDMC: ['渠道名称', '渠名'],
  QDDJ: ['渠道等级', '渠道级别'],
  DLBM: ['地类编码'],
  DLMC: ['地类名称'],
  TBMJ: ['图斑面积'],
  TBDLMJ: ['图斑地类面积'],
  BSM: ['标识码'],
};

const YES = ['是', 'Y', 'y', 'YES', 'yes', '1', 'T', 't', 'true', 'TRUE', '有'];
const NO = ['否', 'N', 'n', 'NO', 'no', '0', 'F', 'f', 'false', 'FALSE', '无'];

const synonyms = (table: Record<string, readonly string[]>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [canonical, words] of Object.entries(table)) {
    out[canonical] = canonical;
    for (const w of words) out[w] = canonical;
  }
  return out;
};

/** canonical field → {value seen in files → canonical value}; applied after the user's map. */
export const VALUE_SYNONYMS: Record<string, Record<string, string>> = {
  ZT: synonyms({
    种植: ['在种', '耕种', '正常种植', '种'],
    退减: ['退减灌溉', '退地', '退耕', '退水', '退地减水', '退出灌溉'],
    休耕: ['休耕轮作', '轮作', '轮作休耕', '休'],
  }),
  DKLB: synonyms({
    确权承包地: ['承包地', '承包地块', '家庭承包'],
    集体机动地: ['机动地'],
    国有耕地: ['国有', '国有土地'],
    储备补充耕地: ['储备耕地', '补充耕地'],
  }),
  GGFS: synonyms({ 滴灌: ['膜下滴灌'], 喷灌: [], 管灌: ['低压管灌', '管道灌溉'], 漫灌: ['大水漫灌', '地面灌溉', '沟灌', '畦灌'] }),
  SYLX: synonyms({ 井灌: ['地下水', '机井', '井水'], 渠灌: ['地表水', '渠水'], 井渠混灌: ['混灌', '井渠结合', '井渠双灌'] }),
  LZLX: synonyms({ 退耕还林: [], 道路林: ['道路绿化', '护路林'], 农田防护林: ['防护林', '农防林'], 经济林: [], 村庄绿化: ['村屯绿化'], 苗圃: [] }),
  QDDJ: synonyms({ 干渠: ['总干渠'], 支渠: [], 斗渠: [] }),
  TYZZ: synonyms({ 是: YES, 否: NO }),
  SFGG: synonyms({ 是: YES, 否: NO }),
  SFJL: synonyms({ 是: YES, 否: NO }),
};
