/** Broken files: each gives one InputError naming the file and the problem. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { zipSync, unzipSync } from 'fflate';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { InputError, CancelledError } from '../../src/core/types.ts';
import { FIXTURES, loadFile } from './helpers.ts';

const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'))['plots_4517_gbk.zip'];
const parts = Object.fromEntries(
  Object.entries(unzipSync(zipped)).filter(([n]) => !n.endsWith('/')).map(([n, b]) => [n.split('/').pop()!, b]),
);

async function failure(files: Record<string, Uint8Array>): Promise<InputError> {
  try {
    await importLayerJob({ files });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    // Chinese first, naming the file; English under the switch
    expect((error as InputError).message).toMatch(/^[^：]+：.*[\u4e00-\u9fff]/);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('bad input', () => {
  it('a truncated .shp', async () => {
    const shp = parts['plots_4517.shp'];
    const error = await failure({ ...parts, 'plots_4517.shp': shp.slice(0, shp.length - 40) });
    expect(error.messageEn).toMatch(/^plots_4517\.shp: the \.shp file is truncated/);
  });

  it('a .dbf whose record count disagrees with the .shp', async () => {
    const dbf = parts['plots_4517.dbf'].slice();
    new DataView(dbf.buffer).setUint32(4, 2, true); // header now says 2 records
    const error = await failure({ ...parts, 'plots_4517.dbf': dbf });
    expect(error.messageEn).toMatch(/^plots_4517\.dbf: the \.dbf has 2 records but the \.shp has 3 shapes/);
  });

  it('a truncated .dbf', async () => {
    const dbf = parts['plots_4517.dbf'];
    const error = await failure({ ...parts, 'plots_4517.dbf': dbf.slice(0, dbf.length - 200) });
    expect(error.messageEn).toMatch(/^plots_4517\.dbf: the \.dbf file is truncated/);
  });

  it('a .shx from another file is ignored with a warning', async () => {
    const shx = parts['plots_4517.shx'].slice();
    new DataView(shx.buffer).setInt32(104, 7, false); // first record's length no longer matches
    const { layers } = await importLayerJob({ files: { ...parts, 'plots_4517.shx': shx } });
    expect(layers[0].features.features).toHaveLength(3);
    expect(layers[0].warnings.find((w) => w.code === 'shx-ignored')?.file).toBe('plots_4517.shx');
  });

  it('a 0-byte file', async () => {
    const error = await failure({ ...parts, 'plots_4517.shp': new Uint8Array(0) });
    expect(error.messageEn).toBe('plots_4517.shp: the file is empty (0 bytes)');
  });

  it('a zip without a shapefile', async () => {
    const zip = zipSync({ 'readme.txt': new TextEncoder().encode('hello') });
    const error = await failure({ 'data.zip': zip });
    expect(error.messageEn).toMatch(/^data\.zip: no shapefile \(\.shp\) or GeoJSON found among readme\.txt/);
  });

  it('GeoJSON that is not JSON', async () => {
    const error = await failure({ 'plots.geojson': new TextEncoder().encode('<html>404</html>') });
    expect(error.messageEn).toMatch(/^plots\.geojson: not valid JSON/);
  });

  it('JSON that is not GeoJSON', async () => {
    const error = await failure({ 'plots.json': new TextEncoder().encode('{"a": 1}') });
    expect(error.messageEn).toBe('plots.json: not GeoJSON (no "type" member)');
  });

  it('an HTML page saved as .prj is ignored with a warning (not an error)', async () => {
    const html = new TextEncoder().encode('<!DOCTYPE html><html><body>Not found</body></html>');
    const { layers } = await importLayerJob({ files: { ...parts, 'plots_4517.prj': html } });
    expect(layers[0].warnings.find((w) => w.code === 'prj-ignored')?.file).toBe('plots_4517.prj');
    expect(layers[0].crs).toMatchObject({ code: 'EPSG:4517', source: 'inferred' });
  });

  it('an unusable --crs is named', async () => {
    await expect(importLayerJob({ files: parts, crs: 'PROJCS[broken' })).rejects.toMatchObject({ messageEn: expect.stringMatching(/^PROJCS\[broken: cannot use this coordinate system/) });
  });
});

describe('progress and cancel', () => {
  it('reports progress and stops when cancelled', async () => {
    const seen: string[] = [];
    await importLayerJob({ files: parts }, { onProgress: (p) => seen.push(`${p.stage}:${p.done}/${p.total}`) });
    expect(seen).toContain('read:3/3');
    expect(seen).toContain('check:3/3');
    const controller = new AbortController();
    controller.abort();
    await expect(importLayerJob({ files: parts }, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });
});
