/**
 * What the plot-on-parcel rules (non-cultivated planting, dryland irrigation) sum first: per plot,
 * the area of the accepted plot × parcel pieces, the largest parcel (the finding's otherId), the
 * area per land class, and the pieces themselves (the finding's geometry).
 */
import type { OverlayPair } from '../engine.ts';
import type { SurveyRecord } from '../records.ts';

export interface PlotOnParcels {
  areaM2: number;
  largest: { id: string; areaM2: number };
  classesM2: Map<string, number>;
  pieces: OverlayPair[];
}

/** pairs: plots (a) × parcels (b, indexing `parcels`); `accept` picks the pieces that count. */
export function plotsOnParcels(pairs: readonly OverlayPair[], parcels: readonly SurveyRecord[], accept: (pair: OverlayPair, parcel: SurveyRecord) => boolean): Map<number, PlotOnParcels> {
  const byPlot = new Map<number, PlotOnParcels>();
  for (const pair of pairs) {
    if (!(pair.areaM2 > 0)) continue;
    const parcel = parcels[pair.b];
    if (!accept(pair, parcel)) continue;
    const acc = byPlot.get(pair.a) ?? { areaM2: 0, largest: { id: '', areaM2: -1 }, classesM2: new Map<string, number>(), pieces: [] };
    acc.areaM2 += pair.areaM2;
    if (pair.areaM2 > acc.largest.areaM2) acc.largest = { id: parcel.id, areaM2: pair.areaM2 };
    acc.classesM2.set(parcel.dlbm || '?', (acc.classesM2.get(parcel.dlbm || '?') ?? 0) + pair.areaM2);
    acc.pieces.push(pair);
    byPlot.set(pair.a, acc);
  }
  return byPlot;
}
