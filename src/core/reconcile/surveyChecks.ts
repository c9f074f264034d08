/**
 * The checks against the survey and the forest: non_cultivated_planting, uncovered_cultivated and
 * forest_on_planting, each an overlay of the right subsets (only non-plantable parcels under the
 * plots; only 01xx parcels for coverage; only checked plots under the forest).
 */
import { m2ToMu } from '../units.ts';
import { throwIfCancelled } from '../types.ts';
import { isCultivatedClass, isPlantableClass } from './landClass.ts';
import { forestRecords, surveyRecords, type SurveyRecord } from './records.ts';
import type { Geometry } from 'geojson';
import type { RuleFinding } from './rules/context.ts';
import type { OverlayOutcome } from './engine.ts';
import { forestOnPlanting, isForestCheckedPlot } from './rules/forestOnPlanting.ts';
import { nonCultivatedPlanting } from './rules/nonCultivatedPlanting.ts';
import { uncoveredCultivated } from './rules/uncoveredCultivated.ts';
import { drylandIrrigation, isDryland, isWellIrrigatedPlanting } from './rules/drylandIrrigation.ts';
import { flaggedPlots, subsetContext, type ReconcileLayers, type StageTools } from './reconcileLayers.ts';

/** `coverersOverlapping`: per coverer (plots, then forest), whether it may overlap another (see coverersOverlapping). */
export async function surveyChecks(layers: ReconcileLayers, tools: StageTools, coverersOverlap?: Uint8Array): Promise<RuleFinding[]> {
  const { rule, run, warnings } = tools;
  const surveyGeometries = layers.survey.features.features.map((f) => f.geometry);
  const parcels = surveyRecords(layers.survey);
  const unclassified = parcels.filter((p) => p.dlbm === '').length;
  if (unclassified) warnings.push(`三调图层有${unclassified}个图斑没有地类编码 DLBM，未参与套核。`);

  const nonPlantable = parcels.filter((p) => p.dlbm !== '' && !isPlantableClass(p.dlbm));
  const nonPlantableGeometries = nonPlantable.map((p) => surveyGeometries[p.index]);
  // a plot whose pieces on such land pass the tolerance (what the rule reports, counted before the
  // rule's exceptions and a hair looser) gets its pieces back with their geometry
  const loose = 1 - 1e-9;
  const keep = { featureMinMu: rule.settings.minOverlapMu * loose, featureMinShare: rule.settings.minOverlapShare * loose };
  const onSurvey = await run('reconcile.survey', tools.plotGeometries, nonPlantableGeometries, { coverage: false, keepGeometry: keep });
  const findings: RuleFinding[] = nonCultivatedPlanting(rule, onSurvey.pairs, nonPlantable);
  // checked, not assumed: a reported plot with a piece without geometry is overlaid again on its own
  const lacking = new Set(onSurvey.pairs.filter((p) => p.areaM2 > 0 && !p.geometry).map((p) => p.a));
  const again = flaggedPlots(rule, findings).filter((i) => lacking.has(i));
  if (again.length) {
    warnings.push(`reconcile.survey：${again.length} 块地块的问题图形未随叠加返回，已单独重算。`);
    const outcome = await run('reconcile.geometry', again.map((i) => tools.plotGeometries[i]), nonPlantableGeometries, { coverage: false, keepGeometry: true });
    const redone = nonCultivatedPlanting(subsetContext(rule, again), outcome.pairs, nonPlantable);
    const ids = new Set(again.map((i) => rule.plots[i].id));
    findings.splice(0, findings.length, ...findings.filter((f) => !ids.has(f.featureId)), ...redone);
  }

  findings.push(...(await drylandChecks(tools, parcels, surveyGeometries)));

  const cultivated = parcels.filter((p) => isCultivatedClass(p.dlbm));
  const cultivatedGeometries = cultivated.map((p) => surveyGeometries[p.index]);
  const coverers = [...tools.plotGeometries, ...(layers.forest?.features.features.map((f) => f.geometry) ?? [])];
  const coverage = await run('reconcile.coverage', cultivatedGeometries, coverers, coverersOverlap ? { bOverlapping: coverersOverlap } : {});
  findings.push(
    ...(await uncoveredCultivated({
      settings: rule.settings,
      parcels: cultivated,
      parcelGeometry: (i) => cultivatedGeometries[i],
      covererGeometry: (j) => coverers[j],
      outcome: coverage,
      difference: (a, others) => tools.engine.difference(a, others),
      areaM2: (g) => tools.engine.areaM2(g),
      signal: tools.context.signal,
    })),
  );
  throwIfCancelled(tools.context.signal);
  return findings;
}

/** dryland_irrigation: well-fed planted plots × 0103 parcels, geometry kept for pairs above the area floor. */
async function drylandChecks(tools: StageTools, parcels: SurveyRecord[], surveyGeometries: (Geometry | null)[]): Promise<RuleFinding[]> {
  const { rule } = tools;
  const plots = rule.plots.filter(isWellIrrigatedPlanting).map((p) => p.index);
  const dryland = parcels.filter((p) => isDryland(p.dlbm));
  if (plots.length === 0 || dryland.length === 0) return [];
  const outcome = await tools.run('reconcile.survey', plots.map((i) => tools.plotGeometries[i]), dryland.map((p) => surveyGeometries[p.index]), { coverage: false, keepGeometry: { minMu: rule.settings.minOverlapMu / 100 } });
  // the overlay indexes the well-fed subset; the rule indexes all plots
  return drylandIrrigation(rule, outcome.pairs.map((p) => ({ ...p, a: plots[p.a] })), dryland);
}

/**
 * forest_on_planting against the plots it is checked against (see FOREST_CHECK_STATUSES). The
 * overlay is of the forest with every plot, so it also says which plots any forest patch overlaps
 * (for the coverage's union: coverersOverlapping).
 */
export async function forestChecks(layers: ReconcileLayers, tools: StageTools): Promise<{ findings: RuleFinding[]; plotsUnderForest: Uint8Array }> {
  const plotsUnderForest = new Uint8Array(tools.plotGeometries.length);
  if (!layers.forest) return { findings: [], plotsUnderForest };
  const { rule } = tools;
  const checked = new Uint8Array(rule.plots.length);
  for (const p of rule.plots) if (isForestCheckedPlot(p.status)) checked[p.index] = 1;
  const forestGeometries = layers.forest.features.features.map((f) => f.geometry);
  const outcome = await tools.run('reconcile.forest', forestGeometries, tools.plotGeometries, { coverage: false, keepGeometry: { minMu: rule.settings.minOverlapMu } });
  for (const pair of outcome.pairs) if (pair.areaM2 > 0) plotsUnderForest[pair.b] = 1;
  // a pair that could not be clipped may overlap: counted as overlapping
  for (const failure of outcome.failures) plotsUnderForest[failure.b] = 1;
  const pairs = outcome.pairs.filter((p) => checked[p.b] === 1);
  return { findings: forestOnPlanting(rule, pairs, forestRecords(layers.forest), Array.from(outcome.areaM2A)), plotsUnderForest };
}

/**
 * Which coverers (the plots, then the forest patches) may share ground with another coverer: a
 * plot that overlaps another plot or a forest patch, and every forest patch (forest with forest is
 * not overlaid). The others overlap nothing, so the coverage adds their pieces' areas up and
 * computes a union only among the flagged ones; the covered area is the same.
 */
export function coverersOverlapping(plotCount: number, forestCount: number, plotOverlaps: OverlayOutcome, plotsUnderForest: Uint8Array): Uint8Array {
  const flags = new Uint8Array(plotCount + forestCount);
  flags.set(plotsUnderForest.subarray(0, plotCount));
  for (const pair of plotOverlaps.pairs) {
    if (!(pair.areaM2 > 0)) continue;
    flags[pair.a] = 1;
    flags[pair.b] = 1;
  }
  for (const failure of plotOverlaps.failures) {
    flags[failure.a] = 1;
    flags[failure.b] = 1;
  }
  flags.fill(1, plotCount);
  return flags;
}
