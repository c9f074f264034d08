/**
 * Waiting for what the map shows (src/ui/map/ColouredSignal.tsx): the first frame drawn with given
 * layers' tiles all loaded, and a plots layer's fill shown (MapView revealWhenLoaded).
 */
import type { Map as MaplibreMap } from 'maplibre-gl';
import type { Layer } from '../../core/types.ts';
import { fillId, sourceId } from './MapContext.tsx';
import { paintGateOf } from './paintGate.ts';

/** Whether a plots layer's fill is drawn (MapView revealWhenLoaded sets its layer opacity 0 until its tiles are in). */
export const plotsRevealed = (map: MaplibreMap, layerId: string): boolean =>
  Boolean(map.getLayer(fillId(layerId))) && map.getPaintProperty(fillId(layerId), 'fill-layer-opacity') !== 0;

/**
 * Calls `done` after the first frame drawn with these layers' tiles all loaded (and the plots' fill
 * shown); returns a cancel. With `paint`, a frame the paint gate held back is painted at once;
 * without, `done` waits for the next frame the gate lets through.
 */
export function afterFrameWith(map: MaplibreMap, layers: Layer[], done: () => void, paint = true): () => void {
  const check = () => {
    if (!layers.every((layer) => map.getSource(sourceId(layer.id)) && map.isSourceLoaded(sourceId(layer.id)))) return;
    if (!layers.every((layer) => layer.kind !== 'plots' || plotsRevealed(map, layer.id))) return;
    const gate = paintGateOf(map);
    if (gate?.lastFramePainted() === false) {
      // everything is there but the frame was held back: the next one is painted (if we may)
      if (paint) {
        gate.paintNext();
        map.triggerRepaint();
      }
      return;
    }
    map.off('render', check);
    done();
  };
  map.on('render', check);
  map.triggerRepaint(); // a frame comes even when nothing else changes
  return () => {
    map.off('render', check);
  };
}
