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
import { forestOnPlanting, isForestCheckedPlot } from './rules/forestOnPlanting.ts';
import { nonCultivatedPlanting } from './rules/nonCultivatedPlanting.ts';
import { uncoveredCultivated } from './rules/uncoveredCultivated.ts';
import { drylandIrrigation, isDryland, isWellIrrigatedPlanting } from './rules/drylandIrrigation.ts';
import { flaggedPlots, subsetContext, type ReconcileLayers, type StageTools } from './reconcileLayers.ts';

export async function surveyChecks(layers: ReconcileLayers, tools: StageTools): Promise<RuleFinding[]> {
  const { rule, run, warnings } = tools;
  const surveyGeometries = layers.survey.features.features.map((f) => f.geometry);
  const parcels = surveyRecords(layers.survey);
  const unclassified = parcels.filter((p) => p.dlbm === '').length;
  if (unclassified) warnings.push(`三调图层有${unclassified}个图斑没有地类编码 DLBM，未参与套核。`);

  const nonPlantable = parcels.filter((p) => p.dlbm !== '' && !isPlantableClass(p.dlbm));
  const nonPlantableGeometries = nonPlantable.map((p) => surveyGeometries[p.index]);
  const onSurvey = await run('reconcile.survey', tools.plotGeometries, nonPlantableGeometries, { coverage: false });
  const flagged = flaggedPlots(rule, nonCultivatedPlanting(rule, onSurvey.pairs, nonPlantable));
  const findings: RuleFinding[] = [];
  if (flagged.length) {
    const flaggedGeometries = flagged.map((i) => tools.plotGeometries[i]);
    const again = await run('reconcile.geometry', flaggedGeometries, nonPlantableGeometries, { coverage: false, keepGeometry: true });
    findings.push(...nonCultivatedPlanting(subsetContext(rule, flagged), again.pairs, nonPlantable));
  }

  findings.push(...(await drylandChecks(tools, parcels, surveyGeometries)));

  const cultivated = parcels.filter((p) => isCultivatedClass(p.dlbm));
  const cultivatedGeometries = cultivated.map((p) => surveyGeometries[p.index]);
  const coverers = [...tools.plotGeometries, ...(layers.forest?.features.features.map((f) => f.geometry) ?? [])];
  const coverage = await run('reconcile.coverage', cultivatedGeometries, coverers, {});
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
  const pick = (_a: number, _b: number, areaM2: number): boolean => m2ToMu(areaM2) >= rule.settings.minOverlapMu / 100;
  const outcome = await tools.run('reconcile.survey', plots.map((i) => tools.plotGeometries[i]), dryland.map((p) => surveyGeometries[p.index]), { coverage: false, keepGeometry: pick });
  // the overlay indexes the well-fed subset; the rule indexes all plots
  return drylandIrrigation(rule, outcome.pairs.map((p) => ({ ...p, a: plots[p.a] })), dryland);
}

/** forest_on_planting against the plots it is checked against (see FOREST_CHECK_STATUSES). */
export async function forestChecks(layers: ReconcileLayers, tools: StageTools): Promise<RuleFinding[]> {
  if (!layers.forest) return [];
  const { rule } = tools;
  const checked = rule.plots.filter((p) => isForestCheckedPlot(p.status)).map((p) => p.index);
  const pick = (_a: number, _b: number, areaM2: number): boolean => m2ToMu(areaM2) >= rule.settings.minOverlapMu;
  const forestGeometries = layers.forest.features.features.map((f) => f.geometry);
  const outcome = await tools.run(
    'reconcile.forest',
    forestGeometries,
    checked.map((i) => tools.plotGeometries[i]),
    { coverage: false, keepGeometry: pick },
  );
  // the overlay indexes the checked subset; the rule indexes all plots
  const pairs = outcome.pairs.map((p) => ({ ...p, b: checked[p.b] }));
  return forestOnPlanting(rule, pairs, forestRecords(layers.forest), Array.from(outcome.areaM2A));
}
