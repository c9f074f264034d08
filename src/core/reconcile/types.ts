/**
 * What the reconciliation (套核) reports. The first seven fields of a Finding are the contract
 * (docs/contract.md, `reconcile` JSON); the rest are extras for people and the map.
 */
import type { Geometry } from 'geojson';
import type { ReconcileSettings } from './settings.ts';

export type FindingKind =
  | 'non_cultivated_planting'
  | 'forest_on_planting'
  | 'plot_overlap'
  | 'uncovered_cultivated'
  | 'village_mismatch'
  | 'area_mismatch'
  | 'dryland_irrigation';

/** In report order. */
export const FINDING_KINDS: readonly FindingKind[] = [
  'non_cultivated_planting',
  'forest_on_planting',
  'plot_overlap',
  'uncovered_cultivated',
  'village_mismatch',
  'area_mismatch',
  'dryland_irrigation',
];

/** The layer a finding's featureId belongs to (the layer kinds of docs/contract.md). */
export type FindingLayer = 'plots' | 'forest' | 'survey';

export type Bbox = [west: number, south: number, east: number, north: number];

export interface VillageShare {
  villageCode: string;
  areaMu: number;
}

export interface Finding {
  kind: FindingKind;
  layer: FindingLayer;
  featureId: string;
  /** the other feature, where there is one (omitted otherwise) */
  otherId?: string;
  /** 12-digit village where the problem lies */
  villageCode: string;
  /** area of the problem: overlap, uncovered land, or the difference, 亩 */
  areaMu: number;
  bbox: Bbox;
  /** stable across runs: kind + featureId + otherId; review marks are keyed by it */
  key: string;
  /** areaMu as a share of the feature the tolerance is measured against (0–1) */
  share: number;
  /** the feature's own computed area, 亩 */
  featureAreaMu: number;
  /** one sentence in Chinese for the township: what is wrong and where */
  explanation: string;
  /** the problem geometry (lon/lat): the overlap, the uncovered land, the part outside the village… */
  geometry: Geometry | null;
  /** village_mismatch: the recorded village (first 12 digits of ZLDWDM) */
  recordedVillageCode?: string;
  /** village_mismatch: true when the plot lies in more than one village beyond tolerance */
  crossesBoundary?: boolean;
  /** village_mismatch: the plot's area per village, largest first */
  villageSplit?: VillageShare[];
  /** area_mismatch: declared SBMJ and computed area, 亩 */
  declaredMu?: number;
  computedMu?: number;
  /** non_cultivated_planting: the survey land classes under the plot, 亩 per DLBM */
  landClassesMu?: Record<string, number>;
}

export interface FindingGroup {
  kind: FindingKind;
  villageCode: string;
  count: number;
  areaMu: number;
}

export interface ReconcileReport {
  settings: ReconcileSettings;
  summary: Record<FindingKind, number>;
  findings: Finding[];
  /** counts and areas by kind and village */
  groups: FindingGroup[];
  /** data problems met on the way (missing codes, failed geometry operations), never fatal */
  warnings: string[];
}

export function findingKey(kind: FindingKind, featureId: string, otherId?: string): string {
  return `${kind}|${featureId}|${otherId ?? ''}`;
}
