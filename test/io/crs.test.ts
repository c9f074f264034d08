import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import proj4 from 'proj4';
import { CHINESE_CRS, crsByCode, searchChineseCrs } from '../../src/io/read/chineseCrs.ts';
import { crsFromUserInput, crsFromWkt } from '../../src/io/read/prj.ts';
import { inferCrs } from '../../src/io/read/inferCrs.ts';
import { gaussKruger, parseTmerc } from '../../src/io/read/gaussKruger.ts';
import { makeTransform } from '../../src/io/read/reproject.ts';
import { FIXTURES } from './helpers.ts';

const CRS_DIR = join(FIXTURES, 'crs');
const lines = (file: string): string[] =>
  readFileSync(join(CRS_DIR, file), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));

describe('Gauss-Krüger definitions against PROJ cs2cs (reference.txt, northing first)', () => {
  const rows = lines('reference.txt').map((l) => l.split(' '));
  it.each(rows)('%s → %s at lat %s lon %s', (_source, target, lat, lon, northing, easting) => {
    const entry = crsByCode(target)!;
    expect(entry).toBeDefined();
    const [e, n] = proj4(entry.proj4).forward([Number(lon), Number(lat)]);
    expect(Math.abs(e - Number(easting))).toBeLessThan(0.001);
    expect(Math.abs(n - Number(northing))).toBeLessThan(0.001);
    const [lonBack, latBack] = proj4(entry.proj4).inverse([Number(easting), Number(northing)]);
    expect(Math.abs(lonBack - Number(lon))).toBeLessThan(1e-8);
    expect(Math.abs(latBack - Number(lat))).toBeLessThan(1e-8);
  });

  it.each(rows)('fast Gauss-Krüger (import path) %s → %s at lat %s lon %s', (_source, target, lat, lon, northing, easting) => {
    const gk = gaussKruger(parseTmerc(crsByCode(target)!.proj4)!);
    const [e, n] = gk.forward(Number(lon), Number(lat));
    expect(Math.abs(e - Number(easting))).toBeLessThan(0.001);
    expect(Math.abs(n - Number(northing))).toBeLessThan(0.001);
    const [lonBack, latBack] = gk.inverse(Number(easting), Number(northing));
    expect(Math.abs(lonBack - Number(lon))).toBeLessThan(1e-8); // 1e-8° ≈ 1 mm
    expect(Math.abs(latBack - Number(lat))).toBeLessThan(1e-8);
    const transform = makeTransform(crsByCode(target)!.proj4)!;
    expect(transform(Number(easting), Number(northing))).toEqual([lonBack, latBack]);
  });
});

describe('catalogue of Chinese CRSs', () => {
  const reference = new Map(lines('catalogue.txt').map((l) => {
    const [code, name, def] = l.split('|');
    return [code, { name, def }];
  }));

  it('has every code of the PROJ listing with the same name and definition', () => {
    expect(CHINESE_CRS.length).toBe(reference.size);
    for (const entry of CHINESE_CRS) {
      const ref = reference.get(entry.code);
      expect(ref, entry.code).toBeDefined();
      expect(entry.name, entry.code).toBe(ref!.name);
      if (entry.kind !== 'geographic') expect(entry.proj4, entry.code).toBe(ref!.def);
    }
  });

  it('is searchable by code, central meridian and Chinese name', () => {
    expect(searchChineseCrs('4517').map((c) => c.code)).toEqual(['EPSG:4517']);
    expect(searchChineseCrs('CGCS2000 3-degree 87E').map((c) => c.code)).toEqual(['EPSG:4517', 'EPSG:4538']);
    expect(searchChineseCrs('西安 3度带 第29带').map((c) => c.code)).toEqual(['EPSG:2353', 'EPSG:2374']);
  });
});

describe('.prj parsing', () => {
  const cases: [string, string][] = [
    ['4517', 'EPSG:4517'], ['4538', 'EPSG:4538'], ['4490', 'EPSG:4490'],
    ['2353', 'EPSG:2353'], ['2405', 'EPSG:2405'], ['4493', 'EPSG:4493'],
  ];
  for (const flavour of ['esri', 'wkt1', 'wkt2']) {
    it.each(cases)(`${flavour} EPSG:%s`, (code, expected) => {
      const text = readFileSync(join(CRS_DIR, `epsg${code}.${flavour}.prj`), 'utf8');
      const crs = crsFromWkt(text, 'prj', 'test');
      expect(crs.info.code).toBe(expected);
      if (!crs.geographic) expect(crs.info.proj4).toBe(crsByCode(expected)!.proj4);
    });
  }

  it('reads the ArcGIS Xian 1980 .prj of the AE102 demo as EPSG:2379 with a datum caution', () => {
    const text = readFileSync(join(FIXTURES, 'real/ae102/DLTB.prj'), 'utf8');
    const crs = crsFromWkt(text, 'prj', 'from DLTB.prj');
    expect(crs.info.code).toBe('EPSG:2379');
    expect(crs.info.proj4).toBe('+proj=tmerc +lat_0=0 +lon_0=102 +k=1 +x_0=500000 +y_0=0 +ellps=IAU76 +units=m +no_defs');
    expect(crs.cautions[0]).toMatch(/no datum shift parameters are known/);
  });

  it('keeps a foreign datum on the GRS80 ellipsoid (GDA94) apart from CGCS2000', () => {
    const text = readFileSync(join(FIXTURES, 'real/shpjs/LGA_2013_AUST.prj'), 'utf8');
    expect(crsFromWkt(text, 'prj', 'test').datum).toBe('other');
  });

  it('takes user input as a code, a proj4 string or WKT', () => {
    expect(crsFromUserInput('EPSG:4538').info.code).toBe('EPSG:4538');
    expect(crsFromUserInput('4517').info.code).toBe('EPSG:4517');
    expect(crsFromUserInput('+proj=tmerc +lon_0=87 +x_0=500000 +ellps=GRS80').info.proj4).toContain('lon_0=87');
    expect(() => crsFromUserInput('EPSG:3857')).toThrow(/not in the catalogue/);
  });
});

describe('inference without .prj', () => {
  it('reads the zone from 8-digit eastings', () => {
    expect(inferCrs([29_520_000, 4_870_000, 29_530_000, 4_880_000])?.info.code).toBe('EPSG:4517');
    expect(inferCrs([15_520_000, 4_870_000, 15_530_000, 4_880_000])?.info.code).toBe('EPSG:4493');
  });
  it('recognises lon/lat and refuses eastings without a zone', () => {
    expect(inferCrs([87, 43, 88, 44])).toMatchObject({ geographic: true, info: { code: 'EPSG:4490' } });
    expect(inferCrs([520_000, 4_870_000, 530_000, 4_880_000])).toBeNull();
  });
});
