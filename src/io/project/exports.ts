/** Exports of the audit log (CSV, xlsx) and of the edited plots layer (Shapefile zip, GeoJSON). */
import { strToU8 } from 'fflate';
import type { Layer } from '../../core/types.ts';
import { AUDIT_COLUMNS, auditActionZh, auditRows, chainAnchor, localTimeText, type AuditEntry } from '../../core/edits/index.ts';
import { toCsv } from '../tables/csv.ts';
import { safeCsvRows } from '../write/safeCsvCells.ts';
import { writeXlsxRows } from '../tables/xlsxRows.ts';
import { writeShapefile, type DbfEncoding } from '../write/shapefileWriter.ts';
import { ESRI_WKT_CGCS2000 } from '../write/prj.ts';
import { zipFiles } from '../write/zipFiles.ts';

/**
 * The rows of the log — 操作 in Chinese and times in local time with their offset, what a clerk reads
 * in the file — then one anchor row: in 序号 the number of entries of the whole chain, in 操作
 * 锚点, in 哈希 the hash of its last entry. A printed or filed export thus pins the chain (see
 * chainAnchor); `chain` is the whole log when `entries` is a filtered part of it.
 */
function auditTable(entries: readonly AuditEntry[], chain: readonly AuditEntry[], offsetMinutes?: number): string[][] {
  const header = AUDIT_COLUMNS.map(([, label]) => label);
  const shown = (row: ReturnType<typeof auditRows>[number], key: (typeof AUDIT_COLUMNS)[number][0]) =>
    key === 'action' ? auditActionZh(row.action) : key === 'time' ? localTimeText(row.time, offsetMinutes) : row[key] === null ? '' : String(row[key]);
  const body = auditRows(entries).map((row) => AUDIT_COLUMNS.map(([key]) => shown(row, key)));
  const anchor = chainAnchor(chain);
  const anchorRow = AUDIT_COLUMNS.map(([key]) =>
    key === 'seq' ? String(anchor.count) : key === 'action' ? '锚点' : key === 'detail' ? `审计链锚点：共 ${anchor.count} 条，链头哈希 ${anchor.headHash}` : key === 'hash' ? anchor.headHash : '',
  );
  return [header, ...body, anchorRow];
}

/**
 * One row per plot and field changed, then the chain's anchor; UTF-8 with a BOM (Excel opens it);
 * formula-like text neutralised. `offsetMinutes`: the time zone the times are written in (east of
 * UTC); default this machine's.
 */
export const auditCsv = (entries: readonly AuditEntry[], chain: readonly AuditEntry[] = entries, offsetMinutes?: number): string =>
  toCsv(safeCsvRows(auditTable(entries, chain, offsetMinutes)));

export const auditXlsx = (entries: readonly AuditEntry[], chain: readonly AuditEntry[] = entries, offsetMinutes?: number): Promise<Uint8Array> =>
  writeXlsxRows(auditTable(entries, chain, offsetMinutes), '审计日志');

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
