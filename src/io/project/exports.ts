/** Exports of the audit log (CSV, xlsx) and of the edited plots layer (Shapefile zip, GeoJSON). */
import { strToU8 } from 'fflate';
import type { Layer } from '../../core/types.ts';
import { AUDIT_COLUMNS, auditRows, type AuditEntry } from '../../core/edits/index.ts';
import { toCsv } from '../tables/csv.ts';
import { safeCsvRows } from '../write/safeCsvCells.ts';
import { writeXlsxRows } from '../tables/xlsxRows.ts';
import { writeShapefile, type DbfEncoding } from '../write/shapefileWriter.ts';
import { ESRI_WKT_CGCS2000 } from '../write/prj.ts';
import { zipFiles } from '../write/zipFiles.ts';

function auditTable(entries: readonly AuditEntry[]): string[][] {
  const header = AUDIT_COLUMNS.map(([, label]) => label);
  const body = auditRows(entries).map((row) => AUDIT_COLUMNS.map(([key]) => (row[key] === null ? '' : String(row[key]))));
  return [header, ...body];
}

/** One row per plot and field changed, UTF-8 with a BOM (Excel opens it); formula-like text neutralised. */
export const auditCsv = (entries: readonly AuditEntry[]): string => toCsv(safeCsvRows(auditTable(entries)));

export const auditXlsx = (entries: readonly AuditEntry[]): Promise<Uint8Array> => writeXlsxRows(auditTable(entries), '审计日志');

/**
 * The (effective) plots layer as a zipped Shapefile in lon/lat CGCS2000 with a .prj and a .cpg
 * naming the encoding. Field order follows the layer's fields.
 */
export function plotsShapefileZip(layer: Layer, encoding: DbfEncoding, baseName = 'plots'): Uint8Array {
  const files = writeShapefile(baseName, layer.features.features, { encoding, prj: ESRI_WKT_CGCS2000, cpg: true });
  return zipFiles(files);
}

export function plotsGeoJson(layer: Layer): Uint8Array {
  return strToU8(JSON.stringify(layer.features));
}
