/**
 * The pure work of an overlay, one chunk of features of layer a at a time. The same class runs
 * in-process, in a Web Worker and in a Node worker thread; it takes packed layers and returns
 * typed arrays, so results travel back as transferred buffers.
 */
import Flatbush from 'flatbush';
import { makeAreaCalculator } from './ellipsoidalArea.ts';
import { CGCS2000, m2ToMu } from '../units.ts';
import { localPlane, type GridPoint, type LocalPlane } from './localPlane.ts';
import { featureBBox, featureCount, featurePolygons, type PackedLayer } from './packedLayer.ts';
import { PairClipper, type PairPiece } from './pairClip.ts';
import { projectFeature, type PlaneFeature } from './planeFeature.ts';
import { pathsBox } from './planePredicates.ts';
import { packPieces } from './pieceGeometry.ts';
import { keepsFeature, type FeaturePick } from './geometryPick.ts';

export interface OverlayTask {
  a: PackedLayer;
  /** null: a is overlaid with itself (self mode) */
  b: PackedLayer | null;
  /** [lon, lat] the local plane is centred on */
  center: [number, number];
  /** return the geometry of every pair */
  keepGeometry: boolean;
  /** return the geometry of the pairs of at least this many 亩 (geometryPick.ts AreaPick) */
  keepMinMu?: number;
  /** return every piece of the features of a this picks (geometryPick.ts FeaturePick) */
  featurePick?: FeaturePick;
  /**
   * Share of pairs (0–1) recomputed on the exact path as a check of the fast paths; the pairs are
   * picked by a hash of their indices, so a run is repeatable. Absent: DEFAULT_VERIFY_SHARE.
   */
  verifyShare?: number;
  /**
   * false when the caller needs the pairs and not coveredM2A: the union of each feature's pieces
   * is not computed, and in self mode each unordered pair is clipped once (i < j) instead of from
   * both sides; coveredM2A is then all zeros.
   */
  coverage?: boolean;
  /**
   * false when the caller needs no areaM2A (all zeros then): the pairs of the accounting's overlaps
   * are all it reads. Ignored with coverage or a featurePick, which need the areas.
   */
  areas?: boolean;
  /**
   * Per feature of b, 1 when it may share ground with another feature of b (0: it overlaps no
   * other with any area). With it, the union of a feature's pieces is computed only among pieces of
   * flagged features; the pieces of the others overlap nothing and their areas simply add up.
   * Absent: every feature may overlap.
   */
  bOverlapping?: Uint8Array;
}

/** 1 % of pairs are checked against the exact path by default. */
export const DEFAULT_VERIFY_SHARE = 0.01;

/** What the overlay's guards did (see PairClipStats). */
export interface OverlayChecks {
  boxCutRetries: number;
  sampled: number;
  sampleRetries: number;
  unionRetries: number;
}

/** A pair whose fast result was replaced by the exact one. */
export interface OverlayRetry {
  a: number;
  b: number;
  fastM2: number;
  exactM2: number;
}

export interface OverlayFailure {
  a: number;
  b: number;
  message: string;
}

export interface ChunkResult {
  start: number;
  end: number;
  pairA: Int32Array;
  pairB: Int32Array;
  pairAreaM2: Float64Array;
  /** per feature start..end−1 of a */
  areaM2A: Float64Array;
  coveredM2A: Float64Array;
  failures: OverlayFailure[];
  checks: OverlayChecks;
  retries: OverlayRetry[];
  /** one packed "feature" per pair, lon/lat, when the task keeps geometry */
  geometry?: PackedLayer;
}

const calculator = makeAreaCalculator(CGCS2000);

export class OverlayChunkEngine {
  private readonly a: PackedLayer;
  private readonly b: PackedLayer;
  private readonly self: boolean;
  private readonly keepGeometry: boolean;
  private readonly keepMinMu: number | undefined;
  private readonly featurePick: FeaturePick | undefined;
  private readonly plane: LocalPlane;
  private readonly clipper: PairClipper;
  private readonly index: Flatbush | null;
  private readonly indexed: Int32Array;
  private readonly verifyThreshold: number;
  /** false: no union of pieces (coveredM2A zeros) */
  private readonly coverage: boolean;
  /** false: no areaM2A (zeros) */
  private readonly areas: boolean;
  private readonly bOverlapping: Uint8Array | undefined;
  /** self mode without coverage: pairs j < i are skipped, not clipped */
  private readonly pairsOnce: boolean;
  private retries: OverlayRetry[] = [];
  private readonly cacheA = new Map<number, PlaneFeature | Error>();
  private readonly cacheB = new Map<number, PlaneFeature | Error>();

  constructor(task: OverlayTask) {
    this.a = task.a;
    this.b = task.b ?? task.a;
    this.self = task.b === null;
    this.keepGeometry = task.keepGeometry;
    this.keepMinMu = task.keepMinMu;
    this.featurePick = task.featurePick;
    this.coverage = task.coverage !== false;
    this.areas = task.areas !== false || this.coverage || task.featurePick !== undefined;
    this.bOverlapping = task.bOverlapping;
    this.pairsOnce = this.self && !this.coverage;
    this.plane = localPlane(task.center[0], task.center[1]);
    this.clipper = new PairClipper(this.plane);
    this.verifyThreshold = Math.round(Math.min(1, Math.max(0, task.verifyShare ?? DEFAULT_VERIFY_SHARE)) * 0x100000000);
    const { index, indexed } = buildIndex(this.b);
    this.index = index;
    this.indexed = indexed;
  }

  run(start: number, end: number): ChunkResult {
    const pairA: number[] = [];
    const pairB: number[] = [];
    const pairAreaM2: number[] = [];
    const pieces: GridPoint[][][] = [];
    const failures: OverlayFailure[] = [];
    const areaM2A = new Float64Array(end - start);
    const coveredM2A = new Float64Array(end - start);
    const stats = this.clipper.stats;
    stats.boxCutRetries = stats.sampled = stats.sampleRetries = stats.unionRetries = 0;
    this.retries = [];
    for (let i = start; i < end; i++) {
      if (this.areas) areaM2A[i - start] = calculator.geometryAreaM2({ type: 'MultiPolygon', coordinates: featurePolygons(this.a, i) });
      // pieces that may overlap one another (of flagged features of b), and the area of the others
      const covering: GridPoint[][][] = [];
      const coveringM2: number[] = [];
      let coveredSumM2 = 0;
      let apartM2 = 0;
      // a FeaturePick: the feature's pieces are kept for now, and dropped below unless it is picked
      const firstPiece = pieces.length;
      let pickedM2 = 0;
      for (const j of this.candidates(i)) {
        if (this.pairsOnce && j < i) continue;
        const piece = this.pair(i, j, failures);
        if (!piece) continue;
        if (this.bOverlapping && !this.bOverlapping[j]) apartM2 += piece.areaM2;
        else {
          covering.push(piece.paths);
          coveringM2.push(piece.areaM2);
          coveredSumM2 += piece.areaM2;
        }
        if (this.self && j < i) continue;
        pairA.push(i);
        pairB.push(j);
        pairAreaM2.push(piece.areaM2);
        if (this.keepGeometry) pieces.push(piece.paths);
        else if (this.keepMinMu !== undefined) pieces.push(m2ToMu(piece.areaM2) >= this.keepMinMu ? piece.paths : []);
        else if (this.featurePick) {
          pieces.push(piece.paths);
          pickedM2 += piece.areaM2;
        }
      }
      if (this.featurePick && pieces.length > firstPiece && !keepsFeature(this.featurePick, pickedM2, pieces.length - firstPiece, areaM2A[i - start])) {
        for (let k = firstPiece; k < pieces.length; k++) pieces[k] = [];
      }
      if (!this.coverage) continue;
      const coveredM2 = apartM2 + (covering.length > 1 && piecesMayOverlap(covering) ? this.clipper.coveredAreaM2(covering, coveringM2) : coveredSumM2);
      coveredM2A[i - start] = Math.min(Math.max(coveredM2, 0), areaM2A[i - start]);
    }
    // Chunks cover compact stretches of a; keeping b's projections only for the chunk bounds memory.
    this.cacheA.clear();
    this.cacheB.clear();
    const result: ChunkResult = {
      start,
      end,
      pairA: Int32Array.from(pairA),
      pairB: Int32Array.from(pairB),
      pairAreaM2: Float64Array.from(pairAreaM2),
      areaM2A,
      coveredM2A,
      failures,
      checks: { ...stats },
      retries: this.retries,
    };
    if (this.keepGeometry || this.keepMinMu !== undefined || this.featurePick) result.geometry = packPieces(pieces, this.plane);
    return result;
  }

  /** The intersection of a[i] and b[j] in lon/lat (null when empty), or an Error. */
  pairGeometry(i: number, j: number): PackedLayer | null | Error {
    const failures: OverlayFailure[] = [];
    const piece = this.pair(i, j, failures);
    if (failures.length > 0) return new Error(failures[0].message);
    return piece ? packPieces([piece.paths], this.plane) : null;
  }

  private candidates(i: number): number[] {
    const box = featureBBox(this.a, i);
    if (!box || !this.index) return [];
    const found = this.index.search(box[0], box[1], box[2], box[3]).map((k) => this.indexed[k]);
    found.sort((x, y) => x - y);
    return this.self ? found.filter((j) => j !== i) : found;
  }

  private pair(i: number, j: number, failures: OverlayFailure[]): PairPiece | null {
    try {
      const fa = this.feature(this.a, i, this.cacheA);
      const fb = this.feature(this.b, j, this.self ? this.cacheA : this.cacheB);
      if (!this.sampled(i, j)) return this.clipper.intersect(fa, fb);
      const { piece, disagreement } = this.clipper.intersectVerified(fa, fb);
      if (disagreement) this.retries.push({ a: i, b: j, ...disagreement });
      return piece;
    } catch (error) {
      failures.push({ a: i, b: j, message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  private sampled(i: number, j: number): boolean {
    return this.verifyThreshold > 0 && (this.verifyThreshold >= 0x100000000 || pairHash(i, j) < this.verifyThreshold);
  }

  private feature(layer: PackedLayer, k: number, cache: Map<number, PlaneFeature | Error>): PlaneFeature {
    let feature = cache.get(k);
    if (!feature) {
      try {
        feature = projectFeature(layer, k, this.plane);
      } catch (error) {
        feature = error instanceof Error ? error : new Error(String(error));
      }
      cache.set(k, feature);
    }
    if (feature instanceof Error) throw feature;
    return feature;
  }
}

/** A repeatable hash of the pair (murmur3's finaliser) against the share to verify. */
function pairHash(i: number, j: number): number {
  let h = Math.imul(i, 0x9e3779b1) ^ Math.imul(j + 0x7f4a7c15, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function buildIndex(layer: PackedLayer): { index: Flatbush | null; indexed: Int32Array } {
  const n = featureCount(layer);
  const boxes: [number, number, number, number][] = [];
  const indexed: number[] = [];
  for (let k = 0; k < n; k++) {
    const box = featureBBox(layer, k);
    if (!box) continue;
    boxes.push(box);
    indexed.push(k);
  }
  if (boxes.length === 0) return { index: null, indexed: new Int32Array(0) };
  const index = new Flatbush(boxes.length);
  for (const box of boxes) index.add(box[0], box[1], box[2], box[3]);
  index.finish();
  return { index, indexed: Int32Array.from(indexed) };
}

/** Whether any two pieces have overlapping boxes (if none do, their areas simply add up). */
function piecesMayOverlap(pieces: readonly GridPoint[][][]): boolean {
  const boxes = pieces.map(pathsBox);
  for (let s = 0; s < boxes.length; s++) {
    for (let t = s + 1; t < boxes.length; t++) {
      const p = boxes[s];
      const q = boxes[t];
      if (p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3]) return true;
    }
  }
  return false;
}
