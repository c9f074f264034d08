/**
 * The overlay's worker pool on Node: worker_threads running the same worker body as the browser.
 * From the CLI's bundle (dist-cli/, scripts/buildCli.mjs) a thread runs the bundled worker,
 * overlayWorker.mjs beside it. From TypeScript run through tsx (tests, benchmarks) a worker thread
 * does not inherit tsx's loader (nor does `execArgv: ['--import', 'tsx']` help for a .ts entry on
 * Node 20), so each thread starts from a one-line bootstrap that registers tsx and then imports
 * the .ts entry.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createOverlayPool, type OverlayPool, type OverlayWorkerPort } from '../src/core/geometry/overlayPool.ts';
import type { OverlayWorkerReply } from '../src/core/geometry/overlayWorkerBody.ts';

const BUNDLED = !import.meta.url.endsWith('.ts');

function workerSource(): { source: string | URL; eval: boolean } {
  if (BUNDLED) return { source: new URL('./overlayWorker.mjs', import.meta.url), eval: false };
  const entry = new URL('./nodeOverlayWorker.ts', import.meta.url);
  // Resolved here, so the thread finds tsx whatever the working directory is.
  const tsxApi = import.meta.resolve('tsx/esm/api');
  return { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
}

export function createNodeOverlayPool(size = availableParallelism()): OverlayPool {
  const workers: OverlayWorkerPort[] = [];
  for (let k = 0; k < Math.max(1, size); k++) workers.push(nodeWorkerPort());
  // four chunks ahead: the threads keep working while the main thread reads the next layer
  return createOverlayPool(workers, { inFlight: 4 });
}

/** One worker thread running the overlay worker body. */
export function nodeWorkerPort(): OverlayWorkerPort {
  const { source, eval: isCode } = workerSource();
  // young generation as the CLI's main thread has it (package.json: --max-semi-space-size=64, × 3)
  const worker = new Worker(source, { eval: isCode, resourceLimits: { maxYoungGenerationSizeMb: 192 } });
  // An idle pool must not keep the process alive.
  worker.unref();
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onCrash) {
      worker.on('message', (reply: OverlayWorkerReply) => onReply(reply));
      worker.on('error', (error: unknown) => onCrash(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (code !== 0) onCrash(new Error(`叠加分析的工作线程意外退出（代码 ${code}），请重试；可用 SHUIDI_THREADS=1 不用线程 / overlay worker thread exited with code ${code}`));
      });
    },
    terminate: () => void worker.terminate(),
    hold: (busy) => (busy ? worker.ref() : worker.unref()),
  };
}
