/**
 * caps.csv for the sample: each village's caps follow from its own demand (planted area × quota,
 * groundwater by source) with some slack, falling each year to 2025 (前轻后重); seven villages are
 * seeded over their caps. Townships and the county are the sums of their villages.
 */
import type { SampleModel } from './build.ts';
import { COUNTY_CODE, COUNTY_NAME } from './names.ts';
import type { Rng } from './prng.ts';
import { type CapRow, type UnitDemand, FOREST_QUOTA_M3_PER_MU, capsCsv, cropQuota, sumRows, villageCapRows } from './tables.ts';

const TOWNSHIP_MIX_SHARE = [0.5, 0.5, 0.4, 0.6, 0.5];
const OVER_CAP_VILLAGES = 7;

export interface CapsResult {
  csv: string;
  overCapVillages: string[];
}

export function buildCaps(m: SampleModel, rng: Rng): CapsResult {
  const order = m.villages.map((_, k) => ({ k, r: rng.next() })).sort((a, b) => a.r - b.r);
  const over = new Set(order.slice(0, OVER_CAP_VILLAGES).map((x) => x.k));
  const overrides = new Map(order.slice(OVER_CAP_VILLAGES, OVER_CAP_VILLAGES + 4).map((x, n) => [x.k, n % 2 ? 0.7 : 0.3]));
  const demands = m.villages.map((v, k): UnitDemand => {
    const mix = overrides.get(k) ?? TOWNSHIP_MIX_SHARE[v.township];
    const gwShare = { 井灌: 1, 井渠混灌: mix, 渠灌: 0 } as const;
    let irrigationM3 = 0;
    let groundwaterM3 = 0;
    for (const p of m.plots) {
      if (p.village !== k || p.attrs.ZT !== '种植') continue;
      const d = p.areaMu * cropQuota(p.attrs.ZZZW, p.attrs.GGFS);
      irrigationM3 += d;
      groundwaterM3 += d * gwShare[p.attrs.SYLX];
    }
    for (const f of m.forest) {
      if (f.village !== k || !f.irrigated) continue;
      irrigationM3 += f.areaMu * FOREST_QUOTA_M3_PER_MU;
      groundwaterM3 += f.areaMu * FOREST_QUOTA_M3_PER_MU * gwShare[f.source];
    }
    const seat = k === m.layout.townshipSeatVillage;
    return {
      code: v.code,
      name: v.name,
      irrigationM3,
      groundwaterM3,
      industrialM3: seat ? 1_200_000 : rng.chance(0.1) ? rng.uniform(150_000, 400_000) : 0,
      domesticM3: rng.uniform(800, 3500) * 0.08 * 365 * (seat ? 6 : 1),
      overCap: over.has(k),
      slack: over.has(k) ? rng.uniform(0.82, 0.93) : rng.uniform(1.24, 1.4),
      mixShare: overrides.get(k) ?? null,
    };
  });
  const villageRows = demands.flatMap(villageCapRows);
  const townshipRows = m.townships.flatMap((t, ti) =>
    sumRows(villageRows.filter((r) => m.villages.find((v) => v.code === r.code)?.township === ti), t.code, t.name, TOWNSHIP_MIX_SHARE[ti]),
  );
  const cityRows = sumRows(townshipRows, COUNTY_CODE, COUNTY_NAME, null);
  const rows: CapRow[] = [...cityRows, ...townshipRows, ...villageRows].sort((a, b) => a.year - b.year || a.code.length - b.code.length || (a.code < b.code ? -1 : 1));
  return { csv: capsCsv(rows), overCapVillages: demands.filter((d) => d.overCap).map((d) => d.code) };
}
