/**
 * Layers drawn before the project is read back (MapView `drawEarly`, from the saved map GeoJSON of
 * src/state/persistence.ts `peekSavedDisplays`), and what becomes of them once it is.
 */
import type { Layer, LayerKind } from '../../core/types.ts';
import { storedGeneration } from '../../state/persistLayers.ts';

/** A source drawn from a saved layer's map GeoJSON before the layer was read back. */
export interface EarlyDrawn {
  kind: LayerKind;
  /** the stored generation the GeoJSON was made from */
  generation: string;
  url: string;
}

/**
 * Which early layers the map keeps drawing: those whose restored layer (same id, same kind, not
 * drawn already) holds the very generation they were drawn from, so the map shows exactly the
 * restored features. The others (replaced since by another save, removed, of another kind) go.
 */
export function sortEarly(
  early: ReadonlyMap<string, EarlyDrawn>,
  wanted: ReadonlyMap<string, Layer>,
  shown: ReadonlyMap<string, Layer>,
  generationOf: (features: Layer['features']) => string | undefined = storedGeneration,
): { adopt: Layer[]; drop: string[] } {
  const adopt: Layer[] = [];
  const drop: string[] = [];
  for (const [id, drawn] of early) {
    const layer = wanted.get(id);
    if (layer && !shown.has(id) && layer.kind === drawn.kind && generationOf(layer.features) === drawn.generation) adopt.push(layer);
    else drop.push(id);
  }
  return { adopt, drop };
}
