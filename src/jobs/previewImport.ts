/**
 * Preview for the import dialog: per layer, the detected encoding (and why), the first records
 * decoded with the chosen encoding, the detected CRS (and how), the guessed kind and the automatic
 * field mapping. Reads only headers and the first records, so switching encodings is instant.
 */
import { InputError, type CrsInfo, type EncodingSource, type FieldInfo, type ImportWarning, type JobContext, type LayerKind, type Properties } from '../core/types.ts';
import { guessKind, resolveFieldMapping } from '../core/fields/mapping.ts';
import { collectSources, type LayerSource, type ShapefileSource } from '../io/read/sources.ts';
import { dbfRecordsPresent, decodeFieldNames, readDbfRecords } from '../io/read/dbf.ts';
import { listShpRecords, readShpHeader, SHAPE_TYPE_NAMES } from '../io/read/shp.ts';
import { readGeometry } from '../io/read/readShapefile.ts';
import { baseName, chooseCrs, chooseEncoding, readDbfIfAny } from '../io/read/shapefileMeta.ts';
import { readGeoJson } from '../io/read/geojson.ts';
import { guarded, resolveUserCrs, sourceFile } from './importLayer.ts';
import { asInputError } from '../io/read/inputGuard.ts';
import { crsFromUserInput, type ResolvedCrs } from '../io/read/prj.ts';
import { makeTransform } from '../io/read/reproject.ts';
import { bboxOfAll } from '../core/bbox.ts';

export interface PreviewImportInput {
  files: Record<string, Uint8Array>;
  /** per layer name, or for all layers when a string */
  encoding?: string | Record<string, string>;
  crs?: string;
  sampleSize?: number;
}

export interface LayerPreview {
  name: string;
  /** the main file (.shp or .geojson) */
  file: string;
  sourceFiles: string[];
  geometryType: string | null;
  featureCount: number;
  encoding: string;
  encodingSource: EncodingSource;
  encodingDetail: string;
  /** the encoding is a weak guess: show the selector prominently */
  encodingUncertain: boolean;
  /** null when the CRS could not be found: the user must choose */
  crs: CrsInfo | null;
  crsProblem?: string;
  fields: FieldInfo[];
  sample: Properties[];
  guessedKind: LayerKind;
  /** file field → canonical field, for the guessed kind */
  fieldMapping: Record<string, string>;
  warnings: ImportWarning[];
  /**
   * The layer's extent as stored: a shapefile's header box in its own coordinates, a GeoJSON's box
   * in lon/lat as read. With the CRS it gives the lon/lat extent before import (`previewExtent`).
   */
  nativeBox?: [number, number, number, number] | null;
  /** true when `nativeBox` is lon/lat already (GeoJSON) */
  nativeIsLonLat?: boolean;
  /** reading this layer failed: the message (Chinese, then English), and no other data */
  error?: string;
  errorEn?: string;
}

export interface PreviewImportOutput {
  layers: LayerPreview[];
}

export async function previewImportJob(input: PreviewImportInput, _context: JobContext = {}): Promise<PreviewImportOutput> {
  const sources = guarded(() => collectSources(input.files), Object.keys(input.files).slice(0, 3).join(', '));
  const userCrs = resolveUserCrs(input.crs);
  const layers = sources.map((source) => {
    try {
      return previewSource(source, input, userCrs);
    } catch (error) {
      // a changed shape type makes the first record unreadable: a RangeError from the DataView
      const shown = asInputError(error, sourceFile(source));
      if (!(shown instanceof InputError)) throw shown;
      return failedPreview(source, shown);
    }
  });
  return { layers };
}

function encodingFor(input: PreviewImportInput, name: string): string | undefined {
  return typeof input.encoding === 'string' ? input.encoding : input.encoding?.[name];
}

function previewSource(source: LayerSource, input: PreviewImportInput, userCrs: ResolvedCrs | undefined): LayerPreview {
  const sampleSize = input.sampleSize ?? 5;
  if (source.kind === 'geojson') {
    const raw = readGeoJson(source, userCrs);
    const names = raw.fields.map((f) => f.name);
    const geometryType = raw.features.find((f) => f.geometry)?.geometry?.type ?? null;
    const kind = guessKind(names, geometryType);
    return {
      name: raw.name, file: baseName(source.file), sourceFiles: raw.sourceFiles, geometryType, featureCount: raw.features.length,
      encoding: raw.encoding, encodingSource: raw.encodingSource, encodingDetail: raw.encodingDetail, encodingUncertain: false,
      crs: raw.crs, fields: raw.fields, sample: raw.features.slice(0, sampleSize).map((f) => f.properties),
      guessedKind: kind, fieldMapping: resolveFieldMapping(kind, names), warnings: raw.warnings,
      nativeBox: bboxOfAll(raw.features.map((f) => f.geometry)), nativeIsLonLat: true,
    };
  }
  return previewShapefile(source, encodingFor(input, source.name), userCrs, sampleSize);
}

function previewShapefile(source: ShapefileSource, encodingChoice: string | undefined, userCrs: ResolvedCrs | undefined, sampleSize: number): LayerPreview {
  const shp = source.parts.shp!;
  const warnings: ImportWarning[] = [];
  const header = readShpHeader(shp.bytes, shp.name);
  const records = listShpRecords(shp.bytes, shp.name, source.parts.shx?.bytes);
  const dbf = readDbfIfAny(source, warnings);
  const encoding = chooseEncoding(source, dbf, encodingChoice, warnings);
  const names = dbf ? decodeFieldNames(dbf.header, encoding.encoding) : [];
  const sampleCount = dbf ? Math.min(sampleSize, dbfRecordsPresent(dbf.bytes, dbf.header)) : 0;
  const sample = dbf ? readDbfRecords(dbf.bytes, dbf.header, names, encoding.encoding, 0, sampleCount) : [];
  const crs = chooseCrs(source, header.bbox, userCrs, warnings);
  if (crs.ok) for (const caution of crs.crs.cautions) warnings.push({ file: shp.name, code: 'datum-assumed', message: caution });
  const firstGeometry = records.length ? readGeometry(shp, records, 0, [], null) : null;
  const geometryType = firstGeometry?.type ?? (SHAPE_TYPE_NAMES[header.shapeType] ?? null);
  const kind = guessKind(names, geometryType);
  return {
    name: source.name,
    file: baseName(shp.name),
    sourceFiles: Object.values(source.parts).map((p) => baseName(p!.name)),
    geometryType,
    featureCount: records.length,
    encoding: encoding.encoding,
    encodingSource: encoding.source,
    encodingDetail: encoding.detail,
    encodingUncertain: encoding.uncertain ?? false,
    crs: crs.ok ? crs.crs.info : null,
    crsProblem: crs.ok ? undefined : crs.reason,
    fields: dbf ? dbf.header.fields.map((f, i) => ({ name: names[i], type: f.type })) : [],
    sample,
    guessedKind: kind,
    fieldMapping: resolveFieldMapping(kind, names),
    warnings,
    nativeBox: records.length ? header.bbox : null,
    nativeIsLonLat: false,
  };
}

/**
 * The lon/lat extent a layer will have once imported with `crsChoice` (the dialog's choice, or
 * '' for the detected CRS): the native box's corners and edge midpoints transformed. Null when the
 * CRS is unknown or unusable (the dialog already says so) or the layer is empty.
 */
export function previewExtent(preview: LayerPreview, crsChoice: string): [number, number, number, number] | null {
  const box = preview.nativeBox;
  if (!box || !box.every(Number.isFinite)) return null;
  let definition: string;
  // a GeoJSON whose "crs" member was projected is previewed in lon/lat already: no second transform
  if (crsChoice && preview.nativeIsLonLat && preview.crs?.proj4) return null;
  if (crsChoice) {
    try {
      definition = crsFromUserInput(crsChoice).info.proj4;
    } catch {
      return null;
    }
  } else if (preview.nativeIsLonLat) {
    return box;
  } else if (preview.crs) {
    definition = preview.crs.proj4;
  } else {
    return null;
  }
  let transform;
  try {
    transform = makeTransform(definition);
  } catch {
    return null;
  }
  if (!transform) return box;
  const [w, s, e, n] = box;
  const mx = (w + e) / 2;
  const my = (s + n) / 2;
  const points = [[w, s], [e, s], [e, n], [w, n], [mx, s], [mx, n], [w, my], [e, my]].map(([x, y]) => transform(x, y));
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const out: [number, number, number, number] = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  return out.every(Number.isFinite) ? out : null;
}

function failedPreview(source: LayerSource, error: InputError): LayerPreview {
  const file = source.kind === 'geojson' ? baseName(source.file) : baseName(source.parts.shp!.name);
  return {
    name: source.name, file, sourceFiles: [file], geometryType: null, featureCount: 0,
    encoding: 'utf-8', encodingSource: 'none', encodingDetail: '', encodingUncertain: false,
    crs: null, fields: [], sample: [], guessedKind: 'other', fieldMapping: {}, warnings: [], error: error.message, errorEn: error.messageEn,
  };
}
