/**
 * Hostile and broken input (issue 15): each kind of input that hung the import, crashed it with a
 * JavaScript message or silently gave a wrong figure now gives an InputError naming the file,
 * the feature and the problem in Chinese (English under the switch), or a warning.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { previewImportJob } from '../../src/jobs/previewImport.ts';
import { InputError } from '../../src/core/types.ts';
import { DamagedInputError } from '../../src/io/read/inputGuard.ts';
import { inflateAhead, useHostInflate } from '../../src/io/read/zip.ts';
import { nativeRawInflate } from '../../src/workers/nativeInflate.ts';
import { nodeRawInflate } from '../../scripts/nodeInflate.ts';
import { FIXTURES, loadFile } from './helpers.ts';

const HOSTILE = join(FIXTURES, 'hostile');
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const CHINESE = /[\u4e00-\u9fff]/;

async function failure(files: Record<string, Uint8Array>): Promise<InputError> {
  try {
    await importLayerJob({ files });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect(error).not.toBeInstanceOf(DamagedInputError);
    expect((error as InputError).message).toMatch(CHINESE);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

const square = (lon: number, lat: number, size: number): number[][] => [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]];
const plots = (...geometries: unknown[]) => ({
  type: 'FeatureCollection',
  features: geometries.map((geometry, i) => ({ type: 'Feature', properties: { DKBM: `P${i + 1}` }, geometry })),
});

describe('a wild vertex is refused before any geometry work', () => {
  it('spike.zip (one vertex at lon −100000): the feature and the value are named', async () => {
    const error = await failure(loadFile(join(HOSTILE, 'spike.zip')));
    expect(error.featureId).toBe('1');
    expect(error.message).toMatch(/ZZDK\.shp：要素 1：坐标 \(-100000, 44\.\d+\) 超出坐标系/);
    expect(error.messageEn).toMatch(/lies outside the valid area/);
  });

  it('a GeoJSON vertex at lat 400 in the third feature', async () => {
    const error = await failure({ 'p.geojson': encode(plots({ type: 'Polygon', coordinates: [square(87, 44, 0.01)] }, { type: 'Polygon', coordinates: [square(87, 44.1, 0.01)] }, { type: 'Polygon', coordinates: [[[87, 44], [87.01, 400], [87.02, 44], [87, 44]]] })) });
    expect(error.featureId).toBe('3');
    expect(error.message).toContain('87.01, 400');
  });
});

describe('GeoJSON abuse gives messages of its own', () => {
  it.each([
    ['coordinates: null', { type: 'Polygon', coordinates: null }, /坐标为 null/],
    ['a Polygon without coordinates', { type: 'Polygon' }, /缺少坐标/],
    ['point coordinates in a Polygon', { type: 'Polygon', coordinates: [87, 44] }, /坐标结构与类型不符/],
    ['an unknown geometry type', { type: 'Circle', coordinates: [87, 44] }, /几何类型无效/],
  ])('%s names the feature', async (_what, geometry, problem) => {
    const error = await failure({ 'g.geojson': encode(plots({ type: 'Point', coordinates: [87, 44] }, geometry)) });
    expect(error.featureId).toBe('2');
    expect(error.message).toMatch(/^g\.geojson：要素 2：/);
    expect(error.message).toMatch(problem);
  });

  it('nesting 10,000 levels deep is refused without a stack overflow', async () => {
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    const error = await failure({ 'deep.geojson': encode(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":${deep}}}]}`) });
    expect(error.message).toMatch(/嵌套超过 64 层/);
  });

  it('a hole lying outside its shell is dropped with a warning, and the area is the shell\'s', async () => {
    const { layers } = await importLayerJob({ files: loadFile(join(HOSTILE, 'hole_outside_shell_far.geojson')) });
    const warning = layers[0].warnings.find((w) => w.code === 'hole-outside-shell');
    expect(warning).toMatchObject({ featureId: '1', repaired: true });
    expect((layers[0].features.features[0].geometry as GeoJSON.Polygon).coordinates).toHaveLength(1);
  });

  it('a hole lying across its shell is cut to the shell', async () => {
    const shell = square(87, 44, 0.01);
    const hole = square(87.005, 44.002, 0.01).reverse(); // half inside, half outside
    const { layers } = await importLayerJob({ files: { 'h.geojson': encode(plots({ type: 'Polygon', coordinates: [shell, hole] })) } });
    expect(layers[0].warnings.map((w) => w.code)).toContain('hole-outside-shell');
    const { ellipsoidalAreaM2 } = await import('../../src/core/geometry/ellipsoidalArea.ts');
    const full = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [shell] });
    const kept = ellipsoidalAreaM2(layers[0].features.features[0].geometry);
    // the hole covers half the shell's width over 80 % of its height: 40 % cut
    expect(kept / full).toBeCloseTo(0.6, 2);
  });
});

describe('geometry repair has a budget', () => {
  it('a ring of 100,000 random vertices is reported, naming the feature, instead of repaired for minutes', async () => {
    let seed = 42;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const ring = Array.from({ length: 100_000 }, () => [87 + random() * 0.1, 44 + random() * 0.1]);
    ring.push(ring[0]);
    const error = await failure({ 'tangle.geojson': encode(plots({ type: 'Polygon', coordinates: [square(87, 44, 0.01)] }, { type: 'Polygon', coordinates: [ring] })) });
    expect(error.featureId).toBe('2');
    expect(error.message).toMatch(/几何图形过于复杂/);
    expect(error.messageEn).toMatch(/100001 vertices/);
  });
});

describe('shapefile damage', () => {
  const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'))['plots_4517_gbk.zip'];
  const parts = Object.fromEntries(Object.entries(unzipSync(zipped)).filter(([n]) => !n.endsWith('/')).map(([n, b]) => [n.split('/').pop()!, b]));

  it('a changed shape type: the preview lists the layer as failed with a message of its own (no DataView text)', async () => {
    const shp = parts['plots_4517.shp'].slice();
    new DataView(shp.buffer).setInt32(100 + 8, 8, true); // first record now claims to be a MultiPoint
    new DataView(shp.buffer).setInt32(100 + 8 + 36, 0x7fffff, true); // with 8 million points
    const preview = (await previewImportJob({ files: { ...parts, 'plots_4517.shp': shp } })).layers[0];
    expect(preview.error).toMatch(/^plots_4517\.shp：/);
    expect(preview.error).toMatch(CHINESE);
    expect(preview.error).not.toMatch(/DataView|Offset|Invalid array/);
  });

  it('a damaged .prj is not echoed whole: a short excerpt in the warning, the CRS inferred', async () => {
    const prj = `PROJCS["Broken",GEOGCS["CGCS2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]]],PROJECTION["Lambert_Conformal_Conic_XX"],PARAMETER["Junk_${'x'.repeat(400)}",1]]`;
    const { layers } = await importLayerJob({ files: { ...parts, 'plots_4517.prj': encode(prj) } });
    const warning = layers[0].warnings.find((w) => w.code === 'prj-unreadable');
    expect(warning?.message.length).toBeLessThan(300);
    expect(layers[0].crs).toMatchObject({ code: 'EPSG:4517', source: 'inferred' });
  });

  it('a 0-byte loose .cpg is a warning, as inside a zip', async () => {
    const { layers } = await importLayerJob({ files: { ...parts, 'plots_4517.cpg': new Uint8Array(0) } });
    expect(layers[0].warnings.map((w) => w.code)).toContain('cpg-ignored');
    expect(layers[0].features.features).toHaveLength(3);
  });

  it('a .cpg naming utf-16 on GBK data: warned and read as GBK', async () => {
    const { layers } = await importLayerJob({ files: loadFile(join(HOSTILE, 'cpg-utf16-on-gbk-villages.zip')) });
    const warning = layers[0].warnings.find((w) => w.code === 'encoding-conflict');
    expect(warning?.message).toMatch(/says utf-16le, but the bytes are not UTF-16/);
    expect(layers[0].encoding).toMatch(/^gb/);
    const names = layers[0].features.features.map((f) => Object.values(f.properties).filter((v) => typeof v === 'string').join(' '));
    expect(names.join(' ')).toMatch(/村/);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('zip tricks', () => {
  it('two entries of the same name are refused (zip-duplicate fixture)', async () => {
    const error = await failure(loadFile(join(HOSTILE, 'zip-duplicate-reservoirs.zip')));
    expect(error.message).toMatch(/两个同名文件“SK\.shp”和“SK\.shp”/);
  });

  it('names differing only in case are refused too', async () => {
    const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'))['plots_4517_gbk.zip'];
    const entries = unzipSync(zipped);
    const shp = Object.entries(entries).find(([n]) => n.endsWith('.shp'))!;
    const twice = zipSync({ ...entries, [shp[0].replace(/\.shp$/, '.SHP')]: shp[1] });
    const error = await failure({ 'twice.zip': twice });
    expect(error.messageEn).toMatch(/differing only in case/);
  });

  it('a zip inside a zip is opened; past the depth limit it is refused', async () => {
    const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'))['plots_4517_gbk.zip'];
    const { layers } = await importLayerJob({ files: { 'outer.zip': zipSync({ 'inner.zip': zipped }) } });
    expect(layers[0].features.features).toHaveLength(3);
    let nested = zipped;
    for (let i = 0; i < 4; i++) nested = zipSync({ [`level${i}.zip`]: nested });
    const error = await failure({ 'deep.zip': nested });
    expect(error.message).toMatch(/嵌套超过 3 层/);
  });

  it('an entry declaring more than 100 times its compressed size is not inflated', async () => {
    const bomb = zipSync({ 'big.dbf': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
    const error = await failure({ 'bomb.zip': bomb });
    expect(error.messageEn).toMatch(/big\.dbf declares 64 MB inflated, \d+ times its compressed size \(limit 100\)/);
  });

  it('an entry that lies about its size stops inflating at the declared size', async () => {
    const honest = zipSync({ 'a.dbf': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
    const lying = honest.slice();
    // declared size 1,000 bytes, in the central directory (offset 24 of its entry)
    const view = new DataView(lying.buffer);
    const central = view.getUint32(lying.length - 22 + 16, true);
    view.setUint32(central + 24, 1000, true);
    const error = await failure({ 'liar.zip': lying });
    expect(error.messageEn).toMatch(/a\.dbf inflates past its declared size \(1000 bytes\)/);
  });

  it("with Node's zlib inflating (the CLI's way): the same layer, a lying entry stopped, damaged data named", async () => {
    const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'));
    const withFflate = await importLayerJob({ files: zipped });
    useHostInflate(nodeRawInflate);
    try {
      expect(await importLayerJob({ files: zipped })).toEqual(withFflate);
      const honest = zipSync({ 'a.dbf': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
      const lying = honest.slice();
      const view = new DataView(lying.buffer);
      view.setUint32(view.getUint32(lying.length - 22 + 16, true) + 24, 1000, true);
      expect((await failure({ 'liar.zip': lying })).messageEn).toMatch(/a\.dbf inflates past its declared size \(1000 bytes\)/);
      const damagedZip = honest.slice();
      damagedZip.fill(0xff, 40, 60);
      expect((await failure({ 'damaged.zip': damagedZip })).messageEn).toMatch(/cannot be inflated/);
    } finally {
      useHostInflate(null);
    }
  });

  it("with the browser's DecompressionStream inflating ahead (the page's way): the same layer, nothing inflated in JavaScript, a lying entry stopped, damaged data named, zips inside zips", async () => {
    const zipped = loadFile(join(FIXTURES, 'gbk/plots_4517_gbk.zip'));
    const withFflate = await importLayerJob({ files: zipped });
    const inJavaScript: string[] = [];
    // any entry not taken from what was inflated ahead would come here and fail the import
    useHostInflate((data) => {
      inJavaScript.push(`${data.byteLength} bytes`);
      throw new Error('inflated in JavaScript');
    });
    try {
      const ahead = (files: Record<string, Uint8Array>) => inflateAhead(files, nativeRawInflate).then(() => files);
      expect(await importLayerJob({ files: await ahead(zipped) })).toEqual(withFflate);
      const nested = zipSync({ 'inner.zip': zipSync(Object.fromEntries(Object.entries(unzipSync(zipped['plots_4517_gbk.zip'])).filter(([n]) => !n.endsWith('/')))) });
      expect((await importLayerJob({ files: await ahead({ 'outer.zip': nested }) })).layers[0].features).toEqual(withFflate.layers[0].features);
      expect(inJavaScript).toEqual([]);
      // taken once: the same zip read again is inflated again, here by the failing JavaScript path
      await expect(importLayerJob({ files: zipped })).rejects.toThrow(/cannot be inflated|无法解开/);
      const honest = zipSync({ 'a.dbf': new Uint8Array(4 * 1024 * 1024) }, { level: 9 });
      const lying = honest.slice();
      const view = new DataView(lying.buffer);
      view.setUint32(view.getUint32(lying.length - 22 + 16, true) + 24, 1000, true);
      expect((await failure(await ahead({ 'liar.zip': lying }))).messageEn).toMatch(/a\.dbf inflates past its declared size \(1000 bytes\)/);
      useHostInflate(null);
      const damagedZip = honest.slice();
      damagedZip.fill(0xff, 40, 60);
      expect((await failure(await ahead({ 'damaged.zip': damagedZip }))).messageEn).toMatch(/cannot be inflated/);
      const bomb = zipSync({ 'big.dbf': new Uint8Array(64 * 1024 * 1024) }, { level: 9 });
      expect((await failure(await ahead({ 'bomb.zip': bomb }))).messageEn).toMatch(/big\.dbf declares 64 MB inflated/);
    } finally {
      useHostInflate(null);
    }
  });

  it('past the total limit the import stops before inflating', async () => {
    const { expandFiles } = await import('../../src/io/read/sources.ts');
    const two = zipSync({ 'a.dbf': new Uint8Array(3000), 'b.dbf': new Uint8Array(3000) });
    expect(() => expandFiles({ 'two.zip': two }, { totalBytes: 5000, ratioCheckedFromBytes: Infinity, maxRatio: 100, maxDepth: 3 })).toThrow(/解压后的文件总大小超过/);
  });
});
