/**
 * The import as the page needs it: the layers, and for each the GeoJSON the map draws, already
 * serialised. The bytes are transferred, and the map's own worker parses them, so a large layer
 * never passes through the page's main thread on its way to the map.
 */
import type { JobContext } from '../core/types.ts';
import { displayFeatureCollection } from '../core/display/displayFeatures.ts';
import { importLayerJob, type ImportLayerInput, type ImportLayerOutput } from './importLayer.ts';

export interface ImportForMapOutput extends ImportLayerOutput {
  /** UTF-8 GeoJSON per layer, in the order of `layers` */
  display: Uint8Array[];
}

export async function importForMapJob(input: ImportLayerInput, context: JobContext = {}): Promise<ImportForMapOutput> {
  const { layers } = await importLayerJob(input, context);
  const encoder = new TextEncoder();
  const display = layers.map((layer) => encoder.encode(JSON.stringify(displayFeatureCollection(layer))));
  return { layers, display };
}
