/**
 * Plots whose recorded village (first 12 digits of ZLDWDM) is not the village holding most of
 * their area, and plots crossing a village boundary. The contract's kind list is fixed, so both
 * are `village_mismatch`; a crossing is flagged `crossesBoundary: true` with the split per village.
 * A village piece counts for a crossing only if it passes the tolerance (area and share of the
 * plot), so a plot drawn exactly along a village line, or a sliver over it, is not reported.
 * There is no otherId (the other party is a village, named in recordedVillageCode and
 * villageSplit), so the finding's key is the plot's alone and survives a change of the split.
 */
import type { Geometry } from 'geojson';
import { m2ToMu } from '../../units.ts';
import type { OverlayPair } from '../engine.ts';
import type { VillageRecord } from '../records.ts';
import { gatherPolygons } from '../geometryParts.ts';
import { formatMu, formatPercent, passesTolerance, shareOf } from '../tolerance.ts';
import type { VillageShare } from '../types.ts';
import type { RuleContext, RuleFinding } from './context.ts';

export interface VillagePiece {
  villageCode: string;
  areaM2: number;
  geometries: (Geometry | null | undefined)[];
}

/** Each plot's area per village, largest first (pairs: plots (a) × villages (b)). */
export function splitByVillage(
  pairs: readonly OverlayPair[],
  villages: readonly VillageRecord[],
  plotCount: number,
): VillagePiece[][] {
  const split: Map<string, VillagePiece>[] = Array.from({ length: plotCount }, () => new Map());
  for (const pair of pairs) {
    if (!(pair.areaM2 > 0)) continue;
    const code = villages[pair.b].code;
    const piece = split[pair.a].get(code) ?? { villageCode: code, areaM2: 0, geometries: [] };
    piece.areaM2 += pair.areaM2;
    piece.geometries.push(pair.geometry);
    split[pair.a].set(code, piece);
  }
  return split.map((m) => [...m.values()].sort((x, y) => y.areaM2 - x.areaM2));
}

/** The village holding most of each plot, '' for a plot in no village. */
export function mainVillages(split: readonly VillagePiece[][]): string[] {
  return split.map((pieces) => pieces[0]?.villageCode ?? '');
}

/**
 * checkRecorded: false when the plots carry no recorded village at all (then only crossings are
 * reported, rather than every plot).
 */
export function villageMismatch(
  context: RuleContext,
  split: readonly VillagePiece[][],
  checkRecorded = true,
): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (let i = 0; i < context.plots.length; i++) {
    const finding = plotFinding(context, i, split[i], checkRecorded);
    if (finding) findings.push(finding);
  }
  return findings;
}

function plotFinding(
  context: RuleContext,
  i: number,
  pieces: readonly VillagePiece[],
  checkRecorded: boolean,
): RuleFinding | null {
  if (pieces.length === 0) return null;
  const plot = context.plots[i];
  const plotM2 = context.plotAreaM2[i];
  const main = pieces[0];
  const significant = pieces.filter((p, k) => k === 0 || passesTolerance(p.areaM2, plotM2, context.settings));
  const crosses = significant.length > 1;
  const recorded = plot.recordedVillageCode;
  const mismatch = checkRecorded && recorded !== main.villageCode;
  // the problem area: outside the recorded village when misrecorded, outside the main one when crossing
  const reference = mismatch ? recorded : main.villageCode;
  const outside = pieces.filter((p) => p.villageCode !== reference);
  const outsideM2 = outside.reduce((sum, p) => sum + p.areaM2, 0);
  if (!(mismatch ? passesTolerance(outsideM2, plotM2, context.settings) : crosses)) return null;
  const villageSplit: VillageShare[] = pieces.map((p) => ({ villageCode: p.villageCode, areaMu: m2ToMu(p.areaM2) }));
  return {
    kind: 'village_mismatch',
    layer: 'plots',
    featureId: plot.id,
    villageCode: main.villageCode,
    areaMu: m2ToMu(outsideM2),
    share: shareOf(outsideM2, plotM2),
    featureAreaMu: m2ToMu(plotM2),
    geometry: gatherPolygons(outside.flatMap((p) => p.geometries)),
    recordedVillageCode: recorded,
    crossesBoundary: crosses,
    villageSplit,
    explanation: explain(plot.id, recorded, mismatch, crosses, villageSplit, shareOf(main.areaM2, plotM2)),
  };
}

function explain(
  id: string,
  recorded: string,
  mismatch: boolean,
  crosses: boolean,
  split: readonly VillageShare[],
  mainShare: number,
): string {
  const parts = split.map((s) => `${s.villageCode} ${formatMu(s.areaMu)}亩`).join('、');
  const main = split[0].villageCode;
  const wrong = recorded
    ? `地块${id}登记坐落于${recorded}，但其面积大部分（${formatPercent(mainShare)}）位于${main}`
    : `地块${id}未登记坐落单位代码，其面积大部分（${formatPercent(mainShare)}）位于${main}`;
  if (mismatch && crosses) return `${wrong}；且跨越村界：${parts}。`;
  if (mismatch) return `${wrong}。`;
  return `地块${id}跨越村界：${parts}；请核实权属村并按村界分割。`;
}
