/**
 * Text encoders for DBF attribute tables.
 *
 * GBK is built by inverting the platform's TextDecoder('gbk') over the two-byte GBK range, so the
 * writer needs no Node Buffer (iconv-lite does) and runs unchanged in a browser worker. The
 * WHATWG GBK decoder is the GB18030 decoder, whose two-byte range is exactly GBK; characters
 * outside it are written as '?', the way Windows' code page 936 does.
 */

export type DbfEncoding = 'GBK' | 'UTF-8';

export interface TextEncoderLike {
  encode(text: string): Uint8Array;
}

/** Language-driver id (DBF header byte 29): 0x4D is code page 936 (GBK); UTF-8 has none. */
export const LDID_BY_ENCODING: Record<DbfEncoding, number> = { GBK: 0x4d, 'UTF-8': 0x00 };

/** What a .cpg file says for each encoding (ArcGIS and GDAL both read these labels). */
export const CPG_BY_ENCODING: Record<DbfEncoding, string> = { GBK: 'GBK', 'UTF-8': 'UTF-8' };

let gbkTable: Map<number, number> | null = null;

/** code point → two GBK bytes packed as (lead << 8) | trail. Built once, ~22k entries. */
function buildGbkTable(): Map<number, number> {
  const decoder = new TextDecoder('gbk');
  const table = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      pair[0] = lead;
      pair[1] = trail;
      const text = decoder.decode(pair);
      if (text.length !== 1 || text === '\ufffd') continue;
      const codePoint = text.codePointAt(0) as number;
      if (!table.has(codePoint)) table.set(codePoint, (lead << 8) | trail);
    }
  }
  return table;
}

const QUESTION_MARK = 0x3f;

export const gbkEncoder: TextEncoderLike = {
  encode(text: string): Uint8Array {
    gbkTable ??= buildGbkTable();
    const out: number[] = [];
    for (const char of text) {
      const codePoint = char.codePointAt(0) as number;
      if (codePoint < 0x80) {
        out.push(codePoint);
        continue;
      }
      const packed = gbkTable.get(codePoint);
      if (packed === undefined) out.push(QUESTION_MARK);
      else out.push(packed >> 8, packed & 0xff);
    }
    return Uint8Array.from(out);
  },
};

const utf8 = new TextEncoder();
export const utf8Encoder: TextEncoderLike = { encode: (text) => utf8.encode(text) };

export function encoderFor(encoding: DbfEncoding): TextEncoderLike {
  return encoding === 'GBK' ? gbkEncoder : utf8Encoder;
}

/**
 * The longest prefix of `text` whose encoding fits in `maxBytes`, never splitting a character
 * (a half GBK character would garble the rest of the field in most readers).
 */
export function encodeTruncated(text: string, maxBytes: number, encoder: TextEncoderLike): Uint8Array {
  const whole = encoder.encode(text);
  if (whole.length <= maxBytes) return whole;
  let used = 0;
  const parts: Uint8Array[] = [];
  for (const char of text) {
    const bytes = encoder.encode(char);
    if (used + bytes.length > maxBytes) break;
    parts.push(bytes);
    used += bytes.length;
  }
  const out = new Uint8Array(used);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
