/**
 * Planting on land the survey does not class as cultivated land (01) or plantation (02):
 * possible illegal reclamation (违法开荒). One finding per plot, summed over the parcels.
 * Plots of every status are checked: a plot in the census, retired or not, claims the land is
 * farmed; the status is named in the explanation so a reviewer can dismiss a retired plot whose
 * land the survey has already reclassified.
 *
 * Not reported (issue 11): a courtyard plot (TYZZ 是) on 0702 农村宅基地, where courtyard planting
 * lies by definition; planting on 1202 设施农用地 (greenhouses, sheds) unless the setting
 * reportFacilityLand asks for it.
 */
import { m2ToMu } from '../../units.ts';
import type { OverlayPair } from '../engine.ts';
import { isAdjustableClass, landClassPrefix } from '../landClass.ts';
import type { PlotRecord, SurveyRecord } from '../records.ts';
import type { ReconcileSettings } from '../settings.ts';
import { gatherPolygons } from '../geometryParts.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { RuleContext, RuleFinding } from './context.ts';
import { plotsOnParcels, type PlotOnParcels } from './plotsOnParcels.ts';

/** pairs: plots (a) × survey parcels that are neither 01 nor 02 (b, indexing `parcels`). */
export function nonCultivatedPlanting(
  context: RuleContext,
  pairs: readonly OverlayPair[],
  parcels: readonly SurveyRecord[],
): RuleFinding[] {
  const byPlot = plotsOnParcels(pairs, parcels, (pair, parcel) => !isExpectedUse(context.plots[pair.a], parcel.dlbm, context.settings));
  const findings: RuleFinding[] = [];
  for (const [plotIndex, acc] of byPlot) {
    const plotM2 = context.plotAreaM2[plotIndex];
    if (!passesTolerance(acc.areaM2, plotM2, context.settings)) continue;
    const plot = context.plots[plotIndex];
    findings.push({
      kind: 'non_cultivated_planting',
      layer: 'plots',
      featureId: plot.id,
      otherId: acc.largest.id,
      villageCode: context.plotVillage[plotIndex],
      areaMu: m2ToMu(acc.areaM2),
      share: shareOf(acc.areaM2, plotM2),
      featureAreaMu: m2ToMu(plotM2),
      geometry: gatherPolygons(acc.pieces.map((p) => p.geometry)),
      landClassesMu: Object.fromEntries([...acc.classesM2].map(([c, m2]) => [c, m2ToMu(m2)])),
      explanation: explain(plot, acc, plotM2),
    });
  }
  return findings;
}

/** Planting the survey's class allows for: courtyard on homestead, greenhouses on facility land. */
export function isExpectedUse(plot: PlotRecord | undefined, dlbm: string, settings: ReconcileSettings): boolean {
  const code = landClassPrefix(dlbm);
  if (code === '0702' && plot?.courtyard) return true;
  return code === '1202' && !settings.reportFacilityLand;
}

function explain(plot: PlotRecord, acc: PlotOnParcels, plotM2: number): string {
  const classes = [...acc.classesM2]
    .sort((x, y) => y[1] - x[1])
    .map(([code, m2]) => `${code}${isAdjustableClass(code) ? '（可调整地类）' : ''} ${formatMu(m2ToMu(m2))}亩`)
    .join('、');
  const status = plot.status ? `（${plot.status}）` : '';
  return (
    `地块${plot.id}${status}有${formatMu(m2ToMu(acc.areaM2))}亩（占${formatPercent(shareOf(acc.areaM2, plotM2))}）` +
    `位于三调非耕地、非种植园用地图斑上：${classes}；可能为违法开荒，请核实。`
  );
}
