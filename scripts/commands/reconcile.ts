/**
 * `reconcile --villages F --plots F --survey F [--forest F] [--min-overlap-mu A]
 *  [--min-overlap-share S] [--area-mismatch-mu A2] [--area-mismatch-share S2] [--json OUT] [--xlsx OUT]
 *  [--geojson OUT] [--shp OUT.zip] [--fields M]`
 * The 套核 findings of docs/domain.md point 5 as the docs/contract.md JSON, plus xlsx/GeoJSON/Shapefile.
 */
import { CliError, option, overlayThreads, readLayerFiles, readLayerMappings, requireOption, writeJson, writeOutput, type CliCommand, type ParsedArgs } from '../cliSupport.ts';
import { runReconcile } from '../../src/jobs/reconcile.ts';
import type { Layer } from '../../src/core/types.ts';
import type { ReconcileSettings } from '../../src/core/reconcile/settings.ts';
import { villageRecords } from '../../src/core/reconcile/records.ts';
import { findingsGeoJsonBytes, findingsShapefileZip } from '../../src/io/write/findingsGeoJson.ts';
import { progressStages, stage } from '../profile.ts';

const LAYER_OPTIONS = ['villages', 'plots', 'survey', 'forest'] as const;
type LayerOption = (typeof LAYER_OPTIONS)[number];

function numberOption(args: ParsedArgs, name: string, min: number, max: number): number | undefined {
  const text = option(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CliError({ zh: `--${name} 应为 ${min} 到 ${max === Infinity ? '任意值' : max} 之间的数，而不是“${text}”`, en: `--${name} must be a number from ${min} to ${max === Infinity ? 'any' : max}, got "${text}"` });
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
      requireOption(args, required);
    }
    const settings = settingsFrom(args);
    const threads = await overlayThreads();
    const mappings = await readLayerMappings(option(args, 'fields'), LAYER_OPTIONS);
    const read = (kind: LayerOption): Promise<Layer> => readLayerFiles(option(args, kind)!, kind, mappings[kind]);
    const villages = await read('villages');
    const plots = await read('plots');
    // the survey (and then the forest) are read while the checks of the plots and villages run on
    // the overlay's threads; with no threads they are simply read first
    const surveyRead = read('survey');
    const forestRead = option(args, 'forest') ? surveyRead.then(() => read('forest')) : Promise.resolve(null);
    // a survey that fails to read fails the forest's read too: reported once, where it is awaited
    forestRead.catch(() => undefined);
    const survey = threads ? surveyRead : await surveyRead;
    const forest = threads ? forestRead : await forestRead;
    const report = await runReconcile({ villages, plots, survey, forest, settings }, { onProgress: progressStages('') }, threads)
      .finally(() => threads?.close());
    stage('write');
    await writeOutputs(args, report, villages);
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
