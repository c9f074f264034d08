/** The messages between the page and a job worker. */
import type { JobProgress } from '../core/types.ts';
import type { JobName } from './jobTable.ts';

export type JobRequest =
  | { type: 'run'; id: number; job: JobName; input: unknown }
  | { type: 'cancel'; id: number };

export type JobResponse =
  | { type: 'progress'; id: number; progress: JobProgress }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; name: string; message: string };

/** Every ArrayBuffer reachable through typed arrays in a value, to transfer instead of copy. */
export function collectTransferables(value: unknown, out: Set<ArrayBuffer> = new Set(), depth = 0): ArrayBuffer[] {
  if (depth > 6 || value === null || typeof value !== 'object') return [...out];
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value instanceof ArrayBuffer) {
    out.add(value);
  } else if (Array.isArray(value)) {
    // large arrays of plain values hold no buffers worth walking
    if (value.length < 1000) for (const item of value) collectTransferables(item, out, depth + 1);
  } else {
    for (const key of Object.keys(value)) collectTransferables((value as Record<string, unknown>)[key], out, depth + 1);
  }
  return [...out];
}
