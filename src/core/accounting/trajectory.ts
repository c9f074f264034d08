/**
 * The city's groundwater caps year by year against the target (the last year in caps.csv), as the
 * plan sets them: "逐年递减地下水开采量 … 前轻后重" (seeds/003: falling every year, smaller cuts
 * first, larger later). Demand and actual use are known only for the accounted year.
 */
import type { CapsIndex } from './capsIndex.ts';
import type { Trajectory, TrajectoryYear, Unit } from './types.ts';

export function cityTrajectory(city: Unit | undefined, caps: CapsIndex): Trajectory | null {
  if (!city) return null;
  const history = caps.history(city.code);
  const years: TrajectoryYear[] = [];
  let previousCap: number | null = null;
  for (const row of history) {
    years.push({
      year: row.year,
      groundwaterCapM3: row.groundwaterCapM3,
      totalCapM3: row.totalCapM3,
      groundwaterCapCutM3: previousCap !== null && row.groundwaterCapM3 !== null ? previousCap - row.groundwaterCapM3 : null,
      groundwaterDemandM3: row.year === caps.year ? city.groundwaterDemandM3 : null,
      actualGroundwaterM3: row.year === caps.year ? city.actualGroundwaterM3 : null,
    });
    previousCap = row.groundwaterCapM3;
  }
  if (!years.some((y) => y.year === caps.year)) {
    years.push({
      year: caps.year, groundwaterCapM3: null, totalCapM3: null, groundwaterCapCutM3: null,
      groundwaterDemandM3: city.groundwaterDemandM3, actualGroundwaterM3: city.actualGroundwaterM3,
    });
    years.sort((a, b) => a.year - b.year);
  }
  const withCap = years.filter((y) => y.groundwaterCapM3 !== null);
  const target = withCap[withCap.length - 1] ?? null;
  const cuts = years.map((y) => y.groundwaterCapCutM3).filter((c): c is number => c !== null);
  return {
    cityCode: city.code,
    targetYear: target?.year ?? null,
    targetGroundwaterM3: target?.groundwaterCapM3 ?? null,
    years,
    cutsGrowEachYear: cuts.length < 2 ? null : cuts.every((cut, i) => i === 0 || cut >= cuts[i - 1] - 1e-6),
  };
}
