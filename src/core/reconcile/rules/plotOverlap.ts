/**
 * Plots overlapping each other (重复): one finding per unordered pair, the lower plot code first
 * (plain code-unit order, which is numeric order for codes of equal length).
 * The share is taken of the smaller plot, so a plot swallowed by a larger one is always reported.
 */
import { m2ToMu } from '../../units.ts';
import type { OverlayPair } from '../engine.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { RuleContext, RuleFinding } from './context.ts';

/** pairs: plots × plots (a self overlay; each unordered pair once, either order). */
export function plotOverlap(context: RuleContext, pairs: readonly OverlayPair[]): RuleFinding[] {
  const seen = new Set<string>();
  const findings: RuleFinding[] = [];
  for (const pair of pairs) {
    if (pair.a === pair.b) continue;
    const [first, second] = orderPair(context, pair.a, pair.b);
    const pairKey = `${first}|${second}`;
    if (seen.has(pairKey)) continue;
    seen.add(pairKey);
    const referenceM2 = Math.min(context.plotAreaM2[first], context.plotAreaM2[second]);
    if (!passesTolerance(pair.areaM2, referenceM2, context.settings)) continue;
    const a = context.plots[first];
    const b = context.plots[second];
    const areaMu = m2ToMu(pair.areaM2);
    findings.push({
      kind: 'plot_overlap',
      layer: 'plots',
      featureId: a.id,
      otherId: b.id,
      villageCode: context.plotVillage[first] || context.plotVillage[second],
      areaMu,
      share: shareOf(pair.areaM2, referenceM2),
      featureAreaMu: m2ToMu(context.plotAreaM2[first]),
      geometry: pair.geometry ?? null,
      explanation:
        `地块${a.id}与地块${b.id}重叠${formatMu(areaMu)}亩（占较小地块${formatPercent(shareOf(pair.areaM2, referenceM2))}），` +
        `该面积被重复统计。`,
    });
  }
  return findings;
}

function orderPair(context: RuleContext, i: number, j: number): [number, number] {
  const a = context.plots[i].id;
  const b = context.plots[j].id;
  if (a < b) return [i, j];
  if (b < a) return [j, i];
  return i < j ? [i, j] : [j, i];
}
