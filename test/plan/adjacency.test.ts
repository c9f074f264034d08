import { describe, expect, it } from 'vitest';
import { adjacencyWithin, patchesOf } from '../../src/core/plan/adjacency.ts';
import { boxGeometry } from './syntheticVillage.ts';

const neighbours = (a: ReturnType<typeof adjacencyWithin>, k: number) => [...a.neighbours.subarray(a.start[k], a.start[k + 1])].sort();

describe('plots within the patch gap', () => {
  it('measures the gap in metres on the ellipsoid, east-west and north-south', () => {
    const geometries = [
      boxGeometry({ x0: 0, y0: 0, x1: 100, y1: 100 }),
      boxGeometry({ x0: 119.5, y0: 0, x1: 200, y1: 100 }), // 19.5 m east of 0
      boxGeometry({ x0: 220.6, y0: 0, x1: 300, y1: 100 }), // 20.6 m east of 1
      boxGeometry({ x0: 0, y0: 119.7, x1: 100, y1: 200 }), // 19.7 m north of 0
      boxGeometry({ x0: 0, y0: 220.4, x1: 100, y1: 300 }), // 20.4 m north of 3
    ];
    const a = adjacencyWithin(geometries, 20);
    expect(neighbours(a, 0)).toEqual([1, 3]);
    expect(neighbours(a, 1)).toEqual([0]); // 27.7 m from 3, corner to corner
    expect(neighbours(a, 2)).toEqual([]);
    expect(neighbours(a, 4)).toEqual([]);
    expect(patchesOf(a, [1, 1, 1, 1, 1]).count).toBe(3);
    // corner to corner: (100,100)–(113,112) is 17.7 m; (100,100)–(115,115) is 21.2 m
    const corners = adjacencyWithin([geometries[0], boxGeometry({ x0: 113, y0: 112, x1: 150, y1: 150 }), boxGeometry({ x0: 315, y0: 315, x1: 350, y1: 350 })], 20);
    expect(neighbours(corners, 0)).toEqual([1]);
  });

  it('counts a plot inside another (or overlapping it) as touching', () => {
    const a = adjacencyWithin([boxGeometry({ x0: 0, y0: 0, x1: 500, y1: 500 }), boxGeometry({ x0: 200, y0: 200, x1: 250, y1: 250 }), boxGeometry({ x0: 480, y0: 480, x1: 600, y1: 600 })], 5);
    expect(neighbours(a, 0)).toEqual([1, 2]);
    expect(neighbours(a, 1)).toEqual([0]);
  });
});
