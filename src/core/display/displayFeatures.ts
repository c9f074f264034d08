/**
 * What the map draws of a layer: its features with a geometry, each with its index in the layer as
 * numeric id, so that feature-state (status, selection, colours) can address it.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Layer, Properties } from '../types.ts';

export function displayFeatureCollection(layer: Layer): FeatureCollection<Geometry, Properties> {
  const features: Feature<Geometry, Properties>[] = [];
  layer.features.features.forEach((f, index) => {
    if (f.geometry) features.push({ type: 'Feature', id: index, geometry: f.geometry, properties: f.properties });
  });
  return { type: 'FeatureCollection', features };
}
