/**
 * Reads the canonical fields the reconciliation needs (docs/contract.md) off loaded layers.
 * A field is found under its canonical name, or under the source field the import mapped to it.
 */
import type { Feature, Geometry } from 'geojson';
import type { Layer, Properties, PropertyValue } from '../types.ts';
import { villageCodeOf } from '../codes.ts';

export interface PlotRecord {
  index: number;
  id: string;
  /** 种植 / 退减 / 休耕; '' when not recorded */
  status: string;
  /** SBMJ, 亩; null when not recorded */
  declaredMu: number | null;
  /** first 12 digits of ZLDWDM; '' when not recorded */
  recordedVillageCode: string;
  /** TYZZ 是: a courtyard plot (庭院种植), which lies on homestead land 0702 by nature */
  courtyard?: boolean;
  /** SYLX 井灌 / 渠灌 / 井渠混灌; '' when not recorded */
  source?: string;
}

export interface SurveyRecord {
  index: number;
  /** BSM, else the feature id */
  id: string;
  dlbm: string;
  villageCode: string;
}

export interface ForestRecord {
  index: number;
  /** LDBM, else the feature id */
  id: string;
  villageCode: string;
}

export interface VillageRecord {
  index: number;
  code: string;
  name: string;
}

type AnyFeature = Feature<Geometry | null, Properties>;

/** The value of a canonical field (or of the source field mapped to it). */
export function fieldValue(layer: Layer, feature: AnyFeature, canonical: string): PropertyValue | undefined {
  const props = feature.properties ?? {};
  if (canonical in props) return props[canonical];
  const mapped = layer.fields.find((f) => f.canonical === canonical);
  return mapped ? props[mapped.name] : undefined;
}

function text(value: PropertyValue | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/**
 * The feature's id in its layer: the import makes it the code (DKBM, BSM, LDBM) when the codes are
 * unique, else numbers the features, so a finding always names one feature and matches the ids
 * the map and the edits use. Layers built without ids fall back to the code, then the 1-based index.
 */
function featureId(layer: Layer, feature: AnyFeature, codeField: string, index: number): string {
  if (feature.id !== undefined && feature.id !== null && String(feature.id) !== '') return String(feature.id);
  const code = text(fieldValue(layer, feature, codeField));
  return code || String(index + 1);
}

function numberOrNull(value: PropertyValue | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) ? n : null;
}

const features = (layer: Layer): AnyFeature[] => layer.features.features;

export function plotRecords(layer: Layer): PlotRecord[] {
  return features(layer).map((f, index) => ({
    index,
    id: featureId(layer, f, 'DKBM', index),
    status: text(fieldValue(layer, f, 'ZT')),
    declaredMu: numberOrNull(fieldValue(layer, f, 'SBMJ')),
    recordedVillageCode: villageCodeOf(text(fieldValue(layer, f, 'ZLDWDM'))),
    courtyard: ['是', 'y', 'yes', '1', 'true'].includes(text(fieldValue(layer, f, 'TYZZ')).toLowerCase()),
    source: text(fieldValue(layer, f, 'SYLX')),
  }));
}

export function surveyRecords(layer: Layer): SurveyRecord[] {
  return features(layer).map((f, index) => ({
    index,
    id: featureId(layer, f, 'BSM', index),
    dlbm: text(fieldValue(layer, f, 'DLBM')),
    villageCode: villageCodeOf(text(fieldValue(layer, f, 'ZLDWDM'))),
  }));
}

export function forestRecords(layer: Layer): ForestRecord[] {
  return features(layer).map((f, index) => ({
    index,
    id: featureId(layer, f, 'LDBM', index),
    villageCode: villageCodeOf(text(fieldValue(layer, f, 'ZLDWDM'))),
  }));
}

export function villageRecords(layer: Layer): VillageRecord[] {
  return features(layer).map((f, index) => {
    const code = text(fieldValue(layer, f, 'ZLDWDM')) || text(fieldValue(layer, f, 'CJDM'));
    const name = text(fieldValue(layer, f, 'ZLDWMC')) || text(fieldValue(layer, f, 'CJMC'));
    return { index, code: villageCodeOf(code), name };
  });
}
