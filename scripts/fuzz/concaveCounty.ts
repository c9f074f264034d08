/**
 * A small county made to be hard for the village split: twelve concave villages of 200–400
 * vertices (deeply indented star shapes) and plots crowded along their boundaries — most a few
 * metres inside, some straddling, some just outside, some in the middle — in a fixed seed. The
 * accounting of this county is checked against PostGIS (scripts/bench/concaveCountyPostgis.ts
 * writes the reference; test/accounting/concaveCounty.test.ts compares).
 */
import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import { makeRng, type Rng } from '../sample/prng.ts';

export const CONCAVE_COUNTY_SEED = 20261207;

type XY = [number, number];

export interface ConcaveCounty {
  villages: FeatureCollection<Polygon>;
  plots: FeatureCollection<Polygon>;
}

const LON0 = 87.0;
const LAT0 = 44.2;
const M_LON = 111_319.49 * Math.cos((LAT0 * Math.PI) / 180);
const M_LAT = 111_132.95;
const toLonLat = ([x, y]: XY): Position => [+(LON0 + x / M_LON).toFixed(9), +(LAT0 + y / M_LAT).toFixed(9)];

function starRing(rng: Rng, center: XY, radius: number, vertices: number): XY[] {
  const ring: XY[] = [];
  for (let i = 0; i < vertices; i++) {
    const angle = (i / vertices) * 2 * Math.PI;
    // two scales of indentation: bays of a few hundred metres and a jagged edge
    const r = radius * (1 - 0.35 * (0.5 + 0.5 * Math.sin(angle * 7 + rng.next()))) * (1 - 0.08 * rng.next());
    ring.push([center[0] + r * Math.cos(angle), center[1] + r * Math.sin(angle)]);
  }
  return ring;
}

function square(center: XY, half: number, angle: number): XY[] {
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  return ([[-1, -1], [1, -1], [1, 1], [-1, 1]] as XY[]).map(([u, v]) => [center[0] + half * (u * c - v * s), center[1] + half * (u * s + v * c)]);
}

function polygon(ring: XY[], properties: Record<string, string>): Feature<Polygon> {
  const coordinates = ring.map(toLonLat);
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates: [[...coordinates, coordinates[0]]] } };
}

export function makeConcaveCounty(seed = CONCAVE_COUNTY_SEED): ConcaveCounty {
  const rng = makeRng(seed);
  const villages: Feature<Polygon>[] = [];
  const plots: Feature<Polygon>[] = [];
  let plotNumber = 0;
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 4; col++) {
      const index = row * 4 + col;
      const code = `659902${String(100 + row).padStart(3, '0')}${String(index + 1).padStart(3, '0')}`;
      const center: XY = [col * 6000, row * 6000];
      const ring = starRing(rng, center, rng.uniform(1800, 2600), rng.int(200, 400));
      villages.push(polygon(ring, { ZLDWDM: code, ZLDWMC: `凹${index + 1}村`, XZDM: code.slice(0, 9) }));
      for (let k = 0; k < 150; k++) {
        const at = ring[rng.int(0, ring.length - 1)];
        const dx = center[0] - at[0];
        const dy = center[1] - at[1];
        const d = Math.hypot(dx, dy);
        const half = rng.uniform(20, 70);
        const where = rng.next();
        // distance of the plot's centre from the boundary vertex, along the way to the centre
        const inward = where < 0.6 ? half * 1.45 + rng.uniform(1, 10) : where < 0.85 ? rng.uniform(-half, half) : where < 0.93 ? -(half * 1.45 + rng.uniform(1, 10)) : d * rng.uniform(0.2, 0.6);
        const c: XY = [at[0] + (dx / d) * inward, at[1] + (dy / d) * inward];
        plotNumber++;
        plots.push(
          polygon(square(c, half, rng.uniform(0, Math.PI / 2)), {
            DKBM: `659902${String(plotNumber).padStart(13, '0')}`,
            ZLDWDM: code,
            ZZZW: rng.pick(['棉花', '玉米', '小麦']),
            ZT: '种植',
            DKLB: '确权承包地',
            GGFS: '滴灌',
            SYLX: rng.pick(['井灌', '渠灌', '井渠混灌']),
          }),
        );
      }
    }
  }
  return { villages: { type: 'FeatureCollection', features: villages }, plots: { type: 'FeatureCollection', features: plots } };
}
