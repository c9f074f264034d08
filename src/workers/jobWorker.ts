/// <reference lib="webworker" />
/** The job worker: runs the jobs of jobTable on request; no logic of its own. */
import { jobTable, type JobName } from './jobTable.ts';
import { collectTransferables, sliceLayerFeatures, type JobRequest, type JobResponse } from './jobProtocol.ts';

const running = new Map<number, AbortController>();
const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: JobResponse, transfer: ArrayBuffer[] = []): void {
  scope.postMessage(message, transfer);
}

async function run(id: number, job: JobName, input: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  try {
    const fn = jobTable[job] as (input: unknown, context: object) => Promise<unknown>;
    if (!fn) throw new Error(`unknown job ${String(job)}`);
    const result = await fn(input, {
      signal: controller.signal,
      onProgress: (progress: { stage: string; done: number; total: number }) => post({ type: 'progress', id, progress }),
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
  if (message.type === 'run') void run(message.id, message.job, message.input);
  else if (message.type === 'cancel') running.get(message.id)?.abort();
};
