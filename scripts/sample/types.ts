/** Geometry and pieces of the sample county, in the local grid frame (u east-ish, v north-ish, metres). */
export type Pt = [number, number];
/** a closed ring (first point repeated last) */
export type Ring = Pt[];
/** outer ring then holes */
export type Poly = Ring[];

export const CROPS = ['棉花', '玉米', '小麦', '蔬菜', '果树', '苜蓿'] as const;
export type Crop = (typeof CROPS)[number];
export const FOREST_TYPES = ['退耕还林', '道路林', '农田防护林', '经济林', '村庄绿化', '苗圃'] as const;
export type ForestType = (typeof FOREST_TYPES)[number];
export const STATUSES = ['种植', '退减', '休耕'] as const;
export const TENURES = ['确权承包地', '集体机动地', '国有耕地', '储备补充耕地'] as const;
export const METHODS = ['滴灌', '喷灌', '管灌', '漫灌'] as const;
export const SOURCES = ['井灌', '渠灌', '井渠混灌'] as const;
export type Status = (typeof STATUSES)[number];
export type Tenure = (typeof TENURES)[number];
export type Method = (typeof METHODS)[number];
export type Source = (typeof SOURCES)[number];

export interface SurveyPiece {
  polys: Poly[];
  dlbm: string;
  village: number;
  /** set when the parcel was clipped by the county outline (already irregular) */
  clipped?: boolean;
  /** a tag for anomalies (e.g. the uncovered corner) */
  tag?: string;
  /** the part of an 'uncovered' parcel that no plot or forest covers */
  uncoveredPolys?: Poly[];
  /** width of a linear feature (road, canal), m: XZDWKD */
  widthM?: number;
  /** 三调 planting attribute (ZZSXDM) of cultivated parcels */
  zzsx?: string;
}

export interface PlotPiece {
  polys: Poly[];
  village: number;
  cell: number;
  courtyard: boolean;
  /** crop fixed by the cell type (orchards), else chosen from the cell's profile */
  crop?: Crop;
  /** true for a plain rectangle strip (anomaly candidates) */
  strip?: boolean;
  tag?: string;
}

export interface ForestPiece {
  polys: Poly[];
  village: number;
  type: ForestType;
  tag?: string;
}

export interface CellContent {
  survey: SurveyPiece[];
  plots: PlotPiece[];
  forest: ForestPiece[];
}

export const rect = (u0: number, v0: number, u1: number, v1: number): Ring => [
  [u0, v0],
  [u1, v0],
  [u1, v1],
  [u0, v1],
  [u0, v0],
];

export const emptyContent = (): CellContent => ({ survey: [], plots: [], forest: [] });
