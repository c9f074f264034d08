/**
 * Says when the map shows the county coloured: the plots drawn (coloured by status) and the
 * villages tinted by the accounting of the year shown, with the map idle. The map element then
 * carries `data-coloured="<year>"` and a `shuidi:coloured` performance mark is set, so the page
 * bench and the browser tests wait for what the user sees instead of a timer. Renders nothing.
 */
import { useEffect } from 'react';
import { useAccountingStore } from '../../state/accountingStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { sourceId, useMapInstance } from './MapContext.tsx';
import { useMapUiStore } from './mapState.ts';

export function ColouredSignal() {
  const map = useMapInstance();
  const layers = useProjectStore((s) => s.layers);
  const year = useProjectStore((s) => s.year);
  const result = useAccountingStore((s) => s.result);
  const drawn = useMapUiStore((s) => s.drawn);

  useEffect(() => {
    if (!map) return;
    const element = map.getContainer();
    const plots = layerOfKind(layers, 'plots');
    const villages = layerOfKind(layers, 'villages');
    const ready = result !== null && result.year === year && plots !== undefined && drawn[plots.id] === plots && (!villages || drawn[villages.id] === villages);
    if (!ready) {
      delete element.dataset.coloured;
      return;
    }
    let done = false;
    const check = () => {
      if (done || !map.isSourceLoaded(sourceId(plots.id)) || !map.loaded()) return;
      done = true;
      element.dataset.coloured = String(year);
      performance.mark('shuidi:coloured', { detail: { year } });
    };
    map.on('idle', check);
    map.triggerRepaint(); // an idle map fires 'idle' again only after a frame
    return () => {
      map.off('idle', check);
    };
  }, [map, layers, year, result, drawn]);

  // when the plots alone are drawn (coloured by their status, before any figure): for the bench
  useEffect(() => {
    const plots = layerOfKind(layers, 'plots');
    if (!map || !plots || drawn[plots.id] !== plots) return;
    const check = () => {
      if (!map.isSourceLoaded(sourceId(plots.id)) || !map.loaded()) return;
      map.off('idle', check);
      performance.mark('shuidi:plots-drawn');
    };
    map.on('idle', check);
    map.triggerRepaint();
    return () => {
      map.off('idle', check);
    };
  }, [map, layers, drawn]);

  return null;
}
