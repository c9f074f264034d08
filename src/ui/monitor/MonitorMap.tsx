/**
 * The flagged wells of the month on the map: a GeoJSON source `monitor` of circles above the data
 * layers (red: over permit or pumping for retired land; orange: the other flags), the selected
 * well ringed. A click on one selects it (its monthly bars in the panel). Shown while the 月度监测
 * tab is open.
 */
import { useEffect } from 'react';
import type { GeoJSONSource, Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { MonitorResult } from '../../core/monitor/types.ts';
import { useMapInstance } from '../map/MapContext.tsx';
import { useMonitorStore } from './monitorStore.ts';

export const MONITOR_SOURCE = 'monitor';
const CIRCLE = 'monitor:wells';
const SEVERE = new Set(['over_permit_ytd', 'over_permit_projected', 'pumping_retired']);

function flaggedData(result: MonitorResult | null, selected: string | null): GeoJSON.FeatureCollection {
  if (!result) return { type: 'FeatureCollection', features: [] };
  const kinds = new Map<string, string[]>();
  for (const f of result.flags) kinds.set(f.wellCode, [...(kinds.get(f.wellCode) ?? []), f.kind]);
  const shown = result.wells.filter((w) => (kinds.has(w.code) || w.code === selected) && Number.isFinite(w.lon) && Number.isFinite(w.lat));
  return {
    type: 'FeatureCollection',
    features: shown.map((w) => ({
      type: 'Feature' as const,
      geometry: { type: 'Point' as const, coordinates: [w.lon, w.lat] },
      properties: { code: w.code, severe: (kinds.get(w.code) ?? []).some((k) => SEVERE.has(k)) ? 1 : 0, selected: w.code === selected ? 1 : 0 },
    })),
  };
}

function ensure(map: MaplibreMap): void {
  if (!map.getSource(MONITOR_SOURCE)) map.addSource(MONITOR_SOURCE, { type: 'geojson', data: flaggedData(null, null) });
  if (!map.getLayer(CIRCLE)) {
    map.addLayer({
      id: CIRCLE, type: 'circle', source: MONITOR_SOURCE,
      paint: {
        'circle-radius': ['case', ['==', ['get', 'selected'], 1], 10, 7],
        'circle-color': ['case', ['==', ['get', 'severe'], 1], '#c62828', '#f28e2b'],
        'circle-stroke-color': ['case', ['==', ['get', 'selected'], 1], '#000000', '#ffffff'],
        'circle-stroke-width': ['case', ['==', ['get', 'selected'], 1], 3, 1.5],
      },
    });
  }
}

export function MonitorMap() {
  const map = useMapInstance();
  const result = useMonitorStore((s) => s.result);
  const selected = useMonitorStore((s) => s.selectedWell);
  useEffect(() => {
    if (!map) return;
    ensure(map);
    (map.getSource(MONITOR_SOURCE) as GeoJSONSource).setData(flaggedData(result, selected));
    map.moveLayer(CIRCLE);
  }, [map, result, selected]);
  useEffect(() => {
    if (!map) return;
    const onClick = (event: MapLayerMouseEvent) => {
      const code = event.features?.[0]?.properties?.code;
      if (typeof code === 'string') useMonitorStore.getState().selectWell(code);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const plain = () => (map.getCanvas().style.cursor = '');
    map.on('click', CIRCLE, onClick);
    map.on('mouseenter', CIRCLE, pointer);
    map.on('mouseleave', CIRCLE, plain);
    return () => {
      map.off('click', CIRCLE, onClick);
      map.off('mouseenter', CIRCLE, pointer);
      map.off('mouseleave', CIRCLE, plain);
    };
  }, [map]);
  useEffect(() => () => {
    if (!map?.getStyle()) return;
    if (map.getLayer(CIRCLE)) map.removeLayer(CIRCLE);
    if (map.getSource(MONITOR_SOURCE)) map.removeSource(MONITOR_SOURCE);
  }, [map]);
  return null;
}
