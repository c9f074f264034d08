/// <reference lib="webworker" />
/** The job worker: runs the jobs of jobTable on request, handing them its pool of overlay workers (`runner`). */
import { jobTable, type JobName } from './jobTable.ts';
import { collectTransferables, sliceLayerFeatures, type JobRequest, type JobResponse } from './jobProtocol.ts';
import { createBrowserOverlayPool } from './overlayPool.ts';
import { withSmallInProcess } from '../core/geometry/overlayPool.ts';
import type { OverlayRunner } from '../core/geometry/overlay.ts';
import { inflateAhead } from '../io/read/zip.ts';
import { hasNativeInflate, nativeRawInflate } from './nativeInflate.ts';
import { fetchInputFiles } from './fetchInputFiles.ts';

/**
 * The overlay workers of the jobs that spread their overlays (reconcile), made on first use and
 * kept; a run that fails (a worker that died, out of memory say) closes them, and the next job gets
 * new ones.
 */
let pool: ReturnType<typeof createBrowserOverlayPool> | null = null;
const overlayRunner = (): OverlayRunner => {
  const current = (pool ??= createBrowserOverlayPool());
  const inner = withSmallInProcess(current);
  return {
    run: (task, context) => inner.run(task, context).catch((error: unknown) => {
      if ((error as Error)?.name !== 'CancelledError' && pool === current) {
        current.close();
        pool = null;
      }
      throw error;
    }),
  };
};

/**
 * The zips a job is given (an import's files) are inflated first by the browser's native
 * DecompressionStream; the job's reading then takes those bytes instead of inflating in JavaScript
 * (src/io/read/zip.ts inflateAhead: same limits, same messages).
 */
const nativeInflate = hasNativeInflate();
async function inflateZipsAhead(input: unknown): Promise<void> {
  const files = (input as { files?: unknown } | null)?.files;
  if (!nativeInflate || typeof files !== 'object' || files === null) return;
  // inflateAhead opens the .zip ones; other jobs' `files` (the accounting's) are file names
  const bytes = Object.fromEntries(Object.entries(files).filter(([, value]) => value instanceof Uint8Array));
  await inflateAhead(bytes as Record<string, Uint8Array>, nativeRawInflate);
}

const running = new Map<number, AbortController>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: JobResponse, transfer: ArrayBuffer[] = []): void {
  scope.postMessage(message, transfer);
}

/** Layers the page asked the worker to keep between jobs (jobClient.ts keptLayers). */
const keptLayers = new Map<string, unknown>();

/** The input with its kept layers put back, and the new ones kept. */
function withKeptLayers(input: unknown, keep?: Record<string, string>, kept?: Record<string, string>): unknown {
  if (!keep && !kept) return input;
  const full: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [field, key] of Object.entries(keep ?? {})) keptLayers.set(key, full[field]);
  for (const [field, key] of Object.entries(kept ?? {})) {
    if (!keptLayers.has(key)) throw new Error(`后台任务缺少图层（${field}），请重试 / the worker lost a layer (${field}); try again`);
    full[field] = keptLayers.get(key);
  }
  return full;
}

async function run(id: number, job: JobName, sent: unknown, keep?: Record<string, string>, kept?: Record<string, string>, urls?: Record<string, string>): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const input = await fetchInputFiles(withKeptLayers(sent, keep, kept), urls, controller.signal);
    const fn = jobTable[job] as (input: unknown, context: object) => Promise<unknown>;
    if (!fn) throw new Error(`unknown job ${String(job)}`);
    await inflateZipsAhead(input);
    const result = await fn(input, {
      signal: controller.signal,
      get runner() {
        return overlayRunner();
      },
      onProgress: (progress: { stage: string; done: number; total: number }) => post({ type: 'progress', id, progress }),
      // copied, not transferred: a partial's buffers may be its result's own (an import's GeoJSON)
      onPartial: (partial: unknown) => post({ type: 'partial', id, partial }),
    });
    const { slices, rest } = sliceLayerFeatures(result);
    for (const slice of slices) post({ type: 'features', id, ...slice });
    post({ type: 'result', id, result: rest }, collectTransferables(rest));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const messageEn = (e as { messageEn?: unknown }).messageEn;
    post({ type: 'error', id, name: e.name, message: e.message, ...(typeof messageEn === 'string' ? { messageEn } : {}) });
  } finally {
    running.delete(id);
  }
}

scope.onmessage = (event: MessageEvent<JobRequest>) => {
  const message = event.data;
  if (message.type === 'run') void run(message.id, message.job, message.input, message.keep, message.kept, message.fetch);
  else if (message.type === 'cancel') running.get(message.id)?.abort();
  else if (message.type === 'forget') for (const key of message.keys) keptLayers.delete(key);
};
