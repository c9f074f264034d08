/**
 * Outlines of unions of grid cells: for each owner, the cell sides facing another owner are
 * chained into rings (counter-clockwise outer rings, clockwise holes). At a vertex where two cells
 * of one owner touch only diagonally the chain turns left, so rings stay simple.
 */
import type { Poly, Pt, Ring } from './types.ts';

interface Edge {
  from: number;
  to: number;
  used: boolean;
}

/** owner[y * nx + x] (−1 = nobody); X has nx + 1 breakpoints, Y has ny + 1. */
export function traceOwners(owner: Int32Array, nx: number, ny: number, X: number[], Y: number[]): Map<number, Poly[]> {
  const edgesByOwner = new Map<number, Edge[]>();
  const vid = (x: number, y: number): number => y * (nx + 1) + x;
  const get = (x: number, y: number): number => (x < 0 || y < 0 || x >= nx || y >= ny ? -1 : owner[y * nx + x]);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const o = get(x, y);
      if (o < 0) continue;
      let list = edgesByOwner.get(o);
      if (!list) edgesByOwner.set(o, (list = []));
      // counter-clockwise around the cell: bottom, right, top, left
      if (get(x, y - 1) !== o) list.push({ from: vid(x, y), to: vid(x + 1, y), used: false });
      if (get(x + 1, y) !== o) list.push({ from: vid(x + 1, y), to: vid(x + 1, y + 1), used: false });
      if (get(x, y + 1) !== o) list.push({ from: vid(x + 1, y + 1), to: vid(x, y + 1), used: false });
      if (get(x - 1, y) !== o) list.push({ from: vid(x, y + 1), to: vid(x, y), used: false });
    }
  }
  const out = new Map<number, Poly[]>();
  const point = (v: number): Pt => [X[v % (nx + 1)], Y[Math.floor(v / (nx + 1))]];
  for (const [o, edges] of edgesByOwner) out.set(o, ringsToPolys(chain(edges, point)));
  return out;
}

function chain(edges: Edge[], point: (v: number) => Pt): Ring[] {
  const outgoing = new Map<number, Edge[]>();
  for (const e of edges) {
    const list = outgoing.get(e.from);
    if (list) list.push(e);
    else outgoing.set(e.from, [e]);
  }
  const rings: Ring[] = [];
  for (const start of edges) {
    if (start.used) continue;
    const ring: Pt[] = [point(start.from)];
    let edge = start;
    while (!edge.used) {
      edge.used = true;
      ring.push(point(edge.to));
      const candidates = (outgoing.get(edge.to) ?? []).filter((e) => !e.used);
      if (candidates.length === 0) break;
      edge = candidates.length === 1 ? candidates[0] : leftmost(edge, candidates, point);
    }
    rings.push(simplifyCollinear(ring));
  }
  return rings;
}

function leftmost(incoming: Edge, candidates: Edge[], point: (v: number) => Pt): Edge {
  const [ax, ay] = point(incoming.from);
  const [bx, by] = point(incoming.to);
  let best = candidates[0];
  let bestCross = -Infinity;
  for (const c of candidates) {
    const [cx, cy] = point(c.to);
    const cross = Math.sign(bx - ax) * Math.sign(cy - by) - Math.sign(by - ay) * Math.sign(cx - bx);
    if (cross > bestCross) {
      bestCross = cross;
      best = c;
    }
  }
  return best;
}

function simplifyCollinear(ring: Pt[]): Ring {
  const pts = ring.slice(0, -1);
  const keep: Pt[] = [];
  for (let k = 0; k < pts.length; k++) {
    const a = pts[(k - 1 + pts.length) % pts.length];
    const b = pts[k];
    const c = pts[(k + 1) % pts.length];
    const cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
    if (cross !== 0) keep.push(b);
  }
  keep.push(keep[0]);
  return keep;
}

export function signedArea(ring: Ring): number {
  let sum = 0;
  for (let k = 0; k < ring.length - 1; k++) sum += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return sum / 2;
}

export function pointInRing([x, y]: Pt, ring: Ring): boolean {
  let inside = false;
  for (let a = 0, b = ring.length - 2; a < ring.length - 1; b = a++) {
    const [xa, ya] = ring[a];
    const [xb, yb] = ring[b];
    if (ya > y !== yb > y && x < ((xb - xa) * (y - ya)) / (yb - ya) + xa) inside = !inside;
  }
  return inside;
}

/** Outer rings (positive area) with the holes that fall inside them. */
export function ringsToPolys(rings: Ring[]): Poly[] {
  const outers = rings.filter((r) => signedArea(r) > 0).map((r): Poly => [r]);
  for (const hole of rings.filter((r) => signedArea(r) < 0)) {
    const probe: Pt = [(hole[0][0] + hole[1][0]) / 2, (hole[0][1] + hole[1][1]) / 2];
    const host = outers.find((p) => pointInRing(probe, p[0]) && Math.abs(signedArea(p[0])) > Math.abs(signedArea(hole)));
    if (host) host.push(hole);
  }
  return outers;
}
