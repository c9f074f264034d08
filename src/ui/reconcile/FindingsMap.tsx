/**
 * The findings on the map: a GeoJSON source `findings` (the filtered findings' problem geometry)
 * drawn above every layer, the selected one outlined; clicking one selects it. Zooming to a
 * selected finding goes through the map's fit request (useMapUiStore.fit).
 */
import { useEffect, useMemo } from 'react';
import type { GeoJSONSource, Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { Finding, FindingKind } from '../../core/reconcile/types.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { filterFindings, useFindingsStore } from '../../state/findingsStore.ts';
import { useMapInstance } from '../map/MapContext.tsx';

export const FINDINGS_SOURCE = 'findings';
const FILL = 'findings:fill';
const LINE = 'findings:line';
const SELECTED = 'findings:selected';

export const KIND_COLORS: Record<FindingKind, string> = {
  non_cultivated_planting: '#d7301f',
  forest_on_planting: '#238b45',
  plot_overlap: '#6a51a3',
  uncovered_cultivated: '#fd8d3c',
  village_mismatch: '#2171b5',
  area_mismatch: '#737373',
  dryland_irrigation: '#8c510a',
};

const colorExpression = ['match', ['get', 'kind'], ...Object.entries(KIND_COLORS).flat(), '#000000'] as unknown as string;

function findingsData(findings: readonly Finding[]): GeoJSON.FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: findings
      .filter((f) => f.geometry)
      .map((f) => ({ type: 'Feature' as const, geometry: f.geometry!, properties: { key: f.key, kind: f.kind } })),
  };
}

function ensureLayers(map: MaplibreMap): void {
  if (!map.getSource(FINDINGS_SOURCE)) map.addSource(FINDINGS_SOURCE, { type: 'geojson', data: findingsData([]) });
  if (!map.getLayer(FILL)) map.addLayer({ id: FILL, type: 'fill', source: FINDINGS_SOURCE, paint: { 'fill-color': colorExpression, 'fill-opacity': 0.55 } });
  if (!map.getLayer(LINE)) map.addLayer({ id: LINE, type: 'line', source: FINDINGS_SOURCE, paint: { 'line-color': colorExpression, 'line-width': 2 } });
  if (!map.getLayer(SELECTED)) {
    map.addLayer({ id: SELECTED, type: 'line', source: FINDINGS_SOURCE, filter: ['==', ['get', 'key'], ''], paint: { 'line-color': '#e6007e', 'line-width': 4 } });
  }
}

/** Above every data layer (which MapView may add after this component's effects ran). */
function moveToTop(map: MaplibreMap): void {
  for (const id of [FILL, LINE, SELECTED]) if (map.getLayer(id)) map.moveLayer(id);
}

function removeLayers(map: MaplibreMap): void {
  for (const id of [SELECTED, LINE, FILL]) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(FINDINGS_SOURCE)) map.removeSource(FINDINGS_SOURCE);
}

/** The findings the panel lists (the filter applied), or none when hidden. */
function useShownFindings(): readonly Finding[] {
  const report = useFindingsStore((s) => s.report);
  const filter = useFindingsStore((s) => s.filter);
  const marks = useFindingsStore((s) => s.marks);
  const showOnMap = useFindingsStore((s) => s.showOnMap);
  return useMemo(() => (report && showOnMap ? filterFindings(report.findings, filter, marks) : []), [report, filter, marks, showOnMap]);
}

/**
 * Keeps the map's `findings` source in step with the shown findings and the selection.
 * Mounted inside <MapView> (it needs the map context), so findings stay visible on every tab.
 */
export function FindingsMap() {
  const map = useMapInstance();
  const findings = useShownFindings();
  const selectedKey = useFindingsStore((s) => s.selectedKey);
  const layers = useProjectStore((s) => s.layers);

  useEffect(() => {
    if (!map) return;
    ensureLayers(map);
    const onClick = (event: MapLayerMouseEvent) => {
      const key = event.features?.[0]?.properties?.key;
      if (typeof key === 'string') useFindingsStore.getState().select(key);
    };
    map.on('click', FILL, onClick);
    return () => {
      map.off('click', FILL, onClick);
      if (map.getStyle()) removeLayers(map);
    };
  }, [map]);

  useEffect(() => {
    if (!map) return;
    ensureLayers(map);
    (map.getSource(FINDINGS_SOURCE) as GeoJSONSource).setData(findingsData(findings));
    moveToTop(map);
  }, [map, findings]);

  useEffect(() => {
    // MapView adds the data layers in its own effect, after this one: move up on the next frame
    if (!map) return;
    const frame = requestAnimationFrame(() => moveToTop(map));
    return () => cancelAnimationFrame(frame);
  }, [map, layers]);

  useEffect(() => {
    if (map?.getLayer(SELECTED)) map.setFilter(SELECTED, ['==', ['get', 'key'], selectedKey ?? '']);
  }, [map, selectedKey]);

  return null;
}
