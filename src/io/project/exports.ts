/** Exports of the audit log (CSV, xlsx) and of the edited plots layer (Shapefile zip, GeoJSON). */
import { strToU8 } from 'fflate';
import type { Layer } from '../../core/types.ts';
import { AUDIT_COLUMNS, auditActionZh, auditRows, localTimeText, type AuditEntry } from '../../core/edits/index.ts';
import { toCsv } from '../tables/csv.ts';
import { writeXlsxRows } from '../tables/xlsxRows.ts';
import { writeShapefile, type DbfEncoding } from '../write/shapefileWriter.ts';
import { ESRI_WKT_CGCS2000 } from '../write/prj.ts';
import { zipFiles } from '../write/zipFiles.ts';

function auditTable(entries: readonly AuditEntry[], offsetMinutes?: number): string[][] {
  const header = AUDIT_COLUMNS.map(([, label]) => label);
  // 操作 in Chinese and times in local time with their offset: what a clerk reads in the file
  const shown = (row: ReturnType<typeof auditRows>[number], key: (typeof AUDIT_COLUMNS)[number][0]) =>
    key === 'action' ? auditActionZh(row.action) : key === 'time' ? localTimeText(row.time, offsetMinutes) : row[key] === null ? '' : String(row[key]);
  const body = auditRows(entries).map((row) => AUDIT_COLUMNS.map(([key]) => shown(row, key)));
  return [header, ...body];
}

/** One row per plot and field changed, UTF-8 with a BOM (Excel opens it). */
export const auditCsv = (entries: readonly AuditEntry[], offsetMinutes?: number): string => toCsv(auditTable(entries, offsetMinutes));

/** `offsetMinutes`: the time zone the times are written in (east of UTC); default this machine's. */
export const auditXlsx = (entries: readonly AuditEntry[], offsetMinutes?: number): Promise<Uint8Array> => writeXlsxRows(auditTable(entries, offsetMinutes), '审计日志');

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
