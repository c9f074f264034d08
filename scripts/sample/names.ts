/**
 * Invented names for the sample county. None is meant to be a real township, village or
 * person; the county itself is "示例县（示例数据）".
 */
import type { Rng } from './prng.ts';

export const COUNTY_CODE = '659901';
export const COUNTY_NAME = '示例县（示例数据）';

export const TOWNSHIP_NAMES = ['渠湾镇', '柳泉乡', '沙梁子乡', '红柳滩乡', '东坪乡'];

const VILLAGE_NAMES = [
  '团结村', '和平村', '幸福村', '胜利村', '光明村', '新渠村', '红星村', '联丰村', '五道沟村', '三道渠村',
  '白杨村', '榆树庄村', '下泉子村', '上泉子村', '中渠村', '东风村', '西湖村', '南梁村', '北滩村', '新丰村',
  '永丰村', '丰收村', '长胜村', '建新村', '向阳村', '红旗村', '金桥村', '柳树湾村', '芦草沟村', '羊毛湾村',
  '二道桥村', '头工村', '二工村', '三工村', '四工村', '八家户村', '十户滩村', '新庄子村', '老庄子村', '沙河子村',
  '碱泉子村', '杏花村', '梨园村', '葡萄沟村', '瓜田村', '棉丰村', '麦香村', '稻香村', '苇湖村', '青格达村',
  '阿克塔木村', '喀拉苏村', '英阿瓦提村', '塔什布拉克村', '托万村', '库尔村', '新湖村', '渠口村', '大泉村', '小泉村',
];

export function villageNames(count: number, rng: Rng): string[] {
  const order = VILLAGE_NAMES.map((name) => ({ name, key: rng.next() })).sort((a, b) => a.key - b.key);
  return order.slice(0, count).map((x) => x.name);
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗', '郑', '梁', '谢', '宋', '唐', '韩', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕'];
const GIVEN = ['建国', '建华', '国强', '志刚', '秀英', '桂兰', '玉兰', '德明', '永福', '海军', '红梅', '春生', '金山', '文华', '丽娟', '新民', '学军', '兰英', '振华', '秀兰', '明', '军', '勇', '伟', '芳', '娟', '强', '磊', '洋', '静', '涛', '斌', '鹏', '霞', '平', '刚', '杰', '辉', '燕', '超'];
const UYGHUR = ['买买提', '艾力', '吐尔逊', '阿不都', '热合曼', '艾合买提', '努尔', '阿依古丽', '古丽娜', '帕提古丽', '热依拉', '吾斯曼', '伊力哈木', '阿迪力', '米吉提'];
const KAZAKH = ['叶尔兰', '努尔兰', '别克', '哈力木', '加娜尔', '古丽巴哈', '巴合提', '阿曼', '塔力甫'];

export function householdName(rng: Rng): string {
  const r = rng.next();
  if (r < 0.72) return rng.pick(SURNAMES) + rng.pick(GIVEN);
  if (r < 0.9) return `${rng.pick(UYGHUR)}·${rng.pick(UYGHUR)}`;
  return `${rng.pick(KAZAKH)}·${rng.pick(KAZAKH)}`;
}

export const RESERVOIR_NAMES = ['南山水库', '东岔水库'];
export const MAIN_CANAL_NAMES = ['西干渠', '东干渠'];
