/**
 * Which plots lie within `gapM` metres of each other (two retired plots closer than a farm road or
 * ditch are one patch). Distances are measured in a local plane around the plots: lon/lat scaled by
 * the CGCS2000 ellipsoid's radii of curvature at the centre (meridian M and prime vertical N cos φ),
 * which over a village (a few km) is true to well under a millimetre per 20 m. Candidate pairs come
 * from a flatbush index of the plots' boxes widened by the gap; the exact test is the least distance
 * between the polygons' edges, or 0 when one lies inside the other.
 */
import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import { CGCS2000 } from '../units.ts';

/** Neighbours in compressed rows: the neighbours of item k are `neighbours[start[k] .. start[k+1])`. */
export interface Adjacency {
  start: Int32Array;
  neighbours: Int32Array;
}

interface PlaneShape {
  /** x, y pairs of every ring, rings closed (first point repeated) */
  coords: Float64Array;
  /** start offset (in points) of each ring, plus the end */
  ringStarts: Int32Array;
  box: [number, number, number, number];
}

const DEG = Math.PI / 180;

/** Metres per degree of longitude and latitude at latitude `lat0` on CGCS2000. */
export function metresPerDegree(lat0: number): { x: number; y: number } {
  const e2 = CGCS2000.f * (2 - CGCS2000.f);
  const s = Math.sin(lat0 * DEG);
  const w = 1 - e2 * s * s;
  const n = CGCS2000.a / Math.sqrt(w);
  const m = (CGCS2000.a * (1 - e2)) / (w * Math.sqrt(w));
  return { x: n * Math.cos(lat0 * DEG) * DEG, y: m * DEG };
}

function ringsOf(geometry: Geometry | null): Position[][] {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

function toPlane(geometry: Geometry | null, lon0: number, lat0: number, scale: { x: number; y: number }): PlaneShape | null {
  const rings = ringsOf(geometry).filter((r) => r.length >= 2);
  if (rings.length === 0) return null;
  const total = rings.reduce((s, r) => s + r.length + 1, 0);
  const coords = new Float64Array(total * 2);
  const ringStarts = new Int32Array(rings.length + 1);
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  let p = 0;
  rings.forEach((ring, r) => {
    ringStarts[r] = p;
    const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1];
    const points = closed ? ring : [...ring, ring[0]];
    for (const [lon, lat] of points) {
      const x = (lon - lon0) * scale.x;
      const y = (lat - lat0) * scale.y;
      coords[2 * p] = x;
      coords[2 * p + 1] = y;
      p += 1;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  });
  ringStarts[rings.length] = p;
  return { coords: coords.subarray(0, 2 * p), ringStarts, box };
}

function pointSegmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px;
  const ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}

const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number =>
  (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** Squared least distance between segments AB and CD (0 when they cross). */
export function segmentDistance2(ax: number, ay: number, bx: number, by: number, cx: number, cy: number, dx: number, dy: number): number {
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return 0;
  return Math.min(
    pointSegmentDistance2(ax, ay, cx, cy, dx, dy),
    pointSegmentDistance2(bx, by, cx, cy, dx, dy),
    pointSegmentDistance2(cx, cy, ax, ay, bx, by),
    pointSegmentDistance2(dx, dy, ax, ay, bx, by),
  );
}

/** Even-odd point in polygon over every ring of the shape. */
function contains(shape: PlaneShape, x: number, y: number): boolean {
  let inside = false;
  const c = shape.coords;
  for (let r = 0; r + 1 < shape.ringStarts.length; r++) {
    for (let i = shape.ringStarts[r]; i + 1 < shape.ringStarts[r + 1]; i++) {
      const yi = c[2 * i + 1];
      const yj = c[2 * i + 3];
      if (yi > y !== yj > y && x < ((c[2 * i + 2] - c[2 * i]) * (y - yi)) / (yj - yi) + c[2 * i]) inside = !inside;
    }
  }
  return inside;
}

/** True when the two shapes come within `gapM` of each other. */
export function withinGap(a: PlaneShape, b: PlaneShape, gapM: number): boolean {
  const gap2 = gapM * gapM;
  const ca = a.coords;
  const cb = b.coords;
  for (let ra = 0; ra + 1 < a.ringStarts.length; ra++) {
    for (let i = a.ringStarts[ra]; i + 1 < a.ringStarts[ra + 1]; i++) {
      const ax = ca[2 * i], ay = ca[2 * i + 1], bx = ca[2 * i + 2], by = ca[2 * i + 3];
      const minX = Math.min(ax, bx) - gapM, maxX = Math.max(ax, bx) + gapM;
      const minY = Math.min(ay, by) - gapM, maxY = Math.max(ay, by) + gapM;
      if (maxX < b.box[0] || minX > b.box[2] || maxY < b.box[1] || minY > b.box[3]) continue;
      for (let rb = 0; rb + 1 < b.ringStarts.length; rb++) {
        for (let j = b.ringStarts[rb]; j + 1 < b.ringStarts[rb + 1]; j++) {
          const cx = cb[2 * j], cy = cb[2 * j + 1], dx = cb[2 * j + 2], dy = cb[2 * j + 3];
          if (Math.max(cx, dx) < minX || Math.min(cx, dx) > maxX || Math.max(cy, dy) < minY || Math.min(cy, dy) > maxY) continue;
          if (segmentDistance2(ax, ay, bx, by, cx, cy, dx, dy) <= gap2) return true;
        }
      }
    }
  }
  return contains(b, ca[0], ca[1]) || contains(a, cb[0], cb[1]);
}

/**
 * Adjacency of the given plots (positions 0..n-1 of `geometries`) within `gapM` metres.
 * A plot with no polygon has no neighbours.
 */
export function adjacencyWithin(geometries: readonly (Geometry | null)[], gapM: number): Adjacency {
  const n = geometries.length;
  let lonMin = Infinity, lonMax = -Infinity, latMin = Infinity, latMax = -Infinity;
  for (const g of geometries) {
    for (const ring of ringsOf(g)) {
      for (const [lon, lat] of ring) {
        if (lon < lonMin) lonMin = lon;
        if (lon > lonMax) lonMax = lon;
        if (lat < latMin) latMin = lat;
        if (lat > latMax) latMax = lat;
      }
    }
  }
  const start = new Int32Array(n + 1);
  if (!Number.isFinite(lonMin) || n === 0) return { start, neighbours: new Int32Array(0) };
  const lon0 = (lonMin + lonMax) / 2;
  const lat0 = (latMin + latMax) / 2;
  const scale = metresPerDegree(lat0);
  const shapes = geometries.map((g) => toPlane(g, lon0, lat0, scale));
  const index = new Flatbush(n);
  for (const s of shapes) {
    if (s) index.add(s.box[0], s.box[1], s.box[2], s.box[3]);
    else index.add(0, 0, 0, 0); // a plot with no polygon: found by searches, skipped below
  }
  index.finish();
  const lists: number[][] = shapes.map(() => []);
  shapes.forEach((s, i) => {
    if (!s) return;
    for (const j of index.search(s.box[0] - gapM, s.box[1] - gapM, s.box[2] + gapM, s.box[3] + gapM)) {
      if (j <= i || !shapes[j]) continue;
      if (withinGap(s, shapes[j]!, gapM)) {
        lists[i].push(j);
        lists[j].push(i);
      }
    }
  });
  let total = 0;
  lists.forEach((l, i) => {
    start[i] = total;
    total += l.length;
  });
  start[n] = total;
  const neighbours = new Int32Array(total);
  lists.forEach((l, i) => neighbours.set(l, start[i]));
  return { start, neighbours };
}

/**
 * Patches of the chosen items: connected components through the adjacency restricted to chosen
 * items. Returns each chosen item's patch (0-based, -1 when not chosen) and the patch count.
 */
export function patchesOf(adjacency: Adjacency, chosen: ArrayLike<number>): { patchOf: Int32Array; count: number } {
  const n = adjacency.start.length - 1;
  const patchOf = new Int32Array(n).fill(-1);
  const stack: number[] = [];
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (!chosen[s] || patchOf[s] >= 0) continue;
    patchOf[s] = count;
    stack.push(s);
    while (stack.length) {
      const k = stack.pop()!;
      for (let e = adjacency.start[k]; e < adjacency.start[k + 1]; e++) {
        const j = adjacency.neighbours[e];
        if (chosen[j] && patchOf[j] < 0) {
          patchOf[j] = count;
          stack.push(j);
        }
      }
    }
    count += 1;
  }
  return { patchOf, count };
}
