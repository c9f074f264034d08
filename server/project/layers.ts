/**
 * Layers on the server, in the form the page's project file holds them (src/core/types.ts Layer).
 * A plots layer also fills `plots`: one row per plot with its village and township (the first
 * 12 and 9 digits of its ZLDWDM, docs/contract.md), which every township scope check reads.
 */
import type { Feature, Geometry } from 'geojson';
import { plotIdOf } from '../../src/core/edits/index.ts';
import { LAYER_KINDS, type Layer, type LayerKind, type Properties } from '../../src/core/types.ts';
import type { Queryable } from '../db/database.ts';

export class BadInput extends Error {}

export function validateLayer(body: unknown, id: string): Layer {
  const layer = body as Partial<Layer> | null;
  if (!layer || typeof layer !== 'object') throw new BadInput('layer: not an object');
  if (!/^[\w.-]{1,64}$/.test(id)) throw new BadInput('layer id: 1–64 letters, digits, _ . -');
  if (!LAYER_KINDS.includes(layer.kind as LayerKind)) throw new BadInput(`layer kind: one of ${LAYER_KINDS.join(', ')}`);
  const features = layer.features;
  if (!features || features.type !== 'FeatureCollection' || !Array.isArray(features.features)) throw new BadInput('layer features: a GeoJSON FeatureCollection');
  for (const feature of features.features) {
    if (!feature || feature.type !== 'Feature' || (feature.properties !== null && typeof feature.properties !== 'object')) throw new BadInput('layer features: every item must be a GeoJSON Feature');
  }
  return { ...(layer as Layer), id, name: typeof layer.name === 'string' ? layer.name : id };
}

const codeOf = (props: Properties | null, ...fields: string[]): string => {
  for (const field of fields) {
    const value = props?.[field];
    if (value !== null && value !== undefined && String(value).trim() !== '') return String(value).trim();
  }
  return '';
};

export const plotVillage = (props: Properties | null): string => codeOf(props, 'ZLDWDM').slice(0, 12);
export const villageCodeOf = (props: Properties | null): string => codeOf(props, 'ZLDWDM', 'CJDM').slice(0, 12);
export const villageTownshipOf = (props: Properties | null): string => codeOf(props, 'XZDM').slice(0, 9) || villageCodeOf(props).slice(0, 9);

/** Stores (or replaces) a layer; the caller holds the chain lock. */
export async function storeLayer(tx: Queryable, layer: Layer, user: string): Promise<void> {
  const { features, ...meta } = layer;
  await tx.query('DELETE FROM layers WHERE id = $1', [layer.id]);
  await tx.query('INSERT INTO layers (id, kind, meta, features, updated_at, updated_by) VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6)', [
    layer.id, layer.kind, JSON.stringify(meta), JSON.stringify(features), new Date().toISOString(), user,
  ]);
  if (layer.kind !== 'plots') return;
  const rows = features.features.map((feature: Feature<Geometry | null, Properties>, index: number) => {
    const props = feature.properties ?? {};
    const village = plotVillage(props);
    return { plot_id: plotIdOf(feature, index), village, township: village.slice(0, 9), props };
  });
  // One statement for the whole layer: 50,000 single-row INSERTs would take minutes.
  for (let start = 0; start < rows.length; start += 10_000) {
    await tx.query(
      `INSERT INTO plots (layer_id, plot_id, village, township, props)
       SELECT $1, r.plot_id, r.village, r.township, r.props FROM jsonb_to_recordset($2::jsonb) AS r(plot_id text, village text, township text, props jsonb)
       ON CONFLICT (layer_id, plot_id) DO NOTHING`,
      [layer.id, JSON.stringify(rows.slice(start, start + 10_000))],
    );
  }
}

export interface LayerSummary {
  id: string;
  name: string;
  kind: LayerKind;
  featureCount: number;
  updatedAt: string;
  updatedBy: string;
}

export async function listLayers(db: Queryable): Promise<LayerSummary[]> {
  const rows = await db.query<{ id: string; kind: LayerKind; name: string | null; count: number; updated_at: string; updated_by: string }>(
    `SELECT id, kind, meta->>'name' AS name, jsonb_array_length(features->'features') AS count, updated_at, updated_by FROM layers ORDER BY id`,
  );
  return rows.map((r) => ({ id: r.id, name: r.name ?? r.id, kind: r.kind, featureCount: Number(r.count), updatedAt: r.updated_at, updatedBy: r.updated_by }));
}

export async function readLayer(db: Queryable, id: string): Promise<Layer | null> {
  const [row] = await db.query<{ meta: Omit<Layer, 'features'>; features: Layer['features'] }>('SELECT meta, features FROM layers WHERE id = $1', [id]);
  return row ? { ...row.meta, features: row.features } : null;
}

/** The layer as a township sees it: only its villages, or only its plots. */
export function layerForTownship(layer: Layer, township: string): Layer {
  const keep = layer.kind === 'plots'
    ? (props: Properties | null) => plotVillage(props).slice(0, 9) === township
    : (props: Properties | null) => villageTownshipOf(props) === township;
  // Ids are kept explicit: a plot without a code is known by its index in the whole layer.
  const features = layer.features.features
    .map((f, index) => (f.id === undefined || f.id === null ? { ...f, id: plotIdOf(f, index) } : f))
    .filter((f) => keep(f.properties));
  return { ...layer, features: { ...layer.features, features } };
}

export interface PlotRow {
  plot_id: string;
  village: string;
  township: string;
  props: Properties;
}

export async function readPlots(db: Queryable, layerId: string, plotIds: readonly string[]): Promise<PlotRow[]> {
  return db.query<PlotRow>('SELECT plot_id, village, township, props FROM plots WHERE layer_id = $1 AND plot_id = ANY(SELECT jsonb_array_elements_text($2::jsonb))', [layerId, JSON.stringify(plotIds)]);
}
