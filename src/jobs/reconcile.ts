/**
 * The reconciliation job (套核, docs/domain.md point 5): layers in, the report of docs/contract.md out.
 * Runs in the page's job worker and in the CLI alike.
 */
import type { JobContext, Layer } from '../core/types.ts';
import { effectiveLayer, type OverrideTable } from '../core/edits/index.ts';
import type { OverlayRunner } from '../core/geometry/overlay.ts';
import { reconcileLayers } from '../core/reconcile/reconcileLayers.ts';
import { overlayEngine } from '../core/reconcile/realEngine.ts';
import type { ReconcileSettings } from '../core/reconcile/settings.ts';
import type { ReconcileReport } from '../core/reconcile/types.ts';

export interface ReconcileInput {
  villages: Layer;
  plots: Layer;
  /** may still be being read (the CLI): the checks of the plots and villages run meanwhile */
  survey: Layer | Promise<Layer>;
  forest?: Layer | null | Promise<Layer | null>;
  /**
   * The year's edits of the plots, applied here (the page sends the layer as loaded, which its job
   * worker keeps between runs, and the edits beside it)
   */
  plotOverrides?: OverrideTable;
  /** tolerances; the defaults of settings.ts fill what is not given */
  settings?: Partial<ReconcileSettings>;
}

export type ReconcileOutput = ReconcileReport;

/** In the page's job worker, `runner` is its pool of overlay workers (src/workers/jobWorker.ts). */
export async function reconcileJob(input: ReconcileInput, context: JobContext & { runner?: OverlayRunner } = {}): Promise<ReconcileOutput> {
  return runReconcile(input, context, context.runner);
}

/** As reconcileJob, with an optional overlay worker pool (the CLI's worker threads). */
export async function runReconcile(input: ReconcileInput, context: JobContext = {}, runner?: OverlayRunner): Promise<ReconcileOutput> {
  const plots = input.plotOverrides ? effectiveLayer(input.plots, input.plotOverrides) : input.plots;
  const layers = { villages: input.villages, plots, survey: input.survey, forest: input.forest ?? null };
  return reconcileLayers(layers, input.settings ?? {}, overlayEngine(runner), context);
}
