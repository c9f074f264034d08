import { readFileSync } from 'node:fs';
import geodesic from 'geographiclib-geodesic';
import type { Geometry, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { ellipsoidalAreaM2, makeAreaCalculator, ringSignedAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { CGCS2000 } from '../../src/core/units.ts';
import { mulberry32 } from '../../scripts/sample/prng.ts';

const fixtures = new URL('../fixtures/geometry/', import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, fixtures), 'utf8'));

interface PlanimeterCase {
  id: string;
  points?: [number, number][];
  area?: number;
  area_tol?: number;
}

describe('ellipsoidalAreaM2 against GeographicLib planimeter cases (WGS84)', () => {
  const planimeter = readJson('planimeter_wgs84.json');
  const wgs84 = makeAreaCalculator({ a: 6378137, f: 1 / 298.257223563 });
  const cases = (planimeter.cases as PlanimeterCase[]).filter((c) => c.points && typeof c.area === 'number');
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ring: Position[] = c.points!.map(([lat, lon]) => [lon, lat]);
    const areaM2 = Math.abs(wgs84.ringSignedAreaM2(ring));
    const expected = Math.abs(c.area!);
    expect(Math.abs(areaM2 - expected)).toBeLessThanOrEqual(Math.max(c.area_tol ?? 0, expected * 1e-6));
  });

  it('Planimeter29: a 1 km geodesic square at the equator is 1 km² to 0.01 m²', () => {
    const geod = geodesic.Geodesic.WGS84;
    const ring: Position[] = [[0, 0]];
    let lat = 0;
    let lon = 0;
    for (const azimuth of [90, 0, -90]) {
      const step = geod.Direct(lat, lon, azimuth, 1000);
      lat = step.lat2!;
      lon = step.lon2!;
      ring.push([lon, lat]);
    }
    expect(Math.abs(wgs84.ringSignedAreaM2(ring))).toBeCloseTo(1e6, 2);
  });
});

describe('ellipsoidalAreaM2 against PostGIS ST_Area(geography) on CGCS2000', () => {
  const fixture = readJson('postgis-areas.json') as { cases: { id: string; geometry: Geometry; areaM2: number }[] };
  it.each(fixture.cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const areaM2 = ellipsoidalAreaM2(c.geometry);
    expect(Math.abs(areaM2 / c.areaM2 - 1)).toBeLessThan(1e-6);
  });
});

describe('ellipsoidalAreaM2 against GeographicLib on random parcels', () => {
  const geod = new geodesic.Geodesic.Geodesic(CGCS2000.a, CGCS2000.f);
  const random = mulberry32(4);
  const reference = (ring: Position[]) => {
    const polygon = geod.Polygon(false);
    for (const p of ring) polygon.AddPoint(p[1], p[0]);
    return polygon.Compute(false, true).area!;
  };
  for (const sizeDeg of [0.002, 0.01, 0.045]) {
    it(`parcels up to ${sizeDeg}° across, 18°N–53°N, agree to 1e-6`, () => {
      let worst = 0;
      for (let k = 0; k < 200; k++) {
        const lat0 = 18 + 35 * random();
        const lon0 = 75 + 50 * random();
        const n = 4 + Math.floor(random() * 12);
        const ring: Position[] = [];
        for (let i = 0; i < n; i++) {
          const t = (i / n) * 2 * Math.PI;
          const r = (sizeDeg / 2) * (0.5 + 0.5 * random());
          ring.push([lon0 + r * Math.cos(t), lat0 + r * Math.sin(t)]);
        }
        worst = Math.max(worst, Math.abs(ringSignedAreaM2(ring) / reference(ring) - 1));
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }
});

describe('ellipsoidalAreaM2 conventions', () => {
  const square: Position[] = [[87.3, 44], [87.31, 44], [87.31, 44.01], [87.3, 44.01], [87.3, 44]];
  const hole: Position[] = [[87.303, 44.003], [87.306, 44.003], [87.306, 44.006], [87.303, 44.006], [87.303, 44.003]];
  it('ignores orientation and subtracts holes whatever their orientation', () => {
    const outer = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [square] });
    const inner = ellipsoidalAreaM2({ type: 'Polygon', coordinates: [hole] });
    expect(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [[...square].reverse()] })).toBeCloseTo(outer, 6);
    expect(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [square, hole] })).toBeCloseTo(outer - inner, 6);
    expect(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [square, [...hole].reverse()] })).toBeCloseTo(outer - inner, 6);
  });
  it('adds the parts of a MultiPolygon', () => {
    const shifted = square.map(([x, y]) => [x + 0.1, y]);
    const total = ellipsoidalAreaM2({ type: 'MultiPolygon', coordinates: [[square], [shifted]] });
    expect(total).toBeCloseTo(
      ellipsoidalAreaM2({ type: 'Polygon', coordinates: [square] }) + ellipsoidalAreaM2({ type: 'Polygon', coordinates: [shifted] }),
      6,
    );
  });
  it('is 0 for null, points, lines and degenerate rings', () => {
    expect(ellipsoidalAreaM2(null)).toBe(0);
    expect(ellipsoidalAreaM2(undefined)).toBe(0);
    expect(ellipsoidalAreaM2({ type: 'Point', coordinates: [87, 44] })).toBe(0);
    expect(ellipsoidalAreaM2({ type: 'LineString', coordinates: square })).toBe(0);
    expect(ellipsoidalAreaM2({ type: 'Polygon', coordinates: [[[87, 44], [87.1, 44], [87, 44]]] })).toBe(0);
  });
  it('is about 0.2 % larger than the spherical area at 44°N (why Turf is not used)', () => {
    const fixture = readJson('postgis-areas.json') as { cases: { id: string; geometry: Geometry; sphereAreaM2: number }[] };
    const plot = fixture.cases.find((c) => c.id === 'plot-12v')!;
    expect(ellipsoidalAreaM2(plot.geometry) / plot.sphereAreaM2 - 1).toBeCloseTo(0.00197, 4);
  });
});
