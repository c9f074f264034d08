import type { ReconcileEngine } from '../../src/core/reconcile/engine.ts';
import { turfEngine } from './turfEngine.ts';

/** The engines every fixture test runs on. */
export const engines: [string, ReconcileEngine][] = [['turf', turfEngine]];
