/**
 * Chinese names for the kinds of import warning. The readers write each warning's detail in
 * English (file, feature, numbers); the page leads with the kind in the user's language.
 */
import type { ImportWarning } from '../../core/types.ts';
import type { Translate } from '../i18n.ts';

export const WARNING_KINDS_ZH: Record<string, string> = {
  'datum-assumed': '未做基准面转换（按 CGCS2000 经纬度处理，可能有米级偏差）',
  'village-from-plot-code': '坐落村代码取自地块编码',
  'value-unmapped': '字段值无法对应到规范取值',
  'shx-ignored': '.shx 索引与 .shp 不符，已按 .shp 读取',
  'shp-bytes-skipped': '.shp 中有不属于任何记录的字节（已跳过，请核对要素数）',
  'shape-unsupported': '不支持的几何类型',
  'prj-unreadable': '.prj 坐标系文件无法解析',
  'prj-missing': '缺少 .prj 坐标系文件',
  'prj-ignored': '.prj 文件内容无效，已忽略',
  'outside-china': '图层范围不在中国境内，请检查坐标系',
  'id-not-unique': '编码字段有空值或重复，要素改按序号编号',
  'encoding-unknown': '无法识别的编码名称',
  'encoding-guessed': '字符编码为自动判断',
  'encoding-conflict': '声明的编码与文件内容不符，已按内容解码',
  'dbf-missing': '缺少 .dbf 属性表，只有几何图形',
  'crs-member-unknown': '坐标系参数未能识别',
  'cpg-ignored': '.cpg 编码文件无效，已忽略',
  'geometry-null': '要素没有几何图形',
  'coordinate-invalid': '坐标无效（已删除）',
  'duplicate-vertices': '重复节点（已删除）',
  'ring-unclosed': '环未闭合（已闭合）',
  'too-few-points': '点数不足（已删除该环）',
  'zero-area': '面积为零（已删除该环）',
  'ring-orientation': '环方向错误（已纠正）',
  'self-intersection': '自相交（已修复为有效多边形）',
  'hole-outside-shell': '内环（洞）不在外环之内（已删除或裁剪）',
  'too-complex': '几何过于复杂，无法在限定时间内修复',
};

/** The warning's kind in the chosen language, then its detail. */
export function warningText(warning: ImportWarning, t: Translate): string {
  const kind = WARNING_KINDS_ZH[warning.code];
  return kind ? t(`${kind}：${warning.message}`, warning.message) : warning.message;
}
