/** The messages between the page and a job worker. */
import type { JobProgress } from '../core/types.ts';
import type { JobName } from './jobTable.ts';

export type JobRequest =
  /** `keep`: input fields (layers) the worker keeps under a key for later jobs; `kept`: fields given by such a key */
  | {
    type: 'run'; id: number; job: JobName; input: unknown; keep?: Record<string, string>; kept?: Record<string, string>;
    /** files the worker fetches itself (name → absolute URL) into the input's `files` before the job */
    fetch?: Record<string, string>;
  }
  | { type: 'cancel'; id: number }
  /** the worker drops layers it kept */
  | { type: 'forget'; keys: string[] };

export type JobResponse =
  | { type: 'progress'; id: number; progress: JobProgress }
  /** a part of the result known before the whole (JobContext.onPartial) */
  | { type: 'partial'; id: number; partial: unknown }
  | { type: 'features'; id: number; layer: number; features: unknown[] }
  | { type: 'result'; id: number; result: unknown }
  | { type: 'error'; id: number; name: string; message: string; messageEn?: string };

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

/**
 * Features of a result's layers go in slices of this many, one message each, before the result:
 * the page then decodes them a slice per task instead of freezing on one huge message.
 */
export const FEATURES_PER_MESSAGE = 4000;

interface WithLayers {
  layers: { features: { features: unknown[] } }[];
}

function hasLayers(value: unknown): value is WithLayers {
  const layers = (value as Partial<WithLayers> | null)?.layers;
  return Array.isArray(layers) && layers.every((l) => Array.isArray(l?.features?.features));
}

/** Splits a `{layers}` result into feature slices and the result without its features. */
export function sliceLayerFeatures(result: unknown): { slices: { layer: number; features: unknown[] }[]; rest: unknown } {
  if (!hasLayers(result)) return { slices: [], rest: result };
  const slices: { layer: number; features: unknown[] }[] = [];
  const layers = result.layers.map((layer, index) => {
    const all = layer.features.features;
    for (let at = 0; at < all.length; at += FEATURES_PER_MESSAGE) slices.push({ layer: index, features: all.slice(at, at + FEATURES_PER_MESSAGE) });
    return { ...layer, features: { ...layer.features, features: [] } };
  });
  return { slices, rest: { ...result, layers } };
}

/** Puts received feature slices back into the result's layers, in the order they came. */
export function joinLayerFeatures(rest: unknown, slices: { layer: number; features: unknown[] }[]): unknown {
  if (slices.length === 0 || !hasLayers(rest)) return rest;
  for (const slice of slices) {
    const target = rest.layers[slice.layer].features.features;
    for (const feature of slice.features) target.push(feature);
  }
  return rest;
}
