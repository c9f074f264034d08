/**
 * Seeded reconciliation anomalies, each well above the default tolerances (≥ 3 亩 and ≥ 10 % of
 * the feature), about fifteen of each kind, on features no other anomaly touches.
 */
import type { Region } from './grid.ts';
import type { Rng } from './prng.ts';
import type { Anomaly, ForestRecord, PlotRecord } from './records.ts';
import { type Poly, rect } from './types.ts';

export interface AnomalyContext {
  plots: PlotRecord[];
  forest: ForestRecord[];
  regions: Region[];
  villageCode(v: number): string;
  villageName(v: number): string;
  /** the other villages a region touches */
  neighbourVillages(region: Region): number[];
  areaMu(polys: Poly[]): number;
  /** canal-fed farm blocks whose cultivated parcels are all 0103 旱地 (so their plots lie wholly on it) */
  drylandCells: ReadonlySet<number>;
  newPlot(template: Omit<PlotRecord, 'dkbm' | 'areaMu' | 'sbmjMu'>): PlotRecord;
  newForest(template: Omit<ForestRecord, 'ldbm' | 'areaMu'>): ForestRecord;
}

const PER_KIND = 16;
const box = (p: PlotRecord) => {
  const r = p.polys[0][0];
  return { u0: r[0][0], v0: r[0][1], u1: r[2][0], v1: r[2][1] };
};

function candidates(ctx: AnomalyContext, rng: Rng, minMu: number, extra: (p: PlotRecord) => boolean = () => true): PlotRecord[] {
  const list = ctx.plots.filter((p) => p.strip && !p.used && !p.courtyard && p.areaMu >= minMu && extra(p));
  return list.map((p) => ({ p, k: rng.next() })).sort((a, b) => a.k - b.k).map((x) => x.p);
}

export function seedAreaMismatch(ctx: AnomalyContext, rng: Rng): Anomaly[] {
  return candidates(ctx, rng, 25).slice(0, PER_KIND).map((p) => {
    p.used = true;
    const factor = rng.chance(0.6) ? rng.uniform(1.18, 1.4) : rng.uniform(0.62, 0.82);
    p.sbmjMu = Math.round(p.areaMu * factor * 100) / 100;
    return { kind: 'area_mismatch', layer: 'plots', featureId: p.dkbm, villageCode: ctx.villageCode(p.village), expectedAreaMu: round4(Math.abs(p.sbmjMu - p.areaMu)), note: `申报 ${p.sbmjMu} 亩，图上 ${p.areaMu.toFixed(2)} 亩` };
  });
}

export function seedVillageMismatch(ctx: AnomalyContext, rng: Rng): Anomaly[] {
  const out: Anomaly[] = [];
  for (const p of candidates(ctx, rng, 8)) {
    if (out.length === PER_KIND) break;
    const others = ctx.neighbourVillages(ctx.regions[p.cell]);
    if (!others.length) continue;
    p.used = true;
    p.recordedVillage = rng.pick(others);
    out.push({ kind: 'village_mismatch', layer: 'plots', featureId: p.dkbm, villageCode: ctx.villageCode(p.village), recordedVillageCode: ctx.villageCode(p.recordedVillage), expectedAreaMu: round4(p.areaMu), note: `登记为${ctx.villageName(p.recordedVillage)}，地块全部位于${ctx.villageName(p.village)}（${ctx.villageCode(p.village)}）` });
  }
  return out;
}

export function seedPlotOverlap(ctx: AnomalyContext, rng: Rng): Anomaly[] {
  return candidates(ctx, rng, 20).slice(0, PER_KIND).map((p) => {
    p.used = true;
    const b = box(p);
    const share = rng.uniform(0.55, 0.95);
    const polys = [[rect(b.u0, b.v1 - (b.v1 - b.v0) * share, b.u1, b.v1)]];
    const dup = ctx.newPlot({ polys, village: p.village, recordedVillage: p.village, cell: p.cell, attrs: { ...p.attrs }, strip: false, courtyard: false, used: true });
    const [first, second] = p.dkbm < dup.dkbm ? [p, dup] : [dup, p];
    return { kind: 'plot_overlap', layer: 'plots', featureId: first.dkbm, otherId: second.dkbm, villageCode: ctx.villageCode(p.village), expectedAreaMu: round4(dup.areaMu), note: `重复登记：${dup.dkbm} 与 ${p.dkbm} 重叠` };
  });
}

export function seedForestOnPlanting(ctx: AnomalyContext, rng: Rng): Anomaly[] {
  return candidates(ctx, rng, 25, (p) => p.attrs.ZT === '种植').slice(0, PER_KIND).map((p) => {
    p.used = true;
    const b = box(p);
    const h = b.v1 - b.v0;
    const start = b.v0 + h * rng.uniform(0.15, 0.3);
    const polys = [[rect(b.u0 + 3, start, b.u1 - 3, start + h * rng.uniform(0.35, 0.6))]];
    const type = rng.weighted([['退耕还林', 0.6], ['经济林', 0.25], ['农田防护林', 0.15]] as const);
    const f = ctx.newForest({ polys, village: p.village, type, source: p.attrs.SYLX, irrigated: true });
    return { kind: 'forest_on_planting', layer: 'forest', featureId: f.ldbm, otherId: p.dkbm, villageCode: ctx.villageCode(p.village), expectedAreaMu: round4(f.areaMu), note: `${type}图斑与种植地块 ${p.dkbm} 重叠（退耕还林复耕或套种）` };
  });
}

/**
 * Plots on grassland: possible illegal reclamation (违法开荒). Some of the hosts are greenhouse
 * land (1202): plots there are greenhouse planting, its purpose, which the reconciliation leaves
 * out by default — they are drawn (the county has them) but not listed as anomalies.
 */
export function seedNonCultivated(ctx: AnomalyContext, rng: Rng, template: PlotRecord['attrs']): Anomaly[] {
  const hosts = ctx.regions
    .filter((r) => r.status === 'inside' && (r.type === 'grass' || r.type === 'piedmont' || r.type === 'facility'))
    .map((r) => ({ r, k: rng.next() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.r)
    .slice(0, PER_KIND);
  const drawn = hosts.map((r) => {
    const [u0, v0, u1, v1] = r.box;
    const w = rng.uniform(110, Math.min(260, u1 - u0 - 60));
    const h = rng.uniform(180, Math.min(450, v1 - v0 - 60));
    const a = rng.uniform(u0 + 25, u1 - 25 - w);
    const b = rng.uniform(v0 + 25, v1 - 25 - h);
    const attrs = { ...template, ZZZW: rng.pick(['棉花', '玉米'] as const), CBFMC: template.CBFMC };
    const p = ctx.newPlot({ polys: [[rect(a, b, a + w, b + h)]], village: r.village, recordedVillage: r.village, cell: r.id, attrs, strip: false, courtyard: false, used: true });
    const land = r.type === 'piedmont' ? '天然牧草地' : '其他草地';
    return r.type === 'facility' ? null : { kind: 'non_cultivated_planting', layer: 'plots', featureId: p.dkbm, villageCode: ctx.villageCode(r.village), expectedAreaMu: round4(p.areaMu), note: `地块位于三调${land}上` };
  });
  return drawn.filter((a): a is Anomaly => a !== null);
}

/**
 * A canal-fed plot on rain-fed land (0103) given a well: irrigation expanded onto 旱地 (dryland_irrigation).
 * Only blocks whose cultivated parcels are all 0103, so the whole plot lies on it.
 */
export function seedDrylandIrrigation(ctx: AnomalyContext, rng: Rng): Anomaly[] {
  return candidates(ctx, rng, 8, (p) => p.attrs.ZT === '种植' && p.attrs.SYLX === '渠灌' && ctx.drylandCells.has(p.cell) && p.polys.length === 1 && p.polys[0].length === 1)
    .slice(0, PER_KIND)
    .map((p) => {
      p.used = true;
      p.attrs = { ...p.attrs, SYLX: rng.chance(0.7) ? '井灌' : '井渠混灌' };
      return { kind: 'dryland_irrigation', layer: 'plots', featureId: p.dkbm, villageCode: ctx.villageCode(p.village), expectedAreaMu: round4(p.areaMu), note: `${p.attrs.SYLX}地块位于三调旱地（0103）上，疑似扩大灌溉面积` };
    });
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
