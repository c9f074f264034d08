/**
 * The choice inside one tenure tier: a set of plots whose savings reach `requiredM3` with the least
 * area, and among sets within a small share of that least area, the fewest patches.
 *
 * Several sets are built and compared:
 * - branch and bound on area (a min-knapsack with the fractional bound), capped in nodes, which
 *   finds the least area on villages of a few dozen candidates and a close one on larger ones;
 * - growth by saving per 亩 where a plot touching the chosen land (within the patch gap) counts as
 *   if it saved a share β more, for several β: β → 0 only breaks ties between equal plots in
 *   favour of neighbours, a large β grows one patch at a time;
 * - the naive order (saving per 亩, then code), made minimal.
 * - whole well command areas first (those whose wells the tier can free), then growth;
 * Every set is made minimal: plots whose removal still meets the requirement are dropped, isolated
 * and edge plots of a patch first, larger first. Among the sets within the area tolerance, the one
 * with the fewest patches less wells freed wins, then the least area.
 */
import { patchesOf, type Adjacency } from './adjacency.ts';

export interface TierItems {
  /** positions (in the village's candidate list) of this tier's plots */
  positions: number[];
  savedM3: Float64Array;
  areaMu: Float64Array;
  code: readonly string[];
  /**
   * Well command areas that can be freed: per well, the candidate positions it commands (every
   * other plot it commands is already out of planting). Choosing all of them frees the well.
   */
  commands?: readonly (readonly number[])[];
}

export interface SubsetOptions {
  areaToleranceShare: number;
  /** branch-and-bound node budget */
  maxNodes?: number;
}

const BETAS = [1e-9, 0.02, 0.05, 0.1, 0.25, 1, 4];

/** Saving per 亩, highest first, ties by code: the naive order of the contract's `greedy`. */
export function naiveOrder(positions: readonly number[], savedM3: Float64Array, areaMu: Float64Array, code: readonly string[]): number[] {
  const ratio = (k: number) => (areaMu[k] > 0 ? savedM3[k] / areaMu[k] : savedM3[k] > 0 ? Infinity : 0);
  return [...positions].sort((x, y) => ratio(y) - ratio(x) || (code[x] < code[y] ? -1 : code[x] > code[y] ? 1 : 0));
}

/** Drops plots whose removal keeps Σ saving ≥ required: isolated first, then patch edges; larger first. */
export function makeMinimal(chosen: Uint8Array, positions: readonly number[], items: TierItems, requiredM3: number, adjacency: Adjacency): void {
  let total = 0;
  for (const k of positions) if (chosen[k]) total += items.savedM3[k];
  const degree = (k: number) => {
    let d = 0;
    for (let e = adjacency.start[k]; e < adjacency.start[k + 1]; e++) if (chosen[adjacency.neighbours[e]]) d++;
    return d;
  };
  for (let pass = 0; pass < 4; pass++) {
    const order = positions.filter((k) => chosen[k]).map((k) => ({ k, d: Math.min(degree(k), 2) }));
    order.sort((x, y) => x.d - y.d || items.areaMu[y.k] - items.areaMu[x.k]);
    let dropped = false;
    for (const { k } of order) {
      if (total - items.savedM3[k] >= requiredM3) {
        chosen[k] = 0;
        total -= items.savedM3[k];
        dropped = true;
      }
    }
    if (!dropped) break;
  }
}

/** Least-area set reaching the requirement, by depth-first branch and bound over the ratio order. */
function leastArea(order: number[], items: TierItems, requiredM3: number, maxNodes: number): number[] | null {
  const useful = order.filter((k) => items.savedM3[k] > 0);
  const m = useful.length;
  // the search recurses once per plot in order: keep its depth well inside the stack
  if (m > 4000) return null;
  const s = useful.map((k) => items.savedM3[k]);
  const a = useful.map((k) => items.areaMu[k]);
  const prefixS = new Float64Array(m + 1);
  const prefixA = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    prefixS[i + 1] = prefixS[i] + s[i];
    prefixA[i + 1] = prefixA[i] + a[i];
  }
  if (prefixS[m] < requiredM3) return null;
  // fractional (LP) bound: the least area that items i.. can reach `need` with, taking parts of plots
  const bound = (i: number, need: number): number => {
    const target = prefixS[i] + need;
    if (prefixS[m] < target) return Infinity;
    let lo = i;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefixS[mid + 1] >= target) hi = mid;
      else lo = mid + 1;
    }
    const before = prefixS[lo] - prefixS[i];
    return prefixA[lo] - prefixA[i] + ((need - before) / s[lo]) * a[lo];
  };
  let bestArea = Infinity;
  let best: number[] | null = null;
  const stack: number[] = [];
  let nodes = 0;
  const visit = (i: number, need: number, area: number): void => {
    if (nodes++ > maxNodes) return;
    if (need <= 0) {
      if (area < bestArea) {
        bestArea = area;
        best = stack.slice();
      }
      return;
    }
    if (i >= m || area + bound(i, need) >= bestArea - 1e-12) return;
    stack.push(i);
    visit(i + 1, need - s[i], area + a[i]);
    stack.pop();
    visit(i + 1, need, area);
  };
  visit(0, requiredM3, 0);
  return best === null ? null : (best as number[]).map((i) => useful[i]);
}

/** A binary max-heap of (key, item) with lazy deletion by the caller. */
class Heap {
  private keys: number[] = [];
  private items: number[] = [];
  get size(): number {
    return this.items.length;
  }
  push(key: number, item: number): void {
    this.keys.push(key);
    this.items.push(item);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.keys[p] >= this.keys[i]) break;
      this.swap(i, p);
      i = p;
    }
  }
  peekKey(): number {
    return this.keys[0];
  }
  peekItem(): number {
    return this.items[0];
  }
  pop(): void {
    const last = this.items.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.items.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < this.items.length && this.keys[l] > this.keys[top]) top = l;
      if (r < this.items.length && this.keys[r] > this.keys[top]) top = r;
      if (top === i) break;
      this.swap(i, top);
      i = top;
    }
  }
  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j], this.keys[i]];
    [this.items[i], this.items[j]] = [this.items[j], this.items[i]];
  }
}

/** Grows the chosen land: next the plot with the best saving per 亩, neighbours of chosen land counted β better. */
function grow(positions: readonly number[], items: TierItems, requiredM3: number, adjacency: Adjacency, base: Uint8Array, beta: number, rank: Map<number, number>): Uint8Array {
  const chosen = base.slice();
  const inTier = new Uint8Array(base.length);
  for (const k of positions) inTier[k] = 1;
  const ratio = (k: number) => (items.areaMu[k] > 0 ? items.savedM3[k] / items.areaMu[k] : 0) - rank.get(k)! * 1e-12;
  const all = new Heap();
  const frontier = new Heap();
  const pushNeighbours = (k: number) => {
    for (let e = adjacency.start[k]; e < adjacency.start[k + 1]; e++) {
      const j = adjacency.neighbours[e];
      if (inTier[j] && !chosen[j]) frontier.push(ratio(j), j);
    }
  };
  for (const k of positions) if (items.savedM3[k] > 0) all.push(ratio(k), k);
  for (let k = 0; k < base.length; k++) if (base[k]) pushNeighbours(k);
  let total = 0;
  while (total < requiredM3) {
    while (all.size && chosen[all.peekItem()]) all.pop();
    while (frontier.size && (chosen[frontier.peekItem()] || items.savedM3[frontier.peekItem()] <= 0)) frontier.pop();
    if (!all.size) break;
    const useFrontier = frontier.size > 0 && frontier.peekKey() * (1 + beta) >= all.peekKey();
    const k = useFrontier ? frontier.peekItem() : all.peekItem();
    chosen[k] = 1;
    total += items.savedM3[k];
    pushNeighbours(k);
  }
  for (let k = 0; k < base.length; k++) if (base[k] && !inTier[k]) chosen[k] = base[k];
  return chosen;
}

export interface SubsetResult {
  chosen: Uint8Array;
  areaMu: number;
  patchCount: number;
  /** command areas wholly chosen (wells freed) */
  wellsFreed: number;
}

const freedBy = (commands: readonly (readonly number[])[] | undefined, marks: Uint8Array): number =>
  commands ? commands.reduce((n, group) => n + (group.every((k) => marks[k]) ? 1 : 0), 0) : 0;

/**
 * Whole command areas first, by saving per 亩 (only those this tier can finish), then growth to the
 * requirement. `fitting`: a command area is taken only while its saving does not overshoot what is
 * left, so making the set minimal does not cut into it again.
 */
function commandsFirst(positions: readonly number[], items: TierItems, requiredM3: number, adjacency: Adjacency, base: Uint8Array, rank: Map<number, number>, fitting: boolean): Uint8Array | null {
  const inTier = new Set(positions);
  const groups = (items.commands ?? []).filter((g) => g.length > 0 && g.every((k) => inTier.has(k) || base[k]) && g.some((k) => !base[k]));
  if (groups.length === 0) return null;
  const saving = (g: readonly number[]) => g.reduce((s, k) => s + (base[k] ? 0 : items.savedM3[k]), 0);
  const area = (g: readonly number[]) => g.reduce((s, k) => s + (base[k] ? 0 : items.areaMu[k]), 0);
  const ratio = (g: readonly number[]) => (area(g) > 0 ? saving(g) / area(g) : 0);
  const order = [...groups].sort((x, y) => ratio(y) - ratio(x));
  const marks = base.slice();
  let total = 0;
  for (const g of order) {
    if (total >= requiredM3) break;
    const s = g.reduce((sum, k) => sum + (marks[k] ? 0 : items.savedM3[k]), 0);
    if (s <= 0 || (fitting && total + s > requiredM3)) continue;
    for (const k of g) marks[k] = 1;
    total += s;
  }
  if (total === 0) return null;
  return total >= requiredM3 ? marks : grow(positions, items, requiredM3 - total, adjacency, marks, 0.25, rank);
}

/**
 * The choice in the tier that must be cut into: `base` marks plots already chosen (earlier tiers),
 * so patches count across tiers. Returns the chosen marks (base included).
 */
export function chooseInTier(items: TierItems, requiredM3: number, adjacency: Adjacency, base: Uint8Array, options: SubsetOptions): SubsetResult {
  const { positions } = items;
  const order = naiveOrder(positions, items.savedM3, items.areaMu, items.code);
  const rank = new Map(order.map((k, i) => [k, i]));
  const area = (marks: Uint8Array) => positions.reduce((sum, k) => sum + (marks[k] ? items.areaMu[k] : 0), 0);
  const sets: Uint8Array[] = [];

  const naive = base.slice();
  let total = 0;
  for (const k of order) {
    if (total >= requiredM3) break;
    naive[k] = 1;
    total += items.savedM3[k];
  }
  const naiveArea = area(naive);
  sets.push(naive.slice());

  const exact = leastArea(order, items, requiredM3, options.maxNodes ?? 20000);
  if (exact) {
    const marks = base.slice();
    for (const k of exact) marks[k] = 1;
    sets.push(marks);
  }
  for (const beta of BETAS) sets.push(grow(positions, items, requiredM3, adjacency, base, beta, rank));
  for (const fitting of [true, false]) {
    const marks = commandsFirst(positions, items, requiredM3, adjacency, base, rank, fitting);
    if (marks) sets.push(marks);
  }

  let best: SubsetResult | null = null;
  const scored = sets.map((marks) => {
    makeMinimal(marks, positions, items, requiredM3, adjacency);
    return { chosen: marks, areaMu: area(marks), patchCount: patchesOf(adjacency, marks).count, wellsFreed: freedBy(items.commands, marks) };
  });
  const leastMu = Math.min(...scored.map((s) => s.areaMu));
  const limit = Math.min(naiveArea, leastMu * (1 + options.areaToleranceShare)) + 1e-9;
  // a freed well weighs as one patch fewer: whole command areas win where they cost no more land
  const score = (s: SubsetResult) => s.patchCount - s.wellsFreed;
  for (const s of scored) {
    if (s.areaMu > limit) continue;
    if (!best || score(s) < score(best) || (score(s) === score(best) && s.areaMu < best.areaMu)) best = s;
  }
  return best ?? scored[0];
}
