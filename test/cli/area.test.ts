import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { M2_PER_MU } from '../../src/core/units.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const GEOMETRY = join(ROOT, 'test/fixtures/geometry');

function cli(args: string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'area', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

interface AreaJson {
  features: { id: string | number; areaM2: number; areaMu: number }[];
  totalM2: number;
  totalMu: number;
}

describe('cli area', () => {
  const dir = mkdtempSync(join(tmpdir(), 'area-'));

  it('prints ellipsoidal areas that match PostGIS ST_Area(geography), keyed by the code field', () => {
    const out = join(dir, 'cases.json');
    const run = cli([join(GEOMETRY, 'area-cases.geojson'), '--json', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as AreaJson;
    const reference = JSON.parse(readFileSync(join(GEOMETRY, 'postgis-areas.json'), 'utf8')) as { cases: { id: string; areaM2: number }[] };
    expect(result.features.map((f) => f.id)).toEqual(reference.cases.map((c) => c.id));
    for (const feature of result.features) {
      const expected = reference.cases.find((c) => c.id === feature.id)!.areaM2;
      expect(Math.abs(feature.areaM2 / expected - 1)).toBeLessThan(1e-6);
      expect(feature.areaMu).toBeCloseTo(feature.areaM2 / M2_PER_MU, 9);
    }
    const totalM2 = reference.cases.reduce((s, c) => s + c.areaM2, 0);
    expect(Math.abs(result.totalM2 / totalM2 - 1)).toBeLessThan(1e-6);
    expect(result.totalMu).toBeCloseTo(result.totalM2 / M2_PER_MU, 6);
  });

  it('numbers features by their 0-based index when the layer has no code field, and reads Gauss-Krüger shapefiles', () => {
    const plain = join(dir, 'plain.geojson');
    const square = [[87.3, 44], [87.301, 44], [87.301, 44.001], [87.3, 44.001], [87.3, 44]];
    writeFileSync(plain, JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { name: 'a' }, geometry: { type: 'Polygon', coordinates: [square] } }],
    }));
    const out = join(dir, 'plain.json');
    expect(cli([plain, '--json', out]).code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as AreaJson;
    // no code field: the feature's 0-based index
    expect(result.features.map((f) => f.id)).toEqual([0]);

    const shp = join(dir, 'gk.json');
    const run = cli([join(ROOT, 'test/fixtures/io/gbk/plots_4517_gbk.zip'), '--json', shp]);
    expect(run.code).toBe(0);
    const plots = JSON.parse(readFileSync(shp, 'utf8')) as AreaJson;
    expect(plots.features).toHaveLength(3);
    expect(plots.features.every((f) => f.areaM2 > 0)).toBe(true);
    expect(plots.totalM2).toBeCloseTo(plots.features.reduce((s, f) => s + f.areaM2, 0), 6);
  });

  it('fails with a one-line reason for a missing file, a missing --json and a layer without polygons', () => {
    expect(cli([join(dir, 'nothing.geojson'), '--json', join(dir, 'x.json')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^area: .*nothing\.geojson：文件不存在；请检查路径\n$/) });
    expect(cli([join(GEOMETRY, 'area-cases.geojson')])).toMatchObject({ code: 1, stderr: 'area: 缺少 --json 输出文件\n' });
    const points = join(dir, 'points.geojson');
    writeFileSync(points, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [87.3, 44] } }] }));
    expect(cli([points, '--json', join(dir, 'p.json')])).toMatchObject({ code: 1, stderr: expect.stringMatching(/^area: .*points\.geojson：图层中没有面要素/) });
  });
});
