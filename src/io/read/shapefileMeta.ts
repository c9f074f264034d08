/**
 * What a shapefile source says about itself before its records are read: the encoding (user,
 * .cpg, LDID, detection) and the CRS (user, .prj, inference). Shared by the import and the
 * preview, so both show the same answer.
 */
import type { EncodingSource, ImportWarning } from '../../core/types.ts';
import { dbfDetectionChunks, readDbfHeader, type DbfHeader } from './dbf.ts';
import { detectEncoding, encodingFromLdid, normalizeEncoding, readCpg } from './encoding.ts';
import { crsFromWkt, type ResolvedCrs } from './prj.ts';
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
  const cpg = source.parts.cpg;
  if (cpg) {
    const result = readCpg(cpg.bytes);
    if (result.encoding) return { encoding: result.encoding, source: 'cpg', detail: `from ${baseName(cpg.name)}` };
    warnings.push({ file: cpg.name, code: 'cpg-ignored', message: `${result.problem}; ignored` });
  }
  const fromLdid = encodingFromLdid(dbf.header.ldid);
  if (fromLdid) {
    return { encoding: fromLdid, source: 'ldid', detail: `from the .dbf language driver byte 0x${dbf.header.ldid.toString(16).toUpperCase().padStart(2, '0')}` };
  }
  const detected = detectEncoding(...dbfDetectionChunks(dbf.bytes, dbf.header));
  if (detected.uncertain) {
    warnings.push({ file: dbf.bytes === source.parts.dbf?.bytes ? source.parts.dbf.name : source.name, code: 'encoding-guessed', message: `text encoding guessed: ${detected.detail}` });
  }
  return detected;
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
        return { ok: true, crs: crsFromWkt(text, 'prj', `from ${baseName(prj.name)}`) };
      } catch (error) {
        warnings.push({ file: prj.name, code: 'prj-unreadable', message: `the .prj cannot be read (${error instanceof Error ? error.message : String(error)}); ignored` });
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
