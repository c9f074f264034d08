/**
 * Names of the 三调 land classes (第三次全国国土调查工作分类, TD/T 1055-2019 appendix A, based on
 * GB/T 21010-2017), and the finding text as a clerk reads it: codes followed by their names.
 */

export const LAND_CLASS_NAMES: Record<string, string> = {
  '01': '耕地', '0101': '水田', '0102': '水浇地', '0103': '旱地',
  '02': '种植园用地', '0201': '果园', '0202': '茶园', '0203': '橡胶园', '0204': '其他园地',
  '03': '林地', '0301': '乔木林地', '0302': '竹林地', '0303': '红树林地', '0304': '森林沼泽', '0305': '灌木林地', '0306': '灌丛沼泽', '0307': '其他林地',
  '04': '草地', '0401': '天然牧草地', '0402': '沼泽草地', '0403': '人工牧草地', '0404': '其他草地',
  '05': '商业服务业用地', '05H1': '商业服务业设施用地', '0508': '物流仓储用地',
  '06': '工矿用地', '0601': '工业用地', '0602': '采矿用地', '0603': '盐田',
  '07': '住宅用地', '0701': '城镇住宅用地', '0702': '农村宅基地',
  '08': '公共管理与公共服务用地', '08H1': '机关团体新闻出版用地', '08H2': '科教文卫用地', '0809': '公用设施用地', '0810': '公园与绿地',
  '09': '特殊用地',
  '10': '交通运输用地', '1001': '铁路用地', '1002': '轨道交通用地', '1003': '公路用地', '1004': '城镇村道路用地', '1005': '交通服务场站用地', '1006': '农村道路', '1007': '机场用地', '1008': '港口码头用地', '1009': '管道运输用地',
  '11': '水域及水利设施用地', '1101': '河流水面', '1102': '湖泊水面', '1103': '水库水面', '1104': '坑塘水面', '1104A': '养殖坑塘', '1105': '沿海滩涂', '1106': '内陆滩涂', '1107': '沟渠', '1107A': '干渠', '1108': '沼泽地', '1109': '水工建筑用地', '1110': '冰川及永久积雪',
  '12': '其他土地', '1201': '空闲地', '1202': '设施农用地', '1203': '田坎', '1204': '盐碱地', '1205': '沙地', '1206': '裸土地', '1207': '裸岩石砾地',
};

/** "0404 其他草地"; a code not in the table as it is. */
export function landClassText(code: string): string {
  const name = LAND_CLASS_NAMES[code] ?? LAND_CLASS_NAMES[code.slice(0, 4)];
  return name ? `${code} ${name}` : code;
}

/**
 * A finding's explanation with names beside codes: 12-digit village codes become
 * "名称（代码）" and 4-character land-class codes "代码 名称" (when not already named).
 */
export function readableExplanation(text: string, villageNames: Readonly<Record<string, string>>): string {
  return text
    .replace(/(?<![\d])(\d{12})(?![\d])/g, (code) => (villageNames[code] ? `${villageNames[code]}（${code}）` : code))
    .replace(/(?<![\dA-Z])(\d{4}[A-Z]?|\d{2}H\d)(?![\dA-Z])/g, (code: string, _g: string, at: number, whole: string) => {
      const name = LAND_CLASS_NAMES[code];
      const named = name && whole.slice(at + code.length).trimStart().startsWith(name);
      return name && !named ? `${code} ${name}` : code;
    });
}
