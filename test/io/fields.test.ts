import { describe, expect, it } from 'vitest';
import { guessKind, parseFieldMapping, resolveFieldMapping } from '../../src/core/fields/mapping.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';

const geojson = (properties: Record<string, unknown>[]): Record<string, Uint8Array> => ({
  'layer.geojson': new TextEncoder().encode(JSON.stringify({
    type: 'FeatureCollection',
    features: properties.map((p, i) => ({
      type: 'Feature', properties: p,
      geometry: { type: 'Point', coordinates: [87.3 + i * 0.001, 44] },
    })),
  })),
});

describe('layer kind guess', () => {
  it.each([
    [['BSM', 'DLBM', 'DLMC'], 'Polygon', 'survey'],
    [['DKBM', 'ZZZW'], 'Polygon', 'plots'],
    [['地块编码', '状态'], 'Polygon', 'plots'],
    [['LDBM', 'LZLX'], 'Polygon', 'forest'],
    [['JBM', 'QSXKL'], 'Point', 'wells'],
    [['QDMC', 'QDDJ'], 'LineString', 'canals'],
    [['CJDM', 'CJMC'], 'Polygon', 'villages'],
    [['ZLDWMC'], 'Polygon', 'villages'],
    [['name', 'adcode'], 'Polygon', 'other'],
  ])('%j (%s) → %s', (fields, geometry, kind) => {
    expect(guessKind(fields, geometry)).toBe(kind);
  });
});

describe('mapping JSON', () => {
  it('parses the saved form and rejects unknown kinds and presets', () => {
    const m = parseFieldMapping({ kind: 'plots', preset: 'nyt2539', fields: { 地块号: 'DKBM' }, values: { ZT: { 1: '种植' } } });
    expect(m).toEqual({ kind: 'plots', preset: 'nyt2539', fields: { 地块号: 'DKBM' }, values: { ZT: { 1: '种植' } } });
    expect(() => parseFieldMapping({ kind: 'rivers' })).toThrow(/unknown layer kind "rivers"/);
    expect(() => parseFieldMapping({ preset: 'x' })).toThrow(/unknown preset/);
    expect(() => parseFieldMapping([])).toThrow(/JSON object/);
  });

  it('user choices override automatic recognition', () => {
    expect(resolveFieldMapping('plots', ['编号', '状态', 'ZT'], { fields: { 编号: 'DKBM' } })).toEqual({ 编号: 'DKBM' });
    expect(resolveFieldMapping('plots', ['编号', '状态'], { fields: { 编号: 'DKBM' } })).toEqual({ 编号: 'DKBM', 状态: 'ZT' });
    expect(resolveFieldMapping('plots', ['状态'], { fields: { 状态: null } })).toEqual({});
  });
});

describe('value mapping through the import', () => {
  it('maps numeric status codes with the user\'s value table and reports unknown values', async () => {
    const files = geojson([{ 编号: 'P1', 状态: 1 }, { 编号: 'P2', 状态: 2 }, { 编号: 'P3', 状态: 3 }, { 编号: 'P4', 状态: 9 }]);
    const { layers } = await importLayerJob({
      files,
      fields: { kind: 'plots', fields: { 编号: 'DKBM', 状态: 'ZT' }, values: { ZT: { 1: '种植', 2: '退减', 3: '休耕' } } },
    });
    const [layer] = layers;
    expect(layer.features.features.map((f) => [f.id, f.properties.ZT])).toEqual([['P1', '种植'], ['P2', '退减'], ['P3', '休耕'], ['P4', '9']]);
    expect(layer.warnings.find((w) => w.code === 'value-unmapped')).toMatchObject({ featureId: '4', message: expect.stringMatching(/ZT value "9" on 1 feature/) });
  });

  it('NY/T 2539 preset: DKLB codes, FBFBM as village, HTMJM as declared area', async () => {
    const files = geojson([
      { DKBM: '6523011012010000101', FBFBM: '65230110120101', DKLB: '10', HTMJM: 3.5 },
      { DKBM: '6523011012010000102', FBFBM: '65230110120101', DKLB: '22', HTMJM: 1.25 },
    ]);
    const { layers } = await importLayerJob({ files, fields: { preset: 'nyt2539' } });
    expect(layers[0].kind).toBe('plots');
    expect(layers[0].features.features.map((f) => [f.properties.DKLB, f.properties.ZLDWDM, f.properties.SBMJ])).toEqual([
      ['确权承包地', '652301101201', 3.5],
      ['集体机动地', '652301101201', 1.25],
    ]);
  });

  it('codes stay text, non-unique codes fall back to numbering with a warning', async () => {
    const files = geojson([{ JBM: 'W1', ZLDWDM: 652301101201 }, { JBM: 'W1', ZLDWDM: 652301101202 }]);
    const { layers } = await importLayerJob({ files });
    expect(layers[0].kind).toBe('wells');
    expect(layers[0].features.features.map((f) => [f.id, f.properties.ZLDWDM])).toEqual([['1', '652301101201'], ['2', '652301101202']]);
    expect(layers[0].warnings.find((w) => w.code === 'id-not-unique')?.message).toMatch(/JBM is not unique/);
  });
});
