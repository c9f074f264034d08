/**
 * The rules on hand-written overlay outcomes: which pairs become findings, with what ids, areas,
 * shares and villages; the tolerance boundary on both sides.
 */
import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { M2_PER_MU } from '../../src/core/units.ts';
import { DEFAULT_RECONCILE_SETTINGS } from '../../src/core/reconcile/settings.ts';
import type { PlotRecord, SurveyRecord, VillageRecord } from '../../src/core/reconcile/records.ts';
import type { RuleContext } from '../../src/core/reconcile/rules/context.ts';
import { nonCultivatedPlanting } from '../../src/core/reconcile/rules/nonCultivatedPlanting.ts';
import { forestOnPlanting } from '../../src/core/reconcile/rules/forestOnPlanting.ts';
import { plotOverlap } from '../../src/core/reconcile/rules/plotOverlap.ts';
import { areaMismatch } from '../../src/core/reconcile/rules/areaMismatch.ts';
import { mainVillages, splitByVillage, villageMismatch } from '../../src/core/reconcile/rules/villageMismatch.ts';
import { uncoveredCultivated } from '../../src/core/reconcile/rules/uncoveredCultivated.ts';
import { drylandIrrigation } from '../../src/core/reconcile/rules/drylandIrrigation.ts';

const mu = (areaMu: number): number => areaMu * M2_PER_MU;
const square: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
const V1 = '652301100001';
const V2 = '652301100002';

function plot(index: number, id: string, extra: Partial<PlotRecord> = {}): PlotRecord {
  return { index, id, status: '种植', declaredMu: null, recordedVillageCode: V1, ...extra };
}

function context(plots: PlotRecord[], areasMu: number[], villages?: string[]): RuleContext {
  return Object.freeze({
    settings: DEFAULT_RECONCILE_SETTINGS,
    plots,
    plotAreaM2: areasMu.map(mu),
    plotVillage: villages ?? plots.map(() => V1),
  });
}

const parcel = (index: number, id: string, dlbm: string): SurveyRecord => ({ index, id, dlbm, villageCode: V1 });

describe('non_cultivated_planting: courtyard and greenhouse land', () => {
  const ctx = context([plot(0, 'COURT', { courtyard: true }), plot(1, 'FIELD'), plot(2, 'SHED')], [10, 10, 10]);
  const parcels = [parcel(0, 'S-home', '0702'), parcel(1, 'S-facility', '1202')];
  const pairs = [
    { a: 0, b: 0, areaM2: mu(9), geometry: square },
    { a: 1, b: 0, areaM2: mu(9), geometry: square },
    { a: 2, b: 1, areaM2: mu(9), geometry: square },
  ];
  it('does not report a courtyard plot on 0702, but does a field plot there', () => {
    expect(nonCultivatedPlanting(ctx, pairs, parcels).map((f) => f.featureId)).toEqual(['FIELD']);
  });
  it('reports planting on 1202 only when the setting asks for it', () => {
    const settings = { ...DEFAULT_RECONCILE_SETTINGS, reportFacilityLand: true };
    expect(DEFAULT_RECONCILE_SETTINGS.reportFacilityLand).toBe(false);
    expect(nonCultivatedPlanting({ ...ctx, settings }, pairs, parcels).map((f) => f.featureId)).toEqual(['FIELD', 'SHED']);
  });
});

describe('dryland_irrigation', () => {
  const ctx = context([
    plot(0, 'WELL', { source: '井灌' }), plot(1, 'MIXED', { source: '井渠混灌' }), plot(2, 'CANAL', { source: '渠灌' }),
    plot(3, 'FALLOW', { source: '井灌', status: '休耕' }), plot(4, 'SLIVER', { source: '井灌' }),
  ], [20, 20, 20, 20, 100]);
  const parcels = [parcel(0, 'S-dry', '0103'), parcel(1, 'S-dry2', '0103'), parcel(2, 'S-irrigated', '0102')];
  it('reports well-fed planted plots on 0103, summed over parcels, naming the largest', () => {
    const pairs = [
      { a: 0, b: 0, areaM2: mu(4), geometry: square }, { a: 0, b: 1, areaM2: mu(6), geometry: square },
      { a: 0, b: 2, areaM2: mu(10), geometry: square },
      { a: 1, b: 0, areaM2: mu(20), geometry: square }, { a: 2, b: 0, areaM2: mu(20), geometry: square },
      { a: 3, b: 0, areaM2: mu(20), geometry: square },
      // 0.6 亩 of a 100 亩 plot: above the area floor, below the 1 % share
      { a: 4, b: 0, areaM2: mu(0.6), geometry: square },
    ];
    const found = drylandIrrigation(ctx, pairs, parcels);
    expect(found.map((f) => [f.kind, f.featureId, f.otherId])).toEqual([['dryland_irrigation', 'WELL', 'S-dry2'], ['dryland_irrigation', 'MIXED', 'S-dry']]);
    expect(found[0].areaMu).toBeCloseTo(10, 10);
    expect(found[0].share).toBeCloseTo(0.5, 10);
    expect(found[0].explanation).toContain('旱地');
  });
});

describe('non_cultivated_planting', () => {
  const ctx = context([plot(0, 'P1'), plot(1, 'P2', { status: '退减' }), plot(2, 'P3')], [100, 100, 100]);
  const parcels = [parcel(0, 'S-grass', '0404'), parcel(1, 'S-forest', '0301K')];

  it('sums a plot over its non-cultivated parcels and names the largest', () => {
    const pairs = [
      { a: 0, b: 0, areaM2: mu(3), geometry: square },
      { a: 0, b: 1, areaM2: mu(5), geometry: square },
      { a: 1, b: 0, areaM2: mu(2), geometry: square },
    ];
    const found = nonCultivatedPlanting(ctx, pairs, parcels);
    expect(found.map((f) => [f.featureId, f.otherId])).toEqual([['P1', 'S-forest'], ['P2', 'S-grass']]);
    expect(found[0].areaMu).toBeCloseTo(8, 10);
    expect(found[0].share).toBeCloseTo(0.08, 10);
    expect(found[0].landClassesMu).toEqual({ '0404': expect.closeTo(3, 10), '0301K': expect.closeTo(5, 10) });
    expect(found[0].explanation).toContain('可调整地类');
    expect(found[1].explanation).toContain('退减');
    expect(found[0].geometry?.type).toBe('MultiPolygon');
  });

  it('drops slivers below the minimum area or share', () => {
    const below = [
      { a: 0, b: 0, areaM2: mu(0.49), geometry: square },
      { a: 2, b: 0, areaM2: mu(0.99), geometry: square },
    ];
    const settings = { ...DEFAULT_RECONCILE_SETTINGS, minOverlapMu: 0.5, minOverlapShare: 0.01 };
    expect(nonCultivatedPlanting({ ...ctx, settings }, below, parcels)).toEqual([]);
    const at = [{ a: 2, b: 0, areaM2: mu(1), geometry: square }];
    expect(nonCultivatedPlanting({ ...ctx, settings }, at, parcels)).toHaveLength(1);
  });
});

describe('forest_on_planting', () => {
  const ctx = context([plot(0, 'P1'), plot(1, 'P2', { status: '退减' }), plot(2, 'P3', { status: '' })], [10, 10, 10]);
  const forest = [{ index: 0, id: 'L1', villageCode: V2 }];

  it('reports pairs with planted (or unrecorded) plots only, forest id first', () => {
    const pairs = [0, 1, 2].map((b) => ({ a: 0, b, areaM2: mu(2), geometry: square }));
    const found = forestOnPlanting(ctx, pairs, forest, [mu(500)]);
    expect(found.map((f) => [f.layer, f.featureId, f.otherId])).toEqual([
      ['forest', 'L1', 'P1'],
      ['forest', 'L1', 'P3'],
    ]);
    // share of the smaller feature: 2 of the 10-mu plot
    expect(found[0].share).toBeCloseTo(0.2, 10);
    expect(found[0].villageCode).toBe(V1);
  });
});

describe('plot_overlap', () => {
  it('one finding per unordered pair, lower code first', () => {
    const ctx = context([plot(0, 'P9'), plot(1, 'P10'), plot(2, 'P2')], [10, 20, 10]);
    const pairs = [
      { a: 0, b: 1, areaM2: mu(4) },
      { a: 1, b: 0, areaM2: mu(4) },
      { a: 2, b: 0, areaM2: mu(0.4) },
    ];
    const found = plotOverlap(ctx, pairs);
    expect(found.map((f) => [f.featureId, f.otherId])).toEqual([['P10', 'P9']]);
    expect(found[0].share).toBeCloseTo(0.4, 10);
  });
});

describe('area_mismatch', () => {
  it('needs both the absolute and the relative tolerance exceeded', () => {
    const plots = [
      plot(0, 'A', { declaredMu: 112 }), // +12 mu, 12 %
      plot(1, 'B', { declaredMu: 104 }), // +4 mu, 4 % < 5 %
      plot(2, 'C', { declaredMu: 10.9 }), // -0.9 mu < 1 mu though 9 %
      plot(3, 'D', { declaredMu: 80 }), // -20 mu
      plot(4, 'E'),
    ];
    const found = areaMismatch(context(plots, [100, 100, 10, 100, 100]), () => square);
    expect(found.map((f) => [f.featureId, f.areaMu])).toEqual([
      ['A', expect.closeTo(12, 9)],
      ['D', expect.closeTo(20, 9)],
    ]);
    expect(found[1].explanation).toContain('少报');
  });
});

describe('village_mismatch', () => {
  const villages: VillageRecord[] = [
    { index: 0, code: V1, name: '一村' },
    { index: 1, code: V2, name: '二村' },
  ];

  it('reports a plot recorded in the wrong village with the area outside it', () => {
    const plots = [plot(0, 'P1', { recordedVillageCode: V1 })];
    const split = splitByVillage([{ a: 0, b: 1, areaM2: mu(30), geometry: square }], villages, 1);
    const ctx = context(plots, [30], mainVillages(split));
    const [found] = villageMismatch(ctx, split);
    expect(found).toMatchObject({ featureId: 'P1', villageCode: V2, recordedVillageCode: V1, crossesBoundary: false });
    expect(found.otherId).toBeUndefined();
    expect(found.areaMu).toBeCloseTo(30, 9);
  });

  it('flags a crossing with its split, and ignores a sliver over the line', () => {
    const plots = [plot(0, 'X'), plot(1, 'Y')];
    const pairs = [
      { a: 0, b: 0, areaM2: mu(20), geometry: square },
      { a: 0, b: 1, areaM2: mu(5), geometry: square },
      { a: 1, b: 0, areaM2: mu(20), geometry: square },
      { a: 1, b: 1, areaM2: mu(0.01), geometry: square },
    ];
    const split = splitByVillage(pairs, villages, 2);
    const found = villageMismatch(context(plots, [25, 20.01], mainVillages(split)), split);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ featureId: 'X', villageCode: V1, crossesBoundary: true });
    expect(found[0].areaMu).toBeCloseTo(5, 9);
    expect(found[0].villageSplit?.map((s) => s.villageCode)).toEqual([V1, V2]);
  });

  it('checks only crossings when no plot records a village', () => {
    const plots = [plot(0, 'P1', { recordedVillageCode: '' })];
    const split = splitByVillage([{ a: 0, b: 1, areaM2: mu(30) }], villages, 1);
    expect(villageMismatch(context(plots, [30], mainVillages(split)), split, false)).toEqual([]);
    expect(villageMismatch(context(plots, [30], mainVillages(split)), split, true)).toHaveLength(1);
  });
});

describe('uncovered_cultivated', () => {
  it('reports parcel area minus covered area, with the difference geometry', async () => {
    const parcels = [parcel(0, 'S1', '0102'), parcel(1, 'S2', '0103')];
    const calls: number[] = [];
    const found = await uncoveredCultivated({
      settings: DEFAULT_RECONCILE_SETTINGS,
      parcels,
      parcelGeometry: () => square,
      covererGeometry: () => square,
      outcome: {
        pairs: [{ a: 0, b: 0, areaM2: mu(60) }, { a: 0, b: 1, areaM2: mu(30) }, { a: 1, b: 0, areaM2: mu(99.9) }],
        areaM2A: [mu(100), mu(100)],
        coveredM2A: [mu(80), mu(99.9)],
        failures: [],
      },
      areaM2: () => mu(20),
      difference: async (_a, others) => {
        calls.push(others.length);
        return square;
      },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ featureId: 'S1', layer: 'survey', villageCode: V1 });
    expect(found[0].otherId).toBeUndefined();
    expect(found[0].areaMu).toBeCloseTo(20, 9);
    expect(calls).toEqual([2]);
  });
});

describe('uncovered_cultivated after a failed pair', () => {
  it('measures the difference instead of trusting coveredM2A', async () => {
    const found = await uncoveredCultivated({
      settings: DEFAULT_RECONCILE_SETTINGS,
      parcels: [parcel(0, 'S1', '0102')],
      parcelGeometry: () => square,
      covererGeometry: () => square,
      // coveredM2A misses the failed pair: it would say 100 亩 uncovered
      outcome: { pairs: [{ a: 0, b: 0, areaM2: mu(100) }], areaM2A: [mu(100)], coveredM2A: [0], failures: [], repairedA: new Set([0]) },
      areaM2: () => mu(0.2),
      difference: async () => square,
    });
    expect(found).toEqual([]);
  });
});
