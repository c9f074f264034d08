/**
 * The reconciliation (套核, docs/domain.md point 5) of plots and forest against the land survey and the
 * village boundaries: six checks, each on an overlay, then one report. Pure: the geometry engine is
 * handed in (realEngine.ts in the job, a slow independent one in tests).
 *
 * Overlays run first without geometry; the problem geometry is then computed only for what is
 * reported (a second overlay of the flagged features, or pairs picked by area), which keeps the
 * 50k-plot county in memory.
 *
 * Decisions (each explained in its rule's file):
 * - K-suffixed land classes count as their numeric prefix (0201K plantation, 0301K forest).
 * - non_cultivated_planting checks plots of every status; forest_on_planting only plots with
 *   status 种植 (or none): a forest on retired land may be its legitimate new use.
 * - Crossing a village line is a village_mismatch with crossesBoundary: true (the kind list is fixed).
 * - Shares for pair findings are of the smaller feature; area_mismatch has its own tolerances.
 * - villageCode is where the problem lies: the plot's main village, the parcel's ZLDWDM, or the
 *   village holding most of the problem geometry.
 */
import type { Geometry } from 'geojson';
import type { JobContext, Layer } from '../types.ts';
import { throwIfCancelled } from '../types.ts';
import { m2ToMu } from '../units.ts';
import type { OverlayOptions, OverlayOutcome, ReconcileEngine } from './engine.ts';
import { forestRecords, plotRecords, surveyRecords, villageRecords } from './records.ts';
import { buildReport, completeFinding } from './report.ts';
import type { RuleContext, RuleFinding } from './rules/context.ts';
import { areaMismatch } from './rules/areaMismatch.ts';
import { coverersOverlapping, forestChecks, surveyChecks } from './surveyChecks.ts';
import { plotOverlap } from './rules/plotOverlap.ts';
import { mainVillages, splitByVillage, villageMismatch } from './rules/villageMismatch.ts';
import { DEFAULT_RECONCILE_SETTINGS, type ReconcileSettings } from './settings.ts';
import type { ReconcileReport } from './types.ts';
import { validateBaseLayers, validateSurveyLayers } from './validate.ts';
import { keepsGeometry } from '../geometry/geometryPick.ts';

export interface ReconcileLayers {
  villages: Layer;
  plots: Layer;
  survey: Layer;
  forest?: Layer | null;
}

/**
 * The layers as a caller may hand them in: the survey and the forest may still be on their way
 * (the CLI reads them while the checks that need only the plots and the villages run on the
 * overlay's threads). Each is checked (validate.ts) once it is there.
 */
export interface PendingReconcileLayers {
  villages: Layer;
  plots: Layer;
  survey: Layer | Promise<Layer>;
  forest?: Layer | null | Promise<Layer | null>;
}

/** Progress stages, in order (the UI names them). */
export const RECONCILE_STAGES = [
  'reconcile.villages',
  'reconcile.survey',
  'reconcile.coverage',
  'reconcile.overlap',
  'reconcile.forest',
  'reconcile.geometry',
] as const;
export type ReconcileStage = (typeof RECONCILE_STAGES)[number];

/** One overlay of a stage, with progress relabelled and failures turned into warnings. */
export type StageRun = (
  stage: ReconcileStage,
  a: readonly (Geometry | null)[],
  b: readonly (Geometry | null)[],
  options: Omit<OverlayOptions, 'signal' | 'onProgress'>,
) => Promise<OverlayOutcome>;

export interface StageTools {
  run: StageRun;
  engine: ReconcileEngine;
  context: JobContext;
  warnings: string[];
  /** the rule context of all plots */
  rule: RuleContext;
  plotGeometries: (Geometry | null)[];
}

export async function reconcileLayers(
  pending: PendingReconcileLayers,
  settingsPatch: Partial<ReconcileSettings>,
  engine: ReconcileEngine,
  context: JobContext = {},
): Promise<ReconcileReport> {
  // a layer still being read may fail while the first checks run: it is reported when awaited
  const pendingSurvey = Promise.resolve(pending.survey);
  const pendingForest = Promise.resolve(pending.forest ?? null);
  pendingSurvey.catch(() => undefined);
  pendingForest.catch(() => undefined);
  validateBaseLayers(pending);
  const settings = { ...DEFAULT_RECONCILE_SETTINGS, ...settingsPatch };
  const warnings: string[] = [];
  const run = stageRunner(engine, context, warnings);
  const plots = plotRecords(pending.plots);
  const plotGeometries = pending.plots.features.features.map((f) => f.geometry);
  const villageGeometries = pending.villages.features.features.map((f) => f.geometry);

  // first what needs only the plots and the villages
  // the pieces of plots split by a village line come back with their geometry (the crossings' findings)
  const byVillage = await run('reconcile.villages', plotGeometries, villageGeometries, { coverage: false, keepGeometry: { split: true } });
  const split = splitByVillage(byVillage.pairs, villageRecords(pending.villages), plots.length);
  const rule: RuleContext = { settings, plots, plotAreaM2: Array.from(byVillage.areaM2A), plotVillage: mainVillages(split) };
  const tools: StageTools = { run, engine, context, warnings, rule, plotGeometries };

  const findings: RuleFinding[] = [];
  findings.push(...(await villageChecks(pending, tools, split)));
  if (!plots.some((p) => p.declaredMu !== null)) warnings.push('地块图层没有申报面积 SBMJ：未检查面积差异。');
  findings.push(...areaMismatch(rule, (i) => plotGeometries[i]));
  const overlaps = await run('reconcile.overlap', plotGeometries, plotGeometries, { self: true, coverage: false, keepGeometry: { minMu: settings.minOverlapMu } });
  findings.push(...plotOverlap(rule, overlaps.pairs));

  // then the survey and the forest (the report sorts the findings: the order of the checks does not show)
  const layers: ReconcileLayers = { villages: pending.villages, plots: pending.plots, survey: await pendingSurvey, forest: await pendingForest };
  validateSurveyLayers(layers);
  const forest = await forestChecks(layers, tools);
  findings.push(...forest.findings);
  const coverersOverlap = coverersOverlapping(plots.length, layers.forest?.features.features.length ?? 0, overlaps, forest.plotsUnderForest);
  findings.push(...(await surveyChecks(layers, tools, coverersOverlap)));

  const located = await locateUnplaced(findings, villageGeometries, villageRecords(layers.villages), run);
  const geometryOf = featureGeometryLookup(layers);
  return buildReport(settings, located.map((f) => completeFinding(f, geometryOf(f.layer, f.featureId))), warnings);
}

/**
 * Findings with no village yet (a survey parcel without ZLDWDM) get the village holding most of
 * their problem geometry.
 */
async function locateUnplaced(
  findings: RuleFinding[],
  villageGeometries: (Geometry | null)[],
  villages: ReturnType<typeof villageRecords>,
  run: StageRun,
): Promise<RuleFinding[]> {
  const unplaced = findings.map((f, i) => (f.villageCode === '' && f.geometry ? i : -1)).filter((i) => i >= 0);
  if (unplaced.length === 0) return findings;
  const outcome = await run('reconcile.geometry', unplaced.map((i) => findings[i].geometry!), villageGeometries, { coverage: false });
  const main = mainVillages(splitByVillage(outcome.pairs, villages, unplaced.length));
  const out = [...findings];
  unplaced.forEach((i, k) => (out[i] = { ...out[i], villageCode: main[k] }));
  return out;
}

function stageRunner(engine: ReconcileEngine, context: JobContext, warnings: string[]): StageRun {
  return async (stage, a, b, options) => {
    throwIfCancelled(context.signal);
    context.onProgress?.({ stage, done: 0, total: a.length });
    const outcome = await engine.overlay(a, b, {
      ...options,
      signal: context.signal,
      onProgress: (p) => context.onProgress?.({ stage, done: p.done, total: p.total }),
    });
    throwIfCancelled(context.signal);
    const redone = (outcome.checks?.boxCutRetries ?? 0) + (outcome.checks?.sampleRetries ?? 0) + (outcome.checks?.unionRetries ?? 0);
    if (redone > 0) warnings.push(`${stage}：叠加分析的快速路径有 ${redone} 处与精确路径不一致，已改用精确结果。`);
    return outcome.failures.length ? repairFailures(stage, outcome, a, b, options, engine, warnings) : outcome;
  };
}

/**
 * Pairs the overlay could not clip are clipped once more on their own (clip.ts) and added, so a
 * failure never silently drops an overlap; what still fails becomes a warning naming the pair.
 */
async function repairFailures(
  stage: ReconcileStage,
  outcome: OverlayOutcome,
  a: readonly (Geometry | null)[],
  b: readonly (Geometry | null)[],
  options: Omit<OverlayOptions, 'signal' | 'onProgress'>,
  engine: ReconcileEngine,
  warnings: string[],
): Promise<OverlayOutcome> {
  const pairs = [...outcome.pairs];
  const repairedA = new Set<number>();
  const failures: OverlayOutcome['failures'] = [];
  for (const failure of outcome.failures) {
    const ga = a[failure.a];
    const gb = b[failure.b];
    const piece = ga && gb ? await engine.intersection(ga, gb).catch(() => undefined) : null;
    if (piece === undefined) {
      failures.push(failure);
      warnings.push(`${stage}: 要素 ${failure.a + 1} × ${failure.b + 1} 无法求交（${failure.message}），该对未计入。`);
      continue;
    }
    repairedA.add(failure.a);
    const areaM2 = engine.areaM2(piece);
    if (!(areaM2 > 0)) continue;
    const keep = keepsGeometry(options.keepGeometry, failure.a, failure.b, areaM2);
    pairs.push({ a: failure.a, b: failure.b, areaM2, ...(keep ? { geometry: piece } : {}) });
  }
  return { ...outcome, pairs, failures, repairedA };
}

/** The rule context restricted to some plots (in that order), for a second pass with geometry. */
export function subsetContext(rule: RuleContext, indices: readonly number[]): RuleContext {
  return {
    settings: rule.settings,
    plots: indices.map((i) => rule.plots[i]),
    plotAreaM2: indices.map((i) => rule.plotAreaM2[i]),
    plotVillage: indices.map((i) => rule.plotVillage[i]),
  };
}

/** Indices of the plots the findings name. */
export function flaggedPlots(rule: RuleContext, findings: readonly RuleFinding[]): number[] {
  const ids = new Set(findings.map((f) => f.featureId));
  return rule.plots.filter((p) => ids.has(p.id)).map((p) => p.index);
}

/**
 * village_mismatch. A flagged plot split by a village line has its pieces' geometry from the first
 * overlay; one lying whole in another village than recorded gets it from a second overlay of just
 * those plots.
 */
async function villageChecks(
  layers: Pick<ReconcileLayers, 'villages'>,
  tools: StageTools,
  split: ReturnType<typeof splitByVillage>,
): Promise<RuleFinding[]> {
  const { rule, warnings } = tools;
  const checkRecorded = rule.plots.some((p) => p.recordedVillageCode !== '');
  if (!checkRecorded) warnings.push('地块图层没有坐落单位代码 ZLDWDM：只检查跨村界，未检查登记村是否一致。');
  const flagged = flaggedPlots(rule, villageMismatch(rule, split, checkRecorded));
  if (flagged.length === 0) return [];
  const hasGeometry = (i: number) => split[i].every((piece) => piece.geometries.every((g) => g !== undefined));
  const again = flagged.filter((i) => !hasGeometry(i));
  const splitAgain = new Map<number, ReturnType<typeof splitByVillage>[number]>();
  if (again.length) {
    const villages = villageRecords(layers.villages);
    const villageGeometries = layers.villages.features.features.map((f) => f.geometry);
    const outcome = await tools.run('reconcile.geometry', again.map((i) => tools.plotGeometries[i]), villageGeometries, { coverage: false, keepGeometry: true });
    splitByVillage(outcome.pairs, villages, again.length).forEach((pieces, k) => splitAgain.set(again[k], pieces));
  }
  return villageMismatch(subsetContext(rule, flagged), flagged.map((i) => splitAgain.get(i) ?? split[i]), checkRecorded);
}

function featureGeometryLookup(layers: ReconcileLayers): (layer: string, id: string) => Geometry | null {
  const cache = new Map<string, Map<string, Geometry | null>>();
  const byKind: Record<string, Layer | null | undefined> = { plots: layers.plots, survey: layers.survey, forest: layers.forest };
  return (kind, id) => {
    if (!cache.has(kind)) {
      const layer = byKind[kind];
      const ids = layer ? idsOf(kind, layer) : [];
      cache.set(kind, new Map(ids.map((fid, i) => [fid, layer!.features.features[i].geometry])));
    }
    return cache.get(kind)!.get(id) ?? null;
  };
}

function idsOf(kind: string, layer: Layer): string[] {
  if (kind === 'plots') return plotRecords(layer).map((r) => r.id);
  if (kind === 'survey') return surveyRecords(layer).map((r) => r.id);
  return forestRecords(layer).map((r) => r.id);
}
