/**
 * One shapefile source → lon/lat features with decoded attributes. Throws InputError for files
 * that cannot be read (truncated .shp/.dbf, record counts that disagree, unknown CRS); returns
 * warnings for everything it can work around.
 */
import {
  InputError,
  throwIfCancelled,
  type CrsInfo,
  type EncodingSource,
  type Feature,
  type FieldInfo,
  type Geometry,
  type ImportWarning,
  type JobContext,
  type Properties,
} from '../../core/types.ts';
import { dbfRecordsPresent, decodeFieldNames, readDbfRecords } from './dbf.ts';
import { listShpRecords, readShpGeometry, readShpHeader, type ShpIssue } from './shp.ts';
import { baseName, chooseCrs, chooseEncoding, readDbfIfAny } from './shapefileMeta.ts';
import { layerTransform, type PointTransform } from './reproject.ts';
import type { ResolvedCrs } from './prj.ts';
import type { ShapefileSource } from './sources.ts';

export interface RawLayer {
  name: string;
  sourceFiles: string[];
  crs: CrsInfo;
  encoding: string;
  encodingSource: EncodingSource;
  encodingDetail: string;
  fields: FieldInfo[];
  features: Feature<Geometry | null, Properties>[];
  warnings: ImportWarning[];
}

export interface ReadOptions {
  encoding?: string;
  crs?: ResolvedCrs;
  context?: JobContext;
}

const CHUNK_RECORDS = 4000;

export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function readShapefile(source: ShapefileSource, options: ReadOptions = {}): Promise<RawLayer> {
  const shp = source.parts.shp!;
  const warnings: ImportWarning[] = [];
  const header = readShpHeader(shp.bytes, shp.name);
  const records = listShpRecords(
    shp.bytes,
    shp.name,
    source.parts.shx?.bytes,
    (why) => warnings.push({ file: source.parts.shx!.name, code: 'shx-ignored', message: `${why}; records read from the .shp itself` }),
    (why) => warnings.push({ file: shp.name, code: 'shp-bytes-skipped', message: why }),
  );
  const dbf = readDbfIfAny(source, warnings);
  if (dbf) checkRecordCounts(dbf.bytes, dbf.header, source.parts.dbf!.name, records.length);
  const encoding = chooseEncoding(source, dbf, options.encoding, warnings);
  const names = dbf ? decodeFieldNames(dbf.header, encoding.encoding) : [];
  const crsChoice = records.length === 0 && !options.crs
    ? chooseCrs(source, [0, 0, 0, 0], undefined, warnings)
    : chooseCrs(source, header.bbox, options.crs, warnings);
  if (!crsChoice.ok) {
    throw new InputError(shp.name, { zh: `无法确定坐标系，请在导入时选择坐标系（${crsChoice.reason}）`, en: `unknown coordinate system: ${crsChoice.reason}` });
  }
  const crs = crsChoice.crs;
  for (const caution of crs.cautions) warnings.push({ file: shp.name, code: 'datum-assumed', message: caution });
  const transform = crs.geographic ? null : layerTransform(crs.info.proj4, shp.name);

  const features: Feature<Geometry | null, Properties>[] = new Array(records.length);
  const issues: ShpIssue[] = [];
  for (let start = 0; start < records.length; start += CHUNK_RECORDS) {
    throwIfCancelled(options.context?.signal);
    const end = Math.min(records.length, start + CHUNK_RECORDS);
    const properties = dbf ? readDbfRecords(dbf.bytes, dbf.header, names, encoding.encoding, start, end) : null;
    for (let i = start; i < end; i++) {
      features[i] = { type: 'Feature', geometry: readGeometry(shp, records, i, issues, transform), properties: properties ? properties[i - start] : {} };
    }
    options.context?.onProgress?.({ stage: 'read', done: end, total: records.length });
    if (end < records.length) await yieldToEventLoop();
  }
  for (const issue of issues) {
    warnings.push({ file: shp.name, featureId: String(issue.index + 1), code: issue.code, message: issue.message, repaired: issue.repaired });
  }
  return {
    name: source.name,
    sourceFiles: Object.values(source.parts).map((p) => baseName(p!.name)),
    crs: crs.info,
    encoding: encoding.encoding,
    encodingSource: encoding.source,
    encodingDetail: encoding.detail,
    fields: dbf ? dbf.header.fields.map((f, i) => ({ name: names[i], type: f.type })) : [],
    features,
    warnings,
  };
}

/** One record's geometry; a record shorter than its counts is an InputError naming it. */
export function readGeometry(
  shp: { name: string; bytes: Uint8Array },
  records: ReturnType<typeof listShpRecords>,
  index: number,
  issues: ShpIssue[],
  transform: PointTransform | null,
): Geometry | null {
  try {
    return readShpGeometry(shp.bytes, records[index], index, issues, transform);
  } catch (error) {
    if (error instanceof RangeError) {
      throw new InputError(shp.name, { zh: `第 ${index + 1} 条记录已损坏（长度与其中的点数不符）；请重新导出该文件`, en: `record ${index + 1} is damaged (${error.message})` }, String(index + 1));
    }
    throw error;
  }
}

function checkRecordCounts(bytes: Uint8Array, header: Parameters<typeof dbfRecordsPresent>[1], file: string, shpCount: number): void {
  const present = dbfRecordsPresent(bytes, header);
  if (present < header.recordCount) {
    throw new InputError(file, {
      zh: `.dbf 文件不完整：文件头记载 ${header.recordCount} 条记录，实际只有 ${present} 条；请重新复制或导出`,
      en: `the .dbf file is truncated: the header says ${header.recordCount} records, the file holds ${present}`,
    });
  }
  if (header.recordCount !== shpCount) {
    throw new InputError(file, {
      zh: `.dbf 有 ${header.recordCount} 条记录，而 .shp 有 ${shpCount} 个图形，两个文件不配套；请检查是否来自同一次导出`,
      en: `the .dbf has ${header.recordCount} records but the .shp has ${shpCount} shapes; the two files do not belong together`,
    });
  }
}
