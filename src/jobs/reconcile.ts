/**
 * The reconciliation job (套核, docs/domain.md point 5): layers in, the report of docs/contract.md out.
 * Runs in the page's job worker and in the CLI alike.
 */
import type { JobContext, Layer } from '../core/types.ts';
import type { OverlayRunner } from '../core/geometry/overlay.ts';
import { reconcileLayers } from '../core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../core/reconcile/realEngine.ts';
import type { ReconcileSettings } from '../core/reconcile/settings.ts';
import type { ReconcileReport } from '../core/reconcile/types.ts';
import { validateReconcileLayers } from '../core/reconcile/validate.ts';

export interface ReconcileInput {
  villages: Layer;
  plots: Layer;
  survey: Layer;
  forest?: Layer | null;
  /** tolerances; the defaults of settings.ts fill what is not given */
  settings?: Partial<ReconcileSettings>;
}

export type ReconcileOutput = ReconcileReport;

export async function reconcileJob(input: ReconcileInput, context: JobContext = {}): Promise<ReconcileOutput> {
  return runReconcile(input, context);
}

/** As reconcileJob, with an optional overlay worker pool (the CLI's worker threads). */
export async function runReconcile(input: ReconcileInput, context: JobContext = {}, runner?: OverlayRunner): Promise<ReconcileOutput> {
  const layers = { villages: input.villages, plots: input.plots, survey: input.survey, forest: input.forest ?? null };
  validateReconcileLayers(layers);
  return reconcileLayers(layers, input.settings ?? {}, overlayEngine(runner), context);
}
