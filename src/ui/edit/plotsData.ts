/**
 * What the editing UI needs to know about the plots layer in the chosen year: the layer, the
 * effective properties of a feature index, per-plot areas, plot id ↔ feature index.
 */
import { useMemo } from 'react';
import type { Layer, Properties } from '../../core/types.ts';
import { getOverride, overridesFor, plotIdOf, plotIndex, type OverridesByYear } from '../../core/edits/index.ts';
import { plotAreasMu } from '../../core/selection/index.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { useEditStore } from '../../state/editStore.ts';

export { propertiesAccessor } from '../../core/edits/index.ts';

export function usePlotsLayer(): Layer | undefined {
  const layers = useProjectStore((s) => s.layers);
  return layerOfKind(layers, 'plots');
}

export function indicesToPlotIds(layer: Layer, indices: readonly number[]): string[] {
  const features = layer.features.features;
  return indices.map((i) => plotIdOf(features[i], i));
}

export function plotIdsToIndices(layer: Layer, plotIds: Iterable<string>): number[] {
  const index = plotIndex(layer);
  const out: number[] = [];
  for (const id of plotIds) {
    const i = index.get(id);
    if (i !== undefined) out.push(i);
  }
  return out;
}

/** Count and ellipsoidal area (亩) of the current selection on the plots layer. */
export function useSelectionSummary(layer: Layer | undefined): { count: number; areaMu: number } {
  const selection = useEditStore((s) => s.selection);
  return useMemo(() => {
    if (!layer || selection.layerId !== layer.id) return { count: 0, areaMu: 0 };
    const areas = plotAreasMu(layer);
    let areaMu = 0;
    const indices = plotIdsToIndices(layer, selection.plotIds);
    for (const i of indices) areaMu += areas[i];
    return { count: indices.length, areaMu };
  }, [layer, selection]);
}

/** Starts a browser download of bytes or text. */
export function download(fileName: string, content: Uint8Array | string, type: string): void {
  const blob = new Blob([typeof content === 'string' ? content : new Uint8Array(content)], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
