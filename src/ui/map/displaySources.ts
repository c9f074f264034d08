/**
 * Ready-made map data for layers, as blob URLs of the GeoJSON the import worker serialised (kept
 * with the layer's features, and in storage, by src/state/displayCache.ts). The map's workers
 * fetch and parse them themselves; a layer without one, or any layer before those workers are
 * ready, is handed to the map as an object instead.
 */
import type { Layer } from '../../core/types.ts';
import { displayOf, keepDisplay } from '../../state/displayCache.ts';
import { workersReadBlobs } from './maplibreSetup.ts';
import { displayBlob } from './displayBlob.ts';

const urls = new Map<string, { features: Layer['features']; url: string }>();

export function registerDisplayBytes(layer: Pick<Layer, 'id' | 'features'>, bytes: Uint8Array): void {
  registerDisplay(layer, displayBlob(bytes));
}

/** The map GeoJSON made from the layer's features (a Blob the map may already draw from). */
export function registerDisplay(layer: Pick<Layer, 'id' | 'features'>, display: Blob): void {
  forgetDisplay(layer.id);
  keepDisplay(layer.features, display);
}

/** The layer's ready-made GeoJSON, when the map's workers can read it without the main thread. */
export function displayUrl(layer: Layer): string | undefined {
  if (!workersReadBlobs()) return undefined;
  const known = urls.get(layer.id);
  if (known?.features === layer.features) return known.url;
  const display = displayOf(layer.features);
  if (!display) return undefined;
  forgetDisplay(layer.id);
  const url = URL.createObjectURL(display);
  urls.set(layer.id, { features: layer.features, url });
  return url;
}

/** Takes a blob URL the map already draws from (drawn before the layer was read) as the layer's own. */
export function adoptDisplayUrl(layer: Pick<Layer, 'id' | 'features'>, url: string): void {
  const known = urls.get(layer.id);
  if (known && known.url !== url) URL.revokeObjectURL(known.url);
  urls.set(layer.id, { features: layer.features, url });
}

export function forgetDisplay(layerId: string): void {
  const known = urls.get(layerId);
  if (known) URL.revokeObjectURL(known.url);
  urls.delete(layerId);
}
