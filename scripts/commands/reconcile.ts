/**
 * `reconcile --villages F --plots F --survey F [--forest F] [--min-overlap-mu A]
 *  [--min-overlap-share S] [--area-mismatch-mu A2] [--area-mismatch-share S2] [--json OUT] [--xlsx OUT]
 *  [--geojson OUT] [--shp OUT.zip] [--fields M]`
 * The 套核 findings of docs/domain.md point 5 as the docs/contract.md JSON, plus xlsx/GeoJSON/Shapefile.
 */
import { basename } from 'node:path';
import { CliError, layerFiles, option, overlayThreads, readBytes, writeJson, writeOutput, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { runReconcile } from '../../src/jobs/reconcile.ts';
import { parseFieldMapping, type FieldMapping } from '../../src/core/fields/mapping.ts';
import type { Layer, LayerKind } from '../../src/core/types.ts';
import type { ReconcileSettings } from '../../src/core/reconcile/settings.ts';
import { villageRecords } from '../../src/core/reconcile/records.ts';
import { findingsGeoJsonBytes, findingsShapefileZip } from '../../src/io/write/findingsGeoJson.ts';
import { importStages, progressStages, stage } from '../profile.ts';

const LAYER_OPTIONS = ['villages', 'plots', 'survey', 'forest'] as const;
type LayerOption = (typeof LAYER_OPTIONS)[number];

/** The files of one layer: a .zip or .geojson as given, a .shp with its side files. */
/** One mapping for every layer, or {"plots": {...}, "survey": {...}} per layer. */
async function readMappings(path: string | undefined): Promise<Partial<Record<LayerOption, FieldMapping>>> {
  if (!path) return {};
  try {
    const json = JSON.parse(new TextDecoder('utf-8').decode(await readBytes(path)).replace(/^\uFEFF/, '')) as Record<string, unknown>;
    const perLayer = json && typeof json === 'object' && LAYER_OPTIONS.some((k) => k in json);
    const out: Partial<Record<LayerOption, FieldMapping>> = {};
    for (const kind of LAYER_OPTIONS) {
      const raw = perLayer ? json[kind] : json;
      if (raw !== undefined) out[kind] = { ...parseFieldMapping(raw), kind };
    }
    return out;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path}: not a usable field mapping (${error instanceof Error ? error.message : String(error)})`);
  }
}

async function readLayer(path: string, kind: LayerKind, fields: FieldMapping | undefined): Promise<Layer> {
  stage(`${kind}: read files`);
  const files = await layerFiles(path);
  try {
    stage(`${kind}: unzip`);
    const { layers } = await importLayerJob({ files, kind, fields }, { onProgress: importStages(kind) });
    if (layers.length === 0) throw new Error('no layer found (expected a Shapefile or GeoJSON)');
    return layers[0];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(message.includes(basename(path)) ? message : `${path}: ${message}`);
  }
}

function numberOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = option(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CliError(`--${name} must be a number from ${min} to ${max === Infinity ? 'any' : max}, got "${text}"`);
  }
  return value;
}

function settingsFrom(args: ParsedArgs): Partial<ReconcileSettings> {
  const settings: Partial<ReconcileSettings> = {};
  const mu = numberOption(args, 'min-overlap-mu', 0, Infinity);
  const share = numberOption(args, 'min-overlap-share', 0, 1);
  if (mu !== undefined) settings.minOverlapMu = mu;
  if (share !== undefined) settings.minOverlapShare = share;
  const mismatchMu = numberOption(args, 'area-mismatch-mu', 0, Infinity);
  const mismatchShare = numberOption(args, 'area-mismatch-share', 0, 1);
  if (mismatchMu !== undefined) settings.areaMismatchMu = mismatchMu;
  if (mismatchShare !== undefined) settings.areaMismatchShare = mismatchShare;
  if (args.flags['report-facility-land']) settings.reportFacilityLand = true;
  return settings;
}

export const reconcileCommand: CliCommand = {
  name: 'reconcile',
  usage:
    'reconcile --villages F --plots F --survey F [--forest F] [--min-overlap-mu A] [--min-overlap-share S] [--area-mismatch-mu A2] [--area-mismatch-share S2] [--report-facility-land] [--json OUT] [--xlsx OUT] [--geojson OUT] [--shp OUT.zip] [--fields M]',
  summary: 'reconciliation (套核) of plots and forest against the land survey and the village boundaries',
  options: { values: ['villages', 'plots', 'survey', 'forest', 'min-overlap-mu', 'min-overlap-share', 'area-mismatch-mu', 'area-mismatch-share', 'json', 'xlsx', 'geojson', 'shp', 'fields'], flags: ['report-facility-land'] },
  async run(args) {
    for (const required of ['villages', 'plots', 'survey']) {
      if (!option(args, required)) throw new CliError(`missing --${required} FILE`);
    }
    const settings = settingsFrom(args);
    const threads = await overlayThreads();
    const mappings = await readMappings(option(args, 'fields'));
    const layers: Partial<Record<LayerOption, Layer>> = {};
    for (const kind of LAYER_OPTIONS) {
      const path = option(args, kind);
      if (path) layers[kind] = await readLayer(path, kind, mappings[kind]);
    }
    const report = await runReconcile({
      villages: layers.villages!,
      plots: layers.plots!,
      survey: layers.survey!,
      forest: layers.forest ?? null,
      settings,
    }, { onProgress: progressStages('') }, threads).finally(() => threads?.close());
    stage('write');
    await writeOutputs(args, report, layers.villages!);
  },
};

async function writeOutputs(args: ParsedArgs, report: Awaited<ReturnType<typeof runReconcile>>, villages: Layer): Promise<void> {
  const json = option(args, 'json');
  if (json) await writeJson(json, report);
  const xlsx = option(args, 'xlsx');
  if (xlsx) {
    const { findingsXlsx } = await import('../../src/io/write/findingsXlsx.ts');
    const villageNames = Object.fromEntries(villageRecords(villages).map((v) => [v.code, v.name]));
    await writeOutput(xlsx, await findingsXlsx(report, { villageNames }));
  }
  const geojson = option(args, 'geojson');
  if (geojson) await writeOutput(geojson, findingsGeoJsonBytes(report));
  const shp = option(args, 'shp');
  if (shp) await writeOutput(shp, findingsShapefileZip(report));
}
