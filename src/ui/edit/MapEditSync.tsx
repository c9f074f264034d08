/**
 * Keeps the map in step with the edits: feature-state `selected` for the selection (and the
 * selected plots' geometry in the layer's selection source, for their outline and halo), and
 * `status` (the year's ZT where an edit overrides it) for edited plots. Only the plots that changed
 * are touched; the layer's GeoJSON is never re-sent. Renders nothing; mount it once inside the
 * MapView. Also listens for the undo/redo keys.
 */
import { useEffect } from 'react';
import type { GeoJSONSource, Map as MaplibreMap } from 'maplibre-gl';
import type { Feature, Geometry } from 'geojson';
import type { Layer } from '../../core/types.ts';
import { getOverride, overridesFor, plotIdOf, plotIndex, tableEntries } from '../../core/edits/index.ts';
import { changesSince, useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { selectionSourceId, sourceId, useMapInstance } from '../map/MapContext.tsx';
import { whenLayerDrawn } from '../map/mapState.ts';
import { plotIdsToIndices, usePlotsLayer } from './plotsData.ts';
import { useUndoKeys } from './useUndoKeys.ts';

/** The selected plots' outlines and halo: their geometries into the layer's selection source. */
function drawSelection(map: MaplibreMap, layer: Layer, selected: Iterable<number>): void {
  const source = map.getSource<GeoJSONSource>(selectionSourceId(layer.id));
  if (!source) return;
  const features: Feature<Geometry>[] = [];
  for (const i of selected) {
    const geometry = layer.features.features[i]?.geometry;
    if (geometry) features.push({ type: 'Feature', id: i, geometry, properties: {} });
  }
  source.setData({ type: 'FeatureCollection', features });
}

/** The selection as feature-state `selected` (the fill) and as the selection source (outline, halo). */
function syncSelection(map: MaplibreMap, layer: Layer, shown: Set<number>): void {
  const { selection } = useEditStore.getState();
  const wanted = new Set(selection.layerId === layer.id ? plotIdsToIndices(layer, selection.plotIds) : []);
  const source = sourceId(layer.id);
  const changed = wanted.size !== shown.size || [...wanted].some((i) => !shown.has(i));
  for (const i of shown) if (!wanted.has(i)) map.setFeatureState({ source, id: i }, { selected: false });
  for (const i of wanted) if (!shown.has(i)) map.setFeatureState({ source, id: i }, { selected: true });
  shown.clear();
  for (const i of wanted) shown.add(i);
  if (changed) drawSelection(map, layer, wanted);
}

/** Sets or removes the `status` state of the given plots from the year's overrides. */
function syncStatus(map: MaplibreMap, layer: Layer, year: number, plotIds: Iterable<string>, shown: Set<number>): void {
  const table = overridesFor(useEditStore.getState().overrides, year, layer.id);
  const index = plotIndex(layer);
  const source = sourceId(layer.id);
  for (const plotId of plotIds) {
    const i = index.get(plotId);
    if (i === undefined) continue;
    const status = getOverride(table, plotId)?.ZT;
    if (status !== undefined && status !== null) {
      map.setFeatureState({ source, id: i }, { status });
      shown.add(i);
    } else if (shown.has(i)) {
      map.removeFeatureState({ source, id: i }, 'status');
      shown.delete(i);
    }
  }
}

function syncAllStatus(map: MaplibreMap, layer: Layer, year: number, shown: Set<number>): void {
  const table = overridesFor(useEditStore.getState().overrides, year, layer.id);
  const ids = new Set<string>();
  for (const [plotId] of tableEntries(table)) ids.add(plotId);
  const features = layer.features.features;
  for (const i of shown) if (features[i]) ids.add(plotIdOf(features[i], i));
  syncStatus(map, layer, year, ids, shown);
}

export function MapEditSync() {
  const map = useMapInstance();
  const layer = usePlotsLayer();
  const year = useProjectStore((s) => s.year);
  useUndoKeys();

  // the selection is the same in every year: kept across a year switch
  useEffect(() => {
    if (!map || !layer) return;
    const selected = new Set<number>();
    let ready = false;
    const cancel = whenLayerDrawn(layer, () => {
      ready = true;
      syncSelection(map, layer, selected);
    });
    const unsubscribe = useEditStore.subscribe((s, prev) => {
      if (ready && s.selection !== prev.selection) syncSelection(map, layer, selected);
    });
    return () => {
      cancel();
      unsubscribe();
      // the states belong to this layer: clear them so the next one starts clean
      if (map.getSource(sourceId(layer.id)) && selected.size > 0) {
        for (const i of selected) map.setFeatureState({ source: sourceId(layer.id), id: i }, { selected: false });
        drawSelection(map, layer, []);
      }
    };
  }, [map, layer]);

  useEffect(() => {
    if (!map || !layer) return;
    const statused = new Set<number>();
    let version = useEditStore.getState().version;
    let ready = false;
    const cancel = whenLayerDrawn(layer, () => {
      ready = true;
      syncAllStatus(map, layer, year, statused);
    });
    const unsubscribe = useEditStore.subscribe((s) => {
      if (!ready || s.version === version) return;
      const changes = changesSince(version, s);
      version = s.version;
      if (!changes || changes.some((c) => c.plotIds === null)) return syncAllStatus(map, layer, year, statused);
      for (const c of changes) if (c.year === year && c.layerId === layer.id && c.plotIds) syncStatus(map, layer, year, c.plotIds, statused);
    });
    return () => {
      cancel();
      unsubscribe();
      // the states belong to this layer and year: clear them so the next run starts clean
      if (map.getSource(sourceId(layer.id))) for (const i of statused) map.removeFeatureState({ source: sourceId(layer.id), id: i }, 'status');
    };
  }, [map, layer, year]);

  return null;
}
