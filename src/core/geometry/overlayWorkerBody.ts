/**
 * The body of an overlay worker, shared by the browser's Web Worker (src/workers/overlayWorker.ts)
 * and Node's worker thread (scripts/nodeOverlayWorker.ts): messages in, chunk results out with
 * their buffers transferred. No platform API here; the entry files only wire up postMessage.
 */
import { OverlayChunkEngine, type ChunkResult, type OverlayTask } from './overlayChunk.ts';
import { packedBuffers } from './packedLayer.ts';

export type OverlayWorkerRequest =
  | { type: 'task'; taskId: number; task: OverlayTask }
  | { type: 'chunk'; taskId: number; chunkId: number; start: number; end: number }
  | { type: 'drop'; taskId: number };

export type OverlayWorkerReply =
  | { type: 'chunk'; taskId: number; chunkId: number; result: ChunkResult }
  | { type: 'error'; taskId: number; chunkId: number; message: string };

export type PostReply = (reply: OverlayWorkerReply, transfer: ArrayBuffer[]) => void;

export function createOverlayWorkerBody(post: PostReply): (request: OverlayWorkerRequest) => void {
  const engines = new Map<number, OverlayChunkEngine>();
  return (request) => {
    if (request.type === 'task') {
      engines.set(request.taskId, new OverlayChunkEngine(request.task));
    } else if (request.type === 'drop') {
      engines.delete(request.taskId);
    } else {
      const { taskId, chunkId } = request;
      try {
        const engine = engines.get(taskId);
        if (!engine) throw new Error(`overlay task ${taskId} is not loaded in this worker`);
        const result = engine.run(request.start, request.end);
        post({ type: 'chunk', taskId, chunkId, result }, chunkBuffers(result));
      } catch (error) {
        post({ type: 'error', taskId, chunkId, message: error instanceof Error ? error.message : String(error) }, []);
      }
    }
  };
}

export function chunkBuffers(result: ChunkResult): ArrayBuffer[] {
  const buffers = [result.pairA, result.pairB, result.pairAreaM2, result.areaM2A, result.coveredM2A].map(
    (array) => array.buffer as ArrayBuffer,
  );
  if (result.geometry) buffers.push(...packedBuffers(result.geometry));
  return buffers;
}
