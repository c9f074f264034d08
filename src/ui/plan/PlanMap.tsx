/**
 * The proposed plots on the map: a GeoJSON source `plan` drawn above the data layers, each patch
 * in its own colour (patch number modulo a palette), outlined; shown while the plan panel has a result.
 */
import { useEffect } from 'react';
import type { GeoJSONSource, Map as MaplibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import type { PlanResult } from '../../core/plan/types.ts';
import type { Layer } from '../../core/types.ts';
import { fillId, useMapInstance } from '../map/MapContext.tsx';
import { usePlanStore } from './planStore.ts';

export const PLAN_SOURCE = 'plan';
const FILL = 'plan:fill';
const LINE = 'plan:line';
export const PATCH_PALETTE = ['#d95f02', '#1b9e77', '#7570b3', '#e7298a', '#66a61e', '#e6ab02', '#a6761d', '#1f78b4'];
const colour = ['match', ['%', ['get', 'patch'], PATCH_PALETTE.length], ...PATCH_PALETTE.flatMap((c, i) => [i, c]), '#666666'] as unknown as string;

function planData(result: PlanResult | null, plots: Layer | null): GeoJSON.FeatureCollection {
  const features = plots?.features.features ?? [];
  return {
    type: 'FeatureCollection',
    features: (result?.plots ?? []).filter((p) => features[p.featureIndex]?.geometry).map((p) => ({
      type: 'Feature' as const, geometry: features[p.featureIndex].geometry!, properties: { patch: p.patch, DKBM: p.DKBM, village: p.villageCode },
    })),
  };
}

function ensure(map: MaplibreMap): void {
  if (!map.getSource(PLAN_SOURCE)) map.addSource(PLAN_SOURCE, { type: 'geojson', data: planData(null, null) });
  if (!map.getLayer(FILL)) map.addLayer({ id: FILL, type: 'fill', source: PLAN_SOURCE, paint: { 'fill-color': colour, 'fill-opacity': 0.7 } });
  if (!map.getLayer(LINE)) map.addLayer({ id: LINE, type: 'line', source: PLAN_SOURCE, paint: { 'line-color': '#222222', 'line-width': 1 } });
}

export function PlanMap() {
  const map = useMapInstance();
  const result = usePlanStore((s) => s.result);
  const plots = usePlanStore((s) => s.plotsLayer);
  useEffect(() => {
    if (!map) return;
    ensure(map);
    (map.getSource(PLAN_SOURCE) as GeoJSONSource).setData(planData(result, plots));
    for (const id of [FILL, LINE]) map.moveLayer(id);
  }, [map, result, plots]);
  // adjusting by hand: a click on a plot adds it to the plan or takes it out
  const adjusting = usePlanStore((s) => s.adjusting);
  useEffect(() => {
    if (!map || !adjusting || !plots) return;
    const layer = fillId(plots.id);
    const onClick = (event: MapLayerMouseEvent) => {
      const id = event.features?.[0]?.id;
      if (typeof id === 'number') usePlanStore.getState().toggle([id]);
    };
    map.on('click', layer, onClick);
    return () => {
      map.off('click', layer, onClick);
    };
  }, [map, adjusting, plots]);
  useEffect(() => () => {
    if (!map?.getStyle()) return;
    for (const id of [LINE, FILL]) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(PLAN_SOURCE)) map.removeSource(PLAN_SOURCE);
  }, [map]);
  return null;
}
