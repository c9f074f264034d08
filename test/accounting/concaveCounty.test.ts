/**
 * The accounting of a county whose villages are concave polygons of hundreds of vertices and whose
 * plots sit metres inside their boundaries (scripts/fuzz/concaveCounty.ts) equals PostGIS's per
 * village to 0.01 % and 0.01 亩 — end to end through `npm run cli -- account`. The PostGIS figures
 * and the SQL that made them are in test/fixtures/accounting/concave-county/ (regenerate with
 * `npx tsx scripts/bench/concaveCountyPostgis.ts`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONCAVE_COUNTY_SEED, makeConcaveCounty } from '../../scripts/fuzz/concaveCounty.ts';
import reference from '../fixtures/accounting/concave-county/postgis-values.json';

interface Unit {
  level: string;
  code: string;
  plantedMu: number;
  irrigationDemandM3: number;
}

describe('accounting of a concave-village county against PostGIS', () => {
  it('gives every village PostGIS’s planted area and demand (0.01 % and 0.01 亩)', () => {
    expect(reference.seed).toBe(CONCAVE_COUNTY_SEED);
    const dir = mkdtempSync(join(tmpdir(), 'concave-county-'));
    const county = makeConcaveCounty();
    writeFileSync(join(dir, 'villages.geojson'), JSON.stringify(county.villages));
    writeFileSync(join(dir, 'plots.geojson'), JSON.stringify(county.plots));
    writeFileSync(
      join(dir, 'quotas.csv'),
      ['类别,名称,灌溉方式,定额', ...Object.entries(reference.quotas).map(([crop, quota]) => `作物,${crop},滴灌,${quota}`)].join('\n') + '\n',
    );
    writeFileSync(join(dir, 'caps.csv'), '年份,单位代码,单位名称,用水总量控制,地下水控制\n2024,659902,凹县,100000000,50000000\n');
    const out = join(dir, 'account.json');
    const run = spawnSync(
      'npx',
      ['tsx', 'scripts/cli.ts', 'account', '--villages', join(dir, 'villages.geojson'), '--plots', join(dir, 'plots.geojson'),
        '--quotas', join(dir, 'quotas.csv'), '--caps', join(dir, 'caps.csv'), '--year', '2024', '--json', out],
      { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') },
    );
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    const villages = new Map<string, Unit>(result.units.filter((u: Unit) => u.level === 'village').map((u: Unit) => [u.code, u]));
    expect(villages.size).toBe(reference.villages.length);
    for (const expected of reference.villages) {
      const unit = villages.get(expected.code)!;
      const muTolerance = Math.max(0.01, 1e-4 * expected.planted_mu);
      expect(Math.abs(unit.plantedMu - expected.planted_mu), `${expected.code} planted`).toBeLessThanOrEqual(muTolerance);
      expect(Math.abs(unit.irrigationDemandM3 - expected.irrigation_demand_m3), `${expected.code} demand`).toBeLessThanOrEqual(
        1e-4 * expected.irrigation_demand_m3,
      );
    }
    // no fast path was caught out on this county
    expect(result.geometryChecks.plots.corrected).toBe(0);
  }, 120_000);
});
