/** A layer's map GeoJSON (UTF-8 bytes from the import worker) as the Blob the map's workers read. */
export const displayBlob = (bytes: Uint8Array): Blob => new Blob([bytes as BlobPart], { type: 'application/geo+json' });
