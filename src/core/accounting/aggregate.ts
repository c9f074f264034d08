/**
 * Phase 2 of the accounting: pure and fast, from the geometric split (phase 1) and the attributes,
 * quotas, caps and wells to the units of docs/contract.md. The page keeps phase 1 and re-runs this
 * after every status edit.
 */
import type { Properties } from '../types.ts';
import { M2_PER_MU } from '../units.ts';
import { text } from './attributes.ts';
import { makeCapsIndex } from './capsIndex.ts';
import { makeQuotaLookup, statusQuotaM3PerMu } from './quotaLookup.ts';
import { addOverlaps } from './overlapSums.ts';
import { roundUnit, roundWell, roundTrajectory } from './rounding.ts';
import { cityTrajectory } from './trajectory.ts';
import type { AccountingResult, AccountingSplit, CapRow, PieceSet, QuotaRow, Unassigned } from './types.ts';
import { buildUnits, DEFINITIONS } from './units.ts';
import { addForestPieces, addPlotPieces, addWells, emptySums, forestFacts, plotFacts } from './villageSums.ts';
import { wellRows } from './wells.ts';

export interface AggregateInput {
  year: number;
  split: AccountingSplit;
  /** attributes of every plot, in layer order (geometry not needed) */
  plots: readonly Properties[];
  forest?: readonly Properties[] | null;
  wells?: readonly Properties[] | null;
  quotas: readonly QuotaRow[];
  caps: readonly CapRow[];
  countyName?: string;
  /** file names used in error messages */
  files?: { plots?: string; quotas?: string; caps?: string };
  /** keep full precision (tests of sums); default rounds mu to 1e-4 and m³ to 1e-2 */
  unrounded?: boolean;
}

function outside(pieces: PieceSet | null, ids: (index: number) => string): { mu: number; count: number; ids: string[] } {
  const result = { mu: 0, count: 0, ids: [] as string[] };
  if (!pieces) return result;
  pieces.outsideAreaM2.forEach((areaM2, index) => {
    // under 1 m² outside is boundary noise between coincident edges, not a plot outside the county
    if (areaM2 < 1) return;
    result.mu += areaM2 / M2_PER_MU;
    result.count += 1;
    if (result.ids.length < 200) result.ids.push(ids(index));
  });
  return result;
}

export function accountFromSplit(input: AggregateInput): AccountingResult {
  const { split, year } = input;
  const warnings: string[] = [];
  const caps = makeCapsIndex(input.caps, year);
  if (!caps.years.includes(year)) warnings.push(`caps: no row for year ${year}; caps are not set`);
  const quotas = makeQuotaLookup(input.quotas, input.files?.quotas ?? 'quotas');
  const shares = split.villages.map((v) => caps.shareFor(v.code));
  const sums = split.villages.map(() => emptySums());

  const statusQuotas = { fallow: statusQuotaM3PerMu(input.quotas, 'fallow'), retired: statusQuotaM3PerMu(input.quotas, 'retired') };
  const { facts, unknownStatus } = plotFacts(input.plots, quotas, input.files?.plots ?? 'plots', statusQuotas);
  if (unknownStatus.length) {
    warnings.push(`plots: ${unknownStatus.length} plot(s) with no status (ZT) or an unknown one, counted as planted (e.g. ${unknownStatus.slice(0, 5).join(', ')})`);
  }
  addPlotPieces(sums, split.plots, facts, shares);
  const forest = split.forest && input.forest ? forestFacts(input.forest, quotas) : null;
  if (split.forest && forest) addForestPieces(sums, split.forest, forest, shares);
  addOverlaps(sums, split.overlaps, facts, forest);

  const wells = input.wells && split.wellVillage
    ? wellRows(input.wells, split.wellVillage, split.wellPlacement ?? [], split.villages, warnings)
    : [];
  if (split.wellVillage) addWells(sums, wells, split.wellVillage);

  const units = buildUnits(split.villages, sums, caps, input.countyName ?? '', warnings);
  const city = units.find((u) => u.level === 'city');
  const plotsOutside = outside(split.plots, (i) => text(input.plots[i], 'DKBM') || String(i + 1));
  const forestOutside = outside(split.forest, (i) => text(input.forest?.[i], 'LDBM') || String(i + 1));
  const wellsOutside = wells.filter((w) => w.villageCode === null);
  const unassigned: Unassigned = {
    plotMu: plotsOutside.mu, forestMu: forestOutside.mu, plotCount: plotsOutside.count,
    forestCount: forestOutside.count, plotIds: plotsOutside.ids,
    wellCount: wellsOutside.length, wellIds: wellsOutside.slice(0, 200).map((w) => w.code),
  };
  if (unassigned.plotCount) warnings.push(`plots: ${unassigned.plotCount} plot(s) lie partly or wholly outside every village (${unassigned.plotMu.toFixed(2)} 亩 not counted in any village)`);
  if (unassigned.wellCount) warnings.push(`wells: ${unassigned.wellCount} well(s) in no village, not counted`);
  for (const f of split.plots.failures) warnings.push(`plots: feature ${f.featureIndex + 1}: intersection failed (${f.message})`);

  const trajectory = cityTrajectory(city, caps);
  const round = !input.unrounded;
  return {
    year,
    units: round ? units.map(roundUnit) : units,
    countyName: city?.name ?? input.countyName ?? '',
    trajectory: trajectory && round ? roundTrajectory(trajectory) : trajectory,
    wells: round ? wells.map(roundWell) : wells,
    unassigned,
    warnings,
    definitions: DEFINITIONS,
  };
}
