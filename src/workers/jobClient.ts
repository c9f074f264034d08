/**
 * Runs a job in a job worker: typed by the job table, with progress and cancellation.
 * One long-lived worker serves the page (the main lane); jobs in it run one after another per
 * message order. A second one (the side lane) takes what may run beside it: while the page opens,
 * the sample's small layers are imported there while the main lane imports its plots.
 *
 * Cancelling stops the work, not only the wait: the worker is asked to abort the job, and when it
 * has not answered within CANCEL_GRACE_MS (a job deep in one synchronous step, such as a huge ring
 * being repaired, never looks at its signal) the worker is terminated and a fresh one serves the
 * next job. Other jobs that were in that worker fail with a message saying so; the other lane's
 * jobs go on.
 */
import type { JobProgress } from '../core/types.ts';
import type { JobInput, JobName, JobOutput, JobPartial } from './jobTable.ts';
import { joinLayerFeatures, type JobRequest, type JobResponse } from './jobProtocol.ts';

export type JobLane = 'main' | 'side';

export interface RunJobOptions {
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
  /** the worker to run in (default 'main') */
  lane?: JobLane;
  /**
   * Files the worker fetches itself, name → URL, into the input's `files` before the job runs: the
   * answers then never wait for a busy main thread (the sample county's, while the page starts).
   */
  fetchFiles?: Record<string, string>;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: JobProgress) => void;
  onPartial?: (partial: never) => void;
  /** feature slices received ahead of the result */
  slices: { layer: number; features: unknown[] }[];
}

/** An error from the worker, with the English text beside the Chinese `message` when it has one. */
export interface JobError extends Error {
  messageEn?: string;
}

/** How long a cancelled job may take to stop by itself before its worker is terminated. */
export const CANCEL_GRACE_MS = 500;

interface Lane {
  worker: Worker | null;
  pending: Map<number, Pending>;
  /** cancelled jobs the worker has not yet answered, with the timer that terminates it */
  cancelling: Map<number, ReturnType<typeof setTimeout>>;
}

const lanes: Record<JobLane, Lane> = {
  main: { worker: null, pending: new Map(), cancelling: new Map() },
  side: { worker: null, pending: new Map(), cancelling: new Map() },
};
let nextId = 1;

function getWorker(lane: Lane): Worker {
  if (lane.worker) return lane.worker;
  const { pending, cancelling } = lane;
  const created = new Worker(new URL('./jobWorker.ts', import.meta.url), { type: 'module' });
  lane.worker = created;
  created.onmessage = (event: MessageEvent<JobResponse>) => {
    const message = event.data;
    if (message.type === 'error' || message.type === 'result') {
      clearTimeout(cancelling.get(message.id));
      cancelling.delete(message.id);
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message.progress);
      return;
    }
    if (message.type === 'partial') {
      entry.onPartial?.(message.partial as never);
      return;
    }
    if (message.type === 'features') {
      entry.slices.push({ layer: message.layer, features: message.features });
      return;
    }
    pending.delete(message.id);
    if (message.type === 'result') entry.resolve(joinLayerFeatures(message.result, entry.slices));
    else {
      const error: JobError = new Error(message.message);
      error.name = message.name;
      if (message.messageEn) error.messageEn = message.messageEn;
      entry.reject(error);
    }
  };
  created.onerror = (event) => {
    // a crashed worker fails every job in flight; the page and its data stay as they were
    stopWorker(lane, created, `后台任务失败：${event.message || '未知错误'}`, `worker failed: ${event.message || 'unknown error'}`);
  };
  return created;
}

/** Terminates the lane's worker and fails the jobs still waiting on it. */
function stopWorker(lane: Lane, target: Worker, zh: string, en: string): void {
  target.terminate();
  if (lane.worker !== target) return;
  lane.worker = null;
  for (const timer of lane.cancelling.values()) clearTimeout(timer);
  lane.cancelling.clear();
  for (const entry of lane.pending.values()) {
    const error: JobError = new Error(zh);
    error.name = 'WorkerStopped';
    error.messageEn = en;
    entry.reject(error);
  }
  lane.pending.clear();
}

export function runJob<K extends JobName>(name: K, input: JobInput<K>, options: RunJobOptions & { onPartial?: (partial: JobPartial<K>) => void } = {}): Promise<JobOutput<K>> {
  const { signal, onProgress, onPartial } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  const id = nextId++;
  const lane = lanes[options.lane ?? 'main'];
  const { pending, cancelling } = lane;
  const w = getWorker(lane);
  return new Promise<JobOutput<K>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, onPartial, slices: [] });
    signal?.addEventListener(
      'abort',
      () => {
        if (!pending.has(id)) return;
        pending.delete(id);
        reject(cancelled());
        w.postMessage({ type: 'cancel', id } satisfies JobRequest);
        cancelling.set(
          id,
          setTimeout(() => {
            cancelling.delete(id);
            stopWorker(lane, w, '另一项后台任务被停止，本任务随之中断，请重试', 'another background job was stopped and this one with it; try again');
          }, CANCEL_GRACE_MS),
        );
      },
      { once: true },
    );
    // inputs are not transferred: the page keeps its own copy (edits are never lost); the big
    // layers of some jobs are sent once and kept by the worker (keptLayers)
    const fetchFiles = options.fetchFiles && Object.fromEntries(Object.entries(options.fetchFiles).map(([file, url]) => [file, absoluteUrl(url)]));
    w.postMessage({ type: 'run', id, job: name, ...keptLayers(w, name, input), ...(fetchFiles ? { fetch: fetchFiles } : {}) } satisfies JobRequest);
  });
}

/**
 * Jobs whose input layers the worker keeps between runs: a layer object (never changed in place:
 * edits make a new one) is copied to the worker once, and later runs name it by a key instead of
 * copying a county's survey again. The page decides what the worker keeps: the last few layers,
 * dropped with a 'forget' message; a new worker (after a crash or a cancel) starts empty.
 */
const KEPT_LAYER_JOBS: readonly JobName[] = ['reconcile'];
const KEPT_LAYERS_MAX = 6;
let keptBy: { worker: Worker; keys: WeakMap<object, string>; order: { key: string; layer: WeakRef<object> }[] } | null = null;
let nextKey = 1;

const isLayer = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && (value as { features?: { type?: unknown } }).features?.type === 'FeatureCollection';

function keptLayers(w: Worker, name: JobName, input: unknown): { input: unknown; keep?: Record<string, string>; kept?: Record<string, string> } {
  if (!KEPT_LAYER_JOBS.includes(name) || typeof input !== 'object' || input === null) return { input };
  if (keptBy?.worker !== w) keptBy = { worker: w, keys: new WeakMap(), order: [] };
  const cache = keptBy;
  const sent: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  const keep: Record<string, string> = {};
  const kept: Record<string, string> = {};
  for (const [field, value] of Object.entries(sent)) {
    if (!isLayer(value)) continue;
    const known = cache.keys.get(value);
    if (known) {
      kept[field] = known;
      delete sent[field];
      continue;
    }
    const key = `layer-${nextKey++}`;
    cache.keys.set(value, key);
    cache.order.push({ key, layer: new WeakRef(value) });
    keep[field] = key;
  }
  // the oldest beyond the last few are dropped (never one this run names)
  const named = new Set([...Object.values(keep), ...Object.values(kept)]);
  const excess = cache.order.length - KEPT_LAYERS_MAX;
  if (excess > 0) {
    const dropped = cache.order.filter((entry) => !named.has(entry.key)).slice(0, excess);
    for (const entry of dropped) {
      const layer = entry.layer.deref();
      if (layer) cache.keys.delete(layer);
    }
    cache.order = cache.order.filter((entry) => !dropped.includes(entry));
    if (dropped.length) w.postMessage({ type: 'forget', keys: dropped.map((entry) => entry.key) } satisfies JobRequest);
  }
  return { input: sent, ...(Object.keys(keep).length ? { keep } : {}), ...(Object.keys(kept).length ? { kept } : {}) };
}

/** A URL as the page means it: a worker would resolve a relative one against its own script's. */
const absoluteUrl = (url: string): string => new URL(url, globalThis.document?.baseURI ?? globalThis.location?.href).href;

/** Ends the lane's worker once its jobs are done (it is made again by the next job run in it). */
export function closeLane(name: JobLane): void {
  const lane = lanes[name];
  if (lane.worker && lane.pending.size === 0 && lane.cancelling.size === 0) {
    lane.worker.terminate();
    lane.worker = null;
  }
}

/** Jobs waiting on the worker (for tests and the status line). */
export function pendingJobCount(): number {
  return lanes.main.pending.size + lanes.side.pending.size;
}

function cancelled(): Error {
  const error = new Error('cancelled');
  error.name = 'CancelledError';
  return error;
}
