/** The third-party fixtures in test/fixtures/io/real (see each PROVENANCE.txt), through the import job. */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { previewImportJob } from '../../src/jobs/previewImport.ts';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { InputError, type Layer } from '../../src/core/types.ts';
import { REAL, loadFile, loadFiles } from './helpers.ts';

async function importOne(files: Record<string, Uint8Array>, options = {}): Promise<Layer> {
  const { layers } = await importLayerJob({ files, ...options });
  expect(layers).toHaveLength(1);
  return layers[0];
}

const values = (layer: Layer, field: string): unknown[] => layer.features.features.map((f) => f.properties[field]);
const codes = (layer: Layer): string[] => layer.warnings.map((w) => w.code);

describe('shpjs fixtures', () => {
  it('utf: .cpg UTF-8, emoji and Czech', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'shpjs'), 'utf'));
    expect(values(layer, 'field')).toEqual(['💩', 'Hněvošický háj']);
    expect(layer).toMatchObject({ encoding: 'utf-8', encodingSource: 'cpg' });
  });

  it('utf.zip gives the same as the loose files', async () => {
    const layer = await importOne(loadFile(join(REAL, 'shpjs/utf.zip')));
    expect(values(layer, 'field')).toEqual(['💩', 'Hněvošický háj']);
  });

  it('codepage: .cpg "ANSI 1250"', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'shpjs'), 'codepage'));
    expect(layer.encoding).toBe('windows-1250');
    expect(values(layer, 'field')).toEqual(['??', 'Hněvošický háj']);
  });

  it('htmlcpg: the HTML .cpg is ignored with a warning, text still decoded', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'shpjs'), 'htmlcpg'));
    expect(values(layer, 'field')).toEqual(['💩', 'Hněvošický háj']);
    expect(layer.warnings.find((w) => w.code === 'cpg-ignored')?.file).toBe('htmlcpg.cpg');
  });

  it('htmlprj: the HTML .prj is ignored with a warning, lon/lat inferred', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'shpjs'), 'htmlprj'));
    expect(codes(layer)).toContain('prj-ignored');
    expect(layer.crs).toMatchObject({ source: 'inferred', code: 'EPSG:4490' });
    expect(layer.features.features[0].geometry).toEqual({ type: 'Point', coordinates: [-108.6328125, 41.244772343082076] });
  });

  it('T8Th4_6n.zip: the shapefile sits in a folder of the zip', async () => {
    const layer = await importOne(loadFile(join(REAL, 'shpjs/T8Th4_6n.zip')));
    expect(layer.name).toBe('POLYLINE');
    expect(layer.features.features).toHaveLength(1); // as GDAL reads it, through the .shx
    expect(layer.features.features[0].geometry?.type).toBe('LineString');
  });

  it('mixedcase.zip: senate.DBF with an upper-case extension is found', async () => {
    const layer = await importOne(loadFile(join(REAL, 'shpjs/mixedcase.zip')));
    expect(layer.features.features).toHaveLength(40);
    expect(layer.fields.map((f) => f.name)).toContain('SEN_DIST');
    // Massachusetts State Plane (LCC, metres) → lon/lat through proj4's WKT reader
    const [lon, lat] = (layer.features.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
    expect(lon).toBeGreaterThan(-74);
    expect(lon).toBeLessThan(-69);
    expect(lat).toBeGreaterThan(41);
    expect(lat).toBeLessThan(43);
  });

  it('no-dbf.zip: geometry without attributes and a warning', async () => {
    const layer = await importOne(loadFile(join(REAL, 'shpjs/no-dbf.zip')));
    expect(layer.features.features).toHaveLength(14);
    expect(codes(layer)).toContain('dbf-missing');
    expect(layer.features.features[0].properties).toEqual({});
    expect(layer.features.features[0].id).toBe('1');
  });

  it('zero-len-line.zip: the zero-length line becomes a null geometry, reported', async () => {
    const layer = await importOne(loadFile(join(REAL, 'shpjs/zero-len-line.zip')));
    expect(layer.features.features[1].geometry).toBeNull();
    expect(layer.warnings.filter((w) => w.featureId === '2').map((w) => w.code)).toContain('geometry-null');
  });

  it('LGA_2013_AUST: 13 polygons, null shapes reported, 21 rings in feature 5', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'shpjs'), 'LGA_2013_AUST'));
    expect(layer.features.features).toHaveLength(13);
    expect(layer.features.features[4].properties.LGA_NAME13).toBe('Kangaroo Island (DC)');
    const g = layer.features.features[4].geometry as GeoJSON.MultiPolygon;
    expect(g.coordinates.flat().length).toBe(21);
    expect(codes(layer)).toContain('geometry-null');
  });

  it.each([
    ['bad.shp', ['bad.shp', 'bad.dbf'], /bad\.shp: not a shapefile/],
    ['badzip.zip', ['badzip.zip'], /badzip\.zip: not a zip archive/],
    ['noshp.zip', ['noshp.zip'], /noshp\.zip: no \.shp file found/],
  ])('%s is rejected with a message naming the file', async (_name, names, message) => {
    const files = Object.assign({}, ...names.map((n) => loadFile(join(REAL, 'shpjs', n))));
    await expect(importLayerJob({ files })).rejects.toMatchObject({ messageEn: expect.stringMatching(message) });
    await expect(importLayerJob({ files })).rejects.toBeInstanceOf(InputError);
  });
});

describe('mbostock/shapefile fixtures', () => {
  it('latin1-property: no .cpg, Latin-1 text detected', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'latin1-property'));
    expect(values(layer, 'name')).toEqual(['México']);
    expect(codes(layer)).toContain('encoding-guessed');
  });

  it('utf8-property: .cpg UTF-8', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'utf8-property'));
    expect(values(layer, '☃')).toEqual(['ηελλο ςορλδ']);
  });

  it('null: null shapes kept as features without geometry', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'null'));
    expect(layer.features.features).toHaveLength(9);
    expect(layer.features.features.filter((f) => f.geometry === null).length).toBeGreaterThan(0);
    expect(layer.warnings.filter((w) => w.code === 'geometry-null').every((w) => w.featureId)).toBe(true);
  });

  it('empty: a header-only shapefile gives an empty layer', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'empty'));
    expect(layer.features.features).toEqual([]);
  });

  it('polygons: coordinates equal the suite\'s expected GeoJSON (orientation per RFC 7946)', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'polygons'));
    const expected = (await import(join(REAL, 'mbostock/polygons.json'), { with: { type: 'json' } })).default;
    expect(layer.features.features).toHaveLength(expected.features.length);
    const ours = layer.features.features[0].geometry as GeoJSON.Polygon;
    const theirs = expected.features[0].geometry.coordinates[0] as number[][];
    expect(new Set(ours.coordinates[0].map((p) => p.join(',')))).toEqual(new Set(theirs.map((p) => p.join(','))));
  });

  it('singleton: no .shx and no .prj', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'mbostock'), 'singleton'));
    expect(layer.features.features).toHaveLength(1);
    expect(codes(layer)).toContain('prj-missing');
  });

  it('date and boolean properties', async () => {
    const dates = await importOne(loadFiles(join(REAL, 'mbostock'), 'date-property'));
    expect(values(dates, 'date')).toEqual(['2013-01-02', '2013-02-02', '2013-01-03']);
    const bools = await importOne(loadFiles(join(REAL, 'mbostock'), 'boolean-property'));
    expect(values(bools, 'foo')).toContain(true);
    expect(values(bools, 'foo')).toContain(false);
  });
});

describe('mapshaper LDID fixture', () => {
  // Both fixtures hold made-up coordinates (lon −248.7, lat 625.6): the encoding is read, the
  // geometry is refused before any geometry work, naming the feature and the value.
  it('ldid/chinese: LDID 0x7A → GBK, NAME 简体; its coordinates lie outside any CRS', async () => {
    const files = loadFiles(join(REAL, 'mapshaper/ldid'), 'chinese');
    const preview = (await previewImportJob({ files })).layers[0];
    expect(preview).toMatchObject({ encoding: 'gbk', encodingSource: 'ldid' });
    expect(preview.sample.map((p) => p.NAME)).toEqual(['简体']);
    await expect(importLayerJob({ files })).rejects.toMatchObject({ featureId: '1', messageEn: expect.stringMatching(/\(-248\.7\d*, 625\.6\d*\) lies outside the valid area/) });
  });

  it('cpg/big5: .cpg "Big-5"; its made-up coordinates need a CRS from the user', async () => {
    const files = loadFiles(join(REAL, 'mapshaper/cpg'), 'big5');
    await expect(importLayerJob({ files })).rejects.toMatchObject({ messageEn: expect.stringMatching(/big5\.shp: unknown coordinate system.*--crs/) });
    const preview = (await previewImportJob({ files, crs: 'EPSG:4326' })).layers[0];
    expect(preview.sample.map((p) => p.NAME)).toEqual(['國語']);
    await expect(importLayerJob({ files, crs: 'EPSG:4326' })).rejects.toMatchObject({ message: expect.stringMatching(/^big5\.shp：要素 1：坐标 \(-248/) });
  });
});

describe('Chinese real data', () => {
  it('Changji districts: UTF-8 without .cpg is detected, lon/lat inferred', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'changji'), 'changji_prefecture_districts'));
    expect(layer).toMatchObject({ encoding: 'utf-8', encodingSource: 'detected' });
    expect(layer.features.features).toHaveLength(7);
    expect(values(layer, 'name')).toContain('昌吉市');
    expect(values(layer, 'ctname')).toContain('昌吉回族自治州');
    expect(layer.crs).toMatchObject({ code: 'EPSG:4490', source: 'inferred' });
    expect(codes(layer)).not.toContain('outside-china');
  });

  it('Changji districts with a .cpg wrongly saying GBK: the UTF-8 text wins, with a warning', async () => {
    const files = { ...loadFiles(join(REAL, 'changji'), 'changji_prefecture_districts'), 'changji_prefecture_districts.cpg': new TextEncoder().encode('936') };
    const layer = await importOne(files);
    expect(layer.encoding).toBe('utf-8');
    expect(values(layer, 'name')).toContain('昌吉市');
    expect(codes(layer)).toContain('encoding-conflict');
  });

  it('AE102 DLTB: ArcGIS Xian 1980 CM 102E .prj, reprojected next to (102°E, 0°)', async () => {
    const layer = await importOne(loadFiles(join(REAL, 'ae102'), 'DLTB'));
    expect(layer.crs).toMatchObject({ code: 'EPSG:2379', source: 'prj' });
    expect(codes(layer)).toContain('datum-assumed');
    const [lon, lat] = (layer.features.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
    expect(Math.abs(lon - 102)).toBeLessThan(0.01);
    expect(Math.abs(lat)).toBeLessThan(0.01);
  });

  it('AE102 folder dropped whole: DLTB polygons and Road lines become two layers', async () => {
    const files = { ...loadFiles(join(REAL, 'ae102'), 'DLTB'), ...loadFiles(join(REAL, 'ae102'), 'Road') };
    const { layers } = await importLayerJob({ files });
    expect(layers.map((l) => [l.name, l.features.features.length])).toEqual([['DLTB', 8], ['Road', 11]]);
    expect(layers[1].features.features[0].geometry?.type).toMatch(/LineString/);
    expect(layers[1].crs.code).toBe('EPSG:2379');
  });

  it('DataV GeoJSON of the Changji counties: clockwise rings reversed without a note on every polygon', async () => {
    const layer = await importOne(loadFile(join(REAL, 'geomapdata/652300_changji_prefecture_counties.json')));
    expect(layer.features.features).toHaveLength(7);
    expect(values(layer, 'name')).toContain('昌吉市');
    expect(codes(layer)).not.toContain('ring-orientation');
    expect(layer.warnings).toEqual([]);
    // reversed all the same: every outer ring counter-clockwise (positive shoelace area)
    for (const f of layer.features.features) {
      const polygons = f.geometry!.type === 'Polygon' ? [(f.geometry as GeoJSON.Polygon).coordinates] : (f.geometry as GeoJSON.MultiPolygon).coordinates;
      for (const [outer] of polygons) {
        let a = 0;
        for (let i = 0; i + 1 < outer.length; i++) a += outer[i][0] * outer[i + 1][1] - outer[i + 1][0] * outer[i][1];
        expect(a).toBeGreaterThan(0);
      }
    }
    expect(layer.crs.source).toBe('geojson');
  });
});
