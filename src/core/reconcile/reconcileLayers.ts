/**
 * The reconciliation (套核, DOMAIN.md point 5) of plots and forest against the land survey and the
 * village boundaries: six checks, each on an overlay, then one report. Pure: the geometry engine is
 * handed in (realEngine.ts in the job, hand-written outcomes in tests).
 */
import type { Geometry } from 'geojson';
import type { JobContext, Layer } from '../types.ts';
import { throwIfCancelled } from '../types.ts';
import type { OverlayOutcome, OverlayOptions, PolygonFeature, ReconcileEngine } from './engine.ts';
import { isCultivatedClass, isPlantableClass } from './landClass.ts';
import { forestRecords, plotRecords, surveyRecords, villageRecords } from './records.ts';
import { buildReport, completeFinding } from './report.ts';
import type { RuleContext, RuleFinding } from './rules/context.ts';
import { areaMismatch } from './rules/areaMismatch.ts';
import { forestOnPlanting, isForestCheckedPlot } from './rules/forestOnPlanting.ts';
import { nonCultivatedPlanting } from './rules/nonCultivatedPlanting.ts';
import { plotOverlap } from './rules/plotOverlap.ts';
import { uncoveredCultivated } from './rules/uncoveredCultivated.ts';
import { mainVillages, splitByVillage, villageMismatch } from './rules/villageMismatch.ts';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from './settings.ts';
import type { ReconcileReport } from './types.ts';

export interface ReconcileLayers {
  villages: Layer;
  plots: Layer;
  survey: Layer;
  forest?: Layer | null;
}

/** Progress stages, in order (the UI names them). */
export const RECONCILE_STAGES = [
  'reconcile.villages',
  'reconcile.survey',
  'reconcile.overlap',
  'reconcile.forest',
  'reconcile.coverage',
] as const;

export async function reconcileLayers(
  layers: ReconcileLayers,
  settingsPatch: Partial<ReconcileSettings>,
  engine: ReconcileEngine,
  context: JobContext = {},
): Promise<ReconcileReport> {
  const settings = { ...DEFAULT_RECONCILE_SETTINGS, ...settingsPatch };
  const warnings: string[] = [];
  const run = stageRunner(engine, context, warnings);
  const plotFeatures = layers.plots.features.features;
  const plots = plotRecords(layers.plots);
  const plotGeometry = (i: number): Geometry | null => plotFeatures[i].geometry;

  const villages = villageRecords(layers.villages);
  const byVillage = await run('reconcile.villages', plotFeatures, layers.villages.features.features, { keepGeometry: true });
  const split = splitByVillage(byVillage.pairs, villages, plots.length);
  const rule: RuleContext = { settings, plots, plotAreaM2: byVillage.areaM2A, plotVillage: mainVillages(split) };
  const findings: RuleFinding[] = [];

  const checkRecorded = plots.some((p) => p.recordedVillageCode !== '');
  if (!checkRecorded) warnings.push('地块图层没有坐落单位代码 ZLDWDM：只检查跨村界，未检查登记村是否一致。');
  findings.push(...villageMismatch(rule, split, checkRecorded));
  if (!plots.some((p) => p.declaredMu !== null)) warnings.push('地块图层没有申报面积 SBMJ：未检查面积差异。');
  findings.push(...areaMismatch(rule, plotGeometry));

  findings.push(...(await surveyChecks(layers, rule, run, engine, context, warnings)));
  findings.push(...plotOverlap(rule, (await run('reconcile.overlap', plotFeatures, plotFeatures, { self: true, keepGeometry: true })).pairs));
  findings.push(...(await forestChecks(layers, rule, run)));

  const geometryOf = featureGeometryLookup(layers);
  return buildReport(settings, findings.map((f) => completeFinding(f, geometryOf(f.layer, f.featureId))), warnings);
}

type StageRun = (
  stage: (typeof RECONCILE_STAGES)[number],
  a: readonly PolygonFeature[],
  b: readonly PolygonFeature[],
  options: OverlayOptions,
) => Promise<OverlayOutcome>;

function stageRunner(engine: ReconcileEngine, context: JobContext, warnings: string[]): StageRun {
  return async (stage, a, b, options) => {
    throwIfCancelled(context.signal);
    context.onProgress?.({ stage, done: 0, total: 1 });
    const outcome = await engine.overlay(a, b, {
      ...options,
      signal: context.signal,
      onProgress: (p) => context.onProgress?.({ stage, done: p.done, total: p.total }),
    });
    throwIfCancelled(context.signal);
    for (const failure of outcome.failures) warnings.push(`${stage}: ${failure}`);
    context.onProgress?.({ stage, done: 1, total: 1 });
    return outcome;
  };
}

/** non_cultivated_planting and uncovered_cultivated: plots against the survey's land classes. */
async function surveyChecks(
  layers: ReconcileLayers,
  rule: RuleContext,
  run: StageRun,
  engine: ReconcileEngine,
  context: JobContext,
  warnings: string[],
): Promise<RuleFinding[]> {
  const surveyFeatures = layers.survey.features.features;
  const parcels = surveyRecords(layers.survey);
  const unclassified = parcels.filter((p) => p.dlbm === '').length;
  if (unclassified) warnings.push(`三调图层有${unclassified}个图斑没有地类编码 DLBM，未参与套核。`);
  const nonPlantable = parcels.filter((p) => p.dlbm !== '' && !isPlantableClass(p.dlbm));
  const plotFeatures = layers.plots.features.features;
  const onSurvey = await run('reconcile.survey', plotFeatures, nonPlantable.map((p) => surveyFeatures[p.index]), { keepGeometry: true });
  const findings = nonCultivatedPlanting(rule, onSurvey.pairs, nonPlantable);

  const cultivated = parcels.filter((p) => isCultivatedClass(p.dlbm));
  const coverers = [...plotFeatures, ...(layers.forest?.features.features ?? [])];
  const cultivatedFeatures = cultivated.map((p) => surveyFeatures[p.index]);
  const coverage = await run('reconcile.coverage', cultivatedFeatures, coverers, { keepGeometry: false });
  const uncovered = await uncoveredCultivated({
    settings: rule.settings,
    parcels: cultivated,
    parcelGeometry: (i) => cultivatedFeatures[i].geometry,
    covererGeometry: (j) => coverers[j].geometry,
    outcome: coverage,
    difference: (a, others) => engine.difference(a, others),
    signal: context.signal,
  });
  throwIfCancelled(context.signal);
  return [...findings, ...uncovered];
}

/** forest_on_planting: forest against the plots it is checked against (see FOREST_CHECK_STATUSES). */
async function forestChecks(layers: ReconcileLayers, rule: RuleContext, run: StageRun): Promise<RuleFinding[]> {
  if (!layers.forest) return [];
  const forest = forestRecords(layers.forest);
  const checked = rule.plots.filter((p) => isForestCheckedPlot(p.status)).map((p) => p.index);
  const plotFeatures = layers.plots.features.features;
  const outcome = await run('reconcile.forest', layers.forest.features.features, checked.map((i) => plotFeatures[i]), { keepGeometry: true });
  // the overlay indexes the checked subset; the rule indexes all plots
  const pairs = outcome.pairs.map((p) => ({ ...p, b: checked[p.b] }));
  return forestOnPlanting(rule, pairs, forest, outcome.areaM2A);
}

function featureGeometryLookup(layers: ReconcileLayers): (layer: string, id: string) => Geometry | null {
  const maps = new Map<string, Map<string, Geometry | null>>();
  const records = {
    plots: () => plotRecords(layers.plots).map((r) => [r.id, layers.plots.features.features[r.index].geometry] as const),
    survey: () => surveyRecords(layers.survey).map((r) => [r.id, layers.survey.features.features[r.index].geometry] as const),
    forest: () =>
      layers.forest ? forestRecords(layers.forest).map((r) => [r.id, layers.forest!.features.features[r.index].geometry] as const) : [],
  };
  return (layer, id) => {
    if (!maps.has(layer)) maps.set(layer, new Map(records[layer as keyof typeof records]?.() ?? []));
    return maps.get(layer)!.get(id) ?? null;
  };
}
