import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { importLayerJob } from '../../src/jobs/importLayer.ts';
import { gaussKruger, parseTmerc } from '../../src/io/read/gaussKruger.ts';
import { crsByCode } from '../../src/io/read/chineseCrs.ts';

const gk29 = gaussKruger(parseTmerc(crsByCode('EPSG:4517')!.proj4)!);

function projectedGeoJson(crsMember: boolean): Uint8Array {
  const ring = [[87.3, 44], [87.31, 44], [87.31, 44.01], [87.3, 44.01], [87.3, 44]].map(([lon, lat]) => gk29.forward(lon, lat));
  return strToU8(JSON.stringify({
    type: 'FeatureCollection',
    ...(crsMember ? { crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4517' } } } : {}),
    features: [{ type: 'Feature', properties: { LDBM: 'L1', LZLX: '防护林' }, geometry: { type: 'Polygon', coordinates: [ring] } }],
  }));
}

describe('GeoJSON in projected coordinates', () => {
  it.each([
    [true, 'geojson'],
    [false, 'inferred'],
  ])('crs member %s → source %s, reprojected to lon/lat', async (withCrs, source) => {
    const { layers } = await importLayerJob({ files: { 'forest.geojson': projectedGeoJson(withCrs) } });
    const [layer] = layers;
    expect(layer.crs).toMatchObject({ code: 'EPSG:4517', source });
    const [lon, lat] = (layer.features.features[0].geometry as GeoJSON.Polygon).coordinates[0][0];
    expect(lon).toBeCloseTo(87.3, 9);
    expect(lat).toBeCloseTo(44, 9);
    expect(layer.kind).toBe('forest');
    expect(layer.features.features[0].properties.LZLX).toBe('农田防护林');
    expect(layer.features.features[0].id).toBe('L1');
  });
});

describe('zip entry names', () => {
  it('decodes GBK entry names written without the UTF-8 flag', async () => {
    const geojson = strToU8(JSON.stringify({ type: 'Feature', properties: { a: 1 }, geometry: { type: 'Point', coordinates: [87.3, 44] } }));
    const zip = zipSync({ 'AAAA.geojson': geojson });
    const gbkName = [0xb5, 0xd8, 0xbf, 0xe9]; // 地块 in GBK, same length as AAAA
    for (let i = 0; i + 4 <= zip.length; i++) {
      if (zip[i] === 0x41 && zip[i + 1] === 0x41 && zip[i + 2] === 0x41 && zip[i + 3] === 0x41) zip.set(gbkName, i);
    }
    const { layers } = await importLayerJob({ files: { 'data.zip': zip } });
    expect(layers[0].name).toBe('地块');
  });
});
