import { DEFAULT_WELL_RADIUS_M } from '../selection/wellService.ts';
import { DEFAULT_PROFILE } from './profile.ts';
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
