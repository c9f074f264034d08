/**
 * Ready-made map data for layers, as blob URLs of the GeoJSON the import worker serialised.
 * The map's worker fetches and parses them itself; a layer without one (restored from storage)
 * is handed to the map as an object instead.
 */
const urls = new Map<string, string>();

export function registerDisplayBytes(layerId: string, bytes: Uint8Array): void {
  forgetDisplay(layerId);
  urls.set(layerId, URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/geo+json' })));
}

export function displayUrl(layerId: string): string | undefined {
  return urls.get(layerId);
}

export function forgetDisplay(layerId: string): void {
  const url = urls.get(layerId);
  if (url) URL.revokeObjectURL(url);
  urls.delete(layerId);
}
