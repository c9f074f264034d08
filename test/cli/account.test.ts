import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { AccountingResult } from '../../src/core/accounting/types.ts';
import { ACCOUNTING_COLUMNS } from '../../src/core/accounting/columns.ts';
import { TINY_DIR } from '../accounting/tinyCounty.ts';
import { expectSumsAddUp } from '../accounting/sums.ts';
import { sampleCountyDir } from '../../scripts/bench/account.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
// column 1 is 序号
const TOTAL_USE_COLUMN = ACCOUNTING_COLUMNS.findIndex((c) => c.key === 'totalUseM3') + 2;

function cli(args: string[]) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'account', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

const tiny = (name: string) => join(TINY_DIR, name);
const baseArgs = (dir: string, quotas = tiny('quotas.csv'), caps = tiny('caps.csv')) => [
  '--villages', tiny('villages.geojson'), '--plots', tiny('plots.geojson'), '--forest', tiny('forest.geojson'),
  '--wells', tiny('wells.geojson'), '--quotas', quotas, '--caps', caps, '--year', '2024',
  '--json', join(dir, 'out.json'), '--xlsx', join(dir, 'out.xlsx'), '--csv', join(dir, 'out.csv'),
];

describe('cli account on the tiny GeoJSON county', () => {
  const dir = mkdtempSync(join(tmpdir(), 'account-'));
  const run = cli(baseArgs(dir));

  it('exits 0 and writes the contract JSON', () => {
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as AccountingResult;
    expect(result.year).toBe(2024);
    expect(result.units.map((u) => u.level).sort()).toEqual(['city', 'township', 'township', 'village', 'village', 'village']);
    const keys = ['level', 'code', 'name', 'parentCode', 'plantedMu', 'retiredMu', 'fallowMu', 'forestMu', 'irrigatedForestMu',
      'plantedMuByCrop', 'forestMuByType', 'irrigationDemandM3', 'groundwaterDemandM3', 'industrialM3', 'domesticM3', 'totalUseM3',
      'actualGroundwaterM3', 'totalCapM3', 'groundwaterCapM3', 'totalExcessM3', 'groundwaterExcessM3', 'retireToMeetCapMu'];
    for (const u of result.units) for (const k of keys) expect(u).toHaveProperty(k);
    expect(result.trajectory?.targetYear).toBe(2025);
    expectSumsAddUp(result.units);
    const v2 = result.units.find((u) => u.code === '652301100002')!;
    expect(v2.actualGroundwaterM3).toBeNull();
    expect(v2.totalCapM3).toBeNull();
    expect(v2.mixedGroundwaterShare).toBe(0.8);
  });

  it('writes an xlsx whose summary matches the JSON', async () => {
    const result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as AccountingResult;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'out.xlsx'));
    const sheet = workbook.getWorksheet('三级汇总表')!;
    const city = result.units.find((u) => u.level === 'city')!;
    // the county total, then a blank row and the signature row
    const last = sheet.getRow(sheet.rowCount - 2);
    const col = (key: string) => ACCOUNTING_COLUMNS.findIndex((c) => c.key === key) + 2;
    expect(last.getCell(col('code')).value).toBe(city.code);
    expect(last.getCell(col('plantedMu')).value).toBeCloseTo(city.plantedMu, 9);
    expect(last.getCell(col('groundwaterDemandM3')).value).toBeCloseTo(city.groundwaterDemandM3 / 1e4, 9);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8').startsWith('\ufeff行类型')).toBe(true);
  });

  it('names a planted crop missing from the quota table and exits 1', () => {
    const bad = join(dir, 'quotas-no-maize.csv');
    writeFileSync(bad, readFileSync(tiny('quotas.csv'), 'utf8').replace('作物,玉米,*,320\n', ''));
    const failed = cli(baseArgs(dir, bad));
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('quotas-no-maize.csv');
    expect(failed.stderr).toContain('"玉米"');
  });

  it('names the cell of a negative cap and exits 1', () => {
    const bad = join(dir, 'caps-negative.csv');
    writeFileSync(bad, readFileSync(tiny('caps.csv'), 'utf8').replace('2024,652301100,甲镇,30000,18000', '2024,652301100,甲镇,30000,-18000'));
    const failed = cli(baseArgs(dir, tiny('quotas.csv'), bad));
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim()).toBe(`account: ${bad}：第 5 行“地下水控制”列（E5）：负数 -18000（m³）：请填写非负数`);
  });

  it('names a missing file and a missing option', () => {
    const args = baseArgs(dir);
    args[args.indexOf('--plots') + 1] = join(dir, 'nope.geojson');
    const missing = cli(args);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.geojson：文件不存在');
    const noCaps = cli(['--villages', tiny('villages.geojson'), '--plots', tiny('plots.geojson'), '--quotas', tiny('quotas.csv'), '--year', '2024']);
    expect(noCaps.code).toBe(1);
    expect(noCaps.stderr).toContain('缺少 --caps');
  });

  it('reads xlsx tables as well as CSV', async () => {
    const { readCaps } = await import('../../src/io/tables/readTable.ts');
    const { capsToRows } = await import('../../src/io/tables/caps.ts');
    const { writeXlsxRows } = await import('../../src/io/tables/xlsxRows.ts');
    const caps = await readCaps(new Uint8Array(readFileSync(tiny('caps.csv'))), 'caps.csv');
    writeFileSync(join(dir, 'caps.xlsx'), await writeXlsxRows(capsToRows(caps), '控制指标'));
    copyFileSync(join(dir, 'out.json'), join(dir, 'csv-run.json'));
    const again = cli(baseArgs(dir, tiny('quotas.csv'), join(dir, 'caps.xlsx')));
    expect(again.code).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'csv-run.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
    expect(b.units).toEqual(a.units);
  });
});

describe('cli account on the sample county', () => {
  const dir = mkdtempSync(join(tmpdir(), 'account-sample-'));
  const sample = sampleCountyDir();
  const run = cli([
    '--villages', join(sample, 'villages.zip'), '--plots', join(sample, 'plots.zip'), '--forest', join(sample, 'forest.zip'),
    '--wells', join(sample, 'wells.zip'), '--quotas', join(sample, 'quotas.csv'), '--caps', join(sample, 'caps.csv'),
    '--year', '2024', '--json', join(dir, 'out.json'), '--xlsx', join(dir, 'out.xlsx'),
  ]);

  it('exits 0; villages add up to townships and townships to the city', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as AccountingResult;
    expect(result.units.filter((u) => u.level === 'city')).toHaveLength(1);
    expect(result.units.filter((u) => u.level === 'village').length).toBeGreaterThan(10);
    expectSumsAddUp(result.units);
    const city = result.units.find((u) => u.level === 'city')!;
    expect(city.plantedMu).toBeGreaterThan(0);
    expect(city.groundwaterCapM3).not.toBeNull();
    expect(result.trajectory!.years.length).toBeGreaterThan(1);
  });

  it('writes an xlsx whose village rows match the JSON', async () => {
    const result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as AccountingResult;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'out.xlsx'));
    const sheet = workbook.getWorksheet('三级汇总表')!;
    const byCode = new Map(result.units.map((u) => [u.code, u]));
    let checked = 0;
    sheet.eachRow((row, n) => {
      if (n <= 4 || n > sheet.rowCount - 2) return;
      const unit = byCode.get(String(row.getCell(3).value))!;
      expect(unit).toBeDefined();
      expect(row.getCell(5).value as number).toBeCloseTo(unit.plantedMu, 9);
      expect(row.getCell(TOTAL_USE_COLUMN).value as number).toBeCloseTo(unit.totalUseM3 / 1e4, 9);
      checked++;
    });
    expect(checked).toBe(result.units.length);
  });
});
