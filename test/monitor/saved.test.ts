/** Readings and settings restored from the browser's storage or a project file keep only what is well-formed. */
import { describe, expect, it } from 'vitest';
import { savedReadings } from '../../src/core/monitor/mergeReadings.ts';
import { DEFAULT_MONITOR_SETTINGS, savedSettings } from '../../src/core/monitor/settings.ts';

describe('restoring saved monitoring state', () => {
  it('keeps well-formed readings and drops the rest', () => {
    const good = { wellCode: 'W1', year: 2025, month: 6, meteredM3: 3000, electricityKwh: null };
    const saved = [
      good,
      { ...good, month: 13 }, { ...good, month: 0 }, { ...good, year: 2025.5 }, { ...good, wellCode: '' },
      { ...good, meteredM3: -1 }, { ...good, meteredM3: '3000' }, { ...good, electricityKwh: Number.NaN },
      { ...good, meteredM3: null, electricityKwh: null }, null, 'W1',
      { ...good, month: 7, meteredM3: null, electricityKwh: 100, extra: '<script>' },
    ];
    expect(savedReadings(saved)).toEqual([good, { wellCode: 'W1', year: 2025, month: 7, meteredM3: null, electricityKwh: 100 }]);
    expect(savedReadings({ readings: saved })).toEqual([]);
  });

  it('keeps usable settings and falls back to the defaults for the others', () => {
    const restored = savedSettings({ profile: [0, 0, 0, 10, 20, 30, 20, 10, 10, 0, 0, 0], serviceRadiusM: -5, coefficientRange: [8, 0.5], coefficientRatio: 3 });
    expect(restored.profile[5]).toBeCloseTo(0.3, 12);
    expect(restored.serviceRadiusM).toBe(DEFAULT_MONITOR_SETTINGS.serviceRadiusM);
    expect(restored.coefficientRange).toEqual(DEFAULT_MONITOR_SETTINGS.coefficientRange);
    expect(restored.coefficientRatio).toBe(3);
    expect(savedSettings({ profile: [1, 2] }).profile).toEqual(DEFAULT_MONITOR_SETTINGS.profile);
    expect(savedSettings(null)).toEqual(DEFAULT_MONITOR_SETTINGS);
  });
});
