/**
 * A quota or cap table from bytes: .xlsx (first sheet) or CSV (UTF-8 with or without BOM, or GBK).
 */
import type { CapRow, QuotaRow } from '../../core/accounting/types.ts';
import { decodeTableText, parseCsv, type TableRow } from './csv.ts';
import { capsFromTable } from './caps.ts';
import { quotasFromTable } from './quotas.ts';
import { isZip, readXlsxRows } from './xlsxRows.ts';

export async function readTableRows(bytes: Uint8Array, file: string): Promise<TableRow[]> {
  if (isZip(bytes)) return readXlsxRows(bytes, file);
  return parseCsv(decodeTableText(bytes).text);
}

export async function readQuotas(bytes: Uint8Array, file: string): Promise<QuotaRow[]> {
  return quotasFromTable(await readTableRows(bytes, file), file);
}

export async function readCaps(bytes: Uint8Array, file: string): Promise<CapRow[]> {
  return capsFromTable(await readTableRows(bytes, file), file);
}

/** From the CSV text the project store keeps (`tables.quotasCsv` / `tables.capsCsv`). */
export const quotasFromCsvText = (text: string, file = 'quotas.csv'): QuotaRow[] => quotasFromTable(parseCsv(text), file);
export const capsFromCsvText = (text: string, file = 'caps.csv'): CapRow[] => capsFromTable(parseCsv(text), file);
