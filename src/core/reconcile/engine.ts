/**
 * The geometry operations the reconciliation needs, as an interface so the rules can be tested on
 * hand-written overlay results and the job can hand in the real overlay engine
 * (src/core/geometry: overlay.ts, clip.ts, ellipsoidalArea.ts) — see realEngine.ts.
 */
import type { Feature, Geometry } from 'geojson';
import type { JobProgress } from '../types.ts';

export interface OverlayPair {
  /** index into the first collection */
  a: number;
  /** index into the second collection (the first, for a self overlay) */
  b: number;
  /** ellipsoidal area of the intersection, m² */
  areaM2: number;
  geometry?: Geometry | null;
}

export interface OverlayOutcome {
  pairs: OverlayPair[];
  /** ellipsoidal area of every feature of the first collection, m² */
  areaM2A: number[];
  /** area of every feature of the first collection covered by the union of the second, m² */
  coveredM2A: number[];
  /** pairs that could not be computed, as messages */
  failures: string[];
}

export interface OverlayOptions {
  keepGeometry?: boolean;
  /** overlay a collection with itself: each unordered pair of distinct features once */
  self?: boolean;
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
}

export type PolygonFeature = Feature<Geometry | null>;

export interface ReconcileEngine {
  overlay(a: readonly PolygonFeature[], b: readonly PolygonFeature[], options: OverlayOptions): Promise<OverlayOutcome>;
  /** a minus the union of the others; null when nothing is left */
  difference(a: Geometry, others: readonly Geometry[]): Promise<Geometry | null>;
  areaM2(geometry: Geometry): number;
}
