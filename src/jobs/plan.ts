/**
 * The plan job (docs/plan.md): the accounting of year Y on today's accounting code (phase 1 reused
 * when the caller hands back a `split`), then the choice of plots per over-cap village. Runs the
 * same in the page's worker, in the CLI and in tests.
 */
import { decodeColumns, type EncodedColumns } from '../core/accounting/encodeAttributes.ts';
import { accountFromSplit } from '../core/accounting/aggregate.ts';
import { makeCapsIndex } from '../core/accounting/capsIndex.ts';
import { makeQuotaLookup } from '../core/accounting/quotaLookup.ts';
import { splitByVillage } from '../core/accounting/split.ts';
import type { AccountingResult, AccountingSplit, CapRow, QuotaRow } from '../core/accounting/types.ts';
import { overlay } from '../core/geometry/overlay.ts';
import type { PackedLayer } from '../core/geometry/packedLayer.ts';
import { unpackGeometry } from '../core/geometry/pieceGeometry.ts';
import { actionQuotaM3PerMu, type AnyQuotaRow } from '../core/plan/basis.ts';
import { planCountyWithContext } from '../core/plan/plan.ts';
import type { RevisionContext } from '../core/plan/revise.ts';
import type { PlanAction, PlanBasis, PlanResult } from '../core/plan/types.ts';
import type { TableRow } from '../io/tables/csv.ts';
import { quotasFromTable } from '../io/tables/quotas.ts';
import { normaliseHeader } from '../io/tables/tableSchema.ts';
import { wellPoints } from '../core/selection/wellService.ts';
import { InputError, throwIfCancelled, type Feature, type Geometry, type JobContext, type Layer, type Properties } from '../core/types.ts';

export interface PlanInput {
  year: number;
  basis?: PlanBasis;
  action?: PlanAction;
  quotas: QuotaRow[];
  caps: CapRow[];
  /** 状态 rows of quotas.csv when the quota reader of the caller drops them */
  stateQuotas?: AnyQuotaRow[];
  layers?: { villages: Layer; plots: Layer; forest?: Layer | null; wells?: Layer | null };
  /** the page's way: packed plot geometry and plain attributes */
  geometry?: { villages: Feature<Geometry | null, Properties>[]; plots: PackedLayer; forest?: PackedLayer | null; wells?: Feature<Geometry | null, Properties>[] | null };
  /** plot properties, or the same as dictionary-coded columns (the page's way) */
  attributes?: { plots: Properties[] | EncodedColumns; forest?: Properties[] | null; wells?: Properties[] | null };
  split?: AccountingSplit;
  /** plot index → status edits not yet in the layer */
  statusEdits?: Record<number, string>;
  locked?: string[];
  scope?: string[] | null;
  patchGapM?: number;
  countyName?: string;
  /** the year the wells' readings are of (the page's Layer.readingsYear); other years have none */
  wellsReadingsYear?: number | null;
  files?: { villages?: string; plots?: string; quotas?: string; caps?: string };
}

export interface PlanOutput {
  plan: PlanResult;
  /** what revisePlan needs to recompute the figures after plots are added or removed by hand */
  revision: RevisionContext;
  accounting: AccountingResult;
  split: AccountingSplit;
}

const unpackAll = (packed: PackedLayer): (Geometry | null)[] =>
  Array.from({ length: packed.featureStarts.length - 1 }, (_, k) => unpackGeometry(packed, k));

function withEdits(plots: Properties[], edits: Record<number, string> | undefined): Properties[] {
  if (!edits || Object.keys(edits).length === 0) return plots;
  const out = plots.slice();
  for (const [index, status] of Object.entries(edits)) if (out[Number(index)]) out[Number(index)] = { ...out[Number(index)], ZT: status };
  return out;
}

function sources(input: PlanInput) {
  if (input.geometry && input.attributes) {
    const g = input.geometry;
    return {
      villages: g.villages, plotGeometries: unpackAll(g.plots), forestGeometries: g.forest ? unpackAll(g.forest) : null, wells: g.wells ?? null,
      plots: Array.isArray(input.attributes.plots) ? input.attributes.plots : decodeColumns(input.attributes.plots), forest: input.attributes.forest ?? null, wellProperties: input.attributes.wells ?? null,
    };
  }
  const l = input.layers;
  if (!l) throw new InputError('plan', { zh: '需要村界和地块图层；请先添加这两个图层', en: 'needs the villages and plots layers' });
  return {
    villages: l.villages.features.features,
    plotGeometries: l.plots.features.features.map((f) => f.geometry),
    forestGeometries: l.forest?.features.features.map((f) => f.geometry) ?? null,
    wells: l.wells?.features.features ?? null,
    plots: l.plots.features.features.map((f) => f.properties ?? {}),
    forest: l.forest?.features.features.map((f) => f.properties ?? {}) ?? null,
    wellProperties: l.wells?.features.features.map((f) => f.properties ?? {}) ?? null,
  };
}

export async function planJob(input: PlanInput, context: JobContext = {}): Promise<PlanOutput> {
  const s = sources(input);
  const split = input.split ?? await splitByVillage(
    { villages: s.villages, plots: s.plotGeometries, forest: s.forestGeometries, wells: s.wells, files: { villages: input.files?.villages } },
    (a, b, options) => overlay(a, b, options),
    { signal: context.signal, onProgress: (p) => context.onProgress?.({ ...p, stage: 'split' }) },
  );
  throwIfCancelled(context.signal);
  if (s.plots.length !== split.plots.featureAreaM2.length) {
    throw new InputError(input.files?.plots ?? 'plots', { zh: '地块在切分之后有变动；请重新计算（从图层重新切分）', en: 'the plots changed since their geometry was split; recompute from the layers' });
  }
  const plots = withEdits(s.plots, input.statusEdits);
  const accounting = accountFromSplit({
    year: input.year, split, plots, forest: s.forest, wells: s.wellProperties, quotas: input.quotas, caps: input.caps,
    wellsReadingsYear: input.wellsReadingsYear ?? input.layers?.wells?.readingsYear ?? null, countyName: input.countyName, files: input.files, unrounded: true,
  });
  const action = input.action ?? '退减';
  const caps = makeCapsIndex(input.caps, input.year);
  const allQuotaRows: AnyQuotaRow[] = [...input.quotas, ...(input.stateQuotas ?? [])];
  const { result: plan, revision } = await planCountyWithContext({
    year: input.year, basis: input.basis ?? 'demand', action,
    villages: split.villages, pieces: split.plots, plots, geometries: s.plotGeometries, units: accounting.units,
    quotas: makeQuotaLookup(input.quotas, input.files?.quotas ?? 'quotas'),
    shares: split.villages.map((v) => caps.shareFor(v.code)),
    actionQuotaM3PerMu: actionQuotaM3PerMu(allQuotaRows, action),
    locked: new Set(input.locked ?? []),
    wells: s.wells ? wellPoints(s.wells) : null,
    scope: input.scope ? new Set(input.scope) : null,
    patchGapM: input.patchGapM,
    countyName: input.countyName ?? accounting.countyName,
  }, context);
  plan.warnings.push(...accounting.warnings);
  return { plan, revision, accounting, split };
}

/**
 * quotas.csv rows for the plan: the crop and forest rows through the quota reader, and the 状态 rows
 * (类别 状态, 名称 休耕 or 退减: water still given to such land). A reader that knows 状态 rows keeps
 * them among the quotas; one that refuses them gets the table without them.
 */
export function planQuotasFromTable(rows: TableRow[], file: string): { quotas: QuotaRow[]; stateQuotas: AnyQuotaRow[] } {
  const header = rows[0]?.cells.map(normaliseHeader) ?? [];
  const at = (names: string[]) => header.findIndex((h) => names.includes(h));
  const category = at(['类别', 'category', '类型']);
  const name = at(['名称', 'name', '作物', '作物或林种']);
  const method = at(['灌溉方式', 'method', 'ggfs']);
  const quota = at(['定额', 'quota', '亩均定额', '亩均计划水量', '用水定额']);
  const isState = (r: TableRow) => category >= 0 && (r.cells[category] ?? '').trim() === '状态';
  const stateQuotas: AnyQuotaRow[] = [];
  for (const r of rows.slice(1).filter(isState)) {
    const value = Number((r.cells[quota] ?? '').trim());
    const label = (r.cells[name] ?? '').trim();
    if (!Number.isFinite(value) || value < 0 || (label !== '休耕' && label !== '退减')) {
      throw new InputError(file, `第 ${r.line} 行：状态定额应为 名称 休耕 或 退减、定额为非负数（row ${r.line}）`);
    }
    stateQuotas.push({ category: '状态', name: label, method: (r.cells[method] ?? '').trim() || '*', quotaM3PerMu: value });
  }
  try {
    return { quotas: quotasFromTable(rows, file), stateQuotas };
  } catch (error) {
    if (stateQuotas.length === 0) throw error;
    return { quotas: quotasFromTable(rows.filter((r) => !isState(r)), file), stateQuotas };
  }
}

export interface ScheduleYear {
  year: number;
  /** the city's groundwater cap and its cut from the year before */
  groundwaterCapM3: number | null;
  capCutM3: number | null;
  villagesOver: number;
  villagesMet: number;
  /** area newly set aside this year, and in all since the first year of the schedule */
  chosenMu: number;
  cumulativeMu: number;
  savedM3: number;
  patchCount: number;
  greedyPatchCount: number;
}

export interface ScheduleOutput {
  years: ScheduleYear[];
  /** 前轻后重: each year's cut of the city's groundwater cap at least the year before's */
  capCutsGrowEachYear: boolean | null;
  /** each year's newly set-aside area at least the year before's */
  retiredAreaGrowsEachYear: boolean | null;
  plans: PlanResult[];
}

/**
 * The multi-year 前轻后重 schedule: from `input.year` to the last year of caps.csv, the plan year
 * by year, each year starting from the statuses the previous year's plan left (its plots set to the
 * action). The geometric split is done once.
 */
export async function planScheduleJob(input: PlanInput, context: JobContext = {}): Promise<ScheduleOutput> {
  const years = [...new Set(input.caps.map((c) => c.year))].filter((y) => y >= input.year).sort((a, b) => a - b);
  const plots = sources(input).plots;
  const n = plots.length;
  const edits: Record<number, string> = { ...(input.statusEdits ?? {}) };
  const plans: PlanResult[] = [];
  let split = input.split;
  for (const [k, year] of years.entries()) {
    throwIfCancelled(context.signal);
    // progress over the whole schedule: year k of n, and the share of that year's plan done
    const yearContext: JobContext = {
      signal: context.signal,
      onProgress: (p) => context.onProgress?.({ stage: 'schedule', done: k + (p.total ? p.done / p.total : 0), total: years.length }),
    };
    const { plan, split: kept } = await planJob({ ...input, year, split, statusEdits: edits }, yearContext);
    split = kept;
    plans.push(plan);
    for (const p of plan.plots) if (p.featureIndex < n) edits[p.featureIndex] = plan.action;
  }
  const cityCap = (year: number) => input.caps.find((c) => c.year === year && c.code.length === 6)?.groundwaterCapM3 ?? null;
  let cumulative = 0;
  const rows = plans.map((plan, k): ScheduleYear => {
    const city = plan.units.find((u) => u.level === 'city')!;
    const villages = plan.units.filter((u) => u.level === 'village' && (u.excessBeforeM3 ?? 0) > 0);
    cumulative += city.chosenMu;
    const cap = cityCap(plan.year);
    const before = k > 0 ? cityCap(plans[k - 1].year) : cityCap(plan.year - 1);
    return {
      year: plan.year, groundwaterCapM3: cap, capCutM3: cap !== null && before !== null ? before - cap : null,
      villagesOver: villages.length, villagesMet: villages.filter((u) => u.capMet).length,
      chosenMu: city.chosenMu, cumulativeMu: cumulative, savedM3: city.savedM3, patchCount: city.patchCount, greedyPatchCount: city.greedy.patchCount,
    };
  });
  const grows = (values: (number | null)[]): boolean | null => {
    const known = values.filter((v): v is number => v !== null);
    return known.length < 2 ? null : known.every((v, i) => i === 0 || v >= known[i - 1] - 1e-6);
  };
  return { years: rows, capCutsGrowEachYear: grows(rows.map((r) => r.capCutM3)), retiredAreaGrowsEachYear: grows(rows.map((r) => r.chosenMu)), plans };
}

/** The schedule without each year's whole plan: what the page shows (its table), light to send back. */
export async function planScheduleSummaryJob(input: PlanInput, context: JobContext = {}): Promise<Omit<ScheduleOutput, 'plans'>> {
  const { plans: _plans, ...summary } = await planScheduleJob(input, context);
  return summary;
}
