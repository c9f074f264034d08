/**
 * Selecting plots: by attributes, inside a polygon (lasso) or box, in a village, or served by a
 * well. Every function returns 0-based feature indices in ascending order.
 */
import type { Position } from 'geojson';
import type { Properties } from '../types.ts';

export interface PlotFilter {
  /** a 12-digit village or 9-digit township code: matches plots whose ZLDWDM starts with it */
  unitCode?: string;
  crops?: readonly string[];
  tenures?: readonly string[];
  sources?: readonly string[];
  statuses?: readonly string[];
  methods?: readonly string[];
  minAreaMu?: number;
  maxAreaMu?: number;
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value).trim());
const inList = (list: readonly string[] | undefined, value: unknown): boolean => !list || list.length === 0 || list.includes(str(value));

/**
 * Plots whose (effective) attributes match every given criterion; an empty criterion matches all.
 * @example selectByFilter(n, (i) => props[i], areasMu, { unitCode: '652301100001', statuses: ['种植'] })
 */
export function selectByFilter(
  count: number,
  propertiesOf: (index: number) => Readonly<Properties>,
  areasMu: ArrayLike<number>,
  filter: PlotFilter,
): number[] {
  const unit = str(filter.unitCode);
  const selected: number[] = [];
  for (let i = 0; i < count; i++) {
    const p = propertiesOf(i);
    if (unit && !str(p.ZLDWDM).startsWith(unit)) continue;
    if (!inList(filter.crops, p.ZZZW) || !inList(filter.tenures, p.DKLB) || !inList(filter.sources, p.SYLX)) continue;
    if (!inList(filter.statuses, p.ZT) || !inList(filter.methods, p.GGFS)) continue;
    if (filter.minAreaMu !== undefined && !(areasMu[i] >= filter.minAreaMu)) continue;
    if (filter.maxAreaMu !== undefined && !(areasMu[i] <= filter.maxAreaMu)) continue;
    selected.push(i);
  }
  return selected;
}

/** Even-odd point-in-polygon on a closed or open ring of [lon, lat]. */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Lasso and box: plots whose centroid lies inside the ring. Centroids, not intersection, so a
 * lasso drawn loosely round a village does not pick up the neighbours' plots it grazes.
 */
export function selectInRing(centroids: Float64Array, ring: readonly Position[]): number[] {
  if (ring.length < 3) return [];
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of ring) {
    w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y);
  }
  const selected: number[] = [];
  for (let i = 0; i < centroids.length / 2; i++) {
    const x = centroids[2 * i];
    const y = centroids[2 * i + 1];
    if (!(x >= w && x <= e && y >= s && y <= n)) continue;
    if (pointInRing(x, y, ring)) selected.push(i);
  }
  return selected;
}

/** Plots recorded in a village (ZLDWDM's first 12 digits) or a township (first 9). */
export function selectInUnit(count: number, propertiesOf: (index: number) => Readonly<Properties>, unitCode: string): number[] {
  return selectByFilter(count, propertiesOf, [], { unitCode });
}

/** Approximate ground distance in metres (equirectangular on the CGCS2000 mean radius; < 0.5 % off within a few km). */
export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const rad = Math.PI / 180;
  const x = (lon2 - lon1) * rad * Math.cos(((lat1 + lat2) / 2) * rad);
  const y = (lat2 - lat1) * rad;
  return 6371008.8 * Math.hypot(x, y);
}
