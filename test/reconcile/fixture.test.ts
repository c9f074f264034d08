/**
 * The hand-made fixture (test/fixtures/reconcile/basic, see make_fixture.py): every kind found
 * once with its PostGIS area, and every near miss (shared edges, slivers, a plot on the village
 * line, a forest on a retired plot, an orchard with a K code) left out.
 */
import { describe, expect, it } from 'vitest';
import { m2ToMu } from '../../src/core/units.ts';
import { reconcileLayers } from '../../src/core/reconcile/reconcileLayers.ts';
import type { ReconcileEngine } from '../../src/core/reconcile/engine.ts';
import type { Finding } from '../../src/core/reconcile/types.ts';
import { expectedAreasM2, fixtureLayers } from './fixtureLayers.ts';
import { engines } from './engines.ts';

const V1 = '652301100001';
const V2 = '652301100002';
const postgis = expectedAreasM2('basic');
const expectedMu = (label: string): number => m2ToMu(postgis.get(label)!);

/** Areas agree with PostGIS to 0.001 亩 (0.67 m²); the engines differ from it by far less. */
const AREA_TOLERANCE_MU = 0.001;

describe.each(engines)('basic fixture with the %s engine', (_name, engine: ReconcileEngine) => {
  const report = reconcileLayers(fixtureLayers('basic'), {}, engine);
  const find = async (kind: string): Promise<Finding[]> => (await report).findings.filter((f) => f.kind === kind);

  it('reports exactly the planted findings, in contract shape', async () => {
    const { findings, summary, settings } = await report;
    expect(findings.map((f) => f.key).sort()).toEqual(
      [
        'area_mismatch|PC1|',
        'forest_on_planting|F1|PC1',
        'non_cultivated_planting|PA1|S2',
        'plot_overlap|PC1|PC2',
        'uncovered_cultivated|S8|',
        'village_mismatch|PE1|',
        'village_mismatch|PE2|',
      ].sort(),
    );
    expect(summary).toEqual({
      non_cultivated_planting: 1,
      forest_on_planting: 1,
      plot_overlap: 1,
      uncovered_cultivated: 1,
      village_mismatch: 2,
      area_mismatch: 1,
      dryland_irrigation: 0,
    });
    expect(settings).toEqual({ minOverlapMu: 0.5, minOverlapShare: 0.01, areaMismatchShare: 0.05, areaMismatchMu: 1, reportFacilityLand: false });
  });

  it('non_cultivated_planting: PA1 on grass and 0301K, not on the 0201K orchard or a 0.4 m sliver', async () => {
    const [f] = await find('non_cultivated_planting');
    expect(f).toMatchObject({ layer: 'plots', featureId: 'PA1', otherId: 'S2', villageCode: V1 });
    expect(f.areaMu).toBeCloseTo(expectedMu('non_cultivated PA1'), 3);
    expect(Math.abs(f.areaMu - expectedMu('non_cultivated PA1'))).toBeLessThan(AREA_TOLERANCE_MU);
    expect(Object.keys(f.landClassesMu ?? {}).sort()).toEqual(['0301K', '0404']);
    expect(expectedMu('non_cultivated_sliver PB1')).toBeLessThan(0.5);
  });

  it('forest_on_planting: F1 on planted PC1 only', async () => {
    const [f] = await find('forest_on_planting');
    expect(f).toMatchObject({ layer: 'forest', featureId: 'F1', otherId: 'PC1', villageCode: V1 });
    expect(Math.abs(f.areaMu - expectedMu('forest F1|PC1'))).toBeLessThan(AREA_TOLERANCE_MU);
  });

  it('plot_overlap: PC1|PC2, not the shared edge PC2|PC3 nor the sliver PC3|PC4', async () => {
    const [f] = await find('plot_overlap');
    expect(f).toMatchObject({ layer: 'plots', featureId: 'PC1', otherId: 'PC2' });
    expect(Math.abs(f.areaMu - expectedMu('plot_overlap PC1|PC2'))).toBeLessThan(AREA_TOLERANCE_MU);
    expect(f.share).toBeCloseTo(postgis.get('plot_overlap PC1|PC2')! / postgis.get('plot_area PC1')!, 5);
  });

  it('uncovered_cultivated: S8 minus its plot and forest; covered by a retired plot is covered', async () => {
    const [f] = await find('uncovered_cultivated');
    expect(f).toMatchObject({ layer: 'survey', featureId: 'S8', villageCode: V1 });
    expect(f.otherId).toBeUndefined();
    expect(Math.abs(f.areaMu - expectedMu('uncovered S8'))).toBeLessThan(AREA_TOLERANCE_MU);
    // the difference geometry is the strip [8u,10u]: its bbox starts at 87.308E
    expect(f.bbox[0]).toBeCloseTo(87.308, 6);
    expect(f.bbox[2]).toBeCloseTo(87.31, 6);
  });

  it('village_mismatch: PE1 misrecorded, PE2 crossing; PE3 on the line and PE4 over it by a sliver are not', async () => {
    const found = await find('village_mismatch');
    const pe1 = found.find((f) => f.featureId === 'PE1')!;
    const pe2 = found.find((f) => f.featureId === 'PE2')!;
    expect(pe1).toMatchObject({ villageCode: V2, recordedVillageCode: V1, crossesBoundary: false });
    expect(Math.abs(pe1.areaMu - expectedMu('village PE1'))).toBeLessThan(AREA_TOLERANCE_MU);
    expect(pe2).toMatchObject({ villageCode: V2, recordedVillageCode: V2, crossesBoundary: true });
    expect(Math.abs(pe2.areaMu - expectedMu('village PE2'))).toBeLessThan(AREA_TOLERANCE_MU);
    expect(pe2.villageSplit?.map((s) => s.villageCode)).toEqual([V2, V1]);
  });

  it('area_mismatch: PC1 declared 350 亩, PC2 within 5 %', async () => {
    const [f] = await find('area_mismatch');
    const computedMu = expectedMu('plot_area PC1');
    expect(f).toMatchObject({ featureId: 'PC1', declaredMu: 350 });
    expect(Math.abs(f.areaMu - (350 - computedMu))).toBeLessThan(AREA_TOLERANCE_MU);
  });

  it('groups by kind and village', async () => {
    const { groups } = await report;
    const mismatch = groups.filter((g) => g.kind === 'village_mismatch');
    expect(mismatch).toEqual([{ kind: 'village_mismatch', villageCode: V2, count: 2, areaMu: expect.any(Number) }]);
  });

  it('honours stricter and looser tolerances', async () => {
    const strict = await reconcileLayers(fixtureLayers('basic'), { minOverlapMu: 30 }, engine);
    expect(strict.summary.forest_on_planting).toBe(0); // 26.7 亩
    expect(strict.summary.plot_overlap).toBe(1); // 53.5 亩
    const loose = await reconcileLayers(fixtureLayers('basic'), { minOverlapMu: 0.1, minOverlapShare: 0 }, engine);
    const keys = loose.findings.map((f) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['plot_overlap|PC3|PC4', 'uncovered_cultivated|S10|', 'forest_on_planting|F3|PC3']));
  });
});

describe('a survey without village codes', () => {
  it('places uncovered land in the village holding it', async () => {
    const layers = fixtureLayers('basic');
    const survey = {
      ...layers.survey,
      features: {
        ...layers.survey.features,
        features: layers.survey.features.features.map((f) => ({ ...f, properties: { ...f.properties, ZLDWDM: null } })),
      },
    };
    const report = await reconcileLayers({ ...layers, survey }, {}, engines[0][1]);
    expect(report.findings.find((f) => f.kind === 'uncovered_cultivated')).toMatchObject({ featureId: 'S8', villageCode: V1 });
  });
});
