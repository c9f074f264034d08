/**
 * Runs a job in the job worker: typed by the job table, with progress and cancellation.
 * One long-lived worker serves the page; jobs in it run one after another per message order.
 */
import type { JobProgress } from '../core/types.ts';
import type { JobInput, JobName, JobOutput } from './jobTable.ts';
import { joinLayerFeatures, type JobRequest, type JobResponse } from './jobProtocol.ts';

export interface RunJobOptions {
  onProgress?: (progress: JobProgress) => void;
  signal?: AbortSignal;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: JobProgress) => void;
  /** feature slices received ahead of the result */
  slices: { layer: number; features: unknown[] }[];
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./jobWorker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<JobResponse>) => {
    const message = event.data;
    const entry = pending.get(message.id);
    if (!entry) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message.progress);
      return;
    }
    if (message.type === 'features') {
      entry.slices.push({ layer: message.layer, features: message.features });
      return;
    }
    pending.delete(message.id);
    if (message.type === 'result') entry.resolve(joinLayerFeatures(message.result, entry.slices));
    else {
      const error = new Error(message.message);
      error.name = message.name;
      entry.reject(error);
    }
  };
  worker.onerror = (event) => {
    // a crashed worker fails every job in flight; the page and its data stay as they were
    const error = new Error(`worker failed: ${event.message || 'unknown error'}`);
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
    worker?.terminate();
    worker = null;
  };
  return worker;
}

export function runJob<K extends JobName>(name: K, input: JobInput<K>, options: RunJobOptions = {}): Promise<JobOutput<K>> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(cancelled());
  const id = nextId++;
  const w = getWorker();
  return new Promise<JobOutput<K>>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress, slices: [] });
    signal?.addEventListener(
      'abort',
      () => {
        if (!pending.has(id)) return;
        pending.delete(id);
        w.postMessage({ type: 'cancel', id } satisfies JobRequest);
        reject(cancelled());
      },
      { once: true },
    );
    // inputs are not transferred: the page keeps its own copy (edits are never lost)
    w.postMessage({ type: 'run', id, job: name, input } satisfies JobRequest);
  });
}

function cancelled(): Error {
  const error = new Error('cancelled');
  error.name = 'CancelledError';
  return error;
}

