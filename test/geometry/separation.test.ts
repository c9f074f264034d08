/**
 * separatedByAnEdge (src/core/geometry/planePredicates.ts): the overlay's fast answer "no area"
 * for touching features, most of them neighbours sharing an edge. It must never claim separation
 * for features that share area, however thin, at any coordinate size: checked here against
 * Clipper2's exact integer intersection on hand-made and random cases, and through the overlay
 * (whose 1 % sample recomputes every fast answer on the exact path).
 */
import { Clipper64, ClipType, FillRule, type Paths64 } from 'clipper2-ts';
import { shoelace } from './shoelace.ts';
import { describe, expect, it } from 'vitest';
import { separatedByAnEdge } from '../../src/core/geometry/planePredicates.ts';
import type { GridPoint } from '../../src/core/geometry/localPlane.ts';
import { makeRng } from '../../scripts/sample/prng.ts';

/** Area of a ∩ b by Clipper2 on the integer grid (exact intersection points, rounded to the grid). */
function clipperArea(a: GridPoint[][], b: GridPoint[][]): number {
  const clipper = new Clipper64();
  clipper.addSubject(a);
  clipper.addClip(b);
  const out: Paths64 = [];
  clipper.execute(ClipType.Intersection, FillRule.NonZero, out);
  return Math.abs(shoelace(out));
}

const pts = (...xy: number[]): GridPoint[] => Array.from({ length: xy.length / 2 }, (_, i) => ({ x: xy[2 * i], y: xy[2 * i + 1] }));
const shift = (paths: GridPoint[][], dx: number, dy: number): GridPoint[][] => paths.map((p) => p.map((v) => ({ x: v.x + dx, y: v.y + dy })));

describe('separatedByAnEdge', () => {
  for (const [name, offset] of [['near the origin', 0], ['far from the plane centre (coordinates ~2.4e12 µm)', 2.4e12]] as const) {
    it(`two plots sharing a slanted edge are separated, ${name}`, () => {
      // the shared edge (130 m, 91 m) makes products of ~1.2e16, past what doubles hold exactly
      const a = shift([pts(0, 0, 130_000_000, 91_000_000, 39_000_000, 221_000_000, -91_000_000, 130_000_000)], offset, offset / 2);
      const b = shift([pts(130_000_000, 91_000_000, 0, 0, 117_000_000, -78_000_000, 247_000_000, 13_000_000)], offset, offset / 2);
      expect(separatedByAnEdge(a, b)).toBe(true);
      expect(separatedByAnEdge(b, a)).toBe(true);
      expect(clipperArea(a, b)).toBe(0);
    });

    it(`shares a part of an edge (a T-junction) and still separates, ${name}`, () => {
      const a = shift([pts(0, 0, 100_000_000, 0, 100_000_000, 100_000_000, 0, 100_000_000)], offset, 0);
      const b = shift([pts(100_000_000, 30_000_000, 160_000_000, 30_000_000, 160_000_000, 200_000_000, 100_000_000, 200_000_000)], offset, 0);
      expect(separatedByAnEdge(a, b)).toBe(true);
    });

    it(`never for equal, overlapping or nested features, ${name}`, () => {
      const a = shift([pts(0, 0, 100_000_000, 0, 100_000_000, 100_000_000, 0, 100_000_000)], offset, offset);
      expect(separatedByAnEdge(a, a)).toBe(false);
      expect(separatedByAnEdge(a, shift(a, 1, 0))).toBe(false); // overlapping by all but a 1 µm strip
      expect(separatedByAnEdge(a, shift(a, 99_999_999, 0))).toBe(false); // a 1 µm strip in common
      const inner = shift([pts(10, 10, 20, 10, 20, 20, 10, 20)], offset, offset);
      expect(separatedByAnEdge(a, inner)).toBe(false);
    });
  }

  it('not for a square in the notch of an L, though they share no area (the clipper decides)', () => {
    const l = [pts(0, 0, 200, 0, 200, 100, 100, 100, 100, 200, 0, 200)];
    const square = [pts(100, 100, 200, 100, 200, 200, 100, 200)];
    expect(clipperArea(l, square)).toBe(0);
    expect(separatedByAnEdge(l, square)).toBe(false);
  });

  it('does not trust a side that doubles cannot tell: a vertex 2 units inside a long edge at large coordinates', () => {
    // b's vertex c is strictly inside a, beside the middle of a's edge p→q (determinant exactly +2),
    // where each product is ~1.8e23 and rounding alone can move the determinant by ~1e7: they share
    // a sliver of area, so no line can separate them
    const p = { x: 0, y: 0 };
    const q = { x: 600_000_000_002, y: 600_000_000_000 };
    const c = { x: 300_000_000_002, y: 300_000_000_001 };
    const a = [[p, q, { x: -300_000_000_000, y: 600_000_000_000 }]]; // counter-clockwise, interior left of p→q
    const b = [[c, { x: 600_000_000_000, y: 0 }, { x: 300_000_000_000, y: -300_000_000_000 }]];
    const exact = (BigInt(q.x - p.x) * BigInt(c.y - p.y)) - (BigInt(q.y - p.y) * BigInt(c.x - p.x));
    expect(exact).toBe(2n);
    expect(separatedByAnEdge(a, b)).toBe(false);
    expect(separatedByAnEdge(b, a)).toBe(false);
  });

  it('on 20,000 random pairs of touching or nearby polygons, never claims separation where Clipper2 finds area', () => {
    const rng = makeRng(20261207).next;
    let claimed = 0;
    let touchingWithoutArea = 0;
    for (let trial = 0; trial < 20_000; trial++) {
      const scale = [1e3, 1e8, 1e10][trial % 3];
      const origin = trial % 2 === 0 ? 0 : Math.round(2e12 * (rng() - 0.5));
      // a random star-shaped polygon (concave when its radii vary) and a neighbour sharing one of its edges
      // whose other vertices are placed at random on either side
      const n = 3 + Math.floor(rng() * 6);
      const angles = Array.from({ length: n }, () => rng() * 2 * Math.PI).sort((x, y) => x - y);
      const ring = angles.map((t) => {
        const r = scale * (0.5 + rng() * (trial % 4 === 0 ? 1 : 0.2));
        return { x: origin + Math.round(r * Math.cos(t)), y: origin + Math.round(r * Math.sin(t)) };
      });
      const k = Math.floor(rng() * n);
      const u = ring[k];
      const v = ring[(k + 1) % n];
      const mx = (u.x + v.x) / 2;
      const my = (u.y + v.y) / 2;
      // outward normal of u→v (the ring is counter-clockwise), with a random tilt: mostly outside, sometimes across
      const nx = v.y - u.y;
      const ny = -(v.x - u.x);
      const reach = 0.2 + rng();
      const tilt = (rng() - 0.5) * (trial % 5 === 0 ? 4 : 1);
      const w = { x: Math.round(mx + reach * nx + tilt * (v.x - u.x)), y: Math.round(my + reach * ny + tilt * (v.y - u.y)) };
      const neighbour = trial % 7 === 0 ? [v, u, w] : [v, u, { x: Math.round(w.x - 0.3 * (v.x - u.x)), y: Math.round(w.y - 0.3 * (v.y - u.y)) }, w];
      const a = [ring];
      const b = [trial % 11 === 0 ? neighbour.map((p) => ({ x: p.x + (rng() < 0.5 ? 1 : 0), y: p.y })) : neighbour];
      const separated = separatedByAnEdge(a, b);
      const area = clipperArea(a, b);
      if (separated) {
        claimed++;
        expect(area, JSON.stringify({ a, b })).toBe(0);
      } else if (area === 0) touchingWithoutArea++;
    }
    // most neighbours are told apart without the clipper; the rest are left to it
    expect(claimed).toBeGreaterThan(5_000);
    expect(touchingWithoutArea).toBeGreaterThan(0);
  });
});
