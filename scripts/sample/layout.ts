/**
 * Where things are: the river reach, two main canals fed by reservoirs in the south, the town,
 * villages (Voronoi around seeds, made contiguous), townships, and the use of every block.
 */
import { boxStatus } from './clip.ts';
import { type Corridor, type Grid, type LineKind, type Region, buildCorridors, buildGrid, buildGridLines, buildRegions } from './grid.ts';
import type { Rng } from './prng.ts';
import type { Poly } from './types.ts';

export interface Layout {
  grid: Grid;
  regions: Region[];
  regionAt: Int32Array;
  corridors: Corridor[];
  /** village index → seed region id */
  villageSeeds: number[];
  /** village index → township index */
  townshipOfVillage: number[];
  townshipSeatVillage: number;
  riverLine: number;
  mainLines: [number, number];
  townRegion: number;
  reservoirRegions: [number, number];
  /** per region: rows to the county's south and north limits in its column */
  rowsFromSouth: Int32Array;
  rowsFromNorth: Int32Array;
}

const VILLAGE_TARGET = 52;
const TOWNSHIP_COUNT = 5;

export function planLayout(county: Poly[], rng: Rng): Layout {
  const ring = county[0][0];
  const us = ring.map((p) => p[0]);
  const vs = ring.map((p) => p[1]);
  const [uMin, uMax, vMin, vMax] = [Math.min(...us), Math.max(...us), Math.min(...vs), Math.max(...vs)];
  const lines = buildGridLines({ uMin: uMin - 600, vMin: vMin - 900, uMax: uMax + 600, vMax: vMax + 900 }, rng);
  const nearestLine = (x: number, arr: number[]) => arr.reduce((best, value, k) => (Math.abs(value - x) < Math.abs(arr[best] - x) ? k : best), 0);
  const riverLine = nearestLine(uMin + 0.42 * (uMax - uMin), lines.U);
  const mainW = riverLine - 5;
  const mainE = riverLine + 8;
  let townRow = nearestLine((vMin + vMax) / 2, lines.V);
  if (townRow % 3 === 0) townRow += 1;
  const kindU = (i: number): LineKind => (i === mainW || i === mainE ? 'main' : i % 2 === 1 ? 'lateral' : 'road');
  const kindV = (j: number): LineKind => (j === townRow ? 'highway' : j % 3 === 0 ? 'branch' : 'road');
  const grid = buildGrid(lines, kindU, kindV);
  const probe = (box: [number, number, number, number]) => boxStatus(box, county);
  const cellBox = (i0: number, j0: number, i1: number, j1: number): [number, number, number, number] => [grid.FU[2 * i0 + 1], grid.FV[2 * j0 + 1], grid.FU[2 * i1 + 2], grid.FV[2 * j1 + 2]];
  const reservoirRow = (main: number): number => {
    for (let j = 1; j < grid.nj - 1; j++) if (probe(cellBox(main - 1, j, main, j + 1)) === 'inside' && probe(cellBox(main - 1, j - 1, main, j - 1)) !== 'outside') return j;
    throw new Error('no room for a reservoir');
  };
  const resW = reservoirRow(mainW);
  const resE = reservoirRow(mainE);
  const keyOf = (i: number, j: number): string => {
    if (i >= riverLine && i <= riverLine + 1) return `R${Math.floor((j - 1) / 3)}`;
    if (i >= mainW - 1 && i <= mainW && j >= resW && j <= resW + 1) return 'SW';
    if (i >= mainE - 1 && i <= mainE && j >= resE && j <= resE + 1) return 'SE';
    if (i >= mainE + 2 && i <= mainE + 4 && j >= townRow && j <= townRow + 2) return 'T';
    return `${i},${j}`;
  };
  const { regions, regionAt } = buildRegions(grid, keyOf);
  for (const r of regions) r.status = probe(r.box);
  const corridors = buildCorridors(grid, regionAt).map((c) => ({ ...c, status: probe(c.box) }));
  const at = (i: number, j: number) => regions[regionAt[j * grid.ni + i]];
  const townRegion = at(mainE + 2, townRow).id;
  const reservoirRegions: [number, number] = [at(mainW, resW).id, at(mainE, resE).id];
  for (const r of regions) {
    if (r.i0 === riverLine && r.i1 === riverLine + 1) r.type = 'river';
    if (r.id === townRegion) r.type = 'town';
    if (reservoirRegions.includes(r.id)) r.type = 'reservoir';
  }
  const { rowsFromSouth, rowsFromNorth } = rowsToLimits(grid, regions, regionAt);
  const villageSeeds = pickVillageSeeds(regions, rng, rowsFromSouth, rowsFromNorth);
  assignVillages(grid, regions, regionAt, villageSeeds, rng);
  for (const c of corridors) c.village = corridorVillage(grid, regions, regionAt, c);
  const { townshipOfVillage } = assignTownships(regions, villageSeeds, townRegion);
  assignBlockTypes(grid, regions, regionAt, villageSeeds, rng, rowsFromSouth, rowsFromNorth);
  return {
    grid, regions, regionAt, corridors, villageSeeds, townshipOfVillage,
    townshipSeatVillage: regions[townRegion].village,
    riverLine, mainLines: [mainW, mainE], townRegion, reservoirRegions, rowsFromSouth, rowsFromNorth,
  };
}

function rowsToLimits(grid: Grid, regions: Region[], regionAt: Int32Array) {
  const rowsFromSouth = new Int32Array(regions.length).fill(99);
  const rowsFromNorth = new Int32Array(regions.length).fill(99);
  for (let i = 0; i < grid.ni; i++) {
    const inside: number[] = [];
    for (let j = 0; j < grid.nj; j++) if (regions[regionAt[j * grid.ni + i]].status !== 'outside') inside.push(j);
    if (!inside.length) continue;
    const [jMin, jMax] = [Math.min(...inside), Math.max(...inside)];
    for (const j of inside) {
      const r = regionAt[j * grid.ni + i];
      rowsFromSouth[r] = Math.min(rowsFromSouth[r], j - jMin);
      rowsFromNorth[r] = Math.min(rowsFromNorth[r], jMax - j);
    }
  }
  return { rowsFromSouth, rowsFromNorth };
}

const center = (r: Region): [number, number] => [(r.box[0] + r.box[2]) / 2, (r.box[1] + r.box[3]) / 2];

function pickVillageSeeds(regions: Region[], rng: Rng, south: Int32Array, north: Int32Array): number[] {
  const candidates = regions.filter((r) => r.status === 'inside' && r.type === 'farm' && south[r.id] >= 2 && north[r.id] >= 1);
  const order = candidates.map((r) => ({ r, key: rng.next() })).sort((a, b) => a.key - b.key).map((x) => x.r);
  let minDistance = Math.sqrt((candidates.length * 450 * 735) / VILLAGE_TARGET) * 0.95;
  for (;;) {
    const seeds: Region[] = [];
    for (const r of order) {
      const [u, v] = center(r);
      if (seeds.every((s) => Math.hypot(center(s)[0] - u, center(s)[1] - v) >= minDistance)) seeds.push(r);
      if (seeds.length === VILLAGE_TARGET) break;
    }
    if (seeds.length >= 44) return seeds.map((s) => s.id);
    minDistance *= 0.93;
  }
}

function neighbours(grid: Grid, regionAt: Int32Array, r: Region): Set<number> {
  const out = new Set<number>();
  const add = (i: number, j: number) => {
    if (i >= 0 && j >= 0 && i < grid.ni && j < grid.nj) out.add(regionAt[j * grid.ni + i]);
  };
  for (let i = r.i0; i <= r.i1; i++) {
    add(i, r.j0 - 1);
    add(i, r.j1 + 1);
  }
  for (let j = r.j0; j <= r.j1; j++) {
    add(r.i0 - 1, j);
    add(r.i1 + 1, j);
  }
  out.delete(r.id);
  return out;
}

function assignVillages(grid: Grid, regions: Region[], regionAt: Int32Array, seeds: number[], rng: Rng): void {
  for (const r of regions) {
    if (r.status === 'outside') continue;
    const [u, v] = center(r);
    const noise = rng.uniform(-160, 160);
    let best = 0;
    let bestD = Infinity;
    seeds.forEach((s, k) => {
      const [su, sv] = center(regions[s]);
      const d = Math.hypot(su - u, (sv - v) * 0.9) + (k % 2 ? noise : -noise);
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    });
    r.village = best;
  }
  seeds.forEach((s, k) => (regions[s].village = k));
  for (let pass = 0; pass < 6; pass++) if (!makeContiguous(grid, regions, regionAt, seeds)) break;
}

/** Regions cut off from their village's seed join the neighbouring village they touch most. */
function makeContiguous(grid: Grid, regions: Region[], regionAt: Int32Array, seeds: number[]): boolean {
  const reached = new Uint8Array(regions.length);
  seeds.forEach((s, k) => {
    const queue = [s];
    reached[s] = 1;
    while (queue.length) {
      const r = regions[queue.pop() as number];
      for (const n of neighbours(grid, regionAt, r)) {
        if (!reached[n] && regions[n].status !== 'outside' && regions[n].village === k) {
          reached[n] = 1;
          queue.push(n);
        }
      }
    }
  });
  let changed = false;
  for (const r of regions) {
    if (r.status === 'outside' || reached[r.id]) continue;
    const counts = new Map<number, number>();
    for (const n of neighbours(grid, regionAt, r)) {
      const nv = regions[n];
      if (nv.status !== 'outside' && nv.village !== r.village && reached[n]) counts.set(nv.village, (counts.get(nv.village) ?? 0) + 1);
    }
    const best = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) {
      r.village = best[0];
      changed = true;
    }
  }
  return changed;
}

function corridorVillage(grid: Grid, regions: Region[], regionAt: Int32Array, c: Corridor): number {
  const sideA = c.vertical ? [c.line - 1, c.along] : [c.along, c.line - 1];
  const sideB = c.vertical ? [c.line, c.along] : [c.along, c.line];
  for (const [i, j] of [sideA, sideB]) {
    if (i < 0 || j < 0 || i >= grid.ni || j >= grid.nj) continue;
    const r = regions[regionAt[j * grid.ni + i]];
    if (r.status !== 'outside') return r.village;
  }
  return -1;
}

function assignTownships(regions: Region[], seeds: number[], townRegion: number) {
  const pos = seeds.map((s) => center(regions[s]));
  const chosen = [regions[townRegion].village];
  while (chosen.length < TOWNSHIP_COUNT) {
    let best = 0;
    let bestD = -1;
    pos.forEach(([u, v], k) => {
      const d = Math.min(...chosen.map((c) => Math.hypot(pos[c][0] - u, pos[c][1] - v)));
      if (d > bestD) {
        bestD = d;
        best = k;
      }
    });
    chosen.push(best);
  }
  // two rounds of k-means on village seeds keep townships compact
  let centres = chosen.map((c) => pos[c]);
  let townshipOfVillage = pos.map(() => 0);
  for (let round = 0; round < 3; round++) {
    townshipOfVillage = pos.map(([u, v]) => centres.reduce((best, c, t) => (Math.hypot(c[0] - u, c[1] - v) < Math.hypot(centres[best][0] - u, centres[best][1] - v) ? t : best), 0));
    centres = centres.map((c, t) => {
      const members = pos.filter((_, k) => townshipOfVillage[k] === t);
      return members.length ? [members.reduce((s, p) => s + p[0], 0) / members.length, members.reduce((s, p) => s + p[1], 0) / members.length] : c;
    });
  }
  townshipOfVillage[regions[townRegion].village] = townshipOfVillage[regions[townRegion].village];
  return { townshipOfVillage };
}

function assignBlockTypes(grid: Grid, regions: Region[], regionAt: Int32Array, seeds: number[], rng: Rng, south: Int32Array, north: Int32Array): void {
  for (const r of regions) {
    if (r.status === 'outside' || r.type !== 'farm') continue;
    if (r.status === 'edge') r.type = 'edge';
  }
  for (const s of seeds) {
    regions[s].type = 'village';
    let orchards = 0;
    let facility = 0;
    for (const n of neighbours(grid, regionAt, regions[s])) {
      const r = regions[n];
      if (r.type !== 'farm' || r.status !== 'inside') continue;
      if (orchards < 2 && rng.chance(0.5)) {
        r.type = 'orchard';
        orchards++;
      } else if (facility < 1 && rng.chance(0.2)) {
        r.type = 'facility';
        facility++;
      }
    }
  }
  for (const r of regions) {
    if (r.type !== 'farm' || r.status !== 'inside') continue;
    if (north[r.id] <= 1) r.type = rng.weighted([['grass', 0.4], ['forest', 0.15], ['farm', 0.45]]);
    else if (south[r.id] <= 1) r.type = rng.weighted([['piedmont', 0.35], ['forest', 0.15], ['farm', 0.5]]);
    else r.type = rng.weighted([['forest', 0.012], ['nursery', 0.008], ['grass', 0.015], ['orchard', 0.01], ['farm', 0.955]]);
  }
}
