/**
 * Shapefile export: GeoJSON features (lon/lat or projected coordinates, written as given) →
 * { name.shp, name.shx, name.dbf, [name.prj], [name.cpg] } as bytes. Pure: no file system.
 *
 * @example
 *   const files = writeShapefile('DLTB', features, { encoding: 'GBK', prj: esriWktCgcs2000Gk3Zone(29), cpg: true });
 *   const zip = zipFiles(files);
 */
import type { Feature, Geometry } from 'geojson';
import { InputError, type PropertyValue } from '../../core/types.ts';
import { CPG_BY_ENCODING, type DbfEncoding } from './dbfEncoding.ts';
import { type DbfFieldDef, writeDbf } from './dbfWriter.ts';
import { type ShapeFamily, shapeFamilyOf, writeShpShx } from './shpWriter.ts';

export type { DbfFieldDef } from './dbfWriter.ts';
export type { DbfEncoding } from './dbfEncoding.ts';

export interface ShapefileWriteOptions {
  /** attribute text encoding; GBK is what Chinese bureaus exchange */
  encoding: DbfEncoding;
  /** the .prj content (ESRI WKT); no .prj when absent */
  prj?: string;
  /** write a .cpg naming the encoding (default true) */
  cpg?: boolean;
  /** field definitions in order; inferred from the properties when absent */
  fields?: DbfFieldDef[];
  /** force the shape type (e.g. polygon for an empty layer) */
  family?: ShapeFamily;
}

export interface ShapefileWriteResult {
  files: Record<string, Uint8Array>;
  fields: DbfFieldDef[];
}

/** As {@link writeShapefileWithFields}, returning only the files. */
export function writeShapefile(
  layerName: string,
  features: readonly Feature<Geometry | null>[],
  options: ShapefileWriteOptions,
): Record<string, Uint8Array> {
  return writeShapefileWithFields(layerName, features, options).files;
}

export function writeShapefileWithFields(
  layerName: string,
  features: readonly Feature<Geometry | null>[],
  options: ShapefileWriteOptions,
): ShapefileWriteResult {
  const geometries = features.map((f) => f.geometry ?? null);
  const family = options.family ?? shapeFamilyOf(geometries);
  if (family !== 'point' && family !== 'multipoint' && family !== 'polyline' && family !== 'polygon') {
    throw new InputError(`${layerName}.shp`, family);
  }
  const { shp, shx } = writeShpShx(geometries, family);
  const records = features.map((f) => (f.properties ?? {}) as Record<string, PropertyValue>);
  const dbf = writeDbf(records, { encoding: options.encoding, fields: options.fields });
  const files: Record<string, Uint8Array> = {
    [`${layerName}.shp`]: shp,
    [`${layerName}.shx`]: shx,
    [`${layerName}.dbf`]: dbf.bytes,
  };
  if (options.prj) files[`${layerName}.prj`] = new TextEncoder().encode(options.prj);
  if (options.cpg ?? true) files[`${layerName}.cpg`] = new TextEncoder().encode(CPG_BY_ENCODING[options.encoding]);
  return { files, fields: dbf.fields };
}
