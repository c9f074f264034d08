import type { ReconcileSettings } from '../settings.ts';
import type { PlotRecord } from '../records.ts';
import type { Finding } from '../types.ts';

/** What every rule may read: the settings, the plots and their computed areas and villages. */
export interface RuleContext {
  settings: ReconcileSettings;
  plots: readonly PlotRecord[];
  /** ellipsoidal area per plot, m² */
  plotAreaM2: readonly number[];
  /** the village holding most of each plot ('' when the plot lies in none) */
  plotVillage: readonly string[];
}

/** A finding before the bbox and key are added (they follow from geometry and ids). */
export type RuleFinding = Omit<Finding, 'bbox' | 'key'>;
