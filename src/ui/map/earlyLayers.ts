/**
 * Layers drawn before the project is read back (MapView `drawEarly`, from the saved map GeoJSON of
 * src/state/persistence.ts `peekSavedDisplays`) or before the sample county's layers are in the
 * project (src/ui/earlySample.ts), and what becomes of them once they are.
 */
import type { Layer, LayerKind } from '../../core/types.ts';
import { storedGeneration } from '../../state/persistLayers.ts';
import { displayOf } from '../../state/displayCache.ts';

/** A source drawn from a saved layer's map GeoJSON before the layer was read back. */
export interface EarlyDrawn {
  kind: LayerKind;
  /** the stored generation the GeoJSON was made from (absent: a layer just imported) */
  generation?: string;
  /** the GeoJSON drawn */
  display: Blob;
  url: string;
}

/**
 * Which early layers the map keeps drawing: those whose restored layer (same id, same kind, not
 * drawn already) holds the very generation they were drawn from, or, for a layer just imported
 * (the sample county's, drawn while its features still come to the page), whose features the very
 * GeoJSON drawn was made from; so the map shows exactly the project's features. The others
 * (replaced since by another save, removed, of another kind) go.
 */
export function sortEarly(
  early: ReadonlyMap<string, EarlyDrawn>,
  wanted: ReadonlyMap<string, Layer>,
  shown: ReadonlyMap<string, Layer>,
  generationOf: (features: Layer['features']) => string | undefined = storedGeneration,
  displayFor: (features: Layer['features']) => Blob | undefined = displayOf,
): { adopt: Layer[]; drop: string[] } {
  const adopt: Layer[] = [];
  const drop: string[] = [];
  // a saved layer by its generation; one just imported by the very GeoJSON made from its features
  const madeFrom = (layer: Layer, drawn: EarlyDrawn) =>
    drawn.generation !== undefined ? generationOf(layer.features) === drawn.generation : displayFor(layer.features) === drawn.display;
  for (const [id, drawn] of early) {
    const layer = wanted.get(id);
    if (layer && !shown.has(id) && layer.kind === drawn.kind && madeFrom(layer, drawn)) adopt.push(layer);
    else drop.push(id);
  }
  return { adopt, drop };
}
