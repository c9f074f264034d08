/**
 * Ready-made map data for layers, as blob URLs of the GeoJSON the import worker serialised.
 * The map's workers fetch and parse them themselves; a layer without one (restored from storage),
 * or any layer before those workers are ready, is handed to the map as an object instead.
 */
import { workersReadBlobs } from './maplibreSetup.ts';

const urls = new Map<string, string>();

export function registerDisplayBytes(layerId: string, bytes: Uint8Array): void {
  forgetDisplay(layerId);
  urls.set(layerId, URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/geo+json' })));
}

/** The layer's ready-made GeoJSON, when the map's workers can read it without the main thread. */
export function displayUrl(layerId: string): string | undefined {
  return workersReadBlobs() ? urls.get(layerId) : undefined;
}

export function forgetDisplay(layerId: string): void {
  const url = urls.get(layerId);
  if (url) URL.revokeObjectURL(url);
  urls.delete(layerId);
}
