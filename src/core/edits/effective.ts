/**
 * Effective attributes of plots for a year: the layer's properties overridden by that year's
 * overrides. The layer itself is never changed.
 */
import type { Feature, Geometry } from 'geojson';
import type { Layer, Properties } from '../types.ts';
import { getOverride, tableEntries, tableFromPlain, tableToPlain, type OverrideTable } from './overrideTable.ts';
import type { OverridesByYear, PlainOverrides } from './types.ts';

/** A plot's id: the feature's string id (Layer contract), else its 1-based index. */
export function plotIdOf(feature: Feature<Geometry | null, Properties>, index: number): string {
  return feature.id === undefined || feature.id === null ? String(index + 1) : String(feature.id);
}

const indexCache = new WeakMap<object, Map<string, number>>();

/** plotId → 0-based feature index (= the map's feature id), built once per layer. */
export function plotIndex(layer: Layer): ReadonlyMap<string, number> {
  const key = layer.features;
  let index = indexCache.get(key);
  if (!index) {
    index = new Map();
    layer.features.features.forEach((feature, i) => index!.set(plotIdOf(feature, i), i));
    indexCache.set(key, index);
  }
  return index;
}

export function baseProperties(layer: Layer, plotId: string): Properties | undefined {
  const i = plotIndex(layer).get(plotId);
  return i === undefined ? undefined : (layer.features.features[i].properties ?? {});
}

export function effectiveProperties(base: Readonly<Properties>, override: Readonly<Properties> | undefined): Properties {
  return override ? { ...base, ...override } : (base as Properties);
}

export function overridesFor(overrides: OverridesByYear, year: number, layerId: string): OverrideTable | undefined {
  return overrides[String(year)]?.[layerId];
}

/** One plot's effective properties, or undefined for an unknown id. */
export function effectivePlotProperties(layer: Layer, table: OverrideTable | undefined, plotId: string): Properties | undefined {
  const base = baseProperties(layer, plotId);
  return base && effectiveProperties(base, getOverride(table, plotId));
}

/**
 * The layer as it stands in a year: a new Layer whose overridden features are new objects and
 * whose other features are the layer's own (shared, not copied).
 */
export function effectiveLayer(layer: Layer, table: OverrideTable | undefined): Layer {
  if (!table || table.size === 0) return layer;
  const features = layer.features.features.slice();
  const index = plotIndex(layer);
  for (const [plotId, override] of tableEntries(table)) {
    const i = index.get(plotId);
    if (i === undefined) continue;
    const feature = features[i];
    features[i] = { ...feature, properties: effectiveProperties(feature.properties ?? {}, override) };
  }
  return { ...layer, features: { ...layer.features, features } };
}

export function overridesToPlain(overrides: OverridesByYear): PlainOverrides {
  const plain: PlainOverrides = {};
  for (const [year, layers] of Object.entries(overrides)) {
    plain[year] = {};
    for (const [layerId, table] of Object.entries(layers)) plain[year][layerId] = tableToPlain(table);
  }
  return plain;
}

export function overridesFromPlain(plain: PlainOverrides): OverridesByYear {
  const overrides: Record<string, Record<string, OverrideTable>> = {};
  for (const [year, layers] of Object.entries(plain)) {
    overrides[year] = {};
    for (const [layerId, table] of Object.entries(layers)) overrides[year][layerId] = tableFromPlain(table);
  }
  return overrides;
}

/**
 * Effective properties of the plot at feature index i in `year`: the layer's, overridden by the
 * year's edits. The one accessor every store and panel reads plots through.
 */
export function propertiesAccessor(layer: Layer, overrides: OverridesByYear, year: number): (index: number) => Properties {
  const table = overridesFor(overrides, year, layer.id);
  const features = layer.features.features;
  if (!table || table.size === 0) return (i) => features[i].properties ?? {};
  return (i) => {
    const base = features[i].properties ?? {};
    const override = getOverride(table, plotIdOf(features[i], i));
    return override ? { ...base, ...override } : base;
  };
}
