/**
 * Unit codes. A 19-digit 坐落单位代码 (ZLDWDM) is county 6 + township 3 + village 3 + group 7;
 * its first 12 digits are the village, 9 the township, 6 the county.
 */
export const villageCodeOf = (code: string): string => code.trim().slice(0, 12);
export const townshipCodeOf = (code: string): string => code.trim().slice(0, 9);
export const countyCodeOf = (code: string): string => code.trim().slice(0, 6);

export type UnitLevel = 'village' | 'township' | 'city';

export function levelOfCode(code: string): UnitLevel | null {
  const n = code.trim().length;
  if (n === 6) return 'city';
  if (n === 9) return 'township';
  if (n === 12 || n === 19) return 'village';
  return null;
}
