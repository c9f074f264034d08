/**
 * Zip archives read with limits. The central directory is read first: duplicate names (also when
 * they differ only in case, as Windows sees them) are refused, and declared sizes are checked
 * before anything is inflated. Inflation then runs in slices and stops as soon as an entry grows
 * past what it declared, so a zip bomb costs milliseconds, not gigabytes. Zips inside zips are
 * opened, a few levels deep.
 */
import { Inflate } from 'fflate';
import { InputError } from '../../core/types.ts';

export interface ZipLimits {
  /** all entries of one import, nested zips included, uncompressed */
  totalBytes: number;
  /** an entry this large or larger may not inflate more than maxRatio times its compressed size */
  ratioCheckedFromBytes: number;
  maxRatio: number;
  /** zips inside zips opened this many levels deep */
  maxDepth: number;
}

export const ZIP_LIMITS: ZipLimits = { totalBytes: 2 * 1024 ** 3, ratioCheckedFromBytes: 16 * 1024 ** 2, maxRatio: 100, maxDepth: 3 };

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** What the limits have left for the rest of one import. */
export interface ZipBudget {
  bytesLeft: number;
}

const MB = 1024 ** 2;

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x100000000;
}

function damaged(file: string, zh: string, en: string): InputError {
  return new InputError(file, { zh: `zip 压缩包已损坏：${zh}；请重新打包`, en: `the zip archive is damaged: ${en}; pack it again` });
}

/** Entries of the central directory, without inflating anything. */
export function readCentralDirectory(bytes: Uint8Array, file: string): CentralEntry[] {
  let end = -1;
  for (let at = bytes.length - 22; at >= 0 && at >= bytes.length - 22 - 65535; at--) {
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw damaged(file, '找不到目录（文件可能不完整）', 'no central directory (the file may be truncated)');
  let count = u16(bytes, end + 10);
  let offset = u32(bytes, end + 16);
  if (end >= 20 && u32(bytes, end - 20) === 0x07064b50) {
    const zip64End = u64(bytes, end - 12);
    if (zip64End + 56 <= bytes.length && u32(bytes, zip64End) === 0x06064b50) {
      count = u64(bytes, zip64End + 32);
      offset = u64(bytes, zip64End + 48);
    }
  }
  const entries: CentralEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) throw damaged(file, `第 ${i + 1} 个目录项无效`, `directory entry ${i + 1} is invalid`);
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const nameBytes = bytes.subarray(at + 46, at + 46 + nameLength);
    const entry: CentralEntry = {
      name: flags & 0x800 ? new TextDecoder('utf-8').decode(nameBytes) : String.fromCharCode(...nameBytes),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localOffset: u32(bytes, at + 42),
    };
    readZip64Extra(bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), entry);
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offset stored as 0xFFFFFFFF live in the zip64 extra field, in this order. */
function readZip64Extra(extra: Uint8Array, entry: CentralEntry): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      if (entry.size === 0xffffffff && p + 8 <= extra.length) (entry.size = u64(extra, p)), (p += 8);
      if (entry.compressedSize === 0xffffffff && p + 8 <= extra.length) (entry.compressedSize = u64(extra, p)), (p += 8);
      if (entry.localOffset === 0xffffffff && p + 8 <= extra.length) entry.localOffset = u64(extra, p);
      return;
    }
    at += 4 + length;
  }
}

/**
 * A host's own raw-deflate inflater, used instead of fflate where one is given (the CLI passes
 * Node's zlib, about three times faster). It returns the inflated bytes, at most maxBytes + 1 of
 * them (more than maxBytes means the entry inflates past its declared size), and throws on
 * damaged data.
 */
export type RawInflate = (data: Uint8Array, maxBytes: number) => Uint8Array;
let hostInflate: RawInflate | null = null;

/** Sets (or with null clears) the host's raw-deflate inflater. */
export function useHostInflate(inflate: RawInflate | null): void {
  hostInflate = inflate;
}

/**
 * An asynchronous raw-deflate inflater (the browser's DecompressionStream), with RawInflate's
 * contract: at most maxBytes + 1 bytes back, and a rejection for damaged data.
 */
export type AsyncRawInflate = (data: Uint8Array, maxBytes: number) => Promise<Uint8Array>;

/** Entries inflated ahead by `inflateAhead`, by the buffer and place of their compressed data. */
const inflatedAhead = new WeakMap<ArrayBufferLike, Map<string, Uint8Array>>();
const placeOf = (data: Uint8Array): string => `${data.byteOffset}:${data.byteLength}`;

/**
 * Inflates ahead, with an asynchronous inflater, the deflated entries of the zips among `files`
 * (and of the zips inside them) that unzipChecked would inflate within the limits; unzipChecked
 * then takes each from here once, instead of inflating it in JavaScript. An entry past a limit,
 * or whose data the inflater refuses, is left out: unzipChecked refuses it, or inflates it itself,
 * with the same checks and messages as always.
 */
export async function inflateAhead(files: Record<string, Uint8Array>, inflate: AsyncRawInflate, limits: ZipLimits = ZIP_LIMITS): Promise<void> {
  const budget: ZipBudget = { bytesLeft: limits.totalBytes };
  const visit = async (bytes: Uint8Array, name: string, depth: number): Promise<void> => {
    if (!/\.zip$/i.test(name) || depth > limits.maxDepth) return;
    let entries: CentralEntry[];
    try {
      entries = readCentralDirectory(bytes, name).filter((e) => wanted(e.name));
      for (const entry of entries) checkDeclaredSize(entry, name, budget, limits);
    } catch {
      return; // unzipChecked says what is wrong
    }
    for (const entry of entries) {
      const data = compressedData(bytes, entry);
      if (typeof data === 'string' || entry.method !== 8) continue;
      let inflated: Uint8Array;
      try {
        inflated = await inflate(data, entry.size);
      } catch {
        continue;
      }
      const places = inflatedAhead.get(data.buffer) ?? new Map<string, Uint8Array>();
      places.set(placeOf(data), inflated);
      inflatedAhead.set(data.buffer, places);
      if (inflated.length <= entry.size) await visit(inflated, entry.name, depth + 1);
    }
  };
  for (const [name, bytes] of Object.entries(files)) await visit(bytes, name, 1);
}

/** The compressed data of an entry, or what is wrong with its local header. */
function compressedData(bytes: Uint8Array, entry: CentralEntry): Uint8Array | 'bad header' | 'truncated' {
  const local = entry.localOffset;
  if (local + 30 > bytes.length || u32(bytes, local) !== 0x04034b50) return 'bad header';
  const start = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
  if (start + entry.compressedSize > bytes.length) return 'truncated';
  return bytes.subarray(start, start + entry.compressedSize);
}

/** The entry inflated ahead, taken once (a second read of the same zip inflates it again). */
function takeInflatedAhead(data: Uint8Array): Uint8Array | undefined {
  const places = inflatedAhead.get(data.buffer);
  const inflated = places?.get(placeOf(data));
  if (inflated) places!.delete(placeOf(data));
  return inflated;
}

/** The data of one entry: stored as is or inflated in slices, never past its declared size. */
function entryData(bytes: Uint8Array, entry: CentralEntry, file: string): Uint8Array {
  const data = compressedData(bytes, entry);
  if (data === 'bad header') throw damaged(file, `${entry.name} 的文件头无效`, `the local header of ${entry.name} is invalid`);
  if (data === 'truncated') throw damaged(file, `${entry.name} 的数据不完整`, `the data of ${entry.name} is truncated`);
  if (entry.method === 0) return data.slice(0, entry.size);
  if (entry.method !== 8) {
    throw new InputError(file, { zh: `${entry.name} 使用了不支持的压缩方式（${entry.method}）；请用标准 zip（deflate）重新打包`, en: `${entry.name} uses an unsupported compression method (${entry.method}); pack it again as a standard (deflate) zip` });
  }
  return inflateBounded(data, entry, file);
}

function inflateBounded(data: Uint8Array, entry: CentralEntry, file: string): Uint8Array {
  const ahead = takeInflatedAhead(data);
  if (ahead) {
    if (ahead.length > entry.size) throw overrunError(file, entry);
    return ahead;
  }
  if (hostInflate) {
    let inflated: Uint8Array;
    try {
      inflated = hostInflate(data, entry.size);
    } catch {
      throw damaged(file, `${entry.name} 的压缩数据无法解开`, `the compressed data of ${entry.name} cannot be inflated`);
    }
    if (inflated.length > entry.size) throw overrunError(file, entry);
    return inflated;
  }
  const out = new Uint8Array(entry.size);
  let written = 0;
  let overrun = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > out.length) overrun = true;
    else out.set(chunk, written);
    written += chunk.length;
  });
  const SLICE = 16 * 1024;
  try {
    for (let at = 0; at < data.length && !overrun; at += SLICE) inflater.push(data.subarray(at, at + SLICE), at + SLICE >= data.length);
  } catch {
    throw damaged(file, `${entry.name} 的压缩数据无法解开`, `the compressed data of ${entry.name} cannot be inflated`);
  }
  if (overrun) throw overrunError(file, entry);
  return written === out.length ? out : out.slice(0, written);
}

function overrunError(file: string, entry: CentralEntry): InputError {
  return new InputError(file, {
    zh: `${entry.name} 解压后超过其声明的大小（${entry.size} 字节），疑似“zip 炸弹”，已停止解压；请检查文件来源`,
    en: `${entry.name} inflates past its declared size (${entry.size} bytes): a likely zip bomb, inflation stopped; check where the file came from`,
  });
}

/** The entries a layer could come from: no folders, no macOS resource forks. */
function wanted(name: string): boolean {
  return !name.endsWith('/') && !name.startsWith('__MACOSX/') && !/(^|\/)\._/.test(name);
}

/**
 * {entry name: bytes} of a zip. Refuses duplicate names and entries past the limits before
 * inflating; `decodeName` turns a stored name into the one shown.
 */
export function unzipChecked(
  bytes: Uint8Array,
  file: string,
  budget: ZipBudget,
  decodeName: (stored: string) => string,
  limits: ZipLimits = ZIP_LIMITS,
): Record<string, Uint8Array> {
  const entries = readCentralDirectory(bytes, file).filter((e) => wanted(e.name));
  const seen = new Map<string, string>();
  for (const entry of entries) {
    entry.name = decodeName(entry.name);
    const key = entry.name.replace(/\\/g, '/').toLowerCase();
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new InputError(file, {
        zh: `压缩包中有两个同名文件“${earlier}”和“${entry.name}”（大小写不同也算同名），无法确定该用哪一个；请删除或改名其中一个后重新打包`,
        en: `the archive holds two files named "${earlier}" and "${entry.name}" (names differing only in case count as the same); remove or rename one and pack again`,
      });
    }
    seen.set(key, entry.name);
    checkDeclaredSize(entry, file, budget, limits);
  }
  const out: Record<string, Uint8Array> = {};
  for (const entry of entries) out[entry.name] = entryData(bytes, entry, file);
  return out;
}

function checkDeclaredSize(entry: CentralEntry, file: string, budget: ZipBudget, limits: ZipLimits): void {
  budget.bytesLeft -= entry.size;
  if (budget.bytesLeft < 0) {
    const total = (limits.totalBytes / 1024 ** 3).toFixed(0);
    throw new InputError(file, {
      zh: `解压后的文件总大小超过 ${total} GB（到 ${entry.name} 为止），已停止；请分批导入或检查压缩包`,
      en: `the files would inflate to more than ${total} GB (up to ${entry.name}); stopped: import in parts or check the archive`,
    });
  }
  if (entry.size >= limits.ratioCheckedFromBytes && entry.size > limits.maxRatio * entry.compressedSize) {
    const ratio = Math.round(entry.size / Math.max(1, entry.compressedSize));
    throw new InputError(file, {
      zh: `${entry.name} 声明解压后 ${(entry.size / MB).toFixed(0)} MB，是压缩后大小的 ${ratio} 倍（上限 ${limits.maxRatio} 倍），疑似“zip 炸弹”，未解压；请检查文件来源`,
      en: `${entry.name} declares ${(entry.size / MB).toFixed(0)} MB inflated, ${ratio} times its compressed size (limit ${limits.maxRatio}): a likely zip bomb, not inflated; check where the file came from`,
    });
  }
}
