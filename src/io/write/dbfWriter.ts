/**
 * dBase III attribute table (.dbf) writer: C (text), N (number) and L (logical) fields, text in
 * GBK or UTF-8. Layout from the dBase III header description as GDAL and ArcGIS read it:
 * 32-byte header, 32 bytes per field, 0x0D, fixed-width records each led by a deletion flag,
 * then 0x1A.
 */
import type { PropertyValue } from '../../core/types.ts';
import {
  type DbfEncoding,
  LDID_BY_ENCODING,
  encodeTruncated,
  encoderFor,
} from './dbfEncoding.ts';
import { inferDbfFields } from './dbfFields.ts';

export interface DbfFieldDef {
  /** at most 10 bytes; longer names are cut (and de-duplicated) */
  name: string;
  type: 'C' | 'N' | 'L';
  /** bytes: C ≤ 254, N ≤ 20 */
  length: number;
  /** N only */
  decimals?: number;
  /** the property this field is read from; defaults to `name` */
  property?: string;
}

export interface DbfWriteOptions {
  encoding: DbfEncoding;
  fields?: DbfFieldDef[];
  /** the header's last-update date; fixed by default so the same input gives the same bytes */
  date?: { year: number; month: number; day: number };
}

const HEADER_BYTES = 32;
const FIELD_DESCRIPTOR_BYTES = 32;
const SPACE = 0x20;

export function writeDbf(
  records: readonly Record<string, PropertyValue | undefined>[],
  options: DbfWriteOptions,
): { bytes: Uint8Array; fields: DbfFieldDef[] } {
  const encoder = encoderFor(options.encoding);
  const fields = uniqueFieldNames(options.fields ?? inferDbfFields(records, encoder));
  const recordBytes = 1 + fields.reduce((sum, f) => sum + f.length, 0);
  const headerBytes = HEADER_BYTES + FIELD_DESCRIPTOR_BYTES * fields.length + 1;
  const out = new Uint8Array(headerBytes + recordBytes * records.length + 1);
  const view = new DataView(out.buffer);
  const date = options.date ?? { year: 2024, month: 1, day: 1 };
  out[0] = 0x03;
  out[1] = date.year - 1900;
  out[2] = date.month;
  out[3] = date.day;
  view.setUint32(4, records.length, true);
  view.setUint16(8, headerBytes, true);
  view.setUint16(10, recordBytes, true);
  out[29] = LDID_BY_ENCODING[options.encoding];
  fields.forEach((field, i) => {
    const at = HEADER_BYTES + i * FIELD_DESCRIPTOR_BYTES;
    out.set(encodeTruncated(field.name, 10, encoder), at);
    out[at + 11] = field.type.charCodeAt(0);
    out[at + 16] = field.length;
    out[at + 17] = field.type === 'N' ? (field.decimals ?? 0) : 0;
  });
  out[headerBytes - 1] = 0x0d;
  out.fill(SPACE, headerBytes, headerBytes + recordBytes * records.length);
  records.forEach((record, r) => {
    let at = headerBytes + r * recordBytes + 1;
    for (const field of fields) {
      out.set(encodeValue(record[field.property ?? field.name], field, encoder), at);
      at += field.length;
    }
  });
  out[out.length - 1] = 0x1a;
  return { bytes: out, fields };
}

function encodeValue(
  value: PropertyValue | undefined,
  field: DbfFieldDef,
  encoder: { encode(text: string): Uint8Array },
): Uint8Array {
  if (value === null || value === undefined || value === '') return new Uint8Array(0);
  if (field.type === 'L') return encoder.encode(value === true || value === 'T' ? 'T' : 'F');
  if (field.type === 'N') return encodeNumber(value, field);
  return encodeTruncated(String(value), field.length, encoder);
}

/** Right-aligned, fixed decimals; a number too wide for the field is left blank (null). */
function encodeNumber(value: PropertyValue, field: DbfFieldDef): Uint8Array {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return new Uint8Array(0);
  const text = n.toFixed(field.decimals ?? 0);
  if (text.length > field.length) return new Uint8Array(0);
  const out = new Uint8Array(field.length).fill(SPACE);
  for (let i = 0; i < text.length; i++) out[field.length - text.length + i] = text.charCodeAt(i);
  return out;
}

/** Field names are cut to 10 bytes; a clash gets a numeric suffix (NAME_1, NAME_2…). */
function uniqueFieldNames(fields: readonly DbfFieldDef[]): DbfFieldDef[] {
  const seen = new Set<string>();
  return fields.map((field) => {
    let name = cutName(field.name, 10);
    for (let k = 1; seen.has(name.toUpperCase()); k++) {
      const suffix = `_${k}`;
      name = cutName(field.name, 10 - suffix.length) + suffix;
    }
    seen.add(name.toUpperCase());
    return { ...field, name, property: field.property ?? field.name };
  });
}

/** Names are cut by UTF-8 bytes, the stricter of the two encodings for CJK. */
function cutName(name: string, maxBytes: number): string {
  let out = '';
  let used = 0;
  const utf8 = new TextEncoder();
  for (const char of name) {
    const n = utf8.encode(char).length;
    if (used + n > maxBytes) break;
    out += char;
    used += n;
  }
  return out;
}
