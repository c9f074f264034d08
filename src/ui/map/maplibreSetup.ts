/**
 * maplibre's workers, set up once before any map exists: the worker module is served from the
 * app's own origin (maplibre 6 ships it as a separate file), and each worker loads
 * public/map-worker-protocol.mjs so it can read the blob URLs of layer GeoJSON itself.
 */
import { importScriptInWorkers, setWorkerUrl } from 'maplibre-gl';
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(maplibreWorkerUrl);

let blobsReadable = false;
const blobsReady: Promise<boolean> = importScriptInWorkers(new URL('map-worker-protocol.mjs', document.baseURI).href).then(
  () => {
    blobsReadable = true;
    return true;
  },
  () => false, // without it the map still draws every layer, from objects
);

/** True once maplibre's workers fetch blob URLs themselves. */
export function workersReadBlobs(): boolean {
  return blobsReadable;
}

/** Resolves with whether maplibre's workers will fetch blob URLs themselves. */
export const whenWorkersReadBlobs = (): Promise<boolean> => blobsReady;
