/**
 * Overlay of two polygon layers: every intersecting pair with its ellipsoidal overlap area, the
 * area of each feature of a, and how much of it the union of b covers. See
 * docs/area-and-overlay.md for the method and its accuracy.
 */
import type { Geometry, MultiPolygon, Polygon } from 'geojson';
import { CancelledError, throwIfCancelled, type JobContext } from '../types.ts';
import {
  OverlayChunkEngine,
  type ChunkResult,
  type OverlayChecks,
  type OverlayFailure,
  type OverlayRetry,
  type OverlayTask,
} from './overlayChunk.ts';
import { featureCount, packedExtent, packLayer, type PackedLayer } from './packedLayer.ts';
import { unpackGeometry } from './pieceGeometry.ts';
import { isAreaPick, isFeaturePick, type KeepGeometry } from './geometryPick.ts';

export type { OverlayTask, ChunkResult, OverlayFailure, OverlayChecks, OverlayRetry };

/** Runs the chunks of a task somewhere else (a worker pool); results in any order. */
export interface OverlayRunner {
  run(task: OverlayTask, context: JobContext & { chunkSize?: number }): Promise<ChunkResult[]>;
}

export interface OverlayOptions extends JobContext {
  /** return pair geometries (lon/lat): all, those the function picks, or those of at least {minMu} 亩 (geometryPick.ts) */
  keepGeometry?: KeepGeometry;
  /** a and b are the same layer: report each unordered pair i<j once, never i with itself */
  self?: boolean;
  /** optional parallel runner (worker pool); absent = run in-process */
  runner?: OverlayRunner;
  /** share of pairs also computed on the exact path as a check (default 1 %); 1 checks every pair */
  verifyShare?: number;
  /**
   * false when only the pairs (and areaM2A) are needed: no union of each feature's pieces, and with
   * `self` each pair clipped once instead of from both sides; coveredM2A is all zeros (default true)
   */
  coverage?: boolean;
  /**
   * Inputs already packed: an input array found here is taken in this packed form instead of being
   * packed again (it must be packLayer's packing of those very geometries, which unpacking a packed
   * layer and packing it again gives back: test/geometry/packedLayer.test.ts)
   */
  packed?: ReadonlyMap<readonly (Geometry | null)[], PackedLayer>;
  /** false: areaM2A is not computed (all zeros) when neither coverage nor a feature pick needs it (default true) */
  areas?: boolean;
  /** per feature of b: 1 if it may overlap another feature of b, 0 if it overlaps none (OverlayTask.bOverlapping) */
  bOverlapping?: Uint8Array;
}

export interface OverlayPair {
  a: number;
  b: number;
  areaM2: number;
  geometry?: Polygon | MultiPolygon;
}

export interface OverlayResult {
  /** every intersecting pair with ellipsoidal overlap area (slivers included) */
  pairs: OverlayPair[];
  /** ellipsoidal area of each a feature */
  areaM2A: Float64Array;
  /** area of each a covered by the union of b (no double counting where b overlaps itself) */
  coveredM2A: Float64Array;
  /** pairs that could not be clipped by any method (should be empty) */
  failures: { a: number; b: number; message: string }[];
  /** what the guards of the fast paths did: box cuts redone, pairs sampled, sampled pairs retried */
  checks: OverlayChecks;
  /** sampled pairs whose fast result disagreed with the exact path (the exact area is reported) */
  retries: OverlayRetry[];
}

/** Features of a per chunk: small enough for prompt progress and cancel, large enough to be cheap. */
export const DEFAULT_CHUNK_SIZE = 1000;

export async function overlay(
  a: (Geometry | null)[],
  b: (Geometry | null)[],
  options: OverlayOptions = {},
): Promise<OverlayResult> {
  throwIfCancelled(options.signal);
  const packedA = options.packed?.get(a) ?? packLayer(a);
  const packedB = options.self ? null : (options.packed?.get(b) ?? packLayer(b));
  const task: OverlayTask = {
    a: packedA,
    b: packedB,
    center: centerOf(packedA, packedB ?? packedA),
    keepGeometry: options.keepGeometry === true,
    ...(isAreaPick(options.keepGeometry) ? { keepMinMu: options.keepGeometry.minMu } : {}),
    ...(isFeaturePick(options.keepGeometry) ? { featurePick: options.keepGeometry } : {}),
    verifyShare: options.verifyShare,
    coverage: options.coverage,
    ...(options.areas === false ? { areas: false } : {}),
    ...(options.bOverlapping ? { bOverlapping: options.bOverlapping } : {}),
  };
  const chunks = options.runner
    ? await options.runner.run(task, { onProgress: options.onProgress, signal: options.signal })
    : await runInProcess(task, options);
  throwIfCancelled(options.signal);
  const result = mergeChunks(chunks, featureCount(packedA));
  if (typeof options.keepGeometry === 'function') addPickedGeometry(result, task, options.keepGeometry);
  return result;
}

/** Runs a task's chunks one after another, yielding between chunks for progress and cancel. */
export async function runInProcess(
  task: OverlayTask,
  context: JobContext & { chunkSize?: number } = {},
): Promise<ChunkResult[]> {
  const engine = new OverlayChunkEngine(task);
  const total = featureCount(task.a);
  const chunkSize = context.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const chunks: ChunkResult[] = [];
  for (let start = 0; start < total; start += chunkSize) {
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    if (context.signal?.aborted) throw new CancelledError();
    chunks.push(engine.run(start, Math.min(total, start + chunkSize)));
    context.onProgress?.({ stage: 'overlay', done: Math.min(total, start + chunkSize), total });
  }
  return chunks;
}

function mergeChunks(chunks: ChunkResult[], total: number): OverlayResult {
  const sorted = [...chunks].sort((p, q) => p.start - q.start);
  const areaM2A = new Float64Array(total);
  const coveredM2A = new Float64Array(total);
  const pairs: OverlayPair[] = [];
  const failures: OverlayFailure[] = [];
  const checks: OverlayChecks = { boxCutRetries: 0, sampled: 0, sampleRetries: 0, unionRetries: 0 };
  const retries: OverlayRetry[] = [];
  for (const chunk of sorted) {
    checks.boxCutRetries += chunk.checks.boxCutRetries;
    checks.sampled += chunk.checks.sampled;
    checks.sampleRetries += chunk.checks.sampleRetries;
    checks.unionRetries += chunk.checks.unionRetries;
    retries.push(...chunk.retries);
    areaM2A.set(chunk.areaM2A, chunk.start);
    coveredM2A.set(chunk.coveredM2A, chunk.start);
    for (let k = 0; k < chunk.pairA.length; k++) {
      const pair: OverlayPair = { a: chunk.pairA[k], b: chunk.pairB[k], areaM2: chunk.pairAreaM2[k] };
      if (chunk.geometry) {
        const geometry = unpackGeometry(chunk.geometry, k);
        if (geometry) pair.geometry = geometry;
      }
      pairs.push(pair);
    }
    failures.push(...chunk.failures);
  }
  return { pairs, areaM2A, coveredM2A, failures, checks, retries };
}

/** Geometry for the pairs a caller picked, clipped again in-process (the picks are usually few). */
function addPickedGeometry(
  result: OverlayResult,
  task: OverlayTask,
  pick: (a: number, b: number, areaM2: number) => boolean,
): void {
  let engine: OverlayChunkEngine | null = null;
  for (const pair of result.pairs) {
    if (!pick(pair.a, pair.b, pair.areaM2)) continue;
    engine ??= new OverlayChunkEngine({ ...task, keepGeometry: true });
    const packed = engine.pairGeometry(pair.a, pair.b);
    if (packed instanceof Error) result.failures.push({ a: pair.a, b: pair.b, message: packed.message });
    else if (packed) pair.geometry = unpackGeometry(packed, 0) ?? undefined;
  }
}

/** The middle of both layers' extent: the local plane's centre. */
function centerOf(a: PackedLayer, b: PackedLayer): [number, number] {
  const box = packedExtent([a, b]);
  if (!box) return [0, 0];
  return [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2];
}
