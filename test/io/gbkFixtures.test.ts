/** GBK shapefiles made with ogr2ogr from plots_source.geojson (test/fixtures/io/gbk/make-fixtures.sh). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import type { Layer } from '../../src/core/types.ts';
import { FIXTURES, loadFile } from './helpers.ts';

const GBK = join(FIXTURES, 'gbk');
const source = JSON.parse(readFileSync(join(GBK, 'plots_source.geojson'), 'utf8')) as GeoJSON.FeatureCollection<GeoJSON.Polygon>;

async function importZip(name: string, options = {}): Promise<Layer[]> {
  return (await importLayerJob({ files: loadFile(join(GBK, name)), ...options })).layers;
}

/** Largest difference (degrees) between our lon/lat and the source's, vertex by vertex. */
function maxOffsetDeg(layer: Layer): number {
  let max = 0;
  layer.features.features.forEach((feature, i) => {
    const ours = (feature.geometry as GeoJSON.Polygon).coordinates;
    const theirs = source.features[i].geometry.coordinates;
    ours.forEach((ring, r) => {
      for (const p of ring) {
        const best = Math.min(...theirs[r].map((q) => Math.hypot(q[0] - p[0], q[1] - p[1])));
        max = Math.max(max, best);
      }
    });
  });
  return max;
}

describe('GBK plots in CGCS2000 3° zone 29 (EPSG:4517)', () => {
  it('decodes field names and values from the .cpg, maps them to canonical fields', async () => {
    const [layer] = await importZip('plots_4517_gbk.zip');
    expect(layer).toMatchObject({ kind: 'plots', encoding: 'gbk', encodingSource: 'cpg' });
    expect(layer.crs).toMatchObject({ code: 'EPSG:4517', source: 'prj' });
    const props = layer.features.features.map((f) => f.properties);
    expect(props.map((p) => p.ZZZW)).toEqual(['棉花', '小麦', '玉米']);
    expect(props.map((p) => p.ZT)).toEqual(['种植', '退减', '休耕']); // 退耕 and 休耕轮作 through the synonyms
    expect(props.map((p) => p.GGFS)).toEqual(['滴灌', '漫灌', '喷灌']);
    expect(props.map((p) => p.SYLX)).toEqual(['井灌', '渠灌', '井渠混灌']);
    expect(props.map((p) => p.CBFMC)).toEqual(['张三', '李四', '王五']);
    expect(props.map((p) => p.SBMJ)).toEqual([12.5, 8.25, 20]);
    expect(layer.features.features.map((f) => f.id)).toEqual(['6523011012010000101', '6523011012010000102', '6523011012010000103']);
    expect(props[0].ZLDWDM).toBe('652301101201'); // from the NY/T 2539 plot code
    expect(layer.fields.find((f) => f.name === 'ZT')?.canonical).toBe('ZT');
  });

  it('reprojects back onto the source lon/lat to better than 1e-9° (≈0.1 mm)', async () => {
    const [layer] = await importZip('plots_4517_gbk.zip');
    expect(maxOffsetDeg(layer)).toBeLessThan(1e-9);
    const hole = (layer.features.features[2].geometry as GeoJSON.Polygon).coordinates;
    expect(hole).toHaveLength(2);
  });

  it('without .cpg and .prj: encoding detected, zone 29 from the eastings', async () => {
    const [layer] = await importZip('plots_4517_nocpg_noprj.zip');
    expect(layer).toMatchObject({ encoding: 'gb18030', encodingSource: 'detected' });
    expect(layer.crs).toMatchObject({ code: 'EPSG:4517', source: 'inferred' });
    expect(layer.features.features[0].properties.ZZZW).toBe('棉花');
    expect(maxOffsetDeg(layer)).toBeLessThan(1e-9);
    expect(layer.warnings.map((w) => w.code)).toContain('prj-missing');
  });

  it('eastings without zone number and no .prj: a clear error, then works with --crs', async () => {
    await expect(importZip('plots_4538_noprj.zip')).rejects.toMatchObject({ messageEn: expect.stringMatching(/plots_4538\.shp: unknown coordinate system: eastings have no zone number/) });
    const [layer] = await importZip('plots_4538_noprj.zip', { crs: 'EPSG:4538' });
    expect(layer.crs).toMatchObject({ code: 'EPSG:4538', source: 'user' });
    expect(maxOffsetDeg(layer)).toBeLessThan(1e-9);
  });

  it('a .cpg that contradicts the bytes is overridden with a warning (GBK data, .cpg says UTF-8)', async () => {
    const { unzipSync } = await import('fflate');
    const entries = unzipSync(loadFile(join(GBK, 'plots_4517_gbk.zip'))['plots_4517_gbk.zip']);
    const files = Object.fromEntries(Object.entries(entries).filter(([n]) => !n.endsWith('/')).map(([n, b]) => [n.split('/').pop()!, b]));
    const { layers } = await importLayerJob({ files: { ...files, 'plots_4517.cpg': new TextEncoder().encode('UTF-8') } });
    expect(layers[0]).toMatchObject({ encoding: 'gb18030', encodingSource: 'detected' });
    expect(layers[0].features.features[0].properties.ZZZW).toBe('棉花');
    expect(layers[0].warnings.find((w) => w.code === 'encoding-conflict')?.message).toMatch(/says utf-8, but the text is not valid UTF-8/);
  });

  it('a user encoding overrides the .cpg', async () => {
    const [layer] = await importZip('plots_4517_gbk.zip', { encoding: 'utf-8' });
    expect(layer.encodingSource).toBe('user');
    expect(layer.features.features[0].properties.ZZZW).not.toBe('棉花');
  });
});

describe('Xian 1980 and Beijing 1954 zone 29', () => {
  it.each([
    ['plots_2353_xian80.zip', 'EPSG:2353', /Xian 1980 .*treated as CGCS2000/],
    ['plots_2405_bj54.zip', 'EPSG:2405', /Beijing 1954 .*treated as CGCS2000/],
  ])('%s: identified from the .prj, no datum shift applied, and said so', async (name, code, caution) => {
    const [layer] = await importZip(name);
    expect(layer.crs.code).toBe(code);
    expect(layer.warnings.find((w) => w.code === 'datum-assumed')?.message).toMatch(caution);
    // ogr2ogr wrote these with the same no-shift assumption, so the lon/lat come back unchanged
    expect(maxOffsetDeg(layer)).toBeLessThan(1e-9);
  });
});

describe('several layers in one zip', () => {
  it('gives one layer per shapefile, each with its kind', async () => {
    const layers = await importZip('two_layers.zip');
    expect(layers.map((l) => [l.name, l.kind]).sort()).toEqual([['plots_4538', 'plots'], ['survey_4538', 'survey']]);
    const survey = layers.find((l) => l.kind === 'survey')!;
    expect(survey.features.features.map((f) => f.properties.DLMC)).toEqual(['水浇地', '乔木林地']);
    expect(survey.features.features.map((f) => f.id)).toEqual(['1001', '1002']);
    expect(survey.features.features[0].properties.TBMJ).toBeCloseTo(123456.78, 2);
  });
});
