/** The sample county's features before they are written: grid-frame geometry plus attributes. */
import type { PlotAttributes } from './attributes.ts';
import type { ForestType, Poly, Pt, Source } from './types.ts';

export interface PlotRecord {
  polys: Poly[];
  /** the village that holds the plot */
  village: number;
  /** the village its ZLDWDM names (differs only for seeded village_mismatch) */
  recordedVillage: number;
  cell: number;
  attrs: PlotAttributes;
  dkbm: string;
  areaMu: number;
  sbmjMu: number;
  strip: boolean;
  courtyard: boolean;
  /** used by a seeded anomaly already */
  used?: boolean;
}

export interface ForestRecord {
  polys: Poly[];
  village: number;
  type: ForestType;
  ldbm: string;
  source: Source;
  irrigated: boolean;
  areaMu: number;
}

export interface WellRecord {
  at: Pt;
  village: number;
  jbm: string;
  permitM3: number;
  metered: boolean;
  coefficient: number;
  monthlyM3: number[];
  monthlyKwh: number[];
}

export interface CanalRecord {
  line: Pt[];
  name: string;
  grade: '干渠' | '支渠' | '斗渠';
}

export interface Anomaly {
  kind: 'non_cultivated_planting' | 'forest_on_planting' | 'plot_overlap' | 'uncovered_cultivated' | 'village_mismatch' | 'area_mismatch' | 'dryland_irrigation';
  layer: 'plots' | 'forest' | 'survey';
  featureId: string;
  otherId?: string;
  /** the village holding the problem (for village_mismatch: the one holding the plot) */
  villageCode: string;
  /** village_mismatch: the village the plot's ZLDWDM names */
  recordedVillageCode?: string;
  expectedAreaMu: number;
  note: string;
}
