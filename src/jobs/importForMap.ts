/**
 * The import as the page needs it: the layers, and for each the GeoJSON the map draws, already
 * serialised. The bytes are transferred, and the map's own worker parses them, so a large layer
 * never passes through the page's main thread on its way to the map.
 */
import type { JobContext, LayerKind } from '../core/types.ts';
import { displayFeatureCollection } from '../core/display/displayFeatures.ts';
import { importLayerJob, type ImportLayerInput, type ImportLayerOutput } from './importLayer.ts';

export interface ImportForMapInput extends ImportLayerInput {
  /**
   * Give each layer's map GeoJSON first (JobContext.onPartial, a `DisplayFirst`): the page's map may
   * draw it while the layers' features are still on their way to the page.
   */
  displayFirst?: boolean;
}

export interface ImportForMapOutput extends ImportLayerOutput {
  /** UTF-8 GeoJSON per layer, in the order of `layers` */
  display: Uint8Array[];
}

/** The map GeoJSON of the layers an import is making, before the layers themselves. */
export interface DisplayFirst {
  layers: { id: string; kind: LayerKind }[];
  /** the result's `display`, given ahead (the page's worker posts a copy) */
  display: Uint8Array[];
}

export async function importForMapJob(input: ImportForMapInput, context: JobContext = {}): Promise<ImportForMapOutput> {
  const { layers } = await importLayerJob(input, context);
  const encoder = new TextEncoder();
  const display = layers.map((layer) => encoder.encode(JSON.stringify(displayFeatureCollection(layer))));
  if (input.displayFirst) {
    const first: DisplayFirst = { layers: layers.map(({ id, kind }) => ({ id, kind })), display };
    context.onPartial?.(first);
  }
  return { layers, display };
}
