/**
 * Random, adversarial inputs for the overlay's differential fuzz (scripts/fuzz/overlayCheck.ts):
 * one concave "village" of 64–500 vertices (sometimes with a hole, sometimes two parts) and a
 * dozen features around its boundary of every awkward kind — concave polygons, boxes cut across
 * the village's corners, shared and collinear edges, near-coincident copies, T-junctions,
 * slivers, holes, multipolygons, features a few metres inside the boundary, and large concave
 * features of their own (so both sides of a pair are cut to the other's box).
 *
 * Everything is built in local metres around a random origin in Xinjiang and turned into lon/lat;
 * a feature that came out self-intersecting is resolved as import resolves it, so every input is
 * a valid polygon as the overlay meets them after import.
 */
import type { Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import { resolveSelfIntersections } from '../../src/core/geometry/clip.ts';
import { makeRng, type Rng } from '../sample/prng.ts';

export type FeatureKind =
  | 'concave'
  | 'box'
  | 'shared-edges'
  | 'near-coincident'
  | 't-junction'
  | 'sliver'
  | 'holed'
  | 'multipolygon'
  | 'metres-inside'
  | 'large-concave';

export const FEATURE_KINDS: readonly FeatureKind[] = [
  'concave', 'box', 'shared-edges', 'near-coincident', 't-junction', 'sliver', 'holed', 'multipolygon', 'metres-inside', 'large-concave',
];

export interface OverlayCase {
  seed: number;
  villages: Geometry[];
  features: Geometry[];
  kinds: FeatureKind[];
}

type XY = [number, number];

interface Frame {
  toLonLat(p: XY): Position;
}

function frameAt(lon0: number, lat0: number): Frame {
  const mPerDegLat = 111_132.954;
  const mPerDegLon = 111_319.49 * Math.cos((lat0 * Math.PI) / 180);
  return { toLonLat: ([x, y]) => [lon0 + x / mPerDegLon, lat0 + y / mPerDegLat] };
}

/** A star-shaped ring with random radii: concave, simple, counter-clockwise. */
function starRing(rng: Rng, center: XY, radius: number, vertices: number, depth: number): XY[] {
  const ring: XY[] = [];
  const phase = rng.uniform(0, 2 * Math.PI);
  for (let i = 0; i < vertices; i++) {
    const angle = phase + (i / vertices) * 2 * Math.PI;
    const r = radius * (1 - depth * rng.next());
    ring.push([center[0] + r * Math.cos(angle), center[1] + r * Math.sin(angle)]);
  }
  return ring;
}

const close = (ring: Position[]): Position[] => [...ring, ring[0]];

function polygon(frame: Frame, rings: XY[][]): Polygon {
  return { type: 'Polygon', coordinates: rings.map((ring) => close(ring.map((p) => frame.toLonLat(p)))) };
}

/** A point of the village ring and the inward normal there (towards the centre). */
function boundaryPoint(rng: Rng, ring: XY[], center: XY): { at: XY; inward: XY; index: number } {
  const index = rng.int(0, ring.length - 1);
  const a = ring[index];
  const b = ring[(index + 1) % ring.length];
  const t = rng.next();
  const at: XY = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  const dx = center[0] - at[0];
  const dy = center[1] - at[1];
  const length = Math.hypot(dx, dy) || 1;
  return { at, inward: [dx / length, dy / length], index };
}

interface Village {
  ring: XY[];
  center: XY;
  lonLatRing: Position[];
}

function makeFeature(rng: Rng, kind: FeatureKind, village: Village, frame: Frame): Geometry {
  const { ring, center } = village;
  const { at, inward, index } = boundaryPoint(rng, ring, center);
  const shift = (p: XY, d: number): XY => [p[0] + inward[0] * d, p[1] + inward[1] * d];
  switch (kind) {
    case 'concave':
      return polygon(frame, [starRing(rng, shift(at, rng.uniform(-60, 60)), rng.uniform(10, 150), rng.int(4, 40), rng.uniform(0, 0.8))]);
    case 'box': {
      // axis-aligned in lon/lat, across the boundary (and often across a village corner)
      const c = shift(at, rng.uniform(-40, 40));
      const w = rng.uniform(5, 300);
      const h = rng.uniform(5, 300);
      return polygon(frame, [[[c[0] - w, c[1] - h], [c[0] + w, c[1] - h], [c[0] + w, c[1] + h], [c[0] - w, c[1] + h]]]);
    }
    case 'shared-edges':
    case 'near-coincident': {
      // k consecutive village vertices (exactly the same lon/lat) closed by a point inside or outside
      const k = rng.int(2, Math.min(12, ring.length - 1));
      const path: Position[] = [];
      for (let s = 0; s < k; s++) path.push(village.lonLatRing[(index + s) % ring.length]);
      const mid = ring[(index + Math.floor(k / 2)) % ring.length];
      path.push(frame.toLonLat(shift(mid, rng.chance(0.5) ? rng.uniform(5, 80) : -rng.uniform(5, 80))));
      const jitter = kind === 'near-coincident' ? rng.pick([1e-10, 1e-9, 1e-8, 1e-7]) : 0;
      const moved = path.map(([x, y]) => [x + jitter * (rng.next() - 0.5), y + jitter * (rng.next() - 0.5)]);
      const area = ringArea(moved);
      return { type: 'Polygon', coordinates: [close(area < 0 ? moved.reverse() : moved)] };
    }
    case 't-junction': {
      // a triangle with one vertex exactly on the midpoint of a village edge (in lon/lat)
      const p = village.lonLatRing[index];
      const q = village.lonLatRing[(index + 1) % ring.length];
      const onEdge: Position = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
      const d = rng.uniform(3, 60) * (rng.chance(0.5) ? 1 : -1);
      const m: XY = [(ring[index][0] + ring[(index + 1) % ring.length][0]) / 2, (ring[index][1] + ring[(index + 1) % ring.length][1]) / 2];
      const tip = shift(m, d);
      const side: XY = [-inward[1] * rng.uniform(5, 40), inward[0] * rng.uniform(5, 40)];
      const pts = [onEdge, frame.toLonLat([tip[0] + side[0], tip[1] + side[1]]), frame.toLonLat([tip[0] - side[0], tip[1] - side[1]])];
      return { type: 'Polygon', coordinates: [close(ringArea(pts) < 0 ? pts.reverse() : pts)] };
    }
    case 'sliver': {
      const width = rng.pick([0.01, 0.05, 0.2, 1]);
      const length = rng.uniform(10, 200);
      const angle = rng.uniform(0, Math.PI);
      const u: XY = [Math.cos(angle), Math.sin(angle)];
      const v: XY = [-u[1] * width, u[0] * width];
      const a: XY = [at[0] - (u[0] * length) / 2, at[1] - (u[1] * length) / 2];
      const b: XY = [at[0] + (u[0] * length) / 2, at[1] + (u[1] * length) / 2];
      return polygon(frame, [[a, b, [b[0] + v[0], b[1] + v[1]], [a[0] + v[0], a[1] + v[1]]]]);
    }
    case 'holed': {
      const c = shift(at, rng.uniform(-50, 50));
      const r = rng.uniform(40, 200);
      const hole = starRing(rng, [c[0] + rng.uniform(-r, r) * 0.2, c[1] + rng.uniform(-r, r) * 0.2], r * 0.3, rng.int(3, 12), 0.3).reverse();
      return polygon(frame, [starRing(rng, c, r, rng.int(6, 40), 0.2), hole]);
    }
    case 'multipolygon': {
      const coordinates: Position[][][] = [];
      const parts = rng.int(2, 3);
      const c = shift(at, rng.uniform(-80, 80));
      const step = rng.uniform(110, 200); // parts of radius ≤ 50 never overlap
      for (let p = 0; p < parts; p++) {
        const part: XY = [c[0] + (p - 1) * step, c[1]];
        coordinates.push(polygon(frame, [starRing(rng, part, rng.uniform(10, 50), rng.int(4, 20), 0.5)]).coordinates);
      }
      return { type: 'MultiPolygon', coordinates } satisfies MultiPolygon;
    }
    case 'metres-inside': {
      // wholly inside (or outside), a few metres from the boundary
      const r = rng.uniform(20, 200);
      const gap = rng.uniform(0.5, 10);
      const c = shift(at, (r + gap) * (rng.chance(0.8) ? 1 : -1));
      return polygon(frame, [starRing(rng, c, r, rng.int(4, 24), 0.1)]);
    }
    case 'large-concave':
      return polygon(frame, [starRing(rng, shift(at, rng.uniform(-200, 200)), rng.uniform(50, 600), rng.int(64, 500), rng.uniform(0.3, 0.9))]);
  }
}

/** Shoelace on lon/lat: only its sign is used (orientation). */
function ringArea(ring: Position[]): number {
  let a = 0;
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    a += p[0] * q[1] - q[0] * p[1];
  }
  return a / 2;
}

/** One case: a village and `featureCount` features along its boundary. */
export function makeOverlayCase(seed: number, featureCount = 12): OverlayCase {
  const rng = makeRng(seed);
  const lon0 = rng.uniform(75, 95);
  const lat0 = rng.uniform(36, 48);
  const frame = frameAt(lon0, lat0);
  const center: XY = [0, 0];
  const ring = starRing(rng, center, rng.uniform(300, 3000), rng.int(64, 500), rng.uniform(0.2, 0.7));
  const village: Village = { ring, center, lonLatRing: ring.map((p) => frame.toLonLat(p)) };
  const rings: Position[][] = [close(village.lonLatRing)];
  if (rng.chance(0.25)) rings.push(close(starRing(rng, center, 60, rng.int(8, 40), 0.3).reverse().map((p) => frame.toLonLat(p))));
  const villages: Geometry[] = [{ type: 'Polygon', coordinates: rings }];
  if (rng.chance(0.25)) {
    // a second, overlapping village, also concave with many vertices
    villages.push(polygon(frame, [starRing(rng, [ring[0][0], ring[0][1]], rng.uniform(200, 1500), rng.int(64, 300), 0.5)]));
  }
  const features: Geometry[] = [];
  const kinds: FeatureKind[] = [];
  for (let k = 0; k < featureCount; k++) {
    const kind = FEATURE_KINDS[rng.int(0, FEATURE_KINDS.length - 1)];
    // As import does (checkGeometry): a self-intersecting ring is resolved (non-zero winding).
    const feature = resolveSelfIntersections(makeFeature(rng, kind, village, frame));
    if (!feature) continue;
    kinds.push(kind);
    features.push(feature);
  }
  return { seed, villages, features, kinds };
}
