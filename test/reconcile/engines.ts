import type { ReconcileEngine } from '../../src/core/reconcile/engine.ts';
import { overlayEngine } from '../../src/core/reconcile/realEngine.ts';
import { turfEngine } from './turfEngine.ts';

/** The engines every fixture test runs on: the project's overlay, and an independent slow one. */
export const engines: [string, ReconcileEngine][] = [
  ['overlay', overlayEngine()],
  ['turf', turfEngine],
];
