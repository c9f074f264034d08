/**
 * Well irrigation on rain-fed land (旱地灌溉): a planted plot fed by 井灌 or 井渠混灌 lying on
 * 0103 旱地 of the survey. 旱地 has no irrigation by definition (三调工作分类), so wells there mean
 * the irrigated area grew beyond what the survey records — the expansion the cap is meant to stop.
 * One finding per plot, summed over the 0103 parcels, reported when the area passes the overlap
 * tolerances. Plots with status 种植 (or none, counted as planted) only: retired and fallow land
 * draws no irrigation water.
 */
import { m2ToMu } from '../../units.ts';
import type { OverlayPair } from '../engine.ts';
import { gatherPolygons } from '../geometryParts.ts';
import { landClassPrefix } from '../landClass.ts';
import type { PlotRecord, SurveyRecord } from '../records.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { RuleContext, RuleFinding } from './context.ts';
import { plotsOnParcels } from './plotsOnParcels.ts';

export const isDryland = (dlbm: string): boolean => landClassPrefix(dlbm) === '0103';

/** A plot the rule applies to: planted (or no status) and fed by wells, wholly or in part. */
export function isWellIrrigatedPlanting(plot: PlotRecord): boolean {
  const source = plot.source ?? '';
  return (plot.status === '种植' || plot.status === '') && (source === '井灌' || source === '井渠混灌' || source === '混灌');
}

/** pairs: plots (a, indexing context.plots) × 0103 parcels (b, indexing `parcels`). */
export function drylandIrrigation(context: RuleContext, pairs: readonly OverlayPair[], parcels: readonly SurveyRecord[]): RuleFinding[] {
  const byPlot = plotsOnParcels(pairs, parcels, (pair, parcel) => {
    const plot = context.plots[pair.a];
    return !!plot && isWellIrrigatedPlanting(plot) && isDryland(parcel.dlbm);
  });
  const findings: RuleFinding[] = [];
  for (const [plotIndex, acc] of byPlot) {
    const plotM2 = context.plotAreaM2[plotIndex];
    if (!passesTolerance(acc.areaM2, plotM2, context.settings)) continue;
    const plot = context.plots[plotIndex];
    const areaMu = m2ToMu(acc.areaM2);
    findings.push({
      kind: 'dryland_irrigation',
      layer: 'plots',
      featureId: plot.id,
      otherId: acc.largest.id,
      villageCode: context.plotVillage[plotIndex],
      areaMu,
      share: shareOf(acc.areaM2, plotM2),
      featureAreaMu: m2ToMu(plotM2),
      geometry: gatherPolygons(acc.pieces.map((p) => p.geometry)),
      explanation:
        `地块${plot.id}（${plot.source}）有${formatMu(areaMu)}亩（占${formatPercent(shareOf(acc.areaM2, plotM2))}）` +
        `位于三调旱地（0103）图斑上；旱地不灌溉，疑似扩大灌溉面积，请核实水源与地类。`,
    });
  }
  return findings;
}
