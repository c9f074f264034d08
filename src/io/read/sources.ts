/**
 * Sorts what the user dropped ({name: bytes}: .zip archives, loose shapefile parts, GeoJSON) into
 * layer sources. Zips are searched at any folder depth; extensions match in any case; parts
 * are grouped by their path without extension (so export/POLYLINE.shp meets export/POLYLINE.dbf).
 */
import { InputError, type Bilingual } from '../../core/types.ts';
import { utf8Status } from './encoding.ts';
import { unzipChecked, ZIP_LIMITS, type ZipBudget, type ZipLimits } from './zip.ts';

export interface ShapefileSource {
  kind: 'shapefile';
  /** layer name: the file name without folder and extension */
  name: string;
  /** part → { name as given, bytes } */
  parts: Partial<Record<ShapefilePart, { name: string; bytes: Uint8Array }>>;
}

export interface GeoJsonSource {
  kind: 'geojson';
  name: string;
  file: string;
  bytes: Uint8Array;
}

export type LayerSource = ShapefileSource | GeoJsonSource;

export type ShapefilePart = 'shp' | 'shx' | 'dbf' | 'prj' | 'cpg';
const PARTS: readonly string[] = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
/** Side files we know and ignore (indexes, metadata, QGIS projection copies). */
const IGNORED = /\.(sbn|sbx|qpj|qmd|xml|cst|txt|fix|atx|ain|aih|ixs|mxs|lyr|lyrx|qml|sld|mshp|aux)$/i;

function extensionOf(name: string): string {
  const m = /\.([^./\\]+)$/.exec(name);
  return m ? m[1].toLowerCase() : '';
}

function stemOf(path: string): string {
  return path.replace(/\.[^./\\]+$/, '');
}

function baseName(path: string): string {
  return path.split(/[/\\]/).pop() ?? path;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5) ;
}

/**
 * Zip tools on Chinese Windows store entry names in GBK without the UTF-8 flag; fflate then reads
 * them as Latin-1 ("µØ¿é.shp"). Such names are turned back into bytes and decoded as UTF-8 when
 * valid, else GB18030, so layers keep their Chinese names.
 */
export function zipEntryName(name: string): string {
  let high = false;
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code > 0xff) return name; // already decoded as UTF-8
    if (code >= 0x80) high = true;
  }
  if (!high) return name;
  const bytes = Uint8Array.from(name, (c) => c.charCodeAt(0));
  return utf8Status(bytes) === 'invalid' ? new TextDecoder('gb18030').decode(bytes) : new TextDecoder('utf-8').decode(bytes);
}

/**
 * Expands zips (and zips inside them, up to ZIP_LIMITS.maxDepth) into {path: bytes}; throws
 * InputError for unreadable zips, duplicate entry names, zip bombs and 0-byte files. An empty
 * .cpg or .prj is left to the readers, which warn and go on, as inside a zip.
 */
export function expandFiles(files: Record<string, Uint8Array>, limits: ZipLimits = ZIP_LIMITS): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const budget: ZipBudget = { bytesLeft: limits.totalBytes };
  for (const [name, bytes] of Object.entries(files)) {
    if (bytes.length === 0 && !/\.(cpg|prj)$/i.test(name)) throw new InputError(name, { zh: '文件是空的（0 字节）', en: 'the file is empty (0 bytes)' });
    expandOne(name, bytes, 0, out, budget, limits);
  }
  return out;
}

function expandOne(name: string, bytes: Uint8Array, depth: number, out: Record<string, Uint8Array>, budget: ZipBudget, limits: ZipLimits): void {
  if (extensionOf(name) !== 'zip' && !isZip(bytes)) {
    out[name] = bytes;
    return;
  }
  if (!isZip(bytes)) throw new InputError(name, { zh: '不是 zip 压缩包（没有 zip 文件标志）', en: 'not a zip archive (no zip signature)' });
  if (depth >= limits.maxDepth) {
    throw new InputError(name, {
      zh: `压缩包嵌套超过 ${limits.maxDepth} 层，未再打开；请先解开外层压缩包`,
      en: `zips nested more than ${limits.maxDepth} deep were not opened; unpack the outer archives first`,
    });
  }
  const entries = unzipChecked(bytes, name, budget, zipEntryName, limits);
  if (Object.keys(entries).length === 0) throw new InputError(name, { zh: '压缩包是空的', en: 'the zip archive is empty' });
  for (const [entry, content] of Object.entries(entries)) expandOne(`${name}/${entry}`, content, depth + 1, out, budget, limits);
}

/** Groups files into layer sources. Throws when nothing readable is there. */
export function collectSources(files: Record<string, Uint8Array>): LayerSource[] {
  const expanded = expandFiles(files);
  const groups = new Map<string, ShapefileSource>();
  const geojson: GeoJsonSource[] = [];
  for (const [path, bytes] of Object.entries(expanded)) {
    const ext = extensionOf(path);
    if (ext === 'geojson' || ext === 'json') {
      geojson.push({ kind: 'geojson', name: stemOf(baseName(path)), file: path, bytes });
    } else if (PARTS.includes(ext)) {
      const stem = stemOf(path).toLowerCase();
      let group = groups.get(stem);
      if (!group) groups.set(stem, (group = { kind: 'shapefile', name: stemOf(baseName(path)), parts: {} }));
      group.parts[ext as ShapefilePart] = { name: path, bytes };
      if (ext === 'shp') group.name = stemOf(baseName(path));
    }
  }
  const shapefiles = [...groups.values()].filter((g) => g.parts.shp);
  const sources: LayerSource[] = [...shapefiles, ...geojson];
  if (sources.length === 0) throw new InputError(shortList(Object.keys(files)), nothingFoundMessage(expanded, [...groups.values()]));
  return sources;
}

function shortList(names: string[]): string {
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} …（共 ${names.length} 个）` : names.join(', ');
}

function nothingFoundMessage(expanded: Record<string, Uint8Array>, groups: ShapefileSource[]): Bilingual {
  const names = Object.keys(expanded).map(baseName);
  const orphan = groups.find((g) => g.parts.dbf);
  if (orphan) {
    return { zh: `没有 .shp 文件（只有 ${shortList(names)}）；Shapefile 必须包含 .shp`, en: `no .shp file found (only ${shortList(names)}); a shapefile needs its .shp` };
  }
  const unknown = names.filter((n) => !IGNORED.test(n));
  const shown = shortList(unknown.length ? unknown : names);
  return { zh: `在 ${shown} 中没有找到 Shapefile（.shp）或 GeoJSON 图层`, en: `no shapefile (.shp) or GeoJSON found among ${shown}` };
}
