/** `npm run cli -- reconcile …` on the hand-made fixture: the contract's JSON, exit codes, exports. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const FIXTURE = join(import.meta.dirname, '../fixtures/reconcile/basic');
const layer = (name: string): string => join(FIXTURE, `${name}.geojson`);

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'reconcile', ...args], { encoding: 'utf8', cwd: join(import.meta.dirname, '../..') });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/^npm warn.*\n/gm, '') };
}

const base = ['--villages', layer('villages'), '--plots', layer('plots'), '--survey', layer('survey')];

describe('reconcile command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reconcile-cli-'));

  it('names each plot once even when two plots carry the same code (a plot digitised twice)', () => {
    const plots = JSON.parse(readFileSync(layer('plots'), 'utf8'));
    const twin = plots.features.find((f: { properties: { DKBM: string } }) => f.properties.DKBM === 'PC2');
    twin.properties.DKBM = 'PC1';
    const copy = join(dir, 'plots-twin.geojson');
    writeFileSync(copy, JSON.stringify(plots));
    const out = join(dir, 'twin.json');
    const run = cli(['--villages', layer('villages'), '--plots', copy, '--survey', layer('survey'), '--json', out]);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const overlap = report.findings.find((f: { kind: string }) => f.kind === 'plot_overlap');
    expect(overlap.featureId).not.toBe(overlap.otherId);
    const keys = report.findings.map((f: { kind: string; featureId: string; otherId?: string }) => `${f.kind}|${f.featureId}|${f.otherId ?? ''}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('writes the contract JSON and the exports', () => {
    const out = join(dir, 'out.json');
    const run = cli([...base, '--forest', layer('forest'), '--json', out, '--xlsx', join(dir, 'f.xlsx'), '--geojson', join(dir, 'f.geojson'), '--shp', join(dir, 'f.zip')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['settings', 'summary', 'findings']));
    expect(report.summary).toEqual({
      non_cultivated_planting: 1, forest_on_planting: 1, plot_overlap: 1, uncovered_cultivated: 1, village_mismatch: 2, area_mismatch: 1, dryland_irrigation: 0,
    });
    for (const f of report.findings) {
      expect(typeof f.kind).toBe('string');
      expect(['plots', 'forest', 'survey']).toContain(f.layer);
      expect(typeof f.featureId).toBe('string');
      expect(f.villageCode).toMatch(/^\d{12}$/);
      expect(f.areaMu).toBeGreaterThan(0);
      expect(f.bbox).toHaveLength(4);
      expect(f.bbox[0]).toBeLessThanOrEqual(f.bbox[2]);
    }
    expect(JSON.parse(readFileSync(join(dir, 'f.geojson'), 'utf8')).features).toHaveLength(7);
    expect(existsSync(join(dir, 'f.xlsx')) && existsSync(join(dir, 'f.zip'))).toBe(true);
  });

  it('takes the tolerances from the command line and reports them', () => {
    const out = join(dir, 'strict.json');
    const run = cli([...base, '--min-overlap-mu', '30', '--min-overlap-share', '0.2', '--json', out]);
    expect(run.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.settings).toMatchObject({ minOverlapMu: 30, minOverlapShare: 0.2 });
    // without --forest, S8's forest part is uncovered too; the 53-亩 overlap is 16.7 % of PC1 < 20 %
    expect(report.summary.plot_overlap).toBe(0);
    expect(report.summary.forest_on_planting).toBe(0);
  });

  it('takes the declared-area tolerances from --area-mismatch-mu/-share: a finding reaches both', () => {
    const run = (mu: string, share: string) => {
      const out = join(dir, `mismatch-${mu}-${share}.json`);
      const result = cli([...base, '--area-mismatch-mu', mu, '--area-mismatch-share', share, '--json', out]);
      expect(result.status).toBe(0);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const ids = (report: { findings: { kind: string; featureId: string }[] }) =>
      report.findings.filter((f) => f.kind === 'area_mismatch').map((f) => f.featureId).sort();
    // PC1 declares 350 亩 for ~320 (≈ 9 %), PC2 330 for ~320 (≈ 3 %); defaults 1 亩 and 5 %
    const loose = run('0', '0.02');
    expect(loose.settings).toMatchObject({ areaMismatchMu: 0, areaMismatchShare: 0.02 });
    expect(ids(loose)).toEqual(['PC1', 'PC2']);
    const byArea = run('15', '0.02');
    expect(byArea.settings).toMatchObject({ areaMismatchMu: 15, areaMismatchShare: 0.02 });
    expect(ids(byArea)).toEqual(['PC1']);
    expect(ids(run('0', '0.1'))).toEqual([]);
    const bad = cli([...base, '--area-mismatch-share', '5']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--area-mismatch-share');
  });

  it('exits 1 with one line naming the file when a layer is missing or bad', () => {
    const missing = cli([...base.slice(0, 4), '--survey', join(dir, 'nope.shp')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain('nope.shp');

    const points = join(dir, 'points.geojson');
    writeFileSync(points, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { DKBM: 'X' }, geometry: { type: 'Point', coordinates: [87.3, 44] } }] }));
    const wrong = cli([...base.slice(0, 2), '--plots', points, ...base.slice(4)]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
    expect(wrong.stderr).toMatch(/points\.geojson.*polygons/);

    const garbage = join(dir, 'garbage.geojson');
    writeFileSync(garbage, '{ not json');
    const broken = cli([...base.slice(0, 4), '--survey', garbage]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('garbage.geojson');

    const badShare = cli([...base, '--min-overlap-share', '2']);
    expect(badShare.status).toBe(1);
    expect(badShare.stderr).toContain('--min-overlap-share');
  });

  it('exits 1 when the survey has no land-class codes', () => {
    const survey = JSON.parse(readFileSync(layer('survey'), 'utf8'));
    for (const f of survey.features) delete f.properties.DLBM;
    const path = join(dir, 'nodlbm.geojson');
    writeFileSync(path, JSON.stringify(survey));
    const run = cli([...base.slice(0, 4), '--survey', path]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nodlbm\.geojson.*DLBM/);
  });
});
