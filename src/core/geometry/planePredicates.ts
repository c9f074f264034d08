/**
 * Conservative predicates on integer grid paths. Coordinate differences are exact in doubles;
 * their products are exact below 2^53, and beyond that a determinant too close to zero to trust is
 * treated as "touching", which only sends the pair to the full clipper.
 */
import type { GridPoint } from './localPlane.ts';

const RELATIVE_ERROR = 4e-16;

/** +1 if c is left of a→b, −1 if right, 0 if on the line or too close to tell. */
function orientation(a: GridPoint, b: GridPoint, c: GridPoint): number {
  const left = (b.x - a.x) * (c.y - a.y);
  const right = (b.y - a.y) * (c.x - a.x);
  const det = left - right;
  const bound = RELATIVE_ERROR * (Math.abs(left) + Math.abs(right));
  if (det > bound) return 1;
  if (det < -bound) return -1;
  return 0;
}

/** Whether segments p1p2 and q1q2 may share a point (crossing, touching or collinear overlap). */
function segmentsMayTouch(p1: GridPoint, p2: GridPoint, q1: GridPoint, q2: GridPoint): boolean {
  const d1 = orientation(p1, p2, q1);
  const d2 = orientation(p1, p2, q2);
  if (d1 !== 0 && d1 === d2) return false;
  const d3 = orientation(q1, q2, p1);
  const d4 = orientation(q1, q2, p2);
  if (d3 !== 0 && d3 === d4) return false;
  return true;
}

/** True when some edge of a may cross or touch some edge of b. */
export function anyEdgesTouch(a: readonly GridPoint[][], b: readonly GridPoint[][]): boolean {
  const [bMinX, bMinY, bMaxX, bMaxY] = pathsBox(b);
  for (const pathA of a) {
    let p1 = pathA[pathA.length - 1];
    for (const p2 of pathA) {
      const pMinX = p1.x < p2.x ? p1.x : p2.x;
      const pMaxX = p1.x < p2.x ? p2.x : p1.x;
      const pMinY = p1.y < p2.y ? p1.y : p2.y;
      const pMaxY = p1.y < p2.y ? p2.y : p1.y;
      if (pMaxX >= bMinX && pMinX <= bMaxX && pMaxY >= bMinY && pMinY <= bMaxY) {
        if (edgeTouchesPaths(p1, p2, pMinX, pMinY, pMaxX, pMaxY, b)) return true;
      }
      p1 = p2;
    }
  }
  return false;
}

function edgeTouchesPaths(
  p1: GridPoint,
  p2: GridPoint,
  pMinX: number,
  pMinY: number,
  pMaxX: number,
  pMaxY: number,
  b: readonly GridPoint[][],
): boolean {
  for (const pathB of b) {
    let q1 = pathB[pathB.length - 1];
    for (const q2 of pathB) {
      if (
        (q1.x >= pMinX || q2.x >= pMinX) &&
        (q1.x <= pMaxX || q2.x <= pMaxX) &&
        (q1.y >= pMinY || q2.y >= pMinY) &&
        (q1.y <= pMaxY || q2.y <= pMaxY) &&
        segmentsMayTouch(p1, p2, q1, q2)
      ) {
        return true;
      }
      q1 = q2;
    }
  }
  return false;
}

/** Products of integers below this are exact in doubles. */
const EXACT_PRODUCT = 2 ** 53;

/**
 * Which side of the line a→b the point c is on: +1 left, −1 right, 0 on the line; NaN when doubles
 * cannot tell. Unlike `orientation`, 0 is never a guess: it is returned for an end of the line, or
 * when the determinant is computed exactly (both products below 2^53, so by Sterbenz's lemma
 * their near-equal difference is exact too).
 */
function sureSide(a: GridPoint, b: GridPoint, c: GridPoint): number {
  if ((c.x === a.x && c.y === a.y) || (c.x === b.x && c.y === b.y)) return 0; // an end of the line
  const side = orientation(a, b, c);
  if (side !== 0) return side;
  // within orientation's error bound: rare, so the products are taken again only here
  const left = (b.x - a.x) * (c.y - a.y);
  const right = (b.y - a.y) * (c.x - a.x);
  if (Math.abs(left) >= EXACT_PRODUCT || Math.abs(right) >= EXACT_PRODUCT) return Number.NaN;
  return left > right ? 1 : left < right ? -1 : 0;
}

/** +1 or −1 when every vertex of the paths is on that side of the line p→q or on it; else 0. */
function sideOfAll(p: GridPoint, q: GridPoint, paths: readonly GridPoint[][], wanted: number): number {
  let side = wanted;
  for (const path of paths) {
    for (const v of path) {
      const s = sureSide(p, q, v);
      if (s === 0) continue;
      if (s !== s) return 0; // NaN: cannot tell
      if (side === 0) side = s;
      else if (s !== side) return 0;
    }
  }
  return side;
}

function hasSeparatingEdge(own: readonly GridPoint[][], other: readonly GridPoint[][]): boolean {
  for (const path of own) {
    let p = path[path.length - 1];
    for (const q of path) {
      if (p.x !== q.x || p.y !== q.y) {
        const side = sideOfAll(p, q, own, 0);
        if (side !== 0 && sideOfAll(p, q, other, -side) === -side) return true;
      }
      p = q;
    }
  }
  return false;
}

/**
 * True when the line through some edge of a or of b has every vertex of that feature on one side
 * (or on the line) and every vertex of the other on the other side (or on it): each feature lies
 * in its closed half-plane, so the two share at most part of the line, no area. Neighbours that
 * share an edge are the common case. Sure when true; false says nothing (the clipper decides).
 */
export function separatedByAnEdge(a: readonly GridPoint[][], b: readonly GridPoint[][]): boolean {
  return hasSeparatingEdge(a, b) || hasSeparatingEdge(b, a);
}

/** Even-odd point in polygon over all paths (holes included). The point must not lie on an edge. */
export function pointInPaths(point: GridPoint, paths: readonly GridPoint[][]): boolean {
  let inside = false;
  for (const path of paths) {
    let a = path[path.length - 1];
    for (const b of path) {
      if (a.y <= point.y ? b.y > point.y && orientation(a, b, point) > 0 : b.y <= point.y && orientation(a, b, point) < 0) {
        inside = !inside;
      }
      a = b;
    }
  }
  return inside;
}

/** [minX, minY, maxX, maxY] of every vertex of the paths. */
export function pathsBox(paths: readonly GridPoint[][]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const path of paths) {
    for (const p of path) {
      if (p.x < minX) minX = p.x;
      if (p.x > maxX) maxX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.y > maxY) maxY = p.y;
    }
  }
  return [minX, minY, maxX, maxY];
}
