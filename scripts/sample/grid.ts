/**
 * The canal-and-road grid: vertical lines (roads, lateral canals 斗渠, main canals 干渠) and
 * horizontal lines (roads, branch canals 支渠, a highway) with the blocks between them. Blocks can
 * be merged into larger regions (river reaches, the town, reservoirs); the corridor pieces
 * between regions become road and canal parcels. Everything is an axis-aligned rectangle in the
 * grid frame, so the whole county tiles exactly without any polygon clipping, except at the
 * county outline.
 */
import type { Rng } from './prng.ts';

export type LineKind = 'road' | 'lateral' | 'main' | 'branch' | 'highway';

export interface Grid {
  ni: number;
  nj: number;
  /** line centres (ni + 1 and nj + 1 of them) */
  U: number[];
  V: number[];
  uKind: LineKind[];
  vKind: LineKind[];
  /** fine-grid breakpoints: FU[2i] = U[i] − half width, FU[2i+1] = U[i] + half width */
  FU: number[];
  FV: number[];
}

export const LINE_HALF_WIDTH_M: Record<LineKind, number> = { road: 4, lateral: 3, main: 10, branch: 6, highway: 10 };

export interface GridSpec {
  uMin: number;
  vMin: number;
  uMax: number;
  vMax: number;
}

export interface GridLines {
  U: number[];
  V: number[];
}

/** Line positions: blocks about 450 m across and 735 m along the slope, as in 昌吉's canal grid. */
export function buildGridLines(spec: GridSpec, rng: Rng): GridLines {
  const U = [spec.uMin];
  while (U[U.length - 1] < spec.uMax) U.push(U[U.length - 1] + Math.round(rng.uniform(430, 490)));
  const V = [spec.vMin];
  while (V[V.length - 1] < spec.vMax) V.push(V[V.length - 1] + Math.round(rng.uniform(700, 770)));
  return { U, V };
}

export function buildGrid({ U, V }: GridLines, kindU: (i: number) => LineKind, kindV: (j: number) => LineKind): Grid {
  const uKind = U.map((_, i) => kindU(i));
  const vKind = V.map((_, j) => kindV(j));
  const FU = U.flatMap((u, i) => [u - LINE_HALF_WIDTH_M[uKind[i]], u + LINE_HALF_WIDTH_M[uKind[i]]]);
  const FV = V.flatMap((v, j) => [v - LINE_HALF_WIDTH_M[vKind[j]], v + LINE_HALF_WIDTH_M[vKind[j]]]);
  return { ni: U.length - 1, nj: V.length - 1, U, V, uKind, vKind, FU, FV };
}

export type Status = 'inside' | 'edge' | 'outside';

export interface Region {
  id: number;
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  /** [u0, v0, u1, v1] */
  box: [number, number, number, number];
  status: Status;
  type: string;
  village: number;
}

export interface Corridor {
  id: number;
  vertical: boolean;
  /** the line index (i for vertical, j for horizontal) */
  line: number;
  /** the row (vertical) or column (horizontal) it runs along */
  along: number;
  box: [number, number, number, number];
  status: Status;
  village: number;
  kind: LineKind;
}

/** Regions from a map (i, j) → region key; cells with the same key must form a rectangle. */
export function buildRegions(grid: Grid, keyOf: (i: number, j: number) => string): { regions: Region[]; regionAt: Int32Array } {
  const regionAt = new Int32Array(grid.ni * grid.nj).fill(-1);
  const byKey = new Map<string, Region>();
  const regions: Region[] = [];
  for (let j = 0; j < grid.nj; j++) {
    for (let i = 0; i < grid.ni; i++) {
      const key = keyOf(i, j);
      let region = byKey.get(key);
      if (!region) {
        region = { id: regions.length, i0: i, i1: i, j0: j, j1: j, box: [0, 0, 0, 0], status: 'inside', type: 'farm', village: -1 };
        byKey.set(key, region);
        regions.push(region);
      }
      region.i0 = Math.min(region.i0, i);
      region.i1 = Math.max(region.i1, i);
      region.j0 = Math.min(region.j0, j);
      region.j1 = Math.max(region.j1, j);
      regionAt[j * grid.ni + i] = region.id;
    }
  }
  for (const r of regions) r.box = [grid.FU[2 * r.i0 + 1], grid.FV[2 * r.j0 + 1], grid.FU[2 * r.i1 + 2], grid.FV[2 * r.j1 + 2]];
  return { regions, regionAt };
}

/**
 * Corridor pieces between regions, each owning the crossings (nodes) next to it: a vertical
 * piece takes the node below and above it when free, a horizontal piece what is left.
 */
export function buildCorridors(grid: Grid, regionAt: Int32Array): Corridor[] {
  const at = (i: number, j: number): number => (i < 0 || j < 0 || i >= grid.ni || j >= grid.nj ? -1 - (i + 1) * 100000 - j : regionAt[j * grid.ni + i]);
  const hasV = (i: number, j: number): boolean => j >= 0 && j < grid.nj && at(i - 1, j) !== at(i, j);
  const hasH = (i: number, j: number): boolean => i >= 0 && i < grid.ni && at(i, j - 1) !== at(i, j);
  const nodeTaken = new Set<number>();
  const corridors: Corridor[] = [];
  const nodeKey = (i: number, j: number): number => j * (grid.ni + 1) + i;
  const nodeInternal = (i: number, j: number): boolean => !hasV(i, j) && !hasV(i, j - 1) && !hasH(i, j) && !hasH(i - 1, j);
  for (let i = 0; i <= grid.ni; i++) {
    for (let j = 0; j < grid.nj; j++) {
      if (!hasV(i, j)) continue;
      let v0 = grid.FV[2 * j + 1];
      let v1 = grid.FV[2 * j + 2];
      if (!nodeTaken.has(nodeKey(i, j))) {
        nodeTaken.add(nodeKey(i, j));
        v0 = grid.FV[2 * j];
      }
      if (!nodeTaken.has(nodeKey(i, j + 1))) {
        nodeTaken.add(nodeKey(i, j + 1));
        v1 = grid.FV[2 * j + 3];
      }
      corridors.push({ id: corridors.length, vertical: true, line: i, along: j, box: [grid.FU[2 * i], v0, grid.FU[2 * i + 1], v1], status: 'inside', village: -1, kind: grid.uKind[i] });
    }
  }
  for (let j = 0; j <= grid.nj; j++) {
    for (let i = 0; i < grid.ni; i++) {
      if (!hasH(i, j)) continue;
      let u0 = grid.FU[2 * i + 1];
      let u1 = grid.FU[2 * i + 2];
      if (!nodeTaken.has(nodeKey(i, j)) && !nodeInternal(i, j)) {
        nodeTaken.add(nodeKey(i, j));
        u0 = grid.FU[2 * i];
      }
      if (!nodeTaken.has(nodeKey(i + 1, j)) && !nodeInternal(i + 1, j)) {
        nodeTaken.add(nodeKey(i + 1, j));
        u1 = grid.FU[2 * i + 3];
      }
      corridors.push({ id: corridors.length, vertical: false, line: j, along: i, box: [u0, grid.FV[2 * j], u1, grid.FV[2 * j + 1]], status: 'inside', village: -1, kind: grid.vKind[j] });
    }
  }
  return corridors;
}
