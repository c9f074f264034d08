/// <reference lib="webworker" />
/** Web Worker entry for the overlay: wires the shared worker body (src/core) to postMessage. */
import { createOverlayWorkerBody, type OverlayWorkerRequest } from '../core/geometry/overlayWorkerBody.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createOverlayWorkerBody((reply, transfer) => scope.postMessage(reply, transfer));
scope.onmessage = (event: MessageEvent<OverlayWorkerRequest>) => handle(event.data);
