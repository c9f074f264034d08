/**
 * Says when the map shows the county coloured: a frame drawn with the plots' and the villages'
 * tiles all loaded (the plots coloured by status) and the villages tinted by the groundwater
 * shares of the year shown (on a first run they come before the rest of the accounting, see
 * accountingStore's `shares`). The map element then carries `data-coloured="<year>"` and a
 * `shuidi:coloured` performance mark is set, so the page bench and the browser tests wait for
 * what the user sees instead of a timer (`shuidi:plots-drawn` marks the plots alone, before any
 * figure). Layers the map adds later (the land survey, drawn from zoom 12) are not waited for.
 * Renders nothing.
 */
import { useEffect } from 'react';
import { useAccountingStore } from '../../state/accountingStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { openingOver, setMapColoured } from '../../state/mapColoured.ts';
import { useMapInstance } from './MapContext.tsx';
import { useMapUiStore } from './mapState.ts';
import { paintGateOf } from './paintGate.ts';
import { afterFrameWith } from './afterFrame.ts';

export function ColouredSignal() {
  const map = useMapInstance();
  const layers = useProjectStore((s) => s.layers);
  const year = useProjectStore((s) => s.year);
  const shares = useAccountingStore((s) => s.shares);
  const failed = useAccountingStore((s) => s.status === 'error');
  const tablesMissing = useProjectStore((s) => !s.tables.quotasCsv || !s.tables.capsCsv);
  const drawn = useMapUiStore((s) => s.drawn);
  const plots = layerOfKind(layers, 'plots');
  const villages = layerOfKind(layers, 'villages');
  const plotsDrawn = plots !== undefined && drawn[plots.id] === plots;
  const villagesDrawn = !villages || drawn[villages.id] === villages;

  useEffect(() => {
    if (!map) return;
    const element = map.getContainer();
    delete element.dataset.coloured;
    setMapColoured(false);
    if (shares === null || shares.year !== year || !plots || !plotsDrawn || !villagesDrawn) return;
    // the villages' colours were set by AccountingMapSync, mounted before this
    return afterFrameWith(map, villages ? [plots, villages] : [plots], () => {
      element.dataset.coloured = String(year);
      paintGateOf(map)?.release('colouring');
      setMapColoured(true);
      performance.mark('shuidi:coloured', { detail: { year } });
    });
  }, [map, plots, villages, plotsDrawn, villagesDrawn, year, shares]);

  // nothing will colour the county (no plots, villages or tables to account, an accounting that
  // failed): the map's frames are no longer held back for it (src/ui/map/paintGate.ts), and what
  // waits for the page's opening (src/state/mapColoured.ts) goes ahead
  const neverColoured = (layers.length > 0 && (!plots || !villages || tablesMissing)) || failed;
  useEffect(() => {
    if (!map || !neverColoured) return;
    paintGateOf(map)?.release('colouring');
    openingOver();
  }, [map, neverColoured]);

  useEffect(() => {
    if (!map || !plots || !plotsDrawn) return;
    // only marked: a frame painted for the plots alone, before the colours, would take 0.3-0.6 s
    // of the cores (software drawing) from the accounting the colours wait for
    return afterFrameWith(map, [plots], () => performance.mark('shuidi:plots-drawn'), false);
  }, [map, plots, plotsDrawn]);

  return null;
}
