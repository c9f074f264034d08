/**
 * Phase 2, double counting (docs/contract.md `overlapMu`, `overlapDemandM3`), from the overlaps
 * found in phase 1 (overlaps.ts) and the statuses of now:
 *
 * - plots: area under k planted plots is counted k − 1 times (Σ pairs − Σ triples of planted
 *   plots). Where plots overlap, the land needs water once; the demand counted twice is that of
 *   every plot but the one with the highest demand there: a pair adds area × the lower quota, a
 *   triple takes back area × the lowest quota of the three.
 * - forest: irrigated forest (SFGG 是) lying on a planted plot adds its area, and area × the lower
 *   of the forest's and the plot's quota.
 *
 * The recorded figures (plantedMu, irrigationDemandM3 …) stay Σ of the records; these say by how
 * much they count the same land twice.
 */
import { M2_PER_MU } from '../units.ts';
import type { AccountingSplit } from './types.ts';
import type { ForestFacts, PlotFacts, Sums } from './villageSums.ts';

export function addOverlaps(
  sums: Sums[],
  overlaps: AccountingSplit['overlaps'],
  plots: readonly PlotFacts[],
  forest: readonly ForestFacts[] | null,
): void {
  if (!overlaps) return;
  const planted = (i: number): boolean => plots[i]?.status === 'planted';
  const { plotPairs: pairs, plotTriples: triples, forestOnPlots } = overlaps;
  for (let k = 0; k < pairs.a.length; k++) {
    const [i, j, v] = [pairs.a[k], pairs.b[k], pairs.village[k]];
    if (v < 0 || !planted(i) || !planted(j)) continue;
    const areaMu = pairs.areaM2[k] / M2_PER_MU;
    sums[v].overlapMu += areaMu;
    sums[v].overlapDemandM3 += areaMu * Math.min(plots[i].quotaM3PerMu, plots[j].quotaM3PerMu);
  }
  for (let k = 0; k < triples.a.length; k++) {
    const [i, j, l, v] = [triples.a[k], triples.b[k], triples.c[k], triples.village[k]];
    if (v < 0 || !planted(i) || !planted(j) || !planted(l)) continue;
    const areaMu = triples.areaM2[k] / M2_PER_MU;
    sums[v].overlapMu -= areaMu;
    sums[v].overlapDemandM3 -= areaMu * Math.min(plots[i].quotaM3PerMu, plots[j].quotaM3PerMu, plots[l].quotaM3PerMu);
  }
  if (!forestOnPlots || !forest) return;
  for (let k = 0; k < forestOnPlots.a.length; k++) {
    const [f, p, v] = [forestOnPlots.a[k], forestOnPlots.b[k], forestOnPlots.village[k]];
    if (v < 0 || !forest[f]?.irrigated || !planted(p)) continue;
    const areaMu = forestOnPlots.areaM2[k] / M2_PER_MU;
    sums[v].overlapMu += areaMu;
    sums[v].overlapDemandM3 += areaMu * Math.min(forest[f].quotaM3PerMu, plots[p].quotaM3PerMu);
  }
}
