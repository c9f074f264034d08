/** Planar signed area of Clipper2 paths (counter-clockwise positive): the tests' own, independent of the engine's. */
import type { Paths64 } from 'clipper2-ts';

export const shoelace = (paths: Paths64): number =>
  paths.reduce((sum, p) => {
    let a = 0;
    for (let i = 0; i < p.length; i++) {
      const q = p[(i + 1) % p.length];
      a += p[i].x * q.y - q.x * p[i].y;
    }
    return sum + a / 2;
  }, 0);
