import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const IO = join(ROOT, 'test/fixtures/io');

function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'import', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

describe('cli import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'import-'));

  it('writes {crs, encoding, featureCount, fields, warnings, features} for a GBK zip', () => {
    const out = join(dir, 'plots.json');
    const run = cli([join(IO, 'gbk/plots_4517_gbk.zip'), '--json', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    for (const key of ['crs', 'encoding', 'featureCount', 'fields', 'warnings', 'features']) expect(result).toHaveProperty(key);
    expect(result.crs).toMatchObject({ code: 'EPSG:4517', source: 'prj' });
    expect(result.encoding).toBe('gbk');
    expect(result.featureCount).toBe(3);
    expect(result.features.type).toBe('FeatureCollection');
    expect(result.features.features[0].properties.ZZZW).toBe('棉花');
    const [lon, lat] = result.features.features[0].geometry.coordinates[0][0];
    expect(lon).toBeCloseTo(87.3, 9);
    expect(lat).toBeCloseTo(44.0, 9);
  });

  it('takes loose files, --crs, --encoding and a --fields mapping file', () => {
    const mapping = join(dir, 'mapping.json');
    writeFileSync(mapping, JSON.stringify({ kind: 'plots', fields: { CBFMC: 'ZZZW' } }));
    const out = join(dir, 'loose.json');
    const run = cli([join(IO, 'gbk/plots_4538_noprj.zip'), '--crs', 'EPSG:4538', '--encoding', 'cp936', '--fields', mapping, '--json', out]);
    expect(run.stderr).toBe('');
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.crs).toMatchObject({ code: 'EPSG:4538', source: 'user' });
    expect(result).toMatchObject({ encoding: 'gbk', encodingSource: 'user', kind: 'plots' });
    expect(result.features.features[0].properties.ZZZW).toBe('张三');
  });

  it('--layer picks one layer of a two-layer zip', () => {
    const out = join(dir, 'survey.json');
    const run = cli([join(IO, 'gbk/two_layers.zip'), '--layer', 'survey_4538', '--json', out]);
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result).toMatchObject({ layer: 'survey_4538', kind: 'survey', featureCount: 2 });
    expect(result.features.features.map((f: { id: string }) => f.id)).toEqual(['1001', '1002']);
  });

  it.each([
    [[join(IO, 'real/shpjs/bad.shp')], /^import: bad\.shp: not a shapefile/],
    [[join(IO, 'real/shpjs/noshp.zip')], /^import: noshp\.zip: no \.shp file found/],
    [[join(IO, 'gbk/plots_4538_noprj.zip')], /^import: plots_4538_noprj\.zip\/plots_4538\.shp: unknown coordinate system.*--crs/],
    [[join(IO, 'missing.zip')], /^import: .*missing\.zip: file not found/],
  ])('exits 1 with one line naming the file, in Chinese (English with SHUIDI_LANG=en): %s', (files, message) => {
    const run = cli([...files, '--json', join(dir, 'bad.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    const name = files[0].split('/').pop()!;
    expect(run.stderr).toContain(name);
    expect(run.stderr).toMatch(/[\u4e00-\u9fff]/);
    const english = cli([...files, '--json', join(dir, 'bad.json')], { SHUIDI_LANG: 'en' });
    expect(english.code).toBe(1);
    expect(english.stderr).toMatch(message);
  });

  it('a broken --fields file is named', () => {
    const mapping = join(dir, 'broken.json');
    writeFileSync(mapping, '{"kind": "rivers"}');
    const run = cli([join(IO, 'gbk/plots_4517_gbk.zip'), '--fields', mapping, '--json', join(dir, 'x.json')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/broken\.json：字段对应文件无法使用（unknown layer kind "rivers"/);
    const english = cli([join(IO, 'gbk/plots_4517_gbk.zip'), '--fields', mapping, '--json', join(dir, 'x.json')], { SHUIDI_LANG: 'en' });
    expect(english.stderr).toMatch(/broken\.json: not a usable field mapping \(unknown layer kind "rivers"/);
  });
});
