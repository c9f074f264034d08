/**
 * `monitor` on the hand-worked wells of test/monitor/handWells.ts (figures worked out in
 * test/monitor/season.test.ts) and on the sample county with its seeded anomalies.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { PDFDocument } from 'pdf-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MonitorResult } from '../../src/core/monitor/types.ts';
import { readingsToRows } from '../../src/io/tables/readings.ts';
import { capsToCsv } from '../../src/io/tables/caps.ts';
import { toCsv } from '../../src/io/tables/csv.ts';
import { MONITOR_SHEETS } from '../../src/io/write/monitorXlsx.ts';
import { CAPS, READINGS, WELLS } from '../monitor/handWells.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync('npx', ['tsx', 'scripts/cli.ts', 'monitor', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr.replace(/^npm warn.*\n/gm, '') };
}

/** The hand wells as a GeoJSON point layer, small square plots around the plot points, the readings and caps as CSV. */
function writeHandCounty(dir: string): void {
  const wells = WELLS.map((w) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [w.lon, w.lat] },
    properties: { JBM: w.code, ZLDWDM: w.villageCode, SFJL: w.metered ? '是' : '否', ZSXS: w.coefficientM3PerKwh, QSXKL: w.permittedM3 },
  }));
  writeFileSync(join(dir, 'wells.geojson'), JSON.stringify({ type: 'FeatureCollection', features: wells }));
  const square = (x: number, y: number, d = 0.0005) => [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]];
  const plots = [
    [87.452, 44.001, '652301100002', '退减'], [87.448, 43.999, '652301100002', '休耕'], [87.301, 44.0, '652301100001', '种植'],
    [87.401, 44.0, '652301100002', '种植'], [87.451, 44.0, '652301100001', '种植'],
  ].map(([x, y, village, status], i) => ({
    type: 'Feature', geometry: { type: 'Polygon', coordinates: square(x as number, y as number) },
    properties: { DKBM: `P${i + 1}`, ZLDWDM: `${village}0000000`, ZT: status, SYLX: '井灌', ZZZW: '玉米' },
  }));
  writeFileSync(join(dir, 'plots.geojson'), JSON.stringify({ type: 'FeatureCollection', features: plots }));
  writeFileSync(join(dir, 'readings.csv'), toCsv(readingsToRows(READINGS)));
  writeFileSync(join(dir, 'caps.csv'), capsToCsv(CAPS));
}

const PROFILE = ['--profile', '0,0,0,10,20,30,20,10,10,0,0,0'];

describe('cli monitor on six hand-worked wells', () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-'));
  writeHandCounty(dir);
  const inputs = ['--wells', join(dir, 'wells.geojson'), '--readings', join(dir, 'readings.csv'), '--caps', join(dir, 'caps.csv'), '--year', '2025', '--month', '6', '--plots', join(dir, 'plots.geojson'), ...PROFILE];
  let run: ReturnType<typeof cli>;
  let result: MonitorResult;
  beforeAll(() => {
    run = cli([...inputs, '--json', join(dir, 'out.json'), '--xlsx', join(dir, 'out.xlsx'), '--pdf', join(dir, 'out.pdf')]);
    result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  }, 120_000);

  it('exits 0 and prints the county in one line', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // 5 of 6 wells reported in June; 22,300 m³ = 2.23 万m³ to date against 4.00 万m³, 2.40 by the profile
    expect(run.stdout).toContain('2025 年 6 月：5/6 眼井上报');
    expect(run.stdout).toContain('年初至今 2.23 万m³（指标 4.00 万m³，按分配至今 2.40 万m³）');
  });

  it('writes the JSON of docs/contract.md, in m³ with English keys', () => {
    expect(Object.keys(result).sort()).toEqual(['countyName', 'flags', 'month', 'profileShareToDate', 'settings', 'units', 'warnings', 'wells', 'year']);
    expect(Object.keys(result.units[0]).sort()).toEqual(['aheadM3', 'aheadShare', 'capM3', 'capShare', 'code', 'cumulativeM3', 'level', 'monthM3', 'monthlyM3',
      'name', 'parentCode', 'profileToDateM3', 'projectedExcessM3', 'projectedM3', 'rank', 'reportingWellCount', 'wellCount']);
    expect(Object.keys(result.wells[0]).sort()).toEqual(['code', 'coefficientM3PerKwh', 'cumulativeM3', 'idlePlots', 'lat', 'lon', 'metered', 'monthM3', 'monthlyBasis',
      'monthlyM3', 'permittedM3', 'projectedM3', 'servedPlots', 'townshipCode', 'villageCode']);
    expect(Object.keys(result.flags[0]).sort()).toEqual(['detail', 'detailEn', 'kind', 'limit', 'townshipCode', 'value', 'villageCode', 'wellCode']);
    expect(Object.keys(result.settings).sort()).toEqual(['absurdPermitFactor', 'coefficientMinNeighbours', 'coefficientRange', 'coefficientRatio', 'profile', 'serviceRadiusM']);
    // the profile given in percent is kept as shares: .1 + .2 + .3 by June
    expect(result.profileShareToDate).toBeCloseTo(0.6, 12);
    // the county's name from its caps.csv row; 一村 ahead by 12,000 − 15,000 × 0.6 = 3000 m³
    expect(result.countyName).toBe('示例市');
    expect(result.units.find((u) => u.code === '652301100001')!.aheadM3).toBeCloseTo(3000, 6);
    // the plots read from GeoJSON: W4 serves its two idle plots and is flagged
    expect(result.flags.filter((f) => f.wellCode === 'W4').map((f) => f.kind).sort()).toEqual(['coefficient_outlier', 'pumping_retired']);
    expect(new Set(result.flags.map((f) => f.wellCode))).toEqual(new Set(['W2', 'W3', 'W4', 'W5', 'W6']));
  });

  it('writes an xlsx whose township table matches the JSON', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'out.xlsx'));
    expect(book.worksheets.map((s) => s.name)).toEqual(Object.values(MONITOR_SHEETS));
    const sheet = book.getWorksheet(MONITOR_SHEETS.townships)!;
    const townships = result.units.filter((u) => u.level === 'township');
    // title, header, one row per township by rank, the county total
    expect(sheet.rowCount).toBe(2 + townships.length + 1);
    for (let r = 3; r < 3 + townships.length; r++) {
      const row = sheet.getRow(r);
      const unit = townships.find((u) => u.code === row.getCell(2).value)!;
      expect(row.getCell(1).value).toBe(unit.rank);
      expect(row.getCell(5).value).toBeCloseTo(unit.cumulativeM3 / 1e4, 9);
      expect(row.getCell(6).value).toBeCloseTo(unit.capM3! / 1e4, 9);
      expect(row.getCell(7).value).toBeCloseTo(unit.capShare!, 12);
    }
    const total = sheet.getRow(sheet.rowCount);
    expect(total.getCell(1).value).toBe('合计');
    expect(total.getCell(5).value).toBeCloseTo(2.23, 9);
    expect(book.getWorksheet(MONITOR_SHEETS.flags)!.rowCount - 2).toBe(result.flags.length);
    const wells = book.getWorksheet(MONITOR_SHEETS.wells)!;
    // W2's June: 2000 kWh × 1.5 = 3000 m³ in column 4 + 6
    const w2 = [3, 4, 5, 6, 7, 8].map((r) => wells.getRow(r)).find((row) => row.getCell(1).value === 'W2')!;
    expect(w2.getCell(10).value).toBe(3000);
  });

  it('writes a PDF bulletin that parses, titled by county and month', async () => {
    const bytes = readFileSync(join(dir, 'out.pdf'));
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe('示例市2025年6月地下水取水情况通报');
    expect(pdf.getPageCount()).toBe(1);
    const png = join(dir, 'page');
    const render = spawnSync('pdftoppm', ['-r', '50', '-png', '-f', '1', '-l', '1', join(dir, 'out.pdf'), png]);
    // poppler-utils renders the page as a reader would: the CJK text and the chart must not break it
    expect(render.error, 'pdftoppm (poppler-utils) is needed to render the bulletin').toBeUndefined();
    expect(render.status).toBe(0);
    expect(existsSync(`${png}-1.png`)).toBe(true);
    // a blank A4 page at 50 dpi compresses to about 1 kB; the bulletin's text, tables and chart to tens of kB
    expect(statSync(`${png}-1.png`).size).toBeGreaterThan(20_000);
  });

  it('refuses a bad reading with one Chinese line naming the file, row and well (English with SHUIDI_LANG=en)', () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'JBM,年份,月份,计量水量,用电量\nW1,2025,6,3000,\nW9,2025,6,10,\n');
    const args = inputs.map((a) => (a === join(dir, 'readings.csv') ? bad : a));
    const failed = cli(args);
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('monitor: ');
    expect(failed.stderr).toContain('bad.csv：第 3 行“JBM”列（A3）：井 W9 不在机电井图层中');
    const english = cli(args, { SHUIDI_LANG: 'en' });
    expect(english.stderr).toContain('bad.csv: row 3, column JBM (A3): well W9 is not in the wells layer');
  });

  it('refuses a bad month, profile or missing option in Chinese', () => {
    expect(cli(inputs.map((a) => (a === '6' ? '13' : a))).stderr).toContain('--month 应为 1–12，而不是“13”');
    expect(cli([...inputs, '--profile', '1,2,3']).stderr).toContain('--profile：月度分配须为 12 个数');
    const missing = cli(inputs.filter((_, i) => i > 1));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('缺少 --wells');
  });
});

describe('cli monitor on the sample county', () => {
  const dir = mkdtempSync(join(tmpdir(), 'monitor-sample-'));
  let result: MonitorResult;
  let seeded: Record<string, string[] | number>;
  beforeAll(() => {
    const generate = spawnSync('npx', ['tsx', 'scripts/generate-sample.ts', '--out', dir], { cwd: ROOT, encoding: 'utf8' });
    expect(generate.status).toBe(0);
    seeded = JSON.parse(readFileSync(join(dir, 'anomalies.json'), 'utf8')).monitor;
    const run = cli(['--wells', join(dir, 'wells.zip'), '--readings', join(dir, 'readings.csv'), '--caps', join(dir, 'caps.csv'), '--villages', join(dir, 'villages.zip'),
      '--plots', join(dir, 'plots.zip'), '--year', String(seeded.year), '--month', String(seeded.month), '--json', join(dir, 'out.json')]);
    expect(run.stderr).toBe('');
    result = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8'));
  }, 300_000);

  it('flags each seeded anomaly', () => {
    const flagged = (kind: string) => result.flags.filter((f) => f.kind === kind).map((f) => f.wellCode).sort();
    expect(flagged('no_reading')).toEqual([...(seeded.noReading as string[])].sort());
    expect(flagged('over_permit_ytd')).toEqual(expect.arrayContaining(seeded.overPermit as string[]));
    expect(flagged('coefficient_range')).toEqual(seeded.coefficientRange);
    expect(flagged('coefficient_outlier')).toEqual(seeded.coefficientOutlier);
    expect(flagged('pumping_retired')).toEqual(seeded.pumpingRetired);
    expect((seeded.pumpingRetired as string[]).length).toBe(1);
  });

  it('adds villages up to townships and townships to the county', () => {
    const units = result.units;
    for (const parent of units.filter((u) => u.level !== 'village')) {
      const children = units.filter((u) => u.parentCode === parent.code);
      const sum = children.reduce((s, u) => s + u.cumulativeM3, 0);
      expect(sum).toBeCloseTo(parent.cumulativeM3, 3);
    }
    expect(units.find((u) => u.level === 'city')!.wellCount).toBe(result.wells.length);
  });
});
