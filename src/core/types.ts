/**
 * Domain types shared by every layer. Inside core everything is lon/lat on CGCS2000 (EPSG:4490);
 * areas are ellipsoidal m², shown in 亩; water volumes are m³, shown in 万m³.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';

export type { Feature, FeatureCollection, Geometry };

/** What a layer is for; decides which canonical fields are looked for. */
export type LayerKind =
  | 'villages'
  | 'survey'
  | 'plots'
  | 'forest'
  | 'wells'
  | 'canals'
  | 'reservoirs'
  | 'other';

export const LAYER_KINDS: readonly LayerKind[] = [
  'villages',
  'survey',
  'plots',
  'forest',
  'wells',
  'canals',
  'reservoirs',
  'other',
];

export type PropertyValue = string | number | boolean | null;
export type Properties = Record<string, PropertyValue>;

/** How the coordinate reference system of a layer was determined. */
export type CrsSource = 'user' | 'prj' | 'inferred' | 'geojson' | 'default';

export interface CrsInfo {
  /** e.g. "EPSG:4517" when the CRS matches a known code. */
  code: string | null;
  /** human-readable name, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 29". */
  name: string;
  /** the proj4 definition used to reproject (empty for lon/lat). */
  proj4: string;
  source: CrsSource;
  /** why: "from .prj (ESRI WKT)", "zone 29 from the easting's leading digits", … */
  detail: string;
}

export type EncodingSource = 'user' | 'cpg' | 'ldid' | 'detected' | 'default' | 'none';

/** A problem found while reading a file; never thrown, always shown. */
export interface ImportWarning {
  file: string;
  /** the feature's code or 1-based index, when the warning is about one feature */
  featureId?: string;
  /** machine-readable kind, e.g. "prj-missing", "ring-unclosed", "self-intersection" */
  code: string;
  message: string;
  /** true when the tool changed the data to repair it */
  repaired?: boolean;
}

export interface FieldInfo {
  name: string;
  /** DBF type letter (C, N, F, L, D) or a JSON type */
  type: string;
  /** the canonical field this one is mapped to, if any */
  canonical?: string;
}

/**
 * A loaded layer. Features are GeoJSON in lon/lat; each has a string `id` that is unique
 * in the layer (the layer's code field when present and unique, else the 1-based index).
 */
export interface Layer {
  id: string;
  name: string;
  kind: LayerKind;
  sourceFiles: string[];
  crs: CrsInfo;
  encoding: string;
  encodingSource: EncodingSource;
  fields: FieldInfo[];
  features: FeatureCollection<Geometry | null, Properties>;
  warnings: ImportWarning[];
  /**
   * Wells only: the year whose readings (NJLL/NYDL, JLL01…/YDL01…) the layer holds; other years
   * have no reading (core/accounting/wells.ts wellsForYear). Set at import to the year then chosen.
   */
  readingsYear?: number;
}

/** Planting status of a plot. */
export type PlotStatus = '种植' | '退减' | '休耕';
export const PLOT_STATUSES: readonly PlotStatus[] = ['种植', '退减', '休耕'];

export type Tenure = '确权承包地' | '集体机动地' | '国有耕地' | '储备补充耕地';
export const TENURES: readonly Tenure[] = ['确权承包地', '集体机动地', '国有耕地', '储备补充耕地'];

export type IrrigationMethod = '滴灌' | '喷灌' | '管灌' | '漫灌';
export const IRRIGATION_METHODS: readonly IrrigationMethod[] = ['滴灌', '喷灌', '管灌', '漫灌'];

export type WaterSource = '井灌' | '渠灌' | '井渠混灌';
export const WATER_SOURCES: readonly WaterSource[] = ['井灌', '渠灌', '井渠混灌'];

export type ForestType = '退耕还林' | '道路林' | '农田防护林' | '经济林' | '村庄绿化' | '苗圃';
export const FOREST_TYPES: readonly ForestType[] = [
  '退耕还林',
  '道路林',
  '农田防护林',
  '经济林',
  '村庄绿化',
  '苗圃',
];

export type CanalClass = '干渠' | '支渠' | '斗渠';

/** Progress and cancellation handed to every job; jobs never know where they run. */
export interface JobContext {
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
  /**
   * A part of the result known before the whole, and final for what it holds (the accounting's
   * groundwater shares before its overlaps): the page's worker posts it on.
   */
  onPartial?: (partial: unknown) => void;
}

export interface JobProgress {
  /** what is being done, as a message key or short text */
  stage: string;
  done: number;
  total: number;
}

/** A problem in both languages: Chinese first (the interface's default), English under the switch. */
export interface Bilingual {
  zh: string;
  en: string;
}

/**
 * Thrown (or returned) for bad input: names the file, the feature and the problem. Given both
 * languages, `message` is the Chinese text and `messageEn` the English one; a problem given as
 * one string (older readers, written in English) is both.
 */
export class InputError extends Error {
  readonly file: string;
  readonly featureId?: string;
  readonly messageEn: string;
  constructor(file: string, problem: string | Bilingual, featureId?: string) {
    if (typeof problem === 'string') {
      super(featureId ? `${file}: feature ${featureId}: ${problem}` : `${file}: ${problem}`);
      this.name = 'InputError';
      this.file = file;
      this.featureId = featureId;
      this.messageEn = this.message;
      return;
    }
    const { zh, en } = problem;
    super(featureId ? `${file}：要素 ${featureId}：${zh}` : `${file}：${zh}`);
    this.name = 'InputError';
    this.file = file;
    this.featureId = featureId;
    this.messageEn = featureId ? `${file}: feature ${featureId}: ${en}` : `${file}: ${en}`;
  }
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError();
}
