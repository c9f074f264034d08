/**
 * GeoJSON → lon/lat features. RFC 7946 GeoJSON is lon/lat; older files may carry a "crs"
 * member (e.g. urn:ogc:def:crs:EPSG::4517) or simply hold projected coordinates, which are
 * recognised like a shapefile without .prj.
 */
import {
  InputError,
  type Feature,
  type FieldInfo,
  type Geometry,
  type ImportWarning,
  type Properties,
  type PropertyValue,
} from '../../core/types.ts';
import { crsByCode } from './chineseCrs.ts';
import { crsFromUserInput, datumCaution, type ResolvedCrs } from './prj.ts';
import { inferCrs, inferenceFailure, type Bbox } from './inferCrs.ts';
import { bboxOfAll } from '../../core/bbox.ts';
import { layerTransform, transformGeometry } from './reproject.ts';
import type { RawLayer } from './readShapefile.ts';
import type { GeoJsonSource } from './sources.ts';

/** The box of a layer without coordinates (the checks treat it as they treated no coordinates). */
const NO_BBOX: Bbox = [Infinity, Infinity, -Infinity, -Infinity];

/** Deeper than this the text is not GeoJSON (a MultiPolygon's coordinates are 4 deep). */
export const MAX_JSON_DEPTH = 64;

export function parseGeoJsonText(source: GeoJsonSource): unknown {
  const text = new TextDecoder('utf-8').decode(source.bytes).replace(/^\uFEFF/, '');
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth > MAX_JSON_DEPTH) {
    throw new InputError(source.file, {
      zh: `JSON 嵌套超过 ${MAX_JSON_DEPTH} 层，不是 GeoJSON 图层；请检查文件是否损坏`,
      en: `JSON nested more than ${MAX_JSON_DEPTH} levels deep: not a GeoJSON layer; check that the file is not damaged`,
    });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.slice(0, 120) : '';
    throw new InputError(source.file, { zh: `不是有效的 JSON 文件（${detail}）；请检查文件是否完整`, en: `not valid JSON (${detail}); check that the file is complete` });
  }
}

/** Bracket depth of JSON text, outside strings; stops counting past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return depth;
}

const GEOMETRY_TYPES = ['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'];
/** Array depth of each type's coordinates down to a position. */
const COORDINATE_DEPTH: Record<string, number> = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };

function notGeoJson(file: string, zh: string, en: string, featureId?: string): InputError {
  return new InputError(file, { zh, en }, featureId);
}

function toFeatures(json: unknown, file: string): Feature<Geometry | null, Record<string, unknown>>[] {
  if (Array.isArray(json)) return json.map((item, i) => toFeature(item, file, String(i + 1)));
  const obj = json as { type?: unknown; features?: unknown };
  if (!obj || typeof obj !== 'object' || typeof obj.type !== 'string') {
    throw notGeoJson(file, '不是 GeoJSON（缺少 "type" 成员）', 'not GeoJSON (no "type" member)');
  }
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw notGeoJson(file, 'FeatureCollection 缺少 "features" 数组', 'FeatureCollection without a "features" array');
    return obj.features.map((f, i) => toFeature(f, file, String(i + 1)));
  }
  return [toFeature(json, file, '1')];
}

function toFeature(item: unknown, file: string, featureId: string): Feature<Geometry | null, Record<string, unknown>> {
  const obj = item as { type?: unknown; geometry?: unknown; properties?: unknown };
  if (!obj || typeof obj !== 'object' || Array.isArray(obj) || typeof obj.type !== 'string') {
    throw notGeoJson(file, '不是 GeoJSON 要素（缺少 "type" 成员）', 'not a GeoJSON feature (no "type" member)', featureId);
  }
  if (obj.type === 'Feature') {
    const properties = obj.properties && typeof obj.properties === 'object' && !Array.isArray(obj.properties) ? obj.properties : {};
    const geometry = obj.geometry === null || obj.geometry === undefined ? null : checkedGeometry(obj.geometry, file, featureId, 0);
    return { type: 'Feature', geometry, properties: properties as Record<string, unknown> };
  }
  if (GEOMETRY_TYPES.includes(obj.type)) return { type: 'Feature', geometry: checkedGeometry(obj, file, featureId, 0), properties: {} };
  throw notGeoJson(file, `不是 GeoJSON（未知类型 "${obj.type.slice(0, 40)}"）`, `not GeoJSON (type "${obj.type.slice(0, 40)}")`, featureId);
}

/** The geometry when its coordinates have the shape its type needs, else an InputError naming the feature. */
function checkedGeometry(value: unknown, file: string, featureId: string, depth: number): Geometry {
  const g = value as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const type = g && typeof g === 'object' && typeof g.type === 'string' ? g.type : null;
  if (!type || !GEOMETRY_TYPES.includes(type)) {
    const shown = type ? `"${type.slice(0, 40)}"` : '无';
    throw notGeoJson(file, `几何类型无效（${shown}）`, `invalid geometry type (${type ? shown : 'none'})`, featureId);
  }
  if (type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries) || depth > 8) {
      throw notGeoJson(file, 'GeometryCollection 缺少 "geometries" 数组或嵌套过深', 'GeometryCollection without a "geometries" array, or nested too deep', featureId);
    }
    return { type: 'GeometryCollection', geometries: g.geometries.map((part) => checkedGeometry(part, file, featureId, depth + 1)) };
  }
  if (!coordinatesHaveDepth(g.coordinates, COORDINATE_DEPTH[type])) {
    const what = g.coordinates === undefined ? '缺少坐标' : g.coordinates === null ? '坐标为 null' : '坐标结构与类型不符';
    const whatEn = g.coordinates === undefined ? 'has no coordinates' : g.coordinates === null ? 'has null coordinates' : 'has coordinates of the wrong shape for its type';
    throw notGeoJson(
      file,
      `${type} 几何${what}；请改正该要素，或把几何设为 null`,
      `the ${type} geometry ${whatEn}; correct this feature or set its geometry to null`,
      featureId,
    );
  }
  return g as Geometry;
}

/** Arrays nested `depth` levels down to positions (arrays starting with two numbers); empty arrays pass. */
function coordinatesHaveDepth(value: unknown, depth: number): boolean {
  if (!Array.isArray(value)) return false;
  if (depth === 0) return value.length >= 2 && value.every((n) => typeof n === 'number' || n === null);
  return value.every((child) => coordinatesHaveDepth(child, depth - 1));
}

/** Nested values become JSON text: layer properties are flat. */
function flatten(properties: Record<string, unknown>): Properties {
  const out: Properties = {};
  for (const [key, value] of Object.entries(properties)) {
    out[key] = value === null || value === undefined || ['string', 'number', 'boolean'].includes(typeof value)
      ? ((value ?? null) as PropertyValue)
      : JSON.stringify(value);
  }
  return out;
}

function crsMember(json: unknown): string | null {
  const crs = (json as { crs?: { properties?: { name?: unknown } } })?.crs;
  const name = crs?.properties?.name;
  return typeof name === 'string' ? name : null;
}

/** Most features' boxes lie in lon −180…180, lat −90…90. */
function mostlyLonLat(features: readonly Feature<Geometry | null, Record<string, unknown>>[]): boolean {
  let inside = 0;
  let counted = 0;
  for (const f of features) {
    const box = bboxOfAll([f.geometry]);
    if (!box) continue;
    counted++;
    if (box[0] >= -180 && box[2] <= 180 && box[1] >= -90 && box[3] <= 90) inside++;
  }
  return counted > 0 && inside * 2 > counted;
}

function chooseGeoJsonCrs(
  json: unknown,
  features: readonly Feature<Geometry | null, Record<string, unknown>>[],
  bbox: Bbox,
  user: ResolvedCrs | undefined,
  file: string,
  warnings: ImportWarning[],
): ResolvedCrs {
  if (user) return user;
  const member = crsMember(json);
  if (member && !/CRS84$|EPSG:+4326$|EPSG:+4490$/i.test(member)) {
    const entry = crsByCode(member.replace(/^urn:ogc:def:crs:/i, ''));
    if (entry) {
      const resolved = crsFromUserInput(entry.code);
      return { ...resolved, info: { ...resolved.info, source: 'geojson', detail: `from the GeoJSON "crs" member (${member})` }, cautions: datumCaution(entry.datum) };
    }
    warnings.push({ file, code: 'crs-member-unknown', message: `unknown "crs" member ${member}; ignored` });
  }
  if (bbox[0] >= -180 && bbox[2] <= 180 && bbox[1] >= -90 && bbox[3] <= 90) {
    return { info: { code: 'EPSG:4490', name: 'CGCS2000 lon/lat', proj4: '', source: 'geojson', detail: 'GeoJSON is lon/lat (RFC 7946)' }, datum: 'CGCS2000', geographic: true, cautions: [] };
  }
  const inferred = inferCrs(bbox);
  if (!inferred && mostlyLonLat(features)) {
    // a few wild vertices in lon/lat data: read as RFC 7946 says, and let the range check name them
    return { info: { code: 'EPSG:4490', name: 'CGCS2000 lon/lat', proj4: '', source: 'geojson', detail: 'GeoJSON is lon/lat (RFC 7946)' }, datum: 'CGCS2000', geographic: true, cautions: [] };
  }
  if (!inferred) {
    throw new InputError(file, { zh: `无法确定坐标系，请在导入时选择坐标系（${inferenceFailure(bbox)}）`, en: `unknown coordinate system: ${inferenceFailure(bbox)}` });
  }
  return inferred;
}

export function readGeoJson(source: GeoJsonSource, user?: ResolvedCrs): RawLayer {
  const json = parseGeoJsonText(source);
  const raw = toFeatures(json, source.file);
  const warnings: ImportWarning[] = [];
  const crs = chooseGeoJsonCrs(json, raw, bboxOfAll(raw.map((f) => f.geometry)) ?? NO_BBOX, user, source.file, warnings);
  for (const caution of crs.cautions) warnings.push({ file: source.file, code: 'datum-assumed', message: caution });
  const transform = crs.geographic ? null : layerTransform(crs.info.proj4, source.file);
  const fieldTypes = new Map<string, string>();
  const features = raw.map((f) => {
    const properties = flatten(f.properties ?? {});
    for (const [key, value] of Object.entries(properties)) {
      if (value !== null && !fieldTypes.has(key)) fieldTypes.set(key, typeof value);
      else if (!fieldTypes.has(key)) fieldTypes.set(key, 'null');
      else if (fieldTypes.get(key) === 'null' && value !== null) fieldTypes.set(key, typeof value);
    }
    return { type: 'Feature' as const, geometry: transformGeometry(f.geometry, transform), properties };
  });
  const fields: FieldInfo[] = [...fieldTypes].map(([name, type]) => ({ name, type }));
  return {
    name: source.name,
    sourceFiles: [source.file.split('/').pop() ?? source.file],
    crs: crs.info,
    encoding: 'utf-8',
    encodingSource: 'default',
    encodingDetail: 'GeoJSON is UTF-8 (RFC 7946)',
    fields,
    features,
    warnings,
  };
}
