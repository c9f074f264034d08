/**
 * Forest overlapping planted plots (退耕还林复耕 / 套种): one finding per forest patch × plot pair.
 * Only plots with status 种植 (or no status, which the accounting counts as planted) are checked:
 * a forest on a retired (退减) plot may be the retired land's legitimate new use (退地还林), and a
 * fallow (休耕) plot draws no water this year. See FOREST_CHECK_STATUSES.
 */
import { m2ToMu } from '../../units.ts';
import type { OverlayPair } from '../engine.ts';
import type { ForestRecord } from '../records.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { RuleContext, RuleFinding } from './context.ts';

export const FOREST_CHECK_STATUSES: ReadonlySet<string> = new Set(['种植', '']);

export function isForestCheckedPlot(status: string): boolean {
  return FOREST_CHECK_STATUSES.has(status);
}

/**
 * pairs: forest patches (a, indexing `forest`) × plots (b, indexing context.plots).
 * The share is taken of the smaller of the two features, so only a sliver of both is dropped.
 */
export function forestOnPlanting(
  context: RuleContext,
  pairs: readonly OverlayPair[],
  forest: readonly ForestRecord[],
  forestAreaM2: readonly number[],
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const pair of pairs) {
    const plot = context.plots[pair.b];
    if (!isForestCheckedPlot(plot.status)) continue;
    const referenceM2 = Math.min(forestAreaM2[pair.a], context.plotAreaM2[pair.b]);
    if (!passesTolerance(pair.areaM2, referenceM2, context.settings)) continue;
    const patch = forest[pair.a];
    const areaMu = m2ToMu(pair.areaM2);
    findings.push({
      kind: 'forest_on_planting',
      layer: 'forest',
      featureId: patch.id,
      otherId: plot.id,
      villageCode: context.plotVillage[pair.b] || patch.villageCode,
      areaMu,
      share: shareOf(pair.areaM2, referenceM2),
      featureAreaMu: m2ToMu(forestAreaM2[pair.a]),
      geometry: pair.geometry ?? null,
      explanation:
        `林地${patch.id}与种植地块${plot.id}重叠${formatMu(areaMu)}亩` +
        `（占地块${formatPercent(shareOf(pair.areaM2, context.plotAreaM2[pair.b]))}）；` +
        `可能为退耕还林地复耕或林下套种，面积被林地和耕地重复统计。`,
    });
  }
  return findings;
}
