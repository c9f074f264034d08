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
import { makeTransform, transformGeometry } from './reproject.ts';
import type { RawLayer } from './readShapefile.ts';
import type { GeoJsonSource } from './sources.ts';

/** The box of a layer without coordinates (the checks treat it as they treated no coordinates). */
const NO_BBOX: Bbox = [Infinity, Infinity, -Infinity, -Infinity];

export function parseGeoJsonText(source: GeoJsonSource): unknown {
  const text = new TextDecoder('utf-8').decode(source.bytes).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(source.file, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function toFeatures(json: unknown, file: string): Feature<Geometry | null, Record<string, unknown>>[] {
  const obj = json as { type?: string; features?: unknown[]; geometry?: unknown; properties?: unknown };
  if (Array.isArray(json)) return json.flatMap((item) => toFeatures(item, file));
  if (!obj || typeof obj !== 'object' || typeof obj.type !== 'string') {
    throw new InputError(file, 'not GeoJSON (no "type" member)');
  }
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) throw new InputError(file, 'FeatureCollection without a "features" array');
    return obj.features.map((f) => toFeatures(f, file)[0]);
  }
  if (obj.type === 'Feature') {
    return [{ type: 'Feature', geometry: (obj.geometry ?? null) as Geometry | null, properties: (obj.properties ?? {}) as Record<string, unknown> }];
  }
  if (['Point', 'MultiPoint', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon', 'GeometryCollection'].includes(obj.type)) {
    return [{ type: 'Feature', geometry: obj as unknown as Geometry, properties: {} }];
  }
  throw new InputError(file, `not GeoJSON (type "${obj.type}")`);
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

function chooseGeoJsonCrs(json: unknown, bbox: Bbox, user: ResolvedCrs | undefined, file: string, warnings: ImportWarning[]): ResolvedCrs {
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
  if (!inferred) throw new InputError(file, `unknown coordinate system: ${inferenceFailure(bbox)}`);
  return inferred;
}

export function readGeoJson(source: GeoJsonSource, user?: ResolvedCrs): RawLayer {
  const json = parseGeoJsonText(source);
  const raw = toFeatures(json, source.file);
  const warnings: ImportWarning[] = [];
  const crs = chooseGeoJsonCrs(json, bboxOfAll(raw.map((f) => f.geometry)) ?? NO_BBOX, user, source.file, warnings);
  for (const caution of crs.cautions) warnings.push({ file: source.file, code: 'datum-assumed', message: caution });
  const transform = crs.geographic ? null : makeTransform(crs.info.proj4);
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
