import { DEFAULT_WELL_RADIUS_M } from '../selection/wellService.ts';
import { DEFAULT_PROFILE, normaliseProfile } from './profile.ts';
import type { MonitorSettings } from './types.ts';

/**
 * Defaults (docs/monitor.md): ZSXS of deep wells is about 1–3 m³/kWh and shallow wells reach 5–6
 * (docs/domain.md; Tc ≈ 367·η ÷ head in metres, so at a wire-to-water efficiency η of one half,
 * 0.5 m³/kWh is a 370 m lift and 8 m³/kWh a 23 m one); a coefficient twice or half its township's median is a
 * typing slip or a meter worth a visit; a month above three times the permit's share of it cannot
 * be one well's water.
 */
export const DEFAULT_MONITOR_SETTINGS: MonitorSettings = Object.freeze({
  profile: [...DEFAULT_PROFILE],
  serviceRadiusM: DEFAULT_WELL_RADIUS_M,
  coefficientRange: [0.5, 8] as [number, number],
  coefficientRatio: 2,
  coefficientMinNeighbours: 3,
  absurdPermitFactor: 3,
}) as MonitorSettings;

export const monitorSettings = (patch: Partial<MonitorSettings> = {}): MonitorSettings => ({ ...DEFAULT_MONITOR_SETTINGS, ...patch });

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Settings of a saved state, each one kept only when it is usable (else the default). */
export function savedSettings(value: unknown): MonitorSettings {
  const saved = (value && typeof value === 'object' ? value : {}) as Partial<Record<keyof MonitorSettings, unknown>>;
  const d = DEFAULT_MONITOR_SETTINGS;
  const profile = Array.isArray(saved.profile) ? normaliseProfile(saved.profile.map(Number)) : null;
  const range = Array.isArray(saved.coefficientRange) && saved.coefficientRange.length === 2 && saved.coefficientRange.every(positive) && saved.coefficientRange[0] < saved.coefficientRange[1]
    ? [saved.coefficientRange[0], saved.coefficientRange[1]] as [number, number] : d.coefficientRange;
  return {
    profile: Array.isArray(profile) ? profile : [...d.profile],
    serviceRadiusM: positive(saved.serviceRadiusM) ? saved.serviceRadiusM : d.serviceRadiusM,
    coefficientRange: range,
    coefficientRatio: positive(saved.coefficientRatio) && saved.coefficientRatio > 1 ? saved.coefficientRatio : d.coefficientRatio,
    coefficientMinNeighbours: Number.isInteger(saved.coefficientMinNeighbours) && (saved.coefficientMinNeighbours as number) >= 1 ? saved.coefficientMinNeighbours as number : d.coefficientMinNeighbours,
    absurdPermitFactor: positive(saved.absurdPermitFactor) ? saved.absurdPermitFactor : d.absurdPermitFactor,
  };
}
