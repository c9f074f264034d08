import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { previewImportJob } from '../../src/jobs/previewImport.ts';
import { FIXTURES, REAL, loadFile, loadFiles } from './helpers.ts';

describe('import preview', () => {
  it('shows the detected encoding, CRS, kind and mapping with the first values', async () => {
    const { layers } = await previewImportJob({ files: loadFile(join(FIXTURES, 'gbk/plots_4517_nocpg_noprj.zip')) });
    const [p] = layers;
    expect(p).toMatchObject({
      name: 'plots_4517', featureCount: 3, geometryType: 'Polygon', encoding: 'gb18030', encodingSource: 'detected',
      guessedKind: 'plots', crs: { code: 'EPSG:4517', source: 'inferred' },
    });
    expect(p.sample.map((r) => r['作物'])).toEqual(['棉花', '小麦', '玉米']);
    expect(p.fieldMapping).toMatchObject({ 作物: 'ZZZW', 状态: 'ZT' });
  });

  it('re-decodes the sample when the user switches encoding', async () => {
    const files = loadFiles(join(REAL, 'changji'), 'changji_prefecture_districts');
    const utf = (await previewImportJob({ files })).layers[0];
    expect(utf.sample.map((r) => r.name)).toContain('奇台县');
    const gbk = (await previewImportJob({ files, encoding: 'gbk' })).layers[0];
    expect(gbk.encodingSource).toBe('user');
    expect(gbk.sample.map((r) => r.name)).not.toContain('奇台县');
  });

  it('reports a CRS it cannot find instead of failing, and a broken layer as an error entry', async () => {
    const noCrs = (await previewImportJob({ files: loadFile(join(FIXTURES, 'gbk/plots_4538_noprj.zip')) })).layers[0];
    expect(noCrs.crs).toBeNull();
    expect(noCrs.crsProblem).toMatch(/no zone number/);
    const bad = (await previewImportJob({ files: loadFiles(join(REAL, 'shpjs'), 'bad') })).layers[0];
    expect(bad.errorEn).toMatch(/bad\.shp: not a shapefile/);
    expect(bad.error).toMatch(/^bad\.shp：不是 Shapefile 文件/);
  });
});
