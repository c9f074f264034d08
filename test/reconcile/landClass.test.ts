import { describe, expect, it } from 'vitest';
import {
  isAdjustableClass,
  isCultivatedClass,
  isPlantableClass,
  isPlantationClass,
  landClassPrefix,
} from '../../src/core/reconcile/landClass.ts';

describe('三调 land classes', () => {
  it('reads cultivated land 01xx', () => {
    for (const code of ['0101', '0102', '0103', ' 0102 ', '01']) expect(isCultivatedClass(code)).toBe(true);
    for (const code of ['0201', '0301', '1202', '203', '1', '']) expect(isCultivatedClass(code)).toBe(false);
  });

  it('reads plantation 02xx, not town codes like 201/202', () => {
    for (const code of ['0201', '0202', '0204']) expect(isPlantationClass(code)).toBe(true);
    for (const code of ['201', '202', '0301', '1202']) expect(isPlantationClass(code)).toBe(false);
  });

  it('counts K-suffixed (可调整) codes as their prefix', () => {
    expect(landClassPrefix('0201K')).toBe('0201');
    expect(isAdjustableClass('0301k')).toBe(true);
    expect(isAdjustableClass('0301')).toBe(false);
    expect(isPlantableClass('0201K')).toBe(true);
    expect(isPlantableClass('0301K')).toBe(false);
    expect(isPlantableClass('0403K')).toBe(false);
    expect(isPlantableClass('1104K')).toBe(false);
    expect(isPlantableClass('1104A')).toBe(false);
  });
});
