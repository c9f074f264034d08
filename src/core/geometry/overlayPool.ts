/**
 * A pool of overlay workers, whatever they are (Web Workers, Node worker threads, or in-process
 * stand-ins in tests). Each worker gets its own copy of the packed layers (buffers transferred),
 * then chunks of layer a are handed out one at a time to whichever worker is free, so progress
 * is reported as chunks come back and a cancel stops handing out work at once.
 */
import { CancelledError, type JobContext } from '../types.ts';
import type { ChunkResult, OverlayRunner, OverlayTask } from './overlay.ts';
import { DEFAULT_CHUNK_SIZE, runInProcess } from './overlay.ts';
import { copyPackedLayer, featureCount, packedBuffers } from './packedLayer.ts';
import type { OverlayWorkerReply, OverlayWorkerRequest } from './overlayWorkerBody.ts';

/** The little a pool needs of a worker. */
export interface OverlayWorkerPort {
  postMessage(message: OverlayWorkerRequest, transfer: ArrayBuffer[]): void;
  /** registers the single reply handler and the handler for a worker that died */
  listen(onReply: (reply: OverlayWorkerReply) => void, onCrash: (error: Error) => void): void;
  terminate(): void;
  /** keep the host process alive while a task runs (Node); optional */
  hold?(busy: boolean): void;
}

export interface OverlayPool extends OverlayRunner {
  readonly size: number;
  close(): void;
}

export interface OverlayPoolOptions {
  /**
   * Chunks handed to a worker ahead of its replies (2: one computing, one waiting). More keeps the
   * workers busy while the caller's thread is itself busy for a while (the CLI reads a layer
   * meanwhile); fewer makes a cancel take effect sooner (the page).
   */
  inFlight?: number;
}

/**
 * A pool's runner that keeps small overlays in-process: shipping a few thousand features to the
 * workers costs more than it saves (the results are the same either way).
 */
export function withSmallInProcess(pool: OverlayRunner, minFeatures = 5000): OverlayRunner {
  return { run: (task, context) => (featureCount(task.a) < minFeatures ? runInProcess(task, context) : pool.run(task, context)) };
}

export function createOverlayPool(workers: OverlayWorkerPort[], options: OverlayPoolOptions = {}): OverlayPool {
  const inFlight = Math.max(1, options.inFlight ?? 2);
  let nextTaskId = 1;
  let busy: Promise<unknown> = Promise.resolve();
  const handlers = new Map<OverlayWorkerPort, (reply: OverlayWorkerReply) => void>();
  const crashHandlers = new Map<OverlayWorkerPort, (error: Error) => void>();
  for (const worker of workers) {
    worker.listen(
      (reply) => handlers.get(worker)?.(reply),
      (error) => crashHandlers.get(worker)?.(error),
    );
  }
  const runOne = (task: OverlayTask, context: JobContext & { chunkSize?: number }) =>
    runTask(nextTaskId++, task, context, workers, handlers, crashHandlers, inFlight);
  return {
    size: workers.length,
    run(task, context) {
      // One task at a time: a second caller waits for the first to finish.
      const result = busy.then(() => runOne(task, context));
      busy = result.catch(() => undefined);
      return result;
    },
    close() {
      for (const worker of workers) worker.terminate();
    },
  };
}

function runTask(
  taskId: number,
  task: OverlayTask,
  context: JobContext & { chunkSize?: number },
  workers: OverlayWorkerPort[],
  handlers: Map<OverlayWorkerPort, (reply: OverlayWorkerReply) => void>,
  crashHandlers: Map<OverlayWorkerPort, (error: Error) => void>,
  inFlight: number,
): Promise<ChunkResult[]> {
  const total = featureCount(task.a);
  const chunkSize = context.chunkSize ?? Math.max(50, Math.min(DEFAULT_CHUNK_SIZE, Math.ceil(total / (workers.length * 8))));
  const starts: number[] = [];
  for (let start = 0; start < total; start += chunkSize) starts.push(start);
  return new Promise<ChunkResult[]>((resolve, reject) => {
    const results: ChunkResult[] = [];
    let nextChunk = 0;
    let done = 0;
    let finished = false;
    const finish = (error: Error | null) => {
      if (finished) return;
      finished = true;
      context.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) {
        worker.hold?.(false);
        handlers.delete(worker);
        crashHandlers.delete(worker);
        worker.postMessage({ type: 'drop', taskId }, []);
      }
      if (error) reject(error);
      else resolve(results);
    };
    const onAbort = () => finish(new CancelledError());
    const dispatch = (worker: OverlayWorkerPort) => {
      if (finished || nextChunk >= starts.length) return;
      const start = starts[nextChunk];
      worker.postMessage({ type: 'chunk', taskId, chunkId: nextChunk++, start, end: Math.min(total, start + chunkSize) }, []);
    };
    if (context.signal?.aborted) return finish(new CancelledError());
    context.signal?.addEventListener('abort', onAbort, { once: true });
    if (starts.length === 0) return finish(null);
    for (const worker of workers) {
      worker.hold?.(true);
      handlers.set(worker, (reply) => {
        if (finished || reply.taskId !== taskId) return;
        if (reply.type === 'error') return finish(new Error(`叠加分析出错：${reply.message} / overlay worker: ${reply.message}`));
        results.push(reply.result);
        done += reply.result.end - reply.result.start;
        context.onProgress?.({ stage: 'overlay', done, total });
        if (results.length === starts.length) finish(null);
        else dispatch(worker);
      });
      crashHandlers.set(worker, (error) => finish(error));
      const copy = { ...task, a: copyPackedLayer(task.a), b: task.b ? copyPackedLayer(task.b) : null };
      const transfer = [...packedBuffers(copy.a), ...(copy.b ? packedBuffers(copy.b) : [])];
      worker.postMessage({ type: 'task', taskId, task: copy }, transfer);
      // more than one in flight per worker keeps it busy while a result travels back
      for (let k = 0; k < inFlight; k++) dispatch(worker);
    }
  });
}
