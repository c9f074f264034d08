import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, Geometry } from 'geojson';
import iconv from 'iconv-lite';
import * as shapefile from 'shapefile';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { gbkEncoder } from '../../src/io/write/dbfEncoding.ts';
import { writeShapefile } from '../../src/io/write/shapefileWriter.ts';
import { zipFiles } from '../../src/io/write/zipFiles.ts';
import { esriWktCgcs2000Gk3Zone } from '../../src/io/write/prj.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuidi-shp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const X0 = 29_524_000;
const Y0 = 4_873_000;
/** GeoJSON-style rings (outer counter-clockwise): a square 100 m with a 20 m hole. */
const polygonWithHole: Geometry = {
  type: 'Polygon',
  coordinates: [
    [[X0, Y0], [X0 + 100, Y0], [X0 + 100, Y0 + 100], [X0, Y0 + 100], [X0, Y0]],
    [[X0 + 40, Y0 + 40], [X0 + 40, Y0 + 60], [X0 + 60, Y0 + 60], [X0 + 60, Y0 + 40], [X0 + 40, Y0 + 40]],
  ],
};
const multipolygon: Geometry = {
  type: 'MultiPolygon',
  coordinates: [
    [[[X0 + 200, Y0], [X0 + 250, Y0], [X0 + 250, Y0 + 300], [X0 + 200, Y0 + 300]]],
    [[[X0 + 300, Y0], [X0 + 350, Y0], [X0 + 350, Y0 + 300], [X0 + 300, Y0 + 300]]],
  ],
};

const polygons: Feature[] = [
  { type: 'Feature', geometry: polygonWithHole, properties: { DKBM: '6599011002010100001', ZZZW: '棉花', CBFMC: '阿依古丽·买买提', SBMJ: 14.4 } },
  { type: 'Feature', geometry: multipolygon, properties: { DKBM: '6599011002010100002', ZZZW: '玉米', CBFMC: '王建华', SBMJ: 45.0 } },
];

function save(files: Record<string, Uint8Array>): void {
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
}

/** GDAL's own reading, as GeoJSON (it recodes the .dbf to UTF-8 from the .cpg or the LDID byte). */
function readWithGdal(shpName: string): { features: { properties: Record<string, unknown>; geometry: Geometry }[] } {
  const out = execFileSync('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', join(dir, shpName)], { encoding: 'utf8' });
  return JSON.parse(out);
}

function gdalValidity(shpName: string, layer: string): number[] {
  const out = execFileSync(
    'ogrinfo',
    [join(dir, shpName), '-q', '-dialect', 'sqlite', '-sql', `SELECT ST_IsValid(geometry) AS ok, ST_Area(geometry) AS a FROM "${layer}"`],
    { encoding: 'utf8' },
  );
  return [...out.matchAll(/ok \(Integer\) = (\d)/g)].map((m) => Number(m[1]));
}

describe('writeShapefile', () => {
  it('writes GBK text that GDAL reads back intact, without a .cpg (LDID 0x4D)', () => {
    const files = writeShapefile('plots_nocpg', polygons, { encoding: 'GBK', cpg: false, prj: esriWktCgcs2000Gk3Zone(29) });
    expect(Object.keys(files).sort()).toEqual(['plots_nocpg.dbf', 'plots_nocpg.prj', 'plots_nocpg.shp', 'plots_nocpg.shx']);
    expect(files['plots_nocpg.dbf'][29]).toBe(0x4d);
    save(files);
    const read = readWithGdal('plots_nocpg.shp');
    expect(read.features.map((f) => f.properties.CBFMC)).toEqual(['阿依古丽·买买提', '王建华']);
    expect(read.features.map((f) => f.properties.ZZZW)).toEqual(['棉花', '玉米']);
    expect(read.features[0].properties.SBMJ).toBeCloseTo(14.4, 6);
  });

  it('writes valid polygons, holes and multipart, with the areas of the input', () => {
    save(writeShapefile('geom', polygons, { encoding: 'GBK' }));
    expect(gdalValidity('geom.shp', 'geom')).toEqual([1, 1]);
    const out = execFileSync('ogrinfo', [join(dir, 'geom.shp'), '-q', '-dialect', 'sqlite', '-sql', 'SELECT ST_Area(geometry) AS a, ST_NumGeometries(geometry) AS n FROM geom'], { encoding: 'utf8' });
    const areas = [...out.matchAll(/a \(Real\) = ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(areas).toEqual([100 * 100 - 20 * 20, 2 * 50 * 300]);
  });

  it('stores outer rings clockwise and holes counter-clockwise', async () => {
    const files = writeShapefile('orient', polygons.slice(0, 1), { encoding: 'UTF-8' });
    const source = await shapefile.open(toArrayBuffer(files['orient.shp']));
    const view = new DataView(files['orient.shp'].buffer);
    // record 1 content starts at 108: type, box(32), numParts, numPoints, parts[2] (4 bytes each), points
    expect(view.getInt32(108 + 36, true)).toBe(2);
    const points: number[][] = [];
    for (let i = 0; i < 10; i++) points.push([view.getFloat64(108 + 52 + 16 * i, true), view.getFloat64(108 + 60 + 16 * i, true)]);
    expect(signedArea(points.slice(0, 5))).toBeLessThan(0);
    expect(signedArea(points.slice(5, 10))).toBeGreaterThan(0);
    const first = await source.read();
    expect(first.done).toBe(false);
  });

  it('is read by the npm shapefile package with encoding gbk', async () => {
    const files = writeShapefile('npm', polygons, { encoding: 'GBK' });
    const collection = await shapefile.read(toArrayBuffer(files['npm.shp']), toArrayBuffer(files['npm.dbf']), { encoding: 'gbk' });
    expect(collection.features).toHaveLength(2);
    expect(collection.features[0].properties).toMatchObject({ ZZZW: '棉花', CBFMC: '阿依古丽·买买提', SBMJ: 14.4 });
    expect(collection.features[1].geometry.type).toBe('MultiPolygon');
  });

  it('writes points and lines, and UTF-8 with a .cpg', () => {
    const points: Feature[] = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [87.3, 44.1] }, properties: { JBM: 'J001', SFJL: '是', YDL01: 0, YDL05: 12345.5 } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: [87.31, 44.11] }, properties: { JBM: 'J002', SFJL: '否', YDL01: null, YDL05: 800 } },
    ];
    const lines: Feature[] = [
      { type: 'Feature', geometry: { type: 'LineString', coordinates: [[87.3, 44.1], [87.3, 44.2]] }, properties: { QDMC: '东干渠', QDDJ: '干渠' } },
      { type: 'Feature', geometry: { type: 'MultiLineString', coordinates: [[[87.3, 44.1], [87.4, 44.1]], [[87.3, 44.15], [87.4, 44.15]]] }, properties: { QDMC: '一支渠', QDDJ: '支渠' } },
    ];
    const pointFiles = writeShapefile('wells', points, { encoding: 'UTF-8' });
    expect(new TextDecoder().decode(pointFiles['wells.cpg'])).toBe('UTF-8');
    save(pointFiles);
    save(writeShapefile('canals', lines, { encoding: 'GBK' }));
    const wells = readWithGdal('wells.shp');
    expect(wells.features.map((f) => f.properties.SFJL)).toEqual(['是', '否']);
    expect(wells.features[1].properties.YDL01).toBeNull();
    expect(wells.features[0].properties.YDL05).toBeCloseTo(12345.5, 6);
    expect(wells.features[1].geometry).toEqual({ type: 'Point', coordinates: [87.31, 44.11] });
    const canals = readWithGdal('canals.shp');
    expect(canals.features.map((f) => f.geometry.type)).toEqual(['LineString', 'MultiLineString']);
    expect(canals.features.map((f) => f.properties.QDMC)).toEqual(['东干渠', '一支渠']);
  });

  it('cuts long text at a character boundary and long field names to 10 bytes', async () => {
    const long = '很长的名称'.repeat(40);
    const files = writeShapefile('cut', [{ type: 'Feature', geometry: null, properties: { VERYLONGFIELDNAME: long, VERYLONGFIELDNAME2: 1 } }], {
      encoding: 'GBK',
      fields: [
        { name: 'VERYLONGFIELDNAME', type: 'C', length: 15 },
        { name: 'VERYLONGFIELDNAME2', type: 'N', length: 5 },
      ],
    });
    const collection = await shapefile.read(toArrayBuffer(files['cut.shp']), toArrayBuffer(files['cut.dbf']), { encoding: 'gbk' });
    expect(collection.features[0].properties).toEqual({ VERYLONGFI: '很长的名称很长', VERYLONG_1: 1 });
  });

  it('throws on mixed geometry families', () => {
    const mixed: Feature[] = [
      { type: 'Feature', geometry: { type: 'Point', coordinates: [0, 0] }, properties: {} },
      { type: 'Feature', geometry: polygonWithHole, properties: {} },
    ];
    expect(() => writeShapefile('mixed', mixed, { encoding: 'GBK' })).toThrow(/one geometry type/);
  });
});

describe('gbkEncoder', () => {
  it('matches iconv-lite on Chinese, ASCII and punctuation', () => {
    const text = '示例县（示例数据）水浇地0102 乔木林地·农田防护林 井渠混灌 阿依古丽 ABC-123';
    expect(Array.from(gbkEncoder.encode(text))).toEqual(Array.from(iconv.encode(text, 'gbk')));
  });
});

describe('zipFiles', () => {
  it('gives the same bytes for the same files and round-trips them', () => {
    const files = writeShapefile('z', polygons, { encoding: 'GBK', prj: esriWktCgcs2000Gk3Zone(29) });
    const a = zipFiles(files);
    const b = zipFiles(files);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const back = unzipSync(a);
    expect(Object.keys(back).sort()).toEqual(Object.keys(files).sort());
    expect(Buffer.from(back['z.dbf']).equals(Buffer.from(files['z.dbf']))).toBe(true);
  });
});

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function signedArea(ring: number[][]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}
