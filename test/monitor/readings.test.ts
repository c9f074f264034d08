/** Readings files: every kind of bad row refused with a Chinese message naming the row, column and well; re-import replaces only its months. */
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mergeReadings } from '../../src/core/monitor/mergeReadings.ts';
import { monitorSettings } from '../../src/core/monitor/settings.ts';
import type { MonitorWell } from '../../src/core/monitor/types.ts';
import { readReadings } from '../../src/io/tables/readings.ts';
import { TableError } from '../../src/io/tables/tableSchema.ts';
import { PROFILE, READINGS, WELLS } from './handWells.ts';

const settings = monitorSettings({ profile: PROFILE });
const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = 'JBM,年份,月份,计量水量,用电量\n';
const read = (text: string, wells: readonly MonitorWell[] = WELLS) => readReadings(utf8(HEADER + text), 'readings.csv', wells, settings);

async function refusal(text: string, wells?: readonly MonitorWell[]): Promise<TableError> {
  const error = await read(text, wells).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TableError);
  return error as TableError;
}

describe('reading a readings file', () => {
  it('reads good rows, in m³ and kWh, with units in the headers converted', async () => {
    const readings = await read('W1,2025,6,3000,100\nW2,2025,6,,2000\n');
    expect(readings).toEqual([
      { wellCode: 'W1', year: 2025, month: 6, meteredM3: 3000, electricityKwh: 100 },
      { wellCode: 'W2', year: 2025, month: 6, meteredM3: null, electricityKwh: 2000 },
    ]);
    const wan = await readReadings(utf8('机电井编码,年度,月,计量水量（万m³）,用电量（万kWh）\nW1,2025,6月,0.3,0.01\n'), 'r.csv', WELLS, settings);
    expect(wan[0].meteredM3).toBeCloseTo(3000, 9);
    expect(wan[0].electricityKwh).toBeCloseTo(100, 9);
  });

  it('reads a GBK file (Excel on a Chinese Windows)', async () => {
    const bytes = new Uint8Array(iconv.encode(HEADER + 'W1,2025,6,3000,100\n', 'gbk'));
    expect((await readReadings(bytes, 'gbk.csv', WELLS, settings))[0].meteredM3).toBe(3000);
  });

  it('refuses a GBK file row by row too, in Chinese', async () => {
    const bytes = new Uint8Array(iconv.encode(HEADER + 'W1,2025,6,三千,100\n', 'gbk'));
    const error = (await readReadings(bytes, 'gbk.csv', WELLS, settings).catch((e: unknown) => e)) as TableError;
    expect(error.message).toContain('第 2 行“计量水量”列（D2）');
    expect(error.message).toContain('“三千”不是数字');
  });

  it('reads an .xlsx', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('读数');
    sheet.addRow(['JBM', '年份', '月份', '计量水量', '用电量']);
    sheet.addRow(['W3', 2025, 5, null, 1500]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await readReadings(bytes, 'r.xlsx', WELLS, settings)).toEqual([{ wellCode: 'W3', year: 2025, month: 5, meteredM3: null, electricityKwh: 1500 }]);
  });

  const cases: [string, string, string[]][] = [
    ['an unknown well', 'W1,2025,6,3000,\nW99,2025,6,100,\n', ['第 3 行“JBM”列（A3）', '井 W99 不在机电井图层中']],
    ['a month given twice', 'W1,2025,6,3000,\nW1,2025,6,2900,\n', ['第 3 行“月份”列（C3）', '井 W1 2025 年 6 月已在第 2 行填写过']],
    ['a negative volume', 'W1,2025,6,-5,\n', ['第 2 行“计量水量”列（D2）', '负数 -5（井 W1 计量水量 m³）']],
    ['a negative electricity', 'W2,2025,6,,-100\n', ['第 2 行“用电量”列（E2）', '负数 -100']],
    // W1 permit 10,000, June .3 of the profile: at most 3 × 10,000 × 0.3 = 9000 m³
    ['an absurd volume', 'W1,2025,6,9001,\n', ['第 2 行“计量水量”列（D2）', '井 W1 6 月计量水量 9,001 m³ 超过许可水量 10000 m³ 按本月份额可取的 3 倍（9000 m³）']],
    // W2 permit 6000, January outside the season: at most 3 × 6000 ÷ 12 = 1500 m³; 1001 kWh × 1.5 = 1501.5
    ['an absurd electricity', 'W2,2025,1,,1001\n', ['第 2 行“用电量”列（E2）', '折水 1,502 m³', '（1500 m³）']],
    ['a bad month', 'W1,2025,13,100,\n', ['第 2 行“月份”列（C2）', '井 W1：“13”不是月份']],
    ['a bad year', 'W1,25,6,100,\n', ['第 2 行“年份”列（B2）', '井 W1：“25”不是年份']],
    ['a non-number', 'W1,2025,6,abc,\n', ['第 2 行“计量水量”列（D2）', '“abc”不是数字（井 W1 计量水量 m³）']],
    ['an empty row of figures', 'W1,2025,6,,\n', ['第 2 行“计量水量”列（D2）', '井 W1 的计量水量和用电量都为空']],
  ];
  for (const [what, rows, expected] of cases) {
    it(`refuses ${what}, naming the row, column and well in Chinese`, async () => {
      const error = await refusal(rows);
      expect(error.message.startsWith('readings.csv：')).toBe(true);
      for (const part of expected) expect(error.message).toContain(part);
      // English under the language switch names the same cell
      expect(error.messageEn).toMatch(/^readings\.csv: row \d+, column /);
    });
  }

  it('refuses what the pump cannot lift at its rated power', async () => {
    // W1 with a 10 kW pump: June 10 × 24 × 30 = 7200 kWh; × 2.0 m³/kWh = 14,400 m³ (above the permit's 9000, so the permit rule binds the volume)
    const wells = WELLS.map((w) => (w.code === 'W1' ? { ...w, ratedPowerKw: 10 } : w));
    const error = await refusal('W1,2025,6,100,7201\n', wells);
    expect(error.message).toContain('第 2 行“用电量”列（E2）');
    expect(error.message).toContain('7,201 kWh 超过水泵额定功率 10 kW 昼夜不停一个月的用电（7,200 kWh）');
    // W2 (1.5 m³/kWh) with a 2 kW pump in February 2025: 2 × 24 × 28 = 1344 kWh, lifting 2016 m³; the permit allows 1500
    const small = WELLS.map((w) => (w.code === 'W2' ? { ...w, ratedPowerKw: 0.5 } : w));
    // 0.5 kW × 24 × 28 = 336 kWh → 504 m³ is now the lower limit; 400 kWh × 1.5 = 600 m³ is above it
    const pump = await refusal('W2,2025,2,,337\n', small);
    expect(pump.message).toContain('超过水泵额定功率 0.5 kW 昼夜不停一个月的用电（336 kWh）');
  });

  it('lists how many more problems there are', async () => {
    const error = await refusal('W99,2025,6,1,\nW1,2025,6,-1,\nW1,2025,0,1,\n');
    expect(error.issues.map((i) => i.row)).toEqual([2, 3, 4]);
    expect(error.message).toContain('另有 2 处问题');
  });

  it('refuses a file with neither a volume nor an electricity column', async () => {
    const error = (await readReadings(utf8('JBM,年份,月份\nW1,2025,6\n'), 'r.csv', WELLS, settings).catch((e: unknown) => e)) as TableError;
    expect(error.message).toContain('缺少“计量水量”和“用电量”列');
  });
});

describe('importing again', () => {
  it('replaces only the months in the new file', () => {
    // the project holds W1 Apr–Jun and W2 Apr–Jun; the corrected file has W1 June and W2 July
    const corrected = [
      { wellCode: 'W1', year: 2025, month: 6, meteredM3: 2800, electricityKwh: 100 },
      { wellCode: 'W2', year: 2025, month: 7, meteredM3: null, electricityKwh: 900 },
    ];
    const merged = mergeReadings(READINGS, corrected);
    expect([merged.added, merged.replaced]).toEqual([1, 1]);
    expect(merged.readings).toHaveLength(READINGS.length + 1);
    const find = (well: string, month: number, year = 2025) => merged.readings.find((r) => r.wellCode === well && r.month === month && r.year === year);
    expect(find('W1', 6)!.meteredM3).toBe(2800);
    expect(find('W1', 5)!.meteredM3).toBe(2000);
    expect(find('W1', 4)!.meteredM3).toBe(1000);
    expect(find('W1', 6, 2024)!.meteredM3).toBe(8888);
    expect(find('W2', 7)!.electricityKwh).toBe(900);
    expect(merged.changes.map((c) => [c.key, c.before?.meteredM3 ?? null, c.after.meteredM3])).toEqual([['W1/2025/6', 3000, 2800], ['W2/2025/7', null, null]]);
  });

  it('records no change for a month imported again with the same figures', () => {
    const merged = mergeReadings(READINGS, [READINGS[0]]);
    expect([merged.added, merged.replaced, merged.changes.length]).toEqual([0, 1, 0]);
  });
});
