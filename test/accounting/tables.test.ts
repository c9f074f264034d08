import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../src/io/tables/csv.ts';
import { readCaps, readQuotas, quotasFromCsvText, capsFromCsvText } from '../../src/io/tables/readTable.ts';
import { capRowsFromTable, capsToRows } from '../../src/io/tables/caps.ts';
import { quotasToRows, quotaRowsFromTable } from '../../src/io/tables/quotas.ts';
import { writeXlsxRows } from '../../src/io/tables/xlsxRows.ts';
import { TableError } from '../../src/io/tables/tableSchema.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const CAPS = '年份,单位代码,单位名称,用水总量控制,地下水控制,工业用水,生活用水,混灌地下水比例\n' +
  '2024,652301,示例市,"1,000,000",400000,5000,2000,0.4\n' +
  '2024,652301100,甲镇,30000,18000,,,\n';

describe('CSV', () => {
  it('reads quoted cells, doubled quotes, CRLF and a BOM, keeping row numbers', () => {
    const rows = parseCsv('\ufeffa,b\r\n"x, ""y""",2\r\n\r\nlast,"multi\nline"');
    expect(rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, "y"', '2'] },
      { line: 4, cells: ['last', 'multi\nline'] },
    ]);
  });
  it('round-trips through toCsv', () => {
    const rows = [['名称', '值'], ['a,"b"', '1']];
    expect(parseCsv(toCsv(rows)).map((r) => r.cells)).toEqual(rows);
  });
});

describe('caps table', () => {
  it('reads UTF-8 with and without BOM the same', async () => {
    const plain = await readCaps(utf8(CAPS), 'caps.csv');
    const bom = await readCaps(utf8('\ufeff' + CAPS), 'caps.csv');
    expect(bom).toEqual(plain);
    expect(plain[0]).toEqual({ year: 2024, code: '652301', name: '示例市', totalCapM3: 1_000_000, groundwaterCapM3: 400000, industrialM3: 5000, domesticM3: 2000, mixedGroundwaterShare: 0.4, industrialGroundwaterM3: null, domesticGroundwaterM3: null });
    expect(plain[1].industrialM3).toBeNull();
    expect(plain[1].mixedGroundwaterShare).toBeNull();
  });

  it('reads GBK bytes (Excel on a Chinese Windows)', async () => {
    const { default: iconv } = await import('iconv-lite');
    const caps = await readCaps(new Uint8Array(iconv.encode(CAPS, 'gbk')), 'caps.csv');
    expect(caps[1].name).toBe('甲镇');
  });

  it('refuses a negative cap naming row, column and cell', () => {
    const bad = CAPS.replace('30000,18000', '30000,-5');
    expect(() => capsFromCsvText(bad, 'caps.csv')).toThrow('caps.csv: 第 3 行“地下水控制”列（E3）：负数 -5（m³）：请填写非负数');
  });

  it('refuses a non-numeric cap naming the cell, and collects every problem', () => {
    const bad = CAPS.replace('400000', '四十万').replace('30000,18000', 'abc,18000');
    try {
      capsFromCsvText(bad, 'caps.csv');
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(TableError);
      expect((error as TableError).message).toMatch(/^caps\.csv: 第 2 行“地下水控制”列（E2）：“四十万”不是数字/);
      expect((error as TableError).messageEn).toMatch(/^caps\.csv: row 2, column 地下水控制 \(E2\): "四十万" is not a number/);
      expect((error as TableError).issues.map((i) => i.cell)).toEqual(['E2', 'D3']);
    }
  });

  it('names a missing column, a bad code and a share out of range', () => {
    expect(() => capsFromCsvText('年份,名称\n2024,x\n')).toThrow(/缺少“单位代码”列/);
    expect(() => capsFromCsvText(CAPS.replace('652301100,', '65230110,'))).toThrow(/第 3 行“单位代码”列（B3）：“65230110”不是单位代码/);
    expect(() => capsFromCsvText(CAPS.replace(',0.4', ',1.5'))).toThrow(/H2.*不在 0–1 之间/);
  });

  it('reads the optional groundwater parts 工业地下水 and 生活地下水 (empty = not set)', () => {
    const text = '年份,单位代码,地下水控制,工业用水,工业地下水,生活用水,生活地下水\n' +
      '2024,652301100001,10000,100,60,200,\n2024,652301100002,9000,,,,25\n';
    const caps = capsFromCsvText(text);
    expect(caps.map((c) => [c.industrialGroundwaterM3, c.domesticGroundwaterM3])).toEqual([[60, null], [null, 25]]);
    expect(capsFromCsvText(capsToRows(caps).map((r) => r.join(',')).join('\n'))).toEqual(caps);
    expect(capsToRows(capsFromCsvText(CAPS))[0]).toHaveLength(8);
  });

  it('reads the same table from .xlsx', async () => {
    const rows = capsToRows(capsFromCsvText(CAPS));
    const xlsx = await writeXlsxRows(rows, '控制指标');
    expect(await readCaps(xlsx, 'caps.xlsx')).toEqual(capsFromCsvText(CAPS));
  });
});

describe('quota table', () => {
  const QUOTAS = '类别,名称,灌溉方式,定额（m³/亩）\n作物,棉花,*,400\n作物,棉花,滴灌,300\n林种,农田防护林,,200\n';
  it('reads rows, an empty method meaning *', () => {
    expect(quotasFromCsvText(QUOTAS)).toEqual([
      { category: '作物', name: '棉花', method: '*', quotaM3PerMu: 400 },
      { category: '作物', name: '棉花', method: '滴灌', quotaM3PerMu: 300 },
      { category: '林种', name: '农田防护林', method: '*', quotaM3PerMu: 200 },
    ]);
  });
  it('names bad cells: unknown method, duplicate, negative quota', () => {
    const bad = QUOTAS + '作物,小麦,水灌,300\n作物,棉花,*,10\n作物,玉米,*,-1\n';
    const { issues } = quotaRowsFromTable(parseCsv(bad), 'quotas.csv');
    expect(issues.map((i) => [i.cell, i.messageEn])).toEqual([
      ['C5', '"水灌" is not one of 滴灌, 喷灌, 管灌, 漫灌 or *'],
      ['B6', '作物 棉花 * already given in row 2'],
      ['D7', 'negative value -1 (m³/亩)'],
    ]);
    expect(issues[0].message).toBe('“水灌”不是 滴灌、喷灌、管灌、漫灌 或 *：请改为其中之一');
  });
  it('reads 状态 rows for fallow and retired land, refusing other names and a method', () => {
    const quotas = quotasFromCsvText(QUOTAS + '状态,休耕,*,50\n状态,退减,,0\n');
    expect(quotas.slice(3)).toEqual([
      { category: '状态', name: '休耕', method: '*', quotaM3PerMu: 50 },
      { category: '状态', name: '退减', method: '*', quotaM3PerMu: 0 },
    ]);
    const { issues } = quotaRowsFromTable(parseCsv(QUOTAS + '状态,撂荒,*,50\n状态,休耕,滴灌,50\n'), 'quotas.csv');
    expect(issues.map((i) => i.cell)).toEqual(['B5', 'C6']);
  });
  it('round-trips through xlsx', async () => {
    const quotas = quotasFromCsvText(QUOTAS);
    expect(await readQuotas(await writeXlsxRows(quotasToRows(quotas), '定额'), 'q.xlsx')).toEqual(quotas);
  });
});

describe('units in headers and hostile numbers', () => {
  const Q = (header: string, value: string) => `类别,名称,灌溉方式,${header}\n作物,棉花,*,${value}\n`;
  it('converts quotas written per 公顷 or in 万m³ per 亩', () => {
    expect(quotasFromCsvText(Q('定额(m³/公顷)', '4500'))[0].quotaM3PerMu).toBeCloseTo(300, 10); // 4500 ÷ 15 亩
    expect(quotasFromCsvText(Q('定额（万m³/亩）', '0.0389'))[0].quotaM3PerMu).toBeCloseTo(389, 10);
    expect(quotasFromCsvText(Q('定额（m³/亩）', '389'))[0].quotaM3PerMu).toBe(389);
  });
  it('converts caps written in 万m³ and shares in %', () => {
    const caps = capsFromCsvText('年份,单位代码,地下水控制（万m³）,用水总量控制(万立方米),混灌地下水比例(%)\n2024,652301,265,300.5,40\n');
    expect(caps[0]).toMatchObject({ groundwaterCapM3: 2650000, totalCapM3: 3005000, mixedGroundwaterShare: 0.4 });
  });
  it('refuses a unit it does not know, or of the wrong kind, naming the header cell', () => {
    expect(() => quotasFromCsvText(Q('定额（升/亩）', '389'), 'q.csv')).toThrow(/q\.csv: 第 1 行“定额（升\/亩）”列（D1）：表头单位“升\/亩”无法识别/);
    expect(() => capsFromCsvText('年份,单位代码,地下水控制（亩）\n2024,652301,265\n', 'c.csv')).toThrow(/（C1）：表头单位“亩”/);
    expect(() => quotasFromCsvText(Q('定额（m³）', '389'))).toThrow(/D1/);
  });
  it('never reads a decimal comma as thousands: 389,5 is refused with what to write', () => {
    const { issues } = quotaRowsFromTable(parseCsv('类别;名称;灌溉方式;定额\n作物;棉花;*;389,5\n'), 'q.csv');
    expect(issues).toHaveLength(1);
    expect(issues[0].cell).toBe('D2');
    expect(issues[0].message).toContain('389.5');
    expect(quotasFromCsvText(Q('定额', '"1,234.5"'))[0].quotaM3PerMu).toBe(1234.5);
    // unquoted in a comma-separated file the decimal comma splits the number: never 389 silently
    const split = quotaRowsFromTable(parseCsv(Q('定额', '389,5')), 'q.csv').issues;
    expect(split.map((i) => i.cell)).toEqual(['E2']);
    expect(split[0].message).toContain('389,5');
    expect(capsFromCsvText('年份,单位代码,地下水控制\n2024,652301,"2,650,000"\n')[0].groundwaterCapM3).toBe(2650000);
  });
  it('refuses non-finite and absurd values', () => {
    for (const value of ['1e400', 'NaN', 'Infinity', '1e308', '-1e400']) {
      const { issues } = capRowsFromTable(parseCsv(`年份,单位代码,地下水控制\n2024,652301,${value}\n`), 'c.csv');
      expect(issues.map((i) => i.cell), value).toEqual(['C2']);
    }
    expect(quotaRowsFromTable(parseCsv(Q('定额', '38900')), 'q.csv').issues[0].message).toContain('过大');
  });
});
