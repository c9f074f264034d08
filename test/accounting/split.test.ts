import { describe, expect, it } from 'vitest';
import { accountJob } from '../../src/jobs/account.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { m2ToMu } from '../../src/core/units.ts';
import { rect, tinyLayer, tinyTables } from './tinyCounty.ts';
import type { Unit } from '../../src/core/accounting/types.ts';

const mu = (w: number, s: number, e: number, n: number) => m2ToMu(ellipsoidalAreaM2(rect(w, s, e, n)));

describe('accountJob on the tiny county (real overlay)', async () => {
  const { quotas, caps } = await tinyTables();
  const layers = { villages: tinyLayer('villages'), plots: tinyLayer('plots'), forest: tinyLayer('forest'), wells: tinyLayer('wells') };
  const progress: string[] = [];
  const { result, split } = await accountJob(
    { year: 2024, quotas, caps, layers },
    { onProgress: (p) => progress.push(p.stage) },
  );
  const unit = (code: string): Unit => result.units.find((u) => u.code === code)!;

  it('splits P1 at the village boundary by ellipsoidal area', () => {
    const p1In1 = mu(87.308, 44.001, 87.31, 44.003);
    const p1In2 = mu(87.31, 44.001, 87.312, 44.003);
    expect(unit('652301100001').plantedMuByCrop['棉花']).toBeCloseTo(p1In1, 3);
    expect(unit('652301100002').plantedMuByCrop['棉花']).toBeCloseTo(p1In2, 3);
    const p7 = mu(87.301, 44.001, 87.304, 44.003);
    // 一村 groundwater: P1 part × 300 + P7 × 350 × 0.6 (township share) + F1 × 200
    const f1 = mu(87.305, 44.008, 87.307, 44.009);
    expect(unit('652301100001').groundwaterDemandM3).toBeCloseTo(p1In1 * 300 + p7 * 350 * 0.6 + f1 * 200, 0);
  });

  it('reports the part of P6 outside every village', () => {
    expect(result.unassigned.plotIds).toEqual(['P6']);
    expect(result.unassigned.plotMu).toBeCloseTo(mu(87.33, 44.001, 87.332, 44.002), 3);
    expect(unit('652301200001').plantedMuByCrop['棉花']).toBeCloseTo(mu(87.328, 44.001, 87.33, 44.002), 3);
  });

  it('places wells by code and by point', () => {
    expect(split.wellPlacement).toEqual(['code', 'code', 'code', 'point']);
    expect(unit('652301100001').actualGroundwaterM3).toBe(6750);
    expect(unit('652301200001').actualGroundwaterM3).toBe(1200);
    expect(unit('652301100002').actualGroundwaterM3).toBeNull();
    expect(result.wells.find((w) => w.code === 'W1')!.overPermit).toBe(true);
  });

  it('re-runs phase 2 alone from the kept split with a status edit', async () => {
    const attributes = { plots: layers.plots.features.features.map((f) => f.properties), forest: layers.forest.features.features.map((f) => f.properties), wells: layers.wells.features.features.map((f) => f.properties) };
    const again = await accountJob({ year: 2024, quotas, caps, split, attributes, statusEdits: { 6: '休耕' } });
    const v1 = again.result.units.find((u) => u.code === '652301100001')!;
    expect(v1.fallowMu).toBeCloseTo(mu(87.301, 44.001, 87.304, 44.003), 3);
    expect(v1.plantedMu).toBeCloseTo(unit('652301100001').plantedMu - v1.fallowMu, 3);
    expect(again.split).toBe(split);
  });

  it('reports progress of both phases', () => {
    expect(progress).toContain('split plots');
    expect(progress).toContain('aggregate');
  });
});

describe('interior fast path', () => {
  it('gives the same pieces as clipping every plot', async () => {
    const { splitByVillage } = await import('../../src/core/accounting/split.ts');
    const { overlay } = await import('../../src/core/geometry/overlay.ts');
    const villages = tinyLayer('villages').features.features;
    const plots = tinyLayer('plots').features.features.map((f) => f.geometry);
    const split = await splitByVillage({ villages, plots }, overlay);
    const reference = await overlay(plots, villages.map((f) => f.geometry));
    const key = (plot: number, village: number) => `${plot}/${village}`;
    const ours = new Map<string, number>();
    split.plots.pieceFeature.forEach((p, i) => ours.set(key(p, split.plots.pieceVillage[i]), split.plots.pieceAreaM2[i]));
    const theirs = new Map(reference.pairs.filter((p) => p.areaM2 > 0).map((p) => [key(p.a, p.b), p.areaM2]));
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, areaM2] of theirs) expect(Math.abs(ours.get(k)! - areaM2) / areaM2).toBeLessThan(1e-6);
    split.plots.outsideAreaM2.forEach((m2, i) => expect(m2).toBeCloseTo(Math.max(0, reference.areaM2A[i] - reference.coveredM2A[i]), 1));
  });
});

describe('the page’s transferable inputs', () => {
  it('packed geometry and coded plot columns give the same result as the layers', async () => {
    const { packLayer } = await import('../../src/core/geometry/packedLayer.ts');
    const { encodeColumns, decodeColumns } = await import('../../src/core/accounting/encodeAttributes.ts');
    const { quotas, caps } = await tinyTables();
    const layers = { villages: tinyLayer('villages'), plots: tinyLayer('plots'), forest: tinyLayer('forest'), wells: tinyLayer('wells') };
    const fromLayers = await accountJob({ year: 2024, quotas, caps, layers });
    const plots = layers.plots.features.features;
    const encoded = encodeColumns(plots.length, (i) => plots[i].properties);
    expect(decodeColumns(encoded)[1]).toEqual({ DKBM: 'P2', ZT: '种植', ZZZW: '小麦', DKLB: '集体机动地', GGFS: '漫灌', SYLX: '井渠混灌' });
    const packed = await accountJob({
      year: 2024, quotas, caps,
      geometry: {
        villages: layers.villages.features.features,
        plots: packLayer(plots.map((f) => f.geometry)),
        forest: packLayer(layers.forest.features.features.map((f) => f.geometry)),
        wells: layers.wells.features.features,
      },
      attributes: { plots: encoded, forest: layers.forest.features.features.map((f) => f.properties), wells: layers.wells.features.features.map((f) => f.properties) },
    });
    expect(packed.result.units).toEqual(fromLayers.result.units);
  });
});
