/**
 * The geometry operations the reconciliation needs, as an interface so the rules can be tested on
 * hand-written overlay outcomes and the job can hand in the real overlay engine
 * (src/core/geometry: overlay.ts, clip.ts) — see realEngine.ts.
 */
import type { KeepGeometry } from '../geometry/geometryPick.ts';
import type { Geometry } from 'geojson';
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
  areaM2A: ArrayLike<number>;
  /** area of every feature of the first collection covered by the union of the second, m² */
  coveredM2A: ArrayLike<number>;
  /** pairs that could not be computed */
  failures: { a: number; b: number; message: string }[];
  /** what the overlay's guards redid (box cuts, sampled pairs whose fast result was wrong); absent = none */
  checks?: { boxCutRetries: number; sampled: number; sampleRetries: number; unionRetries?: number };
  /**
   * features of a with a failed pair that was recomputed on its own and added to pairs: their
   * coveredM2A is missing that pair (set by the reconciliation's stage runner)
   */
  repairedA?: ReadonlySet<number>;
}

/** Which pairs to return with their geometry (core/geometry/geometryPick.ts). */
export type { GeometryPick, KeepGeometry } from '../geometry/geometryPick.ts';

export interface OverlayOptions {
  keepGeometry?: KeepGeometry;
  /** overlay a collection with itself: each unordered pair of distinct features once */
  self?: boolean;
  /** false when only the pairs and areaM2A are needed (coveredM2A is then zeros; overlay.ts) */
  coverage?: boolean;
  /** per feature of b: 1 if it may overlap another feature of b, 0 if it overlaps none (a hint: coveredM2A is the same) */
  bOverlapping?: Uint8Array;
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
}

export interface ReconcileEngine {
  overlay(a: readonly (Geometry | null)[], b: readonly (Geometry | null)[], options: OverlayOptions): Promise<OverlayOutcome>;
  /** a minus the union of the others; null when nothing is left */
  difference(a: Geometry, others: readonly Geometry[]): Promise<Geometry | null>;
  /** the intersection of two features, for pairs the overlay could not compute */
  intersection(a: Geometry, b: Geometry): Promise<Geometry | null>;
  /** ellipsoidal area on CGCS2000, m² */
  areaM2(geometry: Geometry | null): number;
}
