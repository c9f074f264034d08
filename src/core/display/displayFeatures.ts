/**
 * What the map draws of a layer: its features with a geometry, each with its index in the layer as
 * numeric id, so that feature-state (status, selection, colours) can address it.
 *
 * Only what the map's style reads goes with them (a plot's ZT, a survey patch's DLBM, …): the page
 * looks everything else up in the layer by that id (the attribute panel, the selection tools), so
 * the map's worker does not parse, tile and index a dozen fields of every plot. Coordinates are
 * rounded to 1e-7° (about a centimetre), which a map cannot show and which halves the bytes.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';
import type { Layer, LayerKind, Properties } from '../types.ts';

/** The fields each kind's style reads (src/ui/map/layerStyles.ts); kinds not named keep all. */
export const DISPLAY_FIELDS: Partial<Record<LayerKind, readonly string[]>> = {
  plots: ['ZT'],
  survey: ['DLBM'],
  forest: [],
  wells: ['SFJL'],
  canals: ['QDDJ'],
};

const round = (value: number): number => Math.round(value * 1e7) / 1e7;

function roundPositions(coordinates: unknown): unknown {
  if (typeof coordinates === 'number') return round(coordinates);
  return (coordinates as unknown[]).map(roundPositions);
}

/** The geometry with every coordinate rounded to 1e-7 (degrees): for drawing only. */
export function displayGeometry(geometry: Geometry): Geometry {
  if (geometry.type === 'GeometryCollection') return { type: 'GeometryCollection', geometries: geometry.geometries.map(displayGeometry) };
  return { type: geometry.type, coordinates: roundPositions(geometry.coordinates) as Position[][] } as Geometry;
}

function displayProperties(properties: Properties | null | undefined, fields: readonly string[] | undefined): Properties | null {
  if (!fields) return properties ?? null;
  const picked: Properties = {};
  for (const field of fields) if (properties && field in properties) picked[field] = properties[field];
  return picked;
}

export function displayFeatureCollection(layer: Layer): FeatureCollection<Geometry, Properties> {
  const fields = DISPLAY_FIELDS[layer.kind];
  const features: Feature<Geometry, Properties>[] = [];
  layer.features.features.forEach((f, index) => {
    if (f.geometry) features.push({ type: 'Feature', id: index, geometry: displayGeometry(f.geometry), properties: displayProperties(f.properties, fields) as Properties });
  });
  return { type: 'FeatureCollection', features };
}
