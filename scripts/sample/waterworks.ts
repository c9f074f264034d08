/**
 * Wells (机电井) and canals (渠道). A well serves the block it stands in; its yearly volume is
 * the block's groundwater demand give or take a fifth, spread over the irrigation season, and
 * its electricity is volume ÷ the well's true m³/kWh (1.1–2.8 for deep wells: Tc ≈ 367·η / head).
 * Metered wells also carry their meter readings; the recorded coefficient is a test value a few
 * per cent off the true one.
 */
import type { Grid, Corridor } from './grid.ts';
import type { Rng } from './prng.ts';
import type { CanalRecord, WellRecord } from './records.ts';
import type { Pt } from './types.ts';

/** Share of the year's pumping by month (April–October season in 北疆). */
const SEASON = [0, 0, 0, 0.05, 0.15, 0.22, 0.25, 0.2, 0.1, 0.03, 0, 0];

export function makeWell(at: Pt, village: number, jbm: string, demandM3: number, rng: Rng): WellRecord {
  const yearM3 = demandM3 * rng.uniform(0.85, 1.2);
  const trueCoefficient = rng.uniform(1.1, 2.8);
  const metered = rng.chance(0.75);
  const monthlyM3 = SEASON.map((s) => Math.round(yearM3 * s * rng.uniform(0.9, 1.1)));
  const monthlyKwh = monthlyM3.map((m) => Math.round(m / trueCoefficient));
  const coefficient = Math.round(trueCoefficient * rng.uniform(0.95, 1.05) * 100) / 100;
  const permitM3 = Math.round((yearM3 * rng.uniform(0.92, 1.3)) / 1000) * 1000;
  return { at, village, jbm, permitM3, metered, coefficient, monthlyM3, monthlyKwh };
}

const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export function chineseNumber(n: number): string {
  if (n <= 10) return NUMERALS[n - 1];
  if (n < 20) return `十${NUMERALS[n - 11]}`;
  const tens = Math.floor(n / 10);
  return `${NUMERALS[tens - 1]}十${n % 10 ? NUMERALS[(n % 10) - 1] : ''}`;
}

interface CanalInput {
  grid: Grid;
  corridors: Corridor[];
  mainLines: [number, number];
  mainNames: [string, string];
  riverLine: number;
}

/** Main canals along their lines; branch canals along the branch lines out from the nearer main canal; laterals between branches. */
export function buildCanals({ grid, corridors, mainLines, mainNames, riverLine }: CanalInput): CanalRecord[] {
  const inside = corridors.filter((c) => c.status === 'inside');
  const canals: CanalRecord[] = [];
  mainLines.forEach((line, k) => {
    const segs = inside.filter((c) => c.vertical && c.line === line).sort((a, b) => a.box[1] - b.box[1]);
    if (!segs.length) return;
    const u = grid.U[line];
    canals.push({ line: [[u, segs[0].box[1]], [u, segs[segs.length - 1].box[3]]], name: mainNames[k], grade: '干渠' });
  });
  const branchCount = [0, 0];
  for (let j = 0; j <= grid.nj; j++) {
    if (grid.vKind[j] !== 'branch') continue;
    const segs = inside.filter((c) => !c.vertical && c.line === j).sort((a, b) => a.box[0] - b.box[0]);
    for (const run of runs(segs)) {
      const owner = Math.abs(grid.U[mainLines[0]] - (run[0] + run[1]) / 2) < Math.abs(grid.U[mainLines[1]] - (run[0] + run[1]) / 2) ? 0 : 1;
      branchCount[owner]++;
      const name = `${mainNames[owner]}${chineseNumber(branchCount[owner])}支渠`;
      canals.push({ line: [[run[0], grid.V[j]], [run[1], grid.V[j]]], name, grade: '支渠' });
      lateralsOf(grid, inside, run, j, name, riverLine, canals);
    }
  }
  return canals;
}

/** Runs of touching segments, broken where a main canal crosses. */
function runs(segs: Corridor[]): [number, number][] {
  const out: [number, number][] = [];
  for (const s of segs) {
    const last = out[out.length - 1];
    if (last && Math.abs(last[1] - s.box[0]) < 25) last[1] = s.box[2];
    else out.push([s.box[0], s.box[2]]);
  }
  return out.filter(([a, b]) => b - a > 1500);
}

function lateralsOf(grid: Grid, inside: Corridor[], [a, b]: [number, number], j: number, branch: string, riverLine: number, canals: CanalRecord[]): void {
  let n = 0;
  for (let i = 0; i <= grid.ni; i++) {
    if (grid.uKind[i] !== 'lateral' || grid.U[i] <= a || grid.U[i] >= b || i === riverLine || i === riverLine + 2) continue;
    const segs = inside.filter((c) => c.vertical && c.line === i && c.along >= j && c.along < j + 3).sort((x, y) => x.box[1] - y.box[1]);
    if (segs.length < 2) continue;
    n++;
    canals.push({ line: [[grid.U[i], grid.V[j]], [grid.U[i], segs[segs.length - 1].box[3]]], name: `${branch}${chineseNumber(n)}斗渠`, grade: '斗渠' });
  }
}
