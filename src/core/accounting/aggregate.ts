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
import { splitCheckWarnings } from './verifySplit.ts';
import { wellRows, withoutReadings } from './wells.ts';

export interface AggregateInput {
  year: number;
  split: AccountingSplit;
  /** attributes of every plot, in layer order (geometry not needed) */
  plots: readonly Properties[];
  forest?: readonly Properties[] | null;
  wells?: readonly Properties[] | null;
  /** the year the wells' readings are of (the page's Layer.readingsYear); other years have none */
  wellsReadingsYear?: number | null;
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

/** What the split's guards did, per layer, for the report (docs/area-and-overlay.md, "Guarantees"). */
function geometryChecks(split: AccountingSplit): AccountingResult['geometryChecks'] {
  const of = (pieces: PieceSet | null) => {
    const checks = pieces?.checks;
    if (!checks) return null;
    return {
      exactChecked: checks.exactChecked,
      corrected: checks.corrected.length,
      overlaySampled: checks.overlay.sampled,
      overlayRetried: checks.overlay.sampleRetries,
      boxCutRetried: checks.overlay.boxCutRetries,
      unionRetried: checks.overlay.unionRetries ?? 0,
    };
  };
  return { plots: of(split.plots), forest: of(split.forest) };
}

/** One warning per caps.csv unit code that names no village, township or city of the layers. */
export function unmatchedCapRows(rows: readonly CapRow[], units: readonly { code: string }[], file: string): string[] {
  const known = new Set(units.map((u) => u.code));
  const unmatched = new Map<string, { name: string; years: number[] }>();
  for (const row of rows) {
    if (known.has(row.code)) continue;
    const entry = unmatched.get(row.code) ?? { name: row.name, years: [] };
    entry.years.push(row.year);
    unmatched.set(row.code, entry);
  }
  return [...unmatched].map(([code, { name, years }]) =>
    `${file}：单位代码 ${code}${name ? `（${name}）` : ''}（${years.join('、')} 年）不是村界图层中任何村、乡镇或县的代码，这些行未使用；请核对代码（村 12 位、乡镇 9 位、县 6 位）或村界图层`);
}

export function accountFromSplit(input: AggregateInput): AccountingResult {
  const { split, year } = input;
  const warnings: string[] = [];
  const caps = makeCapsIndex(input.caps, year);
  const capsFile = input.files?.caps ?? 'caps.csv';
  const plotsFile = input.files?.plots ?? '地块图层';
  if (!caps.years.includes(year)) warnings.push(`${capsFile}：没有 ${year} 年的行，本年控制指标未设；请在指标表中补上 ${year} 年各单位的指标`);
  const quotas = makeQuotaLookup(input.quotas, input.files?.quotas ?? 'quotas');
  const shares = split.villages.map((v) => caps.shareFor(v.code));
  const sums = split.villages.map(() => emptySums());

  const statusQuotas = { fallow: statusQuotaM3PerMu(input.quotas, 'fallow'), retired: statusQuotaM3PerMu(input.quotas, 'retired') };
  const { facts, unknownStatus } = plotFacts(input.plots, quotas, input.files?.plots ?? 'plots', statusQuotas);
  if (unknownStatus.length) {
    warnings.push(`${plotsFile}：${unknownStatus.length} 个地块没有状态（ZT）或状态无法识别，已按种植计算（如 ${unknownStatus.slice(0, 5).join('、')}）；请填写 种植、退减 或 休耕`);
  }
  addPlotPieces(sums, split.plots, facts, shares);
  const forest = split.forest && input.forest ? forestFacts(input.forest, quotas) : null;
  if (split.forest && forest) addForestPieces(sums, split.forest, forest, shares);
  addOverlaps(sums, split.overlaps, facts, forest);

  // readings of another year: the wells count and serve plots, their use this year is unknown
  const readingsYear = input.wellsReadingsYear ?? null;
  const otherYearsReadings = readingsYear !== null && readingsYear !== year && !!input.wells;
  const wells = input.wells && split.wellVillage
    ? wellRows(otherYearsReadings ? withoutReadings(input.wells) : input.wells, split.wellVillage, split.wellPlacement ?? [], split.villages, otherYearsReadings ? [] : warnings)
    : [];
  if (split.wellVillage) addWells(sums, wells, split.wellVillage, !otherYearsReadings);
  if (otherYearsReadings) {
    warnings.push(`机电井图层的读数是 ${readingsYear} 年的，${year} 年没有读数：本年度机电井实际取水未计（计量口径不可用）。如该图层就是 ${year} 年的读数，请在图层面板把“读数年份”改为 ${year}`);
  }

  const units = buildUnits(split.villages, sums, caps, input.countyName ?? '', warnings);
  warnings.push(...unmatchedCapRows(input.caps, units, capsFile));
  const city = units.find((u) => u.level === 'city');
  const plotsOutside = outside(split.plots, (i) => text(input.plots[i], 'DKBM') || String(i + 1));
  const forestOutside = outside(split.forest, (i) => text(input.forest?.[i], 'LDBM') || String(i + 1));
  const wellsOutside = wells.filter((w) => w.villageCode === null);
  const unassigned: Unassigned = {
    plotMu: plotsOutside.mu, forestMu: forestOutside.mu, plotCount: plotsOutside.count,
    forestCount: forestOutside.count, plotIds: plotsOutside.ids,
    wellCount: wellsOutside.length, wellIds: wellsOutside.slice(0, 200).map((w) => w.code),
  };
  if (unassigned.plotCount) warnings.push(`${plotsFile}：${unassigned.plotCount} 个地块部分或全部位于所有村界之外（共 ${unassigned.plotMu.toFixed(2)} 亩未计入任何村，如 ${unassigned.plotIds.slice(0, 5).join('、')}）；请核对村界图层或地块位置`);
  if (unassigned.wellCount) warnings.push(`机电井图层：${unassigned.wellCount} 眼井不在任何村内且坐落代码无法对应到村，未计入（如 ${unassigned.wellIds.slice(0, 5).join('、')}）；请核对 ZLDWDM 或井位`);
  for (const f of split.plots.failures) warnings.push(`${plotsFile}：第 ${f.featureIndex + 1} 个要素与村界求交失败（${f.message}），其面积按村界外计；请检查该地块几何`);
  warnings.push(...splitCheckWarnings(split.plots, '地块', (i) => text(input.plots[i], 'DKBM') || String(i + 1)));
  warnings.push(...splitCheckWarnings(split.forest, '人工林', (i) => text(input.forest?.[i], 'LDBM') || String(i + 1)));

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
    geometryChecks: geometryChecks(split),
    definitions: DEFINITIONS,
  };
}
