import { availableParallelism } from 'node:os';
import { open, readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { dirname, basename, extname, join } from 'node:path';
import { parseFieldMapping, type FieldMapping } from '../src/core/fields/mapping.ts';
import type { NoticeFont } from '../src/io/write/planNotice.ts';
import { findCjkFontFile } from '../server/cjkFont.ts';
import { jsonChunks } from './jsonChunks.ts';
import type { OverlayRunner } from '../src/core/geometry/overlay.ts';
import { InputError, type Layer, type LayerKind } from '../src/core/types.ts';
import { importLayerJob } from '../src/jobs/importLayer.ts';
import { importStages, stage } from './profile.ts';

/** A CLI failure whose message is already the one line the user should read. */
/** A problem of the command line itself (options, files), in Chinese with its English text. */
export class CliError extends Error {
  readonly messageEn: string;
  constructor(message: string | { zh: string; en: string }) {
    super(typeof message === 'string' ? message : message.zh);
    this.messageEn = typeof message === 'string' ? message : message.en;
  }
}

export interface ParsedArgs {
  positional: string[];
  /** option name (without dashes) → values, in order given */
  options: Record<string, string[]>;
  flags: Record<string, boolean>;
}

export interface OptionSpec {
  /** options that take a value, e.g. ["json", "crs"] */
  values?: string[];
  /** options that take no value, e.g. ["verbose"] */
  flags?: string[];
}

export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options: OptionSpec;
  run(args: ParsedArgs): Promise<void>;
}

export function parseArgs(argv: string[], spec: OptionSpec): ParsedArgs {
  const values = new Set(spec.values ?? []);
  const flags = new Set([...(spec.flags ?? []), 'help']);
  const out: ParsedArgs = { positional: [], options: {}, flags: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      out.positional.push(arg);
      continue;
    }
    let name = arg.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    if (flags.has(name)) {
      out.flags[name] = true;
    } else if (values.has(name)) {
      if (value === undefined) {
        value = argv[++i];
        if (value === undefined) throw new CliError({ zh: `选项 --${name} 需要一个值`, en: `option --${name} needs a value` });
      }
      (out.options[name] ??= []).push(value);
    } else {
      throw new CliError({ zh: `未知选项 --${name}（用 --help 查看可用选项）`, en: `unknown option --${name} (see --help)` });
    }
  }
  return out;
}

export function option(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return v ? v[v.length - 1] : undefined;
}

/** Reads a file as bytes, with a one-line error naming it. */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError({ zh: `${path}：文件不存在；请检查路径`, en: `${path}: file not found` });
    if (code === 'EISDIR') throw new CliError({ zh: `${path}：这是文件夹，不是文件`, en: `${path}: is a folder, not a file` });
    throw new CliError({ zh: `${path}：无法读取（${code ?? String(error)}）`, en: `${path}: cannot read (${code ?? String(error)})` });
  }
}

const SHAPEFILE_PARTS = ['.shp', '.shx', '.dbf', '.prj', '.cpg', '.sbn', '.sbx', '.qix'];

/** The bytes of one layer: a .zip or GeoJSON alone; a .shp with its same-named siblings (any case). */
export async function layerFiles(paths: string | readonly string[]): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const path of typeof paths === 'string' ? [paths] : paths) {
    files[basename(path)] = await readBytes(path);
    if (extname(path).toLowerCase() !== '.shp') continue;
    const stem = basename(path, extname(path));
    for (const name of await readdir(dirname(path))) {
      const ext = extname(name).toLowerCase();
      if (name !== basename(path) && basename(name, extname(name)) === stem && SHAPEFILE_PARTS.includes(ext)) {
        files[name] = await readBytes(join(dirname(path), name));
      }
    }
  }
  return files;
}

/** --fields: a field-mapping JSON file (UTF-8, BOM allowed); undefined when not given. */
export async function readFieldMapping(path: string | undefined): Promise<FieldMapping | undefined> {
  if (!path) return undefined;
  const text = new TextDecoder('utf-8').decode(await readBytes(path)).replace(/^\uFEFF/, '');
  try {
    return parseFieldMapping(JSON.parse(text));
  } catch (error) {
    throw new CliError(mappingProblem(path, error));
  }
}

const mappingProblem = (path: string, error: unknown) => {
  const detail = error instanceof Error ? error.message : String(error);
  return { zh: `${path}：字段对应文件无法使用（${detail}）`, en: `${path}: not a usable field mapping (${detail})` };
};

/** --fields for several layers: one mapping for all of them, or {"plots": {...}, "survey": {...}} per layer. */
export async function readLayerMappings<K extends LayerKind>(path: string | undefined, kinds: readonly K[]): Promise<Partial<Record<K, FieldMapping>>> {
  if (!path) return {};
  try {
    const json = JSON.parse(new TextDecoder('utf-8').decode(await readBytes(path)).replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const perLayer = json && typeof json === 'object' && kinds.some((k) => k in json);
    const out: Partial<Record<K, FieldMapping>> = {};
    for (const kind of kinds) {
      const raw = perLayer ? json[kind] : json;
      if (raw !== undefined) out[kind] = { ...parseFieldMapping(raw), kind };
    }
    return out;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(mappingProblem(path, error));
  }
}

const LAYER_ZH: Record<LayerKind, string> = {
  villages: '村界', survey: '三调地类图斑', plots: '种植地块', forest: '人工林', wells: '机电井', canals: '渠道', reservoirs: '水库', other: '',
};

/**
 * One layer of a command (--plots F, …) through the import job: an unreadable file is the import's
 * own message (it names the file); no layer, or a layer without features, is said here.
 */
export async function readLayerFiles(paths: string | readonly string[], kind: LayerKind, fields?: FieldMapping): Promise<Layer> {
  const first = typeof paths === 'string' ? paths : paths[0];
  stage(`${kind}: read files`);
  const files = await layerFiles(paths);
  stage(`${kind}: unzip`);
  let layer: Layer | undefined;
  try {
    layer = (await importLayerJob({ files, kind, fields }, { onProgress: importStages(kind) })).layers[0];
  } catch (error) {
    if (error instanceof InputError || error instanceof CliError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError({ zh: `${first}：无法读取${LAYER_ZH[kind]}图层（${detail}）`, en: `${first}: cannot read the ${kind} layer (${detail})` });
  }
  if (!layer) throw new CliError({ zh: `${first}：没有找到图层（应为 Shapefile .zip/.shp 或 GeoJSON）`, en: `${first}: no layer found (a Shapefile .zip/.shp or GeoJSON is expected)` });
  if (layer.features.features.length === 0) throw new CliError({ zh: `${first}：${LAYER_ZH[kind]}图层没有要素`, en: `${first}: the ${kind} layer has no features` });
  return layer;
}

/** A required option's value. */
export function requireOption(args: ParsedArgs, name: string): string {
  const value = option(args, name);
  if (value === undefined) throw new CliError({ zh: `缺少 --${name}`, en: `missing --${name}` });
  return value;
}

/** A four-digit year option. */
export function yearOption(args: ParsedArgs, name = 'year'): number {
  const value = requireOption(args, name);
  if (!/^\d{4}$/.test(value)) throw new CliError({ zh: `--${name} 应为四位年份（如 2024），而不是“${value}”`, en: `--${name} must be a year like 2024, not "${value}"` });
  return Number(value);
}

/** Reads several files into the {name: bytes} map that io readers take. */
export async function readFiles(paths: string[]): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const path of paths) files[basename(path)] = await readBytes(path);
  return files;
}

export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** The report as JSON (jsonChunks.ts: two levels laid out, deeper values one per line) and a newline, written in pieces of about 1 MB. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const file = await open(path, 'w');
  try {
    let buffered: string[] = [];
    let size = 0;
    for (const piece of jsonChunks(value)) {
      buffered.push(piece);
      size += piece.length;
      if (size < 1 << 20) continue;
      await file.write(buffered.join(''));
      buffered = [];
      size = 0;
    }
    buffered.push('\n');
    await file.write(buffered.join(''));
  } finally {
    await file.close();
  }
}

/** Overlays of fewer features of a than this run in-process: shipping them costs more than it saves. */
const THREADED_MIN_FEATURES = 5000;

/**
 * The overlay's worker threads for a command: as many as the machine has cores (SHUIDI_THREADS=N
 * to choose, 1 for none: everything in-process). Started at once, so the threads load while the
 * layers are read; small overlays stay in-process (the results are the same either way). Close it
 * when done. `account` keeps its overlays in-process unless SHUIDI_THREADS says otherwise: its
 * overlays are short and shipping the layers to the threads cost more than it saved when measured
 * (docs/cli.md "Where the time goes").
 */
export async function overlayThreads(options: { byDefault?: boolean } = {}): Promise<(OverlayRunner & { close(): void }) | undefined> {
  const byDefault = options.byDefault ?? true;
  const wanted = process.env.SHUIDI_THREADS ? Number(process.env.SHUIDI_THREADS) : byDefault ? availableParallelism() : 1;
  if (!Number.isInteger(wanted) || wanted <= 1) return undefined;
  const { createNodeOverlayPool } = await import('./nodeOverlayPool.ts');
  const { withSmallInProcess } = await import('../src/core/geometry/overlayPool.ts');
  const pool = createNodeOverlayPool(wanted);
  return { ...withSmallInProcess(pool, THREADED_MIN_FEATURES), close: () => pool.close() };
}

/** A font with Chinese glyphs for a PDF (server/cjkFont.ts), or a Chinese error naming the option. */
export async function findCjkFont(option: string): Promise<NoticeFont> {
  const font = await findCjkFontFile();
  if (font) return font;
  throw new CliError({
    zh: `${option}：找不到含中文字形的字体（请安装 fonts-noto-cjk，或用环境变量 SHUIDI_CJK_FONT 指定字体文件）`,
    en: `${option}: no font with Chinese glyphs found (install fonts-noto-cjk, or name a font file in SHUIDI_CJK_FONT)`,
  });
}
