/**
 * The planar area of paths cut to an axis-aligned box, by Sutherland–Hodgman (1974): each path
 * clipped against the four half-planes in turn. On a concave path the output can run back and forth
 * along the box's sides, but those stretches enclose nothing, so the shoelace area of the output is
 * exactly the area of path ∩ box (signed: holes count negative). Used as the independent check of
 * Clipper2's RectClip in pairClip.ts — a different algorithm, in floating point, O(n).
 *
 * @example boxClipArea([[{x:0,y:0},{x:10,y:0},{x:0,y:10}]], {left:0,top:0,right:5,bottom:5}) // 25
 */
import type { GridPoint } from './localPlane.ts';

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

type Inside = (x: number, y: number) => boolean;
type Cross = (x0: number, y0: number, x1: number, y1: number) => [number, number];

function clipHalf(xs: number[], ys: number[], inside: Inside, cross: Cross): [number[], number[]] {
  const outX: number[] = [];
  const outY: number[] = [];
  const n = xs.length;
  for (let i = 0; i < n; i++) {
    const j = i === 0 ? n - 1 : i - 1;
    const inCur = inside(xs[i], ys[i]);
    const inPrev = inside(xs[j], ys[j]);
    if (inCur !== inPrev) {
      const [x, y] = cross(xs[j], ys[j], xs[i], ys[i]);
      outX.push(x);
      outY.push(y);
    }
    if (inCur) {
      outX.push(xs[i]);
      outY.push(ys[i]);
    }
  }
  return [outX, outY];
}

const atX = (x: number): Cross => (x0, y0, x1, y1) => [x, y0 + ((y1 - y0) * (x - x0)) / (x1 - x0)];
const atY = (y: number): Cross => (x0, y0, x1, y1) => [x0 + ((x1 - x0) * (y - y0)) / (y1 - y0), y];

/** Signed shoelace area (grid units²) of paths ∩ box. */
export function boxClipArea(paths: readonly GridPoint[][], box: Box): number {
  let total = 0;
  for (const path of paths) {
    // coordinates relative to the box's corner keep the products small and precise
    let xs = path.map((p) => p.x - box.left);
    let ys = path.map((p) => p.y - box.top);
    const w = box.right - box.left;
    const h = box.bottom - box.top;
    [xs, ys] = clipHalf(xs, ys, (x) => x >= 0, atX(0));
    [xs, ys] = clipHalf(xs, ys, (x) => x <= w, atX(w));
    [xs, ys] = clipHalf(xs, ys, (_, y) => y >= 0, atY(0));
    [xs, ys] = clipHalf(xs, ys, (_, y) => y <= h, atY(h));
    let area = 0;
    for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) area += xs[j] * ys[i] - xs[i] * ys[j];
    total += area / 2;
  }
  return total;
}

/** Signed shoelace area (grid units²) of paths. */
export function planarPathsArea(paths: readonly GridPoint[][]): number {
  let total = 0;
  for (const path of paths) {
    if (path.length === 0) continue;
    const x0 = path[0].x;
    const y0 = path[0].y;
    let area = 0;
    for (let i = 0, j = path.length - 1; i < path.length; j = i++) {
      area += (path[j].x - x0) * (path[i].y - y0) - (path[i].x - x0) * (path[j].y - y0);
    }
    total += area / 2;
  }
  return total;
}
