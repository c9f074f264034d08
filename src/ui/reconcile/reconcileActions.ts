/**
 * What the findings panel does: run the reconciliation job in the worker (with the plots' edits
 * of the chosen year applied), cancel it, and export the findings.
 */
import { overridesFor } from '../../core/edits/index.ts';
import { villageRecords } from '../../core/reconcile/records.ts';
import type { ReconcileReport } from '../../core/reconcile/types.ts';
import type { Layer, LayerKind } from '../../core/types.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useFindingsStore } from '../../state/findingsStore.ts';
import { runJob } from '../../workers/jobClient.ts';
import { download } from '../edit/plotsData.ts';

let controller: AbortController | null = null;

/** The layers a run needs, or the names of the missing ones. */
export function reconcileInputs(): { missing: LayerKind[] } {
  const layers = useProjectStore.getState().layers;
  const missing = (['villages', 'plots', 'survey'] as const).filter((k) => !layerOfKind(layers, k)) as LayerKind[];
  return { missing };
}

export async function runReconcile(): Promise<void> {
  const { layers, year } = useProjectStore.getState();
  const villages = layerOfKind(layers, 'villages');
  const plots = layerOfKind(layers, 'plots');
  const survey = layerOfKind(layers, 'survey');
  if (!villages || !plots || !survey) return;
  const store = useFindingsStore.getState();
  controller?.abort();
  controller = new AbortController();
  const mine = controller;
  store.startRun();
  try {
    // the layers as loaded (the job worker keeps them between runs) and the year's edits beside them
    const plotOverrides = overridesFor(useEditStore.getState().overrides, year, plots.id);
    const report = await runJob(
      'reconcile',
      { villages, plots, plotOverrides, survey, forest: layerOfKind(layers, 'forest') ?? null, settings: store.settings },
      { signal: mine.signal, onProgress: (p) => useFindingsStore.getState().setProgress(p) },
    );
    useFindingsStore.getState().finishRun(report);
  } catch (error) {
    const cancelled = (error as Error)?.name === 'CancelledError';
    useFindingsStore.getState().failRun(cancelled ? null : error instanceof Error ? error.message : String(error));
  } finally {
    if (controller === mine) controller = null;
  }
}

export function cancelReconcile(): void {
  controller?.abort();
}

/** Village name by 12-digit code, from the villages layer ({} without one). */
export function villageNameMap(layers: readonly Layer[]): Record<string, string> {
  const villages = layerOfKind(layers, 'villages');
  return villages ? Object.fromEntries(villageRecords(villages).map((v) => [v.code, v.name])) : {};
}

const stamp = (): string => new Date().toISOString().slice(0, 10);

export async function exportFindings(report: ReconcileReport, format: 'xlsx' | 'geojson' | 'shp'): Promise<void> {
  const marks = useFindingsStore.getState().marks;
  if (format === 'xlsx') {
    const { findingsXlsx } = await import('../../io/write/findingsXlsx.ts');
    const bytes = await findingsXlsx(report, { marks, villageNames: villageNameMap(useProjectStore.getState().layers) });
    download(`套核结果_${stamp()}.xlsx`, bytes, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return;
  }
  const { findingsGeoJsonBytes, findingsShapefileZip } = await import('../../io/write/findingsGeoJson.ts');
  if (format === 'geojson') download(`套核结果_${stamp()}.geojson`, findingsGeoJsonBytes(report, marks), 'application/geo+json');
  else download(`套核结果_${stamp()}_shp.zip`, findingsShapefileZip(report, marks), 'application/zip');
}
