/**
 * Plot attributes as dictionary-coded columns (a string table and an Int32Array of codes per
 * field): handed to the worker by transferring a few buffers, where cloning 30 000 property
 * objects would hold up the page for a noticeable moment on every recompute.
 */
import type { Properties } from '../types.ts';

export interface EncodedColumns {
  count: number;
  columns: Record<string, { values: string[]; codes: Int32Array }>;
}

/** The plot fields phase 2 reads (docs/contract.md canonical names). */
export const PLOT_FIELDS = ['DKBM', 'ZT', 'ZZZW', 'DKLB', 'GGFS', 'SYLX'] as const;

export function encodeColumns(count: number, get: (index: number) => Properties, fields: readonly string[] = PLOT_FIELDS): EncodedColumns {
  const columns: EncodedColumns['columns'] = {};
  for (const field of fields) {
    const lookup = new Map<string, number>();
    const values: string[] = [];
    const codes = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const raw = get(i)[field];
      const value = raw === null || raw === undefined ? '' : String(raw);
      let code = lookup.get(value);
      if (code === undefined) {
        code = values.length;
        values.push(value);
        lookup.set(value, code);
      }
      codes[i] = code;
    }
    columns[field] = { values, codes };
  }
  return { count, columns };
}

export function decodeColumns(encoded: EncodedColumns): Properties[] {
  const entries = Object.entries(encoded.columns);
  const out: Properties[] = new Array(encoded.count);
  for (let i = 0; i < encoded.count; i++) {
    const p: Properties = {};
    for (const [field, { values, codes }] of entries) p[field] = values[codes[i]];
    out[i] = p;
  }
  return out;
}
