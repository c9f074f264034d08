/**
 * The layers' map-ready GeoJSON (what the import worker serialised for the map), kept beside the
 * layer it was made from and in IndexedDB, so a reopened project is drawn by the map's workers
 * from those bytes instead of being cloned to them from the page.
 *
 * Exactness: in the page the bytes are tied to the layer's very features object (layers are never
 * changed in place), and in storage to the chunk generation that holds those features (written
 * after that generation is committed, read back only for the same generation). A layer without
 * bytes is drawn from its features, as before.
 */
import type { Layer, LayerKind } from '../core/types.ts';
import { cacheDb } from '../workers/cacheDb.ts';
import type { StoredGeneration } from './persistLayers.ts';

const STORE = 'display';
const bytesOf = new WeakMap<Layer['features'], Blob>();

export function keepDisplay(features: Layer['features'], display: Blob): void {
  bytesOf.set(features, display);
}

/** The map GeoJSON made from these very features, if any. */
export const displayOf = (features: Layer['features']): Blob | undefined => bytesOf.get(features);

const keyOf = (layerId: string, generation: string): string => `${layerId}\u0000${generation}`;

/** Stores the map GeoJSON of layers just committed under these generations (best effort). */
export async function storeDisplays(layers: ReadonlyMap<string, Layer>, generations: ReadonlyMap<string, string>): Promise<void> {
  const entries = [...generations].flatMap(([id, generation]) => {
    const layer = layers.get(id);
    const display = layer && displayOf(layer.features);
    return display ? [[keyOf(id, generation), display] as const] : [];
  });
  if (entries.length === 0) return;
  const tx = (await cacheDb()).transaction(STORE, 'readwrite');
  await Promise.all([...entries.map(([key, display]) => tx.store.put(display, key)), tx.done]);
}

/** A saved layer's map GeoJSON, read before the layer itself (see peekSavedDisplays). */
export interface EarlyDisplay {
  id: string;
  kind: LayerKind;
  /**
   * the stored generation the bytes were made from; absent for a layer just imported, whose
   * features are then known by these very bytes (displayOf)
   */
  generation?: string;
  display: Blob;
}

/** Opens the cache's database ahead of the reads below (an opening takes a while at a page's start). */
export function openDisplayCache(): void {
  cacheDb().catch(() => undefined);
}

/** The stored map GeoJSON of this layer's generation, if any. */
export async function readDisplay(layerId: string, generation: string): Promise<Blob | undefined> {
  return (await (await cacheDb()).get(STORE, keyOf(layerId, generation))) as Blob | undefined;
}

/**
 * Ties stored map GeoJSON to the restored layers of the same generations and deletes the entries
 * of any other generation (replaced or removed layers).
 */
export async function restoreDisplays(layers: ReadonlyMap<string, Layer>, generations: ReadonlyMap<string, StoredGeneration>): Promise<void> {
  const tx = (await cacheDb()).transaction(STORE, 'readwrite');
  const wanted = new Map<string, Layer>();
  for (const [id, generation] of generations) {
    const layer = layers.get(id);
    if (layer && generation) wanted.set(keyOf(id, generation), layer);
  }
  const keys = (await tx.store.getAllKeys()) as string[];
  const found = await Promise.all(keys.map(async (key) => [key, wanted.has(key) ? ((await tx.store.get(key)) as Blob | undefined) : undefined] as const));
  for (const [key, display] of found) {
    const layer = wanted.get(key);
    if (layer && display) keepDisplay(layer.features, display);
    else if (!layer) void tx.store.delete(key);
  }
  await tx.done;
}
