/** Node worker-thread entry for the overlay: wires the shared worker body to parentPort. */
import { parentPort } from 'node:worker_threads';
import { createOverlayWorkerBody, type OverlayWorkerRequest } from '../src/core/geometry/overlayWorkerBody.ts';

if (!parentPort) throw new Error('nodeOverlayWorker.ts must run in a worker thread');
const port = parentPort;
const handle = createOverlayWorkerBody((reply, transfer) => port.postMessage(reply, transfer));
port.on('message', (request: OverlayWorkerRequest) => handle(request));
