/**
 * Does a closed ring cross or touch itself? Segments sorted by their west end and swept
 * west → east, so a 10,000-vertex boundary costs about n log n rather than n².
 * Adjacent segments (sharing a vertex in ring order) are not compared.
 */
import type { Position } from 'geojson';

function orient(a: Position, b: Position, c: Position): number {
  const v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
}

export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) || (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b));
}

/** `ring` is closed (first = last) with no consecutive duplicates. */
export function ringSelfIntersects(ring: Position[]): boolean {
  return ringCrossings(ring, { comparisons: Infinity }, 1) > 0;
}

/** Segment-pair comparisons a feature's checks may spend (≈ 0.2 s), shared by its rings. */
export interface CheckBudget {
  comparisons: number;
}

/** A budget ran out: the caller reports the feature instead of repairing it. */
export class BudgetExhausted extends Error {}

/**
 * Crossings of a closed ring with itself, counted up to `maxCrossings`. Spends `budget`; throws
 * BudgetExhausted when the sweep would cost more (a ring of 100,000 random vertices).
 */
export function ringCrossings(ring: Position[], budget: CheckBudget, maxCrossings: number): number {
  const n = ring.length - 1; // segments
  if (n < 4) return 0;
  if (n <= 32) {
    budget.comparisons -= n * n;
    return bruteForce(ring, n) ? 1 : 0;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const minX = (i: number): number => Math.min(ring[i][0], ring[i + 1][0]);
  const maxX = (i: number): number => Math.max(ring[i][0], ring[i + 1][0]);
  order.sort((i, j) => minX(i) - minX(j));
  budget.comparisons -= n * Math.log2(n);
  let crossings = 0;
  for (let a = 0; a < n; a++) {
    const i = order[a];
    const iMax = maxX(i);
    for (let b = a + 1; b < n; b++) {
      const j = order[b];
      if (minX(j) > iMax) break;
      if (--budget.comparisons < 0) throw new BudgetExhausted();
      const gap = Math.abs(i - j);
      if (gap === 1 || gap === n - 1) continue;
      if (segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1]) && ++crossings >= maxCrossings) return crossings;
    }
  }
  return crossings;
}

/** Small rings (most parcels): every pair, no allocation. */
function bruteForce(ring: Position[], n: number): boolean {
  for (let i = 0; i < n - 2; i++) {
    const a = ring[i];
    const b = ring[i + 1];
    const minX = a[0] < b[0] ? a[0] : b[0];
    const maxX = a[0] < b[0] ? b[0] : a[0];
    const minY = a[1] < b[1] ? a[1] : b[1];
    const maxY = a[1] < b[1] ? b[1] : a[1];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // first and last segments share the closing vertex
      const c = ring[j];
      const d = ring[j + 1];
      if ((c[0] < minX && d[0] < minX) || (c[0] > maxX && d[0] > maxX) || (c[1] < minY && d[1] < minY) || (c[1] > maxY && d[1] > maxY)) continue;
      if (segmentsIntersect(a, b, c, d)) return true;
    }
  }
  return false;
}

/** Even-odd ray test; a point on the boundary may fall either way. */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
