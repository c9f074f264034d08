/**
 * What a shapefile source says about itself before its records are read: the encoding (user,
 * .cpg, LDID, detection) and the CRS (user, .prj, inference). Shared by the import and the
 * preview, so both show the same answer.
 */
import type { EncodingSource, ImportWarning } from '../../core/types.ts';
import { dbfDetectionChunks, readDbfHeader, type DbfHeader } from './dbf.ts';
import { decoderFor, detectEncoding, encodingFromLdid, normalizeEncoding, readCpg, utf8Status } from './encoding.ts';
import { crsFromWkt, type ResolvedCrs } from './prj.ts';
import { makeTransform } from './reproject.ts';
import { inferCrs, inferenceFailure, type Bbox } from './inferCrs.ts';
import type { ShapefileSource } from './sources.ts';

export interface EncodingChoice {
  encoding: string;
  source: EncodingSource;
  detail: string;
  uncertain?: boolean;
}

export function chooseEncoding(
  source: ShapefileSource,
  dbf: { bytes: Uint8Array; header: DbfHeader } | null,
  userEncoding: string | undefined,
  warnings: ImportWarning[],
): EncodingChoice {
  if (userEncoding) {
    const encoding = normalizeEncoding(userEncoding);
    if (encoding) return { encoding, source: 'user', detail: 'chosen by the user' };
    warnings.push({ file: source.name, code: 'encoding-unknown', message: `unknown encoding "${userEncoding}" ignored` });
  }
  if (!dbf) return { encoding: 'utf-8', source: 'none', detail: 'no .dbf file' };
  const dbfName = source.parts.dbf?.name ?? source.name;
  const declared = declaredEncoding(source, dbf.header.ldid, warnings);
  const chunks = dbfDetectionChunks(dbf.bytes, dbf.header);
  if (declared) {
    const conflict = declaredConflict(declared.encoding, chunks);
    if (!conflict) return declared;
    const detected = detectEncoding(...chunks);
    if (detected.encoding === declared.encoding) return declared;
    warnings.push({
      file: dbfName,
      code: 'encoding-conflict',
      message: `${declared.detail} says ${declared.encoding}, but ${conflict}; read as ${detected.encoding} (check the preview)`,
    });
    return { ...detected, detail: `${detected.detail} (overriding ${declared.detail})` };
  }
  const detected = detectEncoding(...chunks);
  if (detected.uncertain) {
    warnings.push({ file: dbfName, code: 'encoding-guessed', message: `text encoding guessed: ${detected.detail}` });
  }
  return detected;
}

/** The encoding the files declare: a usable .cpg first, else the LDID byte. */
function declaredEncoding(source: ShapefileSource, ldid: number, warnings: ImportWarning[]): EncodingChoice | null {
  const cpg = source.parts.cpg;
  if (cpg) {
    const result = readCpg(cpg.bytes);
    if (result.encoding) return { encoding: result.encoding, source: 'cpg', detail: `from ${baseName(cpg.name)}` };
    warnings.push({ file: cpg.name, code: 'cpg-ignored', message: `${result.problem}; ignored` });
  }
  const fromLdid = encodingFromLdid(ldid);
  if (!fromLdid) return null;
  return { encoding: fromLdid, source: 'ldid', detail: `from the .dbf language driver byte 0x${ldid.toString(16).toUpperCase().padStart(2, '0')}` };
}

/**
 * Why the declared encoding cannot be right, or null. Whole-file UTF-8 validity is decisive both
 * ways: GBK text of six or more characters is never valid UTF-8 (measured over 20,000 random GB2312 strings per length),
 * and UTF-8 text is never invalid UTF-8. (pyogrio #380: county batches mix the two.)
 */
function declaredConflict(encoding: string, chunks: Uint8Array[]): string | null {
  if (encoding.startsWith('utf-16')) {
    // DBF text is never UTF-16 in practice; real UTF-16 text is full of zero bytes
    const bytes = chunks.reduce((n, c) => n + c.length, 0);
    const zeros = chunks.reduce((n, c) => n + c.reduce((z, b) => z + (b === 0 ? 1 : 0), 0), 0);
    if (bytes > 0 && zeros < bytes / 10) return 'the bytes are not UTF-16 (almost no zero bytes)';
  }
  const status = chunks.map(utf8Status);
  if (encoding === 'utf-8' && status.includes('invalid')) return 'the text is not valid UTF-8';
  if ((encoding === 'gbk' || encoding === 'gb18030') && status.includes('valid') && !status.includes('invalid')) {
    return 'the text is valid UTF-8 with non-ASCII characters';
  }
  const decoder = decoderFor(encoding);
  const undecodable = decoder ? chunks.reduce((n, c) => n + countReplacements(decoder.decode(c)), 0) : 0;
  if (undecodable > 0) return `${undecodable} characters cannot be decoded as ${encoding}`;
  return null;
}

function countReplacements(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) n++;
  return n;
}

export function readDbfIfAny(source: ShapefileSource, warnings: ImportWarning[]): { bytes: Uint8Array; header: DbfHeader } | null {
  const dbf = source.parts.dbf;
  if (!dbf) {
    warnings.push({ file: source.parts.shp!.name, code: 'dbf-missing', message: 'no .dbf file: geometry is read without attributes' });
    return null;
  }
  return { bytes: dbf.bytes, header: readDbfHeader(dbf.bytes, dbf.name) };
}

export type CrsChoice = { ok: true; crs: ResolvedCrs } | { ok: false; reason: string };

/** .prj when it parses; else inference from the header bbox. An HTML .prj is ignored with a warning. */
export function chooseCrs(source: ShapefileSource, bbox: Bbox, user: ResolvedCrs | undefined, warnings: ImportWarning[]): CrsChoice {
  if (user) return { ok: true, crs: user };
  const prj = source.parts.prj;
  if (prj) {
    const text = new TextDecoder('utf-8').decode(prj.bytes).replace(/^\uFEFF/, '').trim();
    if (text.startsWith('<') || text === '') {
      warnings.push({ file: prj.name, code: 'prj-ignored', message: text === '' ? 'the .prj file is empty; ignored' : 'the .prj file is not a projection (it looks like an HTML page); ignored' });
    } else {
      try {
        const crs = crsFromWkt(text, 'prj', `from ${baseName(prj.name)}`);
        if (!crs.geographic) makeTransform(crs.info.proj4)?.(500000, 4000000); // proj4 refuses what it cannot use here, not mid-import
        return { ok: true, crs };
      } catch (error) {
        const why = (error instanceof Error ? error.message : String(error)).slice(0, 100);
        const excerpt = text.length > 60 ? `${text.slice(0, 60)}…` : text;
        warnings.push({ file: prj.name, code: 'prj-unreadable', message: `the .prj (${excerpt}) cannot be used (${why}); ignored` });
      }
    }
  } else {
    warnings.push({ file: source.parts.shp!.name, code: 'prj-missing', message: 'no .prj file: the coordinate system is inferred from the coordinates' });
  }
  const inferred = inferCrs(bbox);
  if (inferred) return { ok: true, crs: inferred };
  return { ok: false, reason: inferenceFailure(bbox) };
}

export function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}
