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
import type { IDBPDatabase } from 'idb';
import { create } from 'zustand';
import type { Layer, LayerKind } from '../core/types.ts';
import type { BBox } from '../core/bbox.ts';
import { openCacheDb } from '../workers/cacheDb.ts';
import { isLayerHead, LAYERS_STORE, type StoredGeneration } from './persistLayers.ts';

const STORE = 'display';
const bytesOf = new WeakMap<Layer['features'], Blob>();
export function keepDisplay(features: Layer['features'], display: Blob): void {
  bytesOf.set(features, display);
}

/** The map GeoJSON made from these very features, if any. */
export const displayOf = (features: Layer['features']): Blob | undefined => bytesOf.get(features);

/**
 * Drawn before the project is restored: the stored map GeoJSON of the saved plots and villages,
 * read from the layers' heads and the cache alone (milliseconds) while the project's features are
 * still being read (a second or more for a county), so the map's worker tiles them meanwhile. The map
 * takes the restored layer over only if it is of the very same stored generation
 * (src/ui/map/MapView.tsx); `settled` says the restore is over, so anything not taken over goes.
 */
export interface EarlyDisplay {
  id: string;
  kind: LayerKind;
  generation: string;
  blob: Blob;
}

export interface EarlyDisplays {
  early: EarlyDisplay[];
  /** where the map opens: the saved villages' extent, else the plots' */
  extent: BBox | null;
  settled: boolean;
}

export const useEarlyDisplayStore = create<EarlyDisplays>(() => ({ early: [], extent: null, settled: false }));

/** The kinds drawn early: the one that takes the map long to tile, and the villages it is coloured by. */
const EARLY_KINDS: ReadonlySet<LayerKind> = new Set(['plots', 'villages']);

/** Reads the saved plots' and villages' heads and map GeoJSON, and offers them to the map (best effort). */
export async function offerEarlyDisplays(db: IDBPDatabase): Promise<void> {
  const tx = db.transaction(['kv', LAYERS_STORE], 'readonly');
  const meta = (await tx.objectStore('kv').get('project')) as { layerIds?: string[] } | undefined;
  const heads = await Promise.all((meta?.layerIds ?? []).map((id) => tx.objectStore(LAYERS_STORE).get(id)));
  await tx.done;
  const wanted = heads.filter(isLayerHead).filter((head) => EARLY_KINDS.has(head.layer.kind) && head.extent);
  if (wanted.length === 0) return;
  const villages = heads.filter(isLayerHead).find((head) => head.layer.kind === 'villages');
  const extent = villages?.extent ?? wanted[0].extent ?? null;
  const cache = await (await database()).transaction(STORE, 'readonly');
  const early: EarlyDisplay[] = [];
  for (const head of wanted) {
    const blob = (await cache.store.get(keyOf(head.layer.id, head.generation))) as Blob | undefined;
    if (blob) early.push({ id: head.layer.id, kind: head.layer.kind, generation: head.generation, blob });
  }
  await cache.done;
  // the restore may be over already (then the layers are drawn the usual way)
  if (!useEarlyDisplayStore.getState().settled && early.length) useEarlyDisplayStore.setState({ early, extent });
}

/** The restore is over: what the map has not taken over by now is not drawn early. */
export function settleEarlyDisplays(): void {
  useEarlyDisplayStore.setState({ settled: true, early: [], extent: null });
}

const keyOf = (layerId: string, generation: string): string => `${layerId}\u0000${generation}`;

let opened: Promise<IDBPDatabase> | null = null;
const database = (): Promise<IDBPDatabase> => (opened ??= openCacheDb());

/** Stores the map GeoJSON of layers just committed under these generations (best effort). */
export async function storeDisplays(layers: ReadonlyMap<string, Layer>, generations: ReadonlyMap<string, string>): Promise<void> {
  const entries = [...generations].flatMap(([id, generation]) => {
    const layer = layers.get(id);
    const display = layer && displayOf(layer.features);
    return display ? [[keyOf(id, generation), display] as const] : [];
  });
  if (entries.length === 0) return;
  const tx = (await database()).transaction(STORE, 'readwrite');
  await Promise.all([...entries.map(([key, display]) => tx.store.put(display, key)), tx.done]);
}

/**
 * Ties stored map GeoJSON to the restored layers of the same generations and deletes the entries
 * of any other generation (replaced or removed layers).
 */
export async function restoreDisplays(layers: ReadonlyMap<string, Layer>, generations: ReadonlyMap<string, StoredGeneration>): Promise<void> {
  const tx = (await database()).transaction(STORE, 'readwrite');
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
