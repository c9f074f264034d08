/**
 * The water accounting job (docs/domain.md 1–4): phase 1 splits plots and forest among villages by
 * geometry (slow; skipped when the caller hands back an earlier `split`), phase 2 aggregates the
 * attributes, quotas, caps and wells into village, township and city units (fast; re-run after
 * every status edit). Runs the same in a worker, in the CLI and in tests.
 */
import { accountFromSplit } from '../core/accounting/aggregate.ts';
import { groundwaterShares } from '../core/accounting/shares.ts';
import { splitByVillage, villagesOf } from '../core/accounting/split.ts';
import { findOverlaps } from '../core/accounting/overlaps.ts';
import type { AccountingResult, AccountingSplit, CapRow, QuotaRow } from '../core/accounting/types.ts';
import { overlay, type OverlayRunner } from '../core/geometry/overlay.ts';
import { InputError, throwIfCancelled, type Feature, type Geometry, type JobContext, type Layer, type Properties } from '../core/types.ts';
import { decodeColumns, type EncodedColumns } from '../core/accounting/encodeAttributes.ts';
import type { PackedLayer } from '../core/geometry/packedLayer.ts';
import type { Position } from 'geojson';
import { unpackGeometry } from '../core/geometry/pieceGeometry.ts';
import { splitKeyWith, type Digest } from '../core/accounting/splitKey.ts';

/**
 * Where splits are kept between runs (the page's IndexedDB, src/workers/splitCache.ts): looked up
 * by the content key of the split's inputs, so a changed input never finds an old split.
 */
export interface SplitCache {
  /** names the code computing the split (the worker bundle's URL carries its content hash) */
  salt: string;
  /** SHA-256 for the key (the browser's native one); absent, a JavaScript one */
  digest?: Digest;
  get(key: string): Promise<AccountingSplit | undefined>;
  put(key: string, split: AccountingSplit): Promise<void>;
}

export interface AccountLayers {
  villages: Layer;
  plots: Layer;
  forest?: Layer | null;
  wells?: Layer | null;
}

/** Geometry for phase 1 in transferable form (the page's way: no GeoJSON cloned to the worker). */
export interface AccountGeometry {
  villages: Feature<Geometry | null, Properties>[];
  plots: PackedLayer;
  forest?: PackedLayer | null;
  wells?: Feature<Geometry | null, Properties>[] | null;
}

export interface AccountAttributes {
  /** plot properties, or the same as dictionary-coded columns */
  plots: Properties[] | EncodedColumns;
  forest?: Properties[] | null;
  wells?: Properties[] | null;
}

export interface AccountInput {
  year: number;
  quotas: QuotaRow[];
  caps: CapRow[];
  /** needed unless `split` (or `geometry`) and `attributes` are given */
  layers?: AccountLayers;
  /** phase 1 input as packed geometry, with `attributes` */
  geometry?: AccountGeometry;
  /** phase 1 from an earlier run over the same geometry */
  split?: AccountingSplit;
  /** the layers' attributes only (with `split`, so geometry need not cross to the worker again) */
  attributes?: AccountAttributes;
  /** plot index → status (种植/退减/休耕) edits not yet written into the layer */
  statusEdits?: Record<number, string>;
  countyName?: string;
  /** the year the wells' readings are of (the page's Layer.readingsYear); other years have none */
  wellsReadingsYear?: number | null;
  /** file names used in error messages */
  files?: { villages?: string; plots?: string; quotas?: string; caps?: string };
}

export interface AccountOutput {
  result: AccountingResult;
  split: AccountingSplit;
  timingsMs: { split: number; aggregate: number };
  /** phase 1 came from the split cache (with its key), not from the overlay */
  splitFromCache?: boolean;
}

const unpackAll = (packed: PackedLayer): (Geometry | null)[] =>
  Array.from({ length: packed.featureStarts.length - 1 }, (_, k) => unpackGeometry(packed, k));

function splitInput(input: AccountInput) {
  if (input.geometry) {
    const g = input.geometry;
    return { villages: g.villages, plots: unpackAll(g.plots), forest: g.forest ? unpackAll(g.forest) : null, wells: g.wells ?? null };
  }
  const layers = input.layers;
  if (!layers) throw new InputError('account', '核算需要村界和种植地块图层，请先导入 (needs the villages and plots layers)');
  return {
    villages: layers.villages.features.features,
    plots: layers.plots.features.features.map((f) => f.geometry),
    forest: layers.forest?.features.features.map((f) => f.geometry) ?? null,
    wells: layers.wells?.features.features ?? null,
  };
}

/** One geometry per village index: a village drawn as several features is one MultiPolygon. */
function villageGeometries(features: Feature<Geometry | null, Properties>[]): (village: number) => Geometry | null {
  const { villageOfFeature } = villagesOf(features);
  const polygons = new Map<number, Position[][][]>();
  features.forEach((feature, index) => {
    const g = feature.geometry;
    const list = polygons.get(villageOfFeature[index]) ?? [];
    if (g?.type === 'Polygon') list.push(g.coordinates);
    else if (g?.type === 'MultiPolygon') list.push(...g.coordinates);
    polygons.set(villageOfFeature[index], list);
  });
  return (village) => {
    const list = polygons.get(village);
    return list?.length ? { type: 'MultiPolygon', coordinates: list } : null;
  };
}

const propertiesOf = (layer: Layer | null | undefined): Properties[] | null =>
  layer ? layer.features.features.map((f) => f.properties ?? {}) : null;

function withEdits(plots: Properties[], edits: Record<number, string> | undefined): Properties[] {
  if (!edits || Object.keys(edits).length === 0) return plots;
  const out = plots.slice();
  for (const [index, status] of Object.entries(edits)) {
    const i = Number(index);
    if (out[i]) out[i] = { ...out[i], ZT: status };
  }
  return out;
}

export async function accountJob(input: AccountInput, context: JobContext = {}): Promise<AccountOutput> {
  return runAccount(input, context);
}

/**
 * Phase 1: the split of plots and forest among villages, then the overlaps. `onVillageSplit` is
 * given the split before its overlaps are found: every figure but the overlap ones (overlapMu,
 * overlapDemandM3) is already final then (overlapSums.ts adds only those).
 */
async function computeSplit(input: AccountInput, context: JobContext, runner?: OverlayRunner, onVillageSplit?: (split: AccountingSplit) => void): Promise<AccountingSplit> {
  const geometry = splitInput(input);
  // the page's plots and forest come packed: the overlays of whole layers take them as they came
  const packed = new Map<readonly (Geometry | null)[], PackedLayer>();
  if (input.geometry) {
    packed.set(geometry.plots, input.geometry.plots);
    if (geometry.forest && input.geometry.forest) packed.set(geometry.forest, input.geometry.forest);
  }
  const split = await splitByVillage(
    { ...geometry, files: { villages: input.files?.villages ?? input.layers?.villages.name } },
    (a, b, options) => overlay(a, b, { ...options, runner, packed }),
    context,
  );
  onVillageSplit?.(split);
  const overlaps = await findOverlaps(
    { plots: geometry.plots, forest: geometry.forest, plotPieces: split.plots, villageGeometry: villageGeometries(geometry.villages) },
    (a, b, options) => overlay(a, b, { ...options, runner, packed }),
    { signal: context.signal, onProgress: (p) => context.onProgress?.({ ...p, stage: 'overlaps' }) },
  );
  return { ...split, overlaps };
}

/**
 * Phase 1 through the cache: only the page's packed geometry is keyed (the key is taken before
 * anything is unpacked). A cache that fails to read or write costs the time, never the figures.
 */
async function cachedSplit(input: AccountInput & { geometry: AccountGeometry }, context: JobContext, cache: SplitCache, runner?: OverlayRunner, onVillageSplit?: (split: AccountingSplit) => void): Promise<{ split: AccountingSplit; hit: boolean }> {
  const g = input.geometry;
  const key = await splitKeyWith({ villages: g.villages, plots: g.plots, forest: g.forest, wells: g.wells, villagesFile: input.files?.villages }, cache.salt, cache.digest);
  const kept = await cache.get(key).catch(() => undefined);
  if (kept) return { split: kept, hit: true };
  const split = await computeSplit(input, context, runner, onVillageSplit);
  await cache.put(key, split).catch(() => undefined);
  return { split, hit: false };
}

/**
 * As accountJob, with an optional overlay worker pool for phase 1 (the CLI's threads, the page's
 * workers) and an optional split cache (the page's IndexedDB).
 */
export async function runAccount(input: AccountInput, context: JobContext = {}, runner?: OverlayRunner, cache?: SplitCache): Promise<AccountOutput> {
  const started = performance.now();
  const given = input.attributes;
  const attributes = given ? { ...given, plots: Array.isArray(given.plots) ? given.plots : decodeColumns(given.plots) } : {
    plots: propertiesOf(input.layers?.plots) ?? [],
    forest: propertiesOf(input.layers?.forest),
    wells: propertiesOf(input.layers?.wells),
  };
  const plots = withEdits(attributes.plots, input.statusEdits);
  const phase2 = (split: AccountingSplit): AccountingResult => {
    if (attributes.plots.length !== split.plots.featureAreaM2.length) {
      throw new InputError(input.files?.plots ?? 'plots', '种植地块在切分后已改变，请重新核算 (the plots changed since their geometry was split; recompute from the layers)');
    }
    return accountFromSplit({
      year: input.year,
      split,
      plots,
      forest: attributes.forest,
      wells: attributes.wells,
      wellsReadingsYear: input.wellsReadingsYear ?? input.layers?.wells?.readingsYear ?? null,
      quotas: input.quotas,
      caps: input.caps,
      countyName: input.countyName,
      files: input.files,
    });
  };
  // where the split is computed, the groundwater shares (what colours the map) go out before the
  // overlaps are looked for: they do not change with them
  const onPartial = context.onPartial;
  const onVillageSplit = onPartial ? (villageSplit: AccountingSplit) => onPartial(groundwaterShares(phase2(villageSplit))) : undefined;
  let split = input.split;
  let splitFromCache = false;
  if (!split && cache && input.geometry) {
    const cached = await cachedSplit({ ...input, geometry: input.geometry }, context, cache, runner, onVillageSplit);
    split = cached.split;
    splitFromCache = cached.hit;
  } else if (!split) {
    split = await computeSplit(input, context, runner, onVillageSplit);
  }
  throwIfCancelled(context.signal);
  const splitDone = performance.now();
  context.onProgress?.({ stage: 'aggregate', done: 0, total: 1 });
  const result = phase2(split);
  context.onProgress?.({ stage: 'aggregate', done: 1, total: 1 });
  const done = performance.now();
  return { result, split, timingsMs: { split: splitDone - started, aggregate: done - splitDone }, splitFromCache };
}
