/**
 * Text encodings of DBF attribute tables: label normalisation, .cpg reading, the DBF
 * language-driver byte (LDID), and whole-file detection.
 *
 * Order (mapshaper / QGIS practice, mapshaper issue 15 and QGIS): the user's choice, else
 * the .cpg, else the LDID byte, else detection over all text bytes of the file. Per-value sniffing
 * misreads short GBK strings as UTF-8 (13.6 % of 1-character strings), so we decide per file.
 */
import type { EncodingSource } from '../../core/types.ts';

/** Labels seen in .cpg files and user input → a label TextDecoder accepts (Node's rejects cp936). */
const LABEL_ALIASES: Record<string, string> = {
  '936': 'gbk',
  cp936: 'gbk',
  'windows-936': 'gbk',
  ms936: 'gbk',
  'ms-936': 'gbk',
  'x-gbk': 'gbk',
  gbk: 'gbk',
  gb2312: 'gbk',
  'gb-2312': 'gbk',
  'gb_2312-80': 'gbk',
  euc_cn: 'gbk',
  'euc-cn': 'gbk',
  gb18030: 'gb18030',
  'gb-18030': 'gb18030',
  '54936': 'gb18030',
  cp54936: 'gb18030',
  utf8: 'utf-8',
  'utf-8': 'utf-8',
  '65001': 'utf-8',
  cp65001: 'utf-8',
  big5: 'big5',
  'big-5': 'big5',
  '950': 'big5',
  cp950: 'big5',
  '1252': 'windows-1252',
  cp1252: 'windows-1252',
  ansi: 'windows-1252',
  latin1: 'windows-1252',
  'iso-8859-1': 'windows-1252',
  '1250': 'windows-1250',
  'ansi 1250': 'windows-1250',
  '1251': 'windows-1251',
  'ansi 1251': 'windows-1251',
  '874': 'windows-874',
  '932': 'shift_jis',
  cp932: 'shift_jis',
  sjis: 'shift_jis',
  '949': 'euc-kr',
  cp949: 'euc-kr',
  '866': 'ibm866',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  shiftjis: 'shift_jis',
  eucjp: 'euc-jp',
  euckr: 'euc-kr',
  utf16: 'utf-16le',
  'utf-16': 'utf-16le',
};

/** Encodings offered in the import dialog, most likely first. */
export const COMMON_ENCODINGS: readonly string[] = [
  'gbk',
  'gb18030',
  'utf-8',
  'big5',
  'windows-1252',
  'shift_jis',
  'euc-kr',
];

const decoderCache = new Map<string, TextDecoder>();

/** A TextDecoder for the label, or null when the label is unknown to this runtime. */
export function decoderFor(label: string): TextDecoder | null {
  const normal = normalizeEncoding(label);
  if (!normal) return null;
  let decoder = decoderCache.get(normal);
  if (!decoder) {
    try {
      decoder = new TextDecoder(normal);
    } catch {
      return null;
    }
    decoderCache.set(normal, decoder);
  }
  return decoder;
}

/** Maps "CP936", "ANSI 1250", " UTF-8\r\n" … to a TextDecoder label; null when unusable. */
export function normalizeEncoding(label: string): string | null {
  const key = label.trim().toLowerCase().replace(/\s+/g, ' ');
  if (!key || key.length > 40) return null;
  const mapped = LABEL_ALIASES[key] ?? LABEL_ALIASES[key.replace(/^(cp|windows-|ansi )/, '')];
  const candidate = mapped ?? key;
  try {
    return new TextDecoder(candidate).encoding;
  } catch {
    return null;
  }
}

/** DBF language-driver id (byte 29) → encoding. Source: shapelib issue 173 (LDID → code page). */
const LDID_ENCODINGS: Record<number, string> = {
  0x01: 'ibm437',
  0x02: 'ibm850',
  0x03: 'windows-1252',
  0x13: 'shift_jis',
  0x4d: 'gbk', // 936 Simplified Chinese
  0x4e: 'euc-kr', // 949
  0x4f: 'big5', // 950
  0x57: '', // ESRI "ANSI": means nothing definite, ignored as mapshaper does
  0x58: 'windows-1252',
  0x59: 'windows-1252',
  0x64: 'ibm852',
  0x65: 'ibm866',
  0x7a: 'gbk', // 936 (PRC GBK)
  0x7b: 'shift_jis',
  0x7c: 'windows-874',
  0x7d: 'windows-1255',
  0x7e: 'windows-1256',
  0xc8: 'windows-1250',
  0xc9: 'windows-1251',
  0xca: 'windows-1254',
  0xcb: 'windows-1253',
};

export function encodingFromLdid(ldid: number): string | null {
  return LDID_ENCODINGS[ldid] || null;
}

export interface CpgResult {
  encoding: string | null;
  /** why the .cpg was not used, when it was not */
  problem?: string;
}

/** Reads a .cpg; an HTML page or an unknown label is reported, not used. */
export function readCpg(bytes: Uint8Array): CpgResult {
  if (bytes.length === 0) return { encoding: null, problem: 'the .cpg file is empty' };
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, 200)).replace(/^\uFEFF/, '').trim();
  if (text.startsWith('<') || bytes.length > 100) {
    return { encoding: null, problem: 'the .cpg file is not a code-page name (it looks like an HTML page or other text)' };
  }
  const encoding = normalizeEncoding(text);
  if (!encoding) return { encoding: null, problem: `the .cpg names an unknown encoding "${text}"` };
  return { encoding };
}

export interface DetectedEncoding {
  encoding: string;
  source: EncodingSource;
  detail: string;
  /** true when the choice is a weak guess the user should check in the preview */
  uncertain?: boolean;
}

/**
 * Decides the encoding of the text bytes (all of them, not one value): pure ASCII → utf-8; valid
 * UTF-8 with non-ASCII → utf-8; else GB18030 when most double-byte pairs fall in the GB2312 hanzi
 * and symbol block (A1–F7 lead, A1–FE trail), which is what real Chinese text looks like; else
 * windows-1252 (the Shapefile default) marked uncertain.
 */
export function detectEncoding(...chunks: Uint8Array[]): DetectedEncoding {
  const utf8 = chunks.map(utf8Status);
  if (utf8.every((s) => s === 'ascii')) return { encoding: 'utf-8', source: 'detected', detail: 'text is plain ASCII' };
  if (utf8.every((s) => s !== 'invalid')) {
    return { encoding: 'utf-8', source: 'detected', detail: 'all text bytes are valid UTF-8' };
  }
  const share = gb2312PairShare(chunks);
  if (share >= 0.8) {
    return {
      encoding: 'gb18030',
      source: 'detected',
      detail: `not valid UTF-8; ${Math.round(share * 100)} % of double-byte characters are common GB2312 hanzi`,
    };
  }
  return {
    encoding: 'windows-1252',
    source: 'detected',
    detail: 'neither UTF-8 nor typical GBK text; read as windows-1252 (check the preview)',
    uncertain: true,
  };
}

/** Share of GBK double-byte pairs that fall in the GB2312 block (symbols and level-1/2 hanzi). */
function gb2312PairShare(chunks: Uint8Array[]): number {
  let pairs = 0;
  let common = 0;
  for (const bytes of chunks) {
    for (let i = 0; i < bytes.length; i++) {
      const lead = bytes[i];
      if (lead < 0x81 || lead === 0xff) continue;
      const trail = i + 1 < bytes.length ? bytes[i + 1] : 0;
      pairs++;
      if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) common++;
      i++;
    }
  }
  return pairs === 0 ? 0 : common / pairs;
}

/** Strict UTF-8 check (RFC 3629: no overlongs, surrogates or code points above U+10FFFF) without decoding. */
export function utf8Status(bytes: Uint8Array): 'ascii' | 'valid' | 'invalid' {
  let high = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b < 0x80) continue;
    high = true;
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return 'invalid';
    if (i + need >= bytes.length) return 'invalid';
    const second = bytes[i + 1];
    if (second < min || second > max) return 'invalid';
    for (let k = 2; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return 'invalid';
    i += need;
  }
  return high ? 'valid' : 'ascii';
}
