/**
 * The overlay's worker pool in the browser: Web Workers running the same worker body as Node's
 * threads. Pass the pool as `runner` to overlay(); close it when the page no longer needs it.
 * Works from the page and from inside the job worker (nested dedicated workers).
 */
import { createOverlayPool, type OverlayPool, type OverlayWorkerPort } from '../core/geometry/overlayPool.ts';
import type { OverlayWorkerReply } from '../core/geometry/overlayWorkerBody.ts';

export function createBrowserOverlayPool(size = defaultSize()): OverlayPool {
  const workers: OverlayWorkerPort[] = [];
  for (let k = 0; k < size; k++) workers.push(browserWorkerPort());
  return createOverlayPool(workers);
}

function defaultSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 2;
  return Math.max(1, Math.min(8, cores || 2));
}

function browserWorkerPort(): OverlayWorkerPort {
  const worker = new Worker(new URL('./overlayWorker.ts', import.meta.url), { type: 'module', name: 'overlay' });
  return {
    postMessage: (message, transfer) => worker.postMessage(message, transfer),
    listen(onReply, onCrash) {
      worker.onmessage = (event: MessageEvent<OverlayWorkerReply>) => onReply(event.data);
      worker.onerror = (event: ErrorEvent) => onCrash(new Error(`叠加分析的后台线程出错（${event.message || '未知原因'}），请重试；大县域可关闭其他页面释放内存 / overlay worker failed: ${event.message || 'unknown'}`));
    },
    terminate: () => worker.terminate(),
  };
}
