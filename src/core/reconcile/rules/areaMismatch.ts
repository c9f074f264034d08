/**
 * Declared area (SBMJ, 亩) differing from the computed ellipsoidal area by at least both the
 * absolute (areaMismatchMu) and the relative (areaMismatchShare, of the computed area) tolerance
 * (docs/contract.md: "reach"), and by something: with both tolerances 0, a plot whose declared area
 * is exactly its computed one is no finding.
 * areaMu is the absolute difference; declaredMu and computedMu give its sign.
 */
import type { Geometry } from 'geojson';
import { m2ToMu } from '../../units.ts';
import { formatMu, formatPercent } from '../tolerance.ts';
import type { RuleContext, RuleFinding } from './context.ts';

export function areaMismatch(context: RuleContext, plotGeometry: (i: number) => Geometry | null): RuleFinding[] {
  const { settings } = context;
  const findings: RuleFinding[] = [];
  context.plots.forEach((plot, i) => {
    // no geometry: nothing to compare with (the import has already warned about it)
    if (plot.declaredMu === null || !plotGeometry(i)) return;
    const computedMu = m2ToMu(context.plotAreaM2[i]);
    const differenceMu = Math.abs(plot.declaredMu - computedMu);
    const share = computedMu > 0 ? differenceMu / computedMu : 1;
    if (!(differenceMu > 0 && differenceMu >= settings.areaMismatchMu && share >= settings.areaMismatchShare)) return;
    const more = plot.declaredMu > computedMu ? '多报' : '少报';
    findings.push({
      kind: 'area_mismatch',
      layer: 'plots',
      featureId: plot.id,
      villageCode: context.plotVillage[i] || plot.recordedVillageCode,
      areaMu: differenceMu,
      share,
      featureAreaMu: computedMu,
      geometry: plotGeometry(i),
      declaredMu: plot.declaredMu,
      computedMu,
      explanation:
        `地块${plot.id}申报面积${formatMu(plot.declaredMu)}亩，按图形计算的椭球面积${formatMu(computedMu)}亩，` +
        `${more}${formatMu(differenceMu)}亩（${formatPercent(share)}）。`,
    });
  });
  return findings;
}
