import { createContext, useContext } from 'react';
import type { Map as MaplibreMap } from 'maplibre-gl';

/** The one maplibre map of the page; null until it has loaded its style. */
export const MapContext = createContext<MaplibreMap | null>(null);

export function useMapInstance(): MaplibreMap | null {
  return useContext(MapContext);
}

/** Source and style-layer ids of a loaded layer (see docs/architecture.md). */
export const sourceId = (layerId: string): string => `L:${layerId}`;
export const fillId = (layerId: string): string => `L:${layerId}:fill`;
export const lineId = (layerId: string): string => `L:${layerId}:line`;
export const circleId = (layerId: string): string => `L:${layerId}:circle`;
export const labelId = (layerId: string): string => `L:${layerId}:label`;
export const haloId = (layerId: string): string => `L:${layerId}:halo`;
export const selectedLineId = (layerId: string): string => `L:${layerId}:selected`;
/**
 * A plots layer's selection is drawn from a source of its own holding only the selected plots, so
 * the county's map does not draw a halo and an outline around every plot in every frame.
 */
export const selectionSourceId = (layerId: string): string => `L:${layerId}:selection`;
/** A villages layer's labels come from a point source of their own: one label per village. */
export const labelSourceId = (layerId: string): string => `L:${layerId}:labels`;
