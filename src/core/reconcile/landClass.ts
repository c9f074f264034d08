/**
 * 三调 land classes (DLBM) as the reconciliation sees them (三调工作分类).
 * A trailing K (e.g. 0201K, 0301K, 1104K) marks a 可调整 class — land that was cultivated in the
 * second survey and is now orchard, forest, pond… — and counts as what its numeric prefix says:
 * 0201K is a plantation, 0301K is forest. Other letter suffixes (1104A 养殖坑塘, 1107A 干渠)
 * likewise keep their prefix's class.
 */

/** The numeric part of a land-class code: '0102' → '0102', '0301K' → '0301', ' 0201k ' → '0201'. */
export function landClassPrefix(dlbm: string): string {
  return dlbm.trim().toUpperCase().replace(/[A-Z]+$/, '');
}

export function isAdjustableClass(dlbm: string): boolean {
  return /K$/i.test(dlbm.trim());
}

/** 01 耕地: 0101 水田, 0102 水浇地, 0103 旱地. */
export function isCultivatedClass(dlbm: string): boolean {
  return /^01\d{0,2}$/.test(landClassPrefix(dlbm));
}

/** 02 种植园用地: 0201 果园, 0202 茶园, 0203 橡胶园, 0204 其他园地. */
export function isPlantationClass(dlbm: string): boolean {
  return /^02\d{0,2}$/.test(landClassPrefix(dlbm));
}

/** Land where planting is expected: cultivated land or plantation. */
export function isPlantableClass(dlbm: string): boolean {
  return isCultivatedClass(dlbm) || isPlantationClass(dlbm);
}
