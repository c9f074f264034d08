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

/**
 * For every plot, the well that serves it under the rules of selectServedByWell (within `radiusM`,
 * not canal-only, same village as a well whose village is known, nearest such well), or -1. One
 * pass over the plots with the wells bucketed on a grid of `radiusM` cells, for whole layers
 * (the monthly monitor's pumping-on-retired-land check) where selectServedByWell serves one well.
 */
export function assignPlotsToWells(
  wells: readonly WellPoint[],
  centroids: Float64Array,
  propertiesOf: (index: number) => Readonly<Properties>,
  radiusM = DEFAULT_WELL_RADIUS_M,
): Int32Array {
  const plotCount = centroids.length / 2;
  const owner = new Int32Array(plotCount).fill(-1);
  // cells at least radiusM wide everywhere: degrees of latitude are ≥ 111 km, and a degree of
  // longitude is narrowest at the highest latitude any well or plot within reach can have
  const cellDeg = radiusM / 111000;
  let maxAbsLat = 0;
  for (const w of wells) if (Number.isFinite(w.lat)) maxAbsLat = Math.max(maxAbsLat, Math.abs(w.lat));
  const lonCellDeg = cellDeg / Math.max(0.01, Math.cos((Math.min(89, maxAbsLat + cellDeg) * Math.PI) / 180));
  const cells = new Map<string, number[]>();
  const cellOf = (lon: number, lat: number) => [Math.floor(lon / lonCellDeg), Math.floor(lat / cellDeg)];
  wells.forEach((w, j) => {
    if (!Number.isFinite(w.lon) || !Number.isFinite(w.lat)) return;
    const [cx, cy] = cellOf(w.lon, w.lat);
    const key = `${cx},${cy}`;
    (cells.get(key) ?? cells.set(key, []).get(key)!).push(j);
  });
  for (let i = 0; i < plotCount; i++) {
    const x = centroids[2 * i];
    const y = centroids[2 * i + 1];
    if (!Number.isFinite(x)) continue;
    const p = propertiesOf(i);
    if (String(p.SYLX ?? '').trim() === '渠灌') continue;
    const plotVillage = village(p.ZLDWDM);
    const [cx, cy] = cellOf(x, y);
    let best = -1;
    let bestM = Infinity;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const j of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
          const w = wells[j];
          if (w.villageCode && w.villageCode !== plotVillage) continue;
          const d = distanceM(w.lon, w.lat, x, y);
          if (d <= radiusM && (d < bestM || (d === bestM && j < best))) {
            bestM = d;
            best = j;
          }
        }
      }
    }
    owner[i] = best;
  }
  return owner;
}
