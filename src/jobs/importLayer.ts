/**
 * Import job: the files a user dropped ({name: bytes}) → one Layer per shapefile/GeoJSON, in
 * lon/lat, with canonical field names, checked geometry and every problem listed as a warning.
 * Runs the same in a Web Worker, in Node (CLI) and in tests.
 */
import {
  InputError,
  throwIfCancelled,
  type Feature,
  type Geometry,
  type ImportWarning,
  type JobContext,
  type Layer,
  type LayerKind,
  type Properties,
} from '../core/types.ts';
import { checkGeometry } from '../core/validation/checkGeometry.ts';
import { vertexOutside } from '../core/validation/coordinateRange.ts';
import { guessKind, resolveFieldMapping, resolveValueMapping, type FieldMapping } from '../core/fields/mapping.ts';
import { applyMapping } from '../core/fields/applyMapping.ts';
import { assignIds } from '../core/fields/featureIds.ts';
import { collectSources, type LayerSource } from '../io/read/sources.ts';
import { asInputError } from '../io/read/inputGuard.ts';
import { readShapefile, yieldToEventLoop, type RawLayer } from '../io/read/readShapefile.ts';
import { readGeoJson } from '../io/read/geojson.ts';
import { bboxOfAll } from '../core/bbox.ts';
import { crsFromUserInput, type ResolvedCrs } from '../io/read/prj.ts';
import { CHINA_LONLAT_BBOX } from '../io/read/reproject.ts';

export interface ImportLayerInput {
  /** file name → bytes: a .zip, or loose .shp/.shx/.dbf/.prj/.cpg, or .geojson/.json */
  files: Record<string, Uint8Array>;
  /** the user's encoding, overrides .cpg, LDID and detection */
  encoding?: string;
  /** the user's CRS: "EPSG:4517", a proj4 string or WKT */
  crs?: string;
  fields?: FieldMapping;
  kind?: LayerKind;
  /** import only the layers with these names (the dialog imports layer by layer with their own settings) */
  only?: string[];
}

export interface ImportLayerOutput {
  layers: Layer[];
}

/** Per problem kind, how many per-feature warnings are listed before a summary line. */
const WARNINGS_PER_CODE = 200;
const CHECK_CHUNK = 5000;

export function resolveUserCrs(crs: string | undefined): ResolvedCrs | undefined {
  if (!crs) return undefined;
  try {
    return crsFromUserInput(crs);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : '';
    throw new InputError(crs.length > 60 ? `${crs.slice(0, 60)}…` : crs, { zh: `无法使用此坐标系（${detail}）；请选择列表中的坐标系或给出 proj4 / WKT`, en: `cannot use this coordinate system (${detail})` });
  }
}

export async function readRawLayer(source: LayerSource, input: ImportLayerInput, userCrs: ResolvedCrs | undefined, context: JobContext): Promise<RawLayer> {
  if (source.kind === 'geojson') return readGeoJson(source, userCrs);
  return readShapefile(source, { encoding: input.encoding, crs: userCrs, context });
}

export async function importLayerJob(input: ImportLayerInput, context: JobContext = {}): Promise<ImportLayerOutput> {
  const sources = guarded(() => collectSources(input.files), Object.keys(input.files).slice(0, 3).join(', '));
  const userCrs = resolveUserCrs(input.crs);
  const layers: Layer[] = [];
  const usedIds = new Set<string>();
  for (const source of sources) {
    if (input.only && !input.only.includes(source.name)) continue;
    throwIfCancelled(context.signal);
    const layer = await guardedAsync(async () => finishLayer(await readRawLayer(source, input, userCrs, context), input, context), sourceFile(source));
    let id = layer.name;
    for (let n = 2; usedIds.has(id); n++) id = `${layer.name}_${n}`;
    usedIds.add(id);
    layers.push({ ...layer, id });
  }
  return { layers };
}

async function finishLayer(raw: RawLayer, input: ImportLayerInput, context: JobContext): Promise<Layer> {
  const file = raw.sourceFiles.find((f) => /\.(shp|geojson|json)$/i.test(f)) ?? raw.name;
  refuseWildVertices(raw, file);
  const checked = await checkFeatures(raw.features, file, context);
  const firstGeometry = checked.features.find((f) => f.geometry)?.geometry?.type ?? null;
  const kind = input.kind ?? input.fields?.kind ?? guessKind(raw.fields.map((f) => f.name), firstGeometry);
  const fieldMap = resolveFieldMapping(kind, raw.fields.map((f) => f.name), input.fields);
  const mapped = applyMapping(kind, checked.features, raw.fields, fieldMap, resolveValueMapping(input.fields), file);
  const ids = assignIds(kind, mapped.features, file);
  const warnings = [...raw.warnings, ...checked.warnings, ...mapped.warnings];
  if (ids.warning) warnings.push(ids.warning);
  const outside = outsideChina(ids.features);
  if (outside) warnings.push({ file, code: 'outside-china', message: outside });
  return {
    id: raw.name,
    name: raw.name,
    kind,
    sourceFiles: raw.sourceFiles,
    crs: raw.crs,
    encoding: raw.encoding,
    encodingSource: raw.encodingSource,
    fields: mapped.fields,
    features: { type: 'FeatureCollection', features: ids.features },
    warnings,
  };
}

async function checkFeatures(
  features: readonly Feature<Geometry | null, Properties>[],
  file: string,
  context: JobContext,
): Promise<{ features: Feature<Geometry | null, Properties>[]; warnings: ImportWarning[] }> {
  const out: Feature<Geometry | null, Properties>[] = new Array(features.length);
  const warnings: ImportWarning[] = [];
  const counts = new Map<string, number>();
  for (let start = 0; start < features.length; start += CHECK_CHUNK) {
    throwIfCancelled(context.signal);
    const end = Math.min(features.length, start + CHECK_CHUNK);
    for (let i = start; i < end; i++) {
      const { geometry, problems } = checkGeometry(features[i].geometry);
      out[i] = { ...features[i], geometry };
      for (const p of problems) {
        if (p.code === 'too-complex') throw tooComplexError(file, i, p.message);
        const n = (counts.get(p.code) ?? 0) + 1;
        counts.set(p.code, n);
        if (n <= WARNINGS_PER_CODE) warnings.push({ file, featureId: String(i + 1), code: p.code, message: p.message, repaired: p.repaired });
      }
    }
    context.onProgress?.({ stage: 'check', done: end, total: features.length });
    if (end < features.length) await yieldToEventLoop();
  }
  for (const [code, n] of counts) {
    if (n > WARNINGS_PER_CODE) {
      warnings.push({ file, code, message: `${n} features in all have this problem (${code}); only the first ${WARNINGS_PER_CODE} are listed` });
    }
  }
  return { features: out, warnings };
}

/** A vertex outside lon −180…180, lat −90…90 refuses the layer, naming the feature and the value. */
function refuseWildVertices(raw: RawLayer, file: string): void {
  for (let i = 0; i < raw.features.length; i++) {
    const vertex = vertexOutside(raw.features[i].geometry);
    if (!vertex) continue;
    const value = `${formatCoordinate(vertex[0])}, ${formatCoordinate(vertex[1])}`;
    throw new InputError(file, {
      zh: `坐标 (${value}) 超出坐标系 ${raw.crs.name}（${raw.crs.code}）的有效范围（经度 −180…180，纬度 −90…90）；请改正该要素的坐标，或检查坐标系是否选对`,
      en: `coordinate (${value}) lies outside the valid area of ${raw.crs.name} (${raw.crs.code}: lon −180…180, lat −90…90); correct this feature or check the coordinate system`,
    }, String(i + 1));
  }
}

function formatCoordinate(value: number): string {
  return Math.abs(value) >= 1e6 ? value.toExponential(3) : String(Math.round(value * 1e6) / 1e6);
}

function tooComplexError(file: string, index: number, detail: string): InputError {
  return new InputError(file, {
    zh: `几何图形过于复杂（自相交过多或节点过多），无法在限定时间内检查和修复，导入已停止；请在 GIS 软件中修复或删除该要素后再导入（${detail}）`,
    en: `${detail}; the import stopped: repair or remove this feature in a GIS program and import again`,
  }, String(index + 1));
}

export function sourceFile(source: LayerSource): string {
  return source.kind === 'geojson' ? source.file : (source.parts.shp?.name ?? source.name);
}

export function guarded<T>(run: () => T, file: string): T {
  try {
    return run();
  } catch (error) {
    throw asInputError(error, file);
  }
}

async function guardedAsync<T>(run: () => Promise<T>, file: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asInputError(error, file);
  }
}

function outsideChina(features: readonly Feature<Geometry | null, Properties>[]): string | null {
  const box = bboxOfAll(features.map((f) => f.geometry));
  if (!box) return null;
  const [w, s, e, n] = CHINA_LONLAT_BBOX;
  if (box[0] >= w && box[2] <= e && box[1] >= s && box[3] <= n) return null;
  const fmt = (v: number): string => v.toFixed(4);
  return `the layer lies outside China (lon ${fmt(box[0])}…${fmt(box[2])}, lat ${fmt(box[1])}…${fmt(box[3])}); check the coordinate system`;
}
