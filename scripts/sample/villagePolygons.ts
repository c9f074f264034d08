import { clipToCounty } from './clip.ts';
import type { Layout } from './layout.ts';
import { traceOwners } from './trace.ts';
import type { Poly } from './types.ts';

/** Villages tile the county: the union of their blocks and corridor pieces, cut by the outline. */
export function villagePolygons(layout: Layout, county: Poly[]): Map<number, Poly[]> {
  const { grid, regions, corridors } = layout;
  const nx = 2 * grid.ni + 1;
  const ny = 2 * grid.nj + 1;
  const owner = new Int32Array(nx * ny).fill(-1);
  const fill = (x0: number, y0: number, x1: number, y1: number, v: number) => {
    for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) owner[y * nx + x] = v;
  };
  const edgeVillages = new Set<number>();
  for (const r of regions) {
    if (r.status === 'outside') continue;
    fill(2 * r.i0 + 1, 2 * r.j0 + 1, 2 * r.i1 + 1, 2 * r.j1 + 1, r.village);
    if (r.status === 'edge') edgeVillages.add(r.village);
  }
  const index = (arr: number[], x: number) => arr.findIndex((a) => Math.abs(a - x) < 1e-6);
  for (const c of corridors) {
    if (c.status === 'outside' || c.village < 0) continue;
    fill(index(grid.FU, c.box[0]), index(grid.FV, c.box[1]), index(grid.FU, c.box[2]) - 1, index(grid.FV, c.box[3]) - 1, c.village);
    if (c.status === 'edge') edgeVillages.add(c.village);
  }
  const traced = traceOwners(owner, nx, ny, grid.FU, grid.FV);
  const out = new Map<number, Poly[]>();
  for (const [v, polys] of traced) out.set(v, edgeVillages.has(v) ? clipToCounty(polys, county) : polys);
  return out;
}
