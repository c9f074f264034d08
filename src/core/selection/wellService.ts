/**
 * "Plots served by this well". A well layer does not record which plots a well irrigates, so
 * the tool decides it this way (documented in docs and the panel's tooltip):
 *
 *   a plot is served by well W when
 *   1. its centroid lies within `radiusM` of W (default 1,000 m: a Xinjiang 机电井 commands a few
 *      hundred 亩, a circle of roughly 300–600 m radius, so 1 km leaves room for odd shapes);
 *   2. its water source is not canals only (SYLX ≠ 渠灌; empty counts as possibly well-fed);
 *   3. it lies in W's village (plot ZLDWDM and well ZLDWDM share their first 12 digits) when the
 *      well's village is known — wells serve their own village's land;
 *   4. of all wells passing 3 for that plot, W is the nearest — each plot goes to one well only,
 *      so the command areas of neighbouring wells do not overlap (a Voronoi split).
 */
import type { Properties } from '../types.ts';
import { villageCodeOf } from '../codes.ts';
import { distanceM } from './selectPlots.ts';

export interface WellPoint {
  lon: number;
  lat: number;
  /** 12-digit village code, or '' when unknown */
  villageCode: string;
}

export const DEFAULT_WELL_RADIUS_M = 1000;

const village = (value: unknown): string => (value === null || value === undefined ? '' : villageCodeOf(String(value)));

export function selectServedByWell(
  wells: readonly WellPoint[],
  wellIndex: number,
  centroids: Float64Array,
  propertiesOf: (index: number) => Readonly<Properties>,
  radiusM = DEFAULT_WELL_RADIUS_M,
): number[] {
  const well = wells[wellIndex];
  if (!well) return [];
  const selected: number[] = [];
  for (let i = 0; i < centroids.length / 2; i++) {
    const x = centroids[2 * i];
    const y = centroids[2 * i + 1];
    if (!Number.isFinite(x)) continue;
    const d = distanceM(well.lon, well.lat, x, y);
    if (d > radiusM) continue;
    const p = propertiesOf(i);
    if (String(p.SYLX ?? '').trim() === '渠灌') continue;
    const plotVillage = village(p.ZLDWDM);
    if (well.villageCode && plotVillage !== well.villageCode) continue;
    if (nearestWell(wells, x, y, plotVillage, d) === wellIndex) selected.push(i);
  }
  return selected;
}

/** Index of the nearest well that may serve a plot of `plotVillage`; ties go to the lower index. */
function nearestWell(wells: readonly WellPoint[], x: number, y: number, plotVillage: string, limitM: number): number {
  let best = -1;
  let bestM = Infinity;
  for (let j = 0; j < wells.length; j++) {
    const w = wells[j];
    if (w.villageCode && w.villageCode !== plotVillage) continue;
    if (Math.abs(w.lat - y) * 110000 > Math.min(bestM, limitM)) continue;
    const d = distanceM(w.lon, w.lat, x, y);
    if (d < bestM) {
      bestM = d;
      best = j;
    }
  }
  return best;
}

/** Wells of a point layer's features, for selectServedByWell. */
export function wellPoints(features: readonly { geometry: { type: string; coordinates?: unknown } | null; properties: Properties | null }[]): WellPoint[] {
  return features.map((f) => {
    const c = f.geometry?.type === 'Point' ? (f.geometry.coordinates as number[]) : [Number.NaN, Number.NaN];
    return { lon: c[0], lat: c[1], villageCode: village(f.properties?.ZLDWDM) };
  });
}
