/**
 * The synthetic county of scripts/bench/account.ts and scripts/bench/reconcile.ts (seeded) written
 * as a county hands it over: zipped Shapefiles in CGCS2000 3° Gauss-Krüger (CM 87°E, EPSG:4538)
 * with GBK attributes, plus quotas.csv and caps.csv. Plots carry their village code (ZLDWDM, from
 * the village holding their first vertex) and a declared area SBMJ, so every check has work; one
 * plot in 50 is a courtyard (TYZZ 是: exempt on homestead land 0702), and one in 500 was
 * digitised three times over, a few metres apart (overlapping pairs and triples).
 * Written once per size into a temporary folder and reused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proj4 from 'proj4';
import type { Feature, Geometry, Position } from 'geojson';
import { writeShapefile } from '../../src/io/write/shapefileWriter.ts';
import { zipFiles } from '../../src/io/write/zipFiles.ts';
import { esriWktCgcs2000Gk3Cm } from '../../src/io/write/prj.ts';
import { ellipsoidalAreaM2 } from '../../src/core/geometry/ellipsoidalArea.ts';
import { GK_ZONE_29_CM_87 } from './_overlayData.ts';
import { syntheticCounty } from './account.ts';
import { syntheticSurvey } from './reconcile.ts';

const FORMAT = 2;

export interface CountyFiles {
  dir: string;
  villages: string;
  plots: string;
  survey: string;
  forest: string;
  wells: string;
  quotas: string;
  caps: string;
  counts: Record<string, number>;
}

export function countyFiles(plotCount: number): CountyFiles {
  const dir = join(tmpdir(), `shuidi-bench-county-${plotCount}-v${FORMAT}`);
  const files: CountyFiles = {
    dir,
    villages: join(dir, 'villages.zip'), plots: join(dir, 'plots.zip'), survey: join(dir, 'survey.zip'),
    forest: join(dir, 'forest.zip'), wells: join(dir, 'wells.zip'), quotas: join(dir, 'quotas.csv'), caps: join(dir, 'caps.csv'),
    counts: {},
  };
  const countsPath = join(dir, 'counts.json');
  if (existsSync(countsPath)) {
    files.counts = JSON.parse(readFileSync(countsPath, 'utf8')) as Record<string, number>;
    return files;
  }
  mkdirSync(dir, { recursive: true });
  const county = syntheticCounty(plotCount);
  const survey = syntheticSurvey(plotCount, 20240602);
  const toGK = proj4('EPSG:4326', GK_ZONE_29_CM_87);
  const gk = (g: Geometry | null): Geometry | null => {
    if (!g) return null;
    const p = (c: Position): Position => {
      const [x, y] = toGK.forward([c[0], c[1]]);
      return [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4];
    };
    if (g.type === 'Point') return { type: 'Point', coordinates: p(g.coordinates) };
    if (g.type === 'Polygon') return { type: 'Polygon', coordinates: g.coordinates.map((r) => r.map(p)) };
    throw new Error(`unexpected ${g.type}`);
  };
  const villages = county.layers.villages.features.features;
  // the village of a plot: its first vertex inside the village's box (villages are squares on the grid)
  const boxes = villages.map((v) => {
    const ring = (v.geometry as { coordinates: Position[][] }).coordinates[0];
    const xs = ring.map((c) => c[0]);
    const ys = ring.map((c) => c[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  });
  const villageOf = (g: Geometry | null): string => {
    const c = (g as { coordinates: Position[][] }).coordinates[0][0];
    const k = boxes.findIndex((b) => c[0] >= b[0] && c[0] <= b[2] && c[1] >= b[1] && c[1] <= b[3]);
    return k >= 0 ? String(villages[k].properties!.ZLDWDM) : '';
  };
  const write = (name: string, features: Feature<Geometry | null>[]) => {
    const out = features.map((f) => ({ ...f, geometry: gk(f.geometry) }));
    const shp = writeShapefile(name, out, { encoding: 'GBK', prj: esriWktCgcs2000Gk3Cm(87) });
    writeFileSync(join(dir, `${name}.zip`), zipFiles(shp));
    files.counts[name] = features.length;
  };
  write('villages', villages);
  const plots = county.layers.plots.features.features.map((f, k) => ({
    ...f,
    properties: {
      ...f.properties, ZLDWDM: villageOf(f.geometry), TYZZ: k % 50 === 3 ? '是' : '否',
      // declared area: the computed one, one plot in 40 declared 8 % too large
      SBMJ: Math.round((ellipsoidalAreaM2(f.geometry) / (10000 / 15)) * (k % 40 === 7 ? 1.08 : 1) * 100) / 100,
    },
  }));
  // one plot in 500 digitised again twice, 15 and 30 m to the east: planted, so the three overlap
  const shifted = (g: Geometry | null, metres: number): Geometry | null => {
    if (!g || g.type !== 'Polygon') return g;
    const east = metres / (111_320 * Math.cos((g.coordinates[0][0][1] * Math.PI) / 180));
    return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(([x, y]) => [x + east, y])) };
  };
  const again = plots.filter((_, k) => k % 500 === 11).flatMap((f) => [15, 30].map((metres, n) => ({
    ...f,
    geometry: shifted(f.geometry, metres),
    properties: { ...f.properties, DKBM: `${String((f.properties as Record<string, unknown>).DKBM)}-${n + 1}`, ZT: '种植' },
  })));
  write('plots', [...plots, ...again]);
  write('survey', survey.features.features);
  write('forest', county.layers.forest.features.features);
  write('wells', county.layers.wells.features.features);
  const csv = (rows: (string | number | null)[][]) => rows.map((r) => r.map((c) => (c === null ? '' : String(c))).join(',')).join('\n') + '\n';
  writeFileSync(files.quotas, csv([['类别', '名称', '灌溉方式', '定额'], ...county.quotas.map((q) => [q.category, q.name, q.method, q.quotaM3PerMu])]));
  writeFileSync(files.caps, csv([
    ['年份', '单位代码', '单位名称', '用水总量控制', '地下水控制', '工业用水', '生活用水', '混灌地下水比例'],
    ...county.caps.map((c) => [c.year, c.code, c.name || (c.code.length === 6 ? '合成县' : ''), c.totalCapM3, c.groundwaterCapM3, c.industrialM3, c.domesticM3, c.mixedGroundwaterShare]),
  ]));
  writeFileSync(countsPath, JSON.stringify(files.counts));
  return files;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 50_000);
  console.log(JSON.stringify(countyFiles(n)));
}
