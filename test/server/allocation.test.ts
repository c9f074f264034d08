/**
 * The water bureau's allocation of a year's caps through the API, on PGlite and on PostgreSQL:
 * only the water bureau and the administrator save one; the server refuses one that does not add
 * up and saves nothing; a saved one is in the caps table (other columns kept), in the audit chain,
 * in what a township signs, and a township sees only its own part; a signed township's caps stay.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { proposeAllocation, reallocate, type Allocation, type BasisUnit } from '../../src/core/accounting/allocation.ts';
import { capsFromTable } from '../../src/io/tables/caps.ts';
import { parseCsv } from '../../src/io/tables/csv.ts';
import { Client, ROLE_ACCOUNTS, TOWN_A, TOWN_B, VILLAGES, serverForSuite } from './harness.ts';

const YEAR = 2028;
const CITY = TOWN_A.slice(0, 6);
const CAPS_CSV = [
  '年份,单位代码,单位名称,用水总量控制,地下水控制,工业用水,生活用水,混灌地下水比例',
  `2027,${CITY},测试县,1000000,800000,5000,3000,`,
  `${YEAR},${CITY},测试县,950000,,5000,3000,`,
  `${YEAR},${TOWN_A},甲镇,1,1,,,0.4`,
  `2030,${CITY},测试县,800000,500000,,,`,
].join('\n');

const units: BasisUnit[] = [
  { level: 'city', code: CITY, name: '测试县', totalUseM3: 1_000_000, groundwaterUseM3: 800_000 },
  { level: 'township', code: TOWN_A, name: '甲镇', totalUseM3: 600_000, groundwaterUseM3: 500_000 },
  { level: 'township', code: TOWN_B, name: '乙乡', totalUseM3: 400_000, groundwaterUseM3: 300_000 },
  ...VILLAGES.map((code, i) => ({ level: 'village' as const, code, name: `村${i + 1}`, totalUseM3: 300_000 - (i % 2) * 100_000 + (i < 2 ? 100_000 : -100_000), groundwaterUseM3: 100_000 * (i + 1) })),
];

const withValue = (a: Allocation, code: string, groundwaterCapM3: number): Allocation => ({ ...a, rows: a.rows.map((r) => (r.code === code ? { ...r, groundwaterCapM3 } : r)) });

for (const kind of ['pglite', 'postgresql'] as const) {
  describe(`caps allocation on ${kind}`, () => {
    const { as, url } = serverForSuite(kind);
    // 前轻后重 between 2027 (800,000) and 2030 (500,000): cut of 2028 = 300,000 · 1/6
    const allocation = proposeAllocation({ year: YEAR, basisYear: YEAR - 1, units, cityTotalCapM3: 950_000, cityGroundwaterCapM3: 750_000 });

    beforeAll(async () => {
      expect((await as.water.request('PUT', '/api/tables/caps', { csv: CAPS_CSV })).status).toBe(200);
    }, 120_000);

    test('only the water bureau or the administrator allocates', async () => {
      for (const who of ['agriculture', 'resources', 'readonly', 'township']) {
        expect((await as[who].request('PUT', `/api/review/${YEAR}/allocation`, allocation)).status, who).toBe(403);
      }
      expect((await new Client(url()).request('PUT', `/api/review/${YEAR}/allocation`, allocation)).status).toBe(401);
    });

    test('one that does not add up is refused with the township and the difference, and nothing is saved', async () => {
      const reply = await as.water.request('PUT', `/api/review/${YEAR}/allocation`, withValue(allocation, TOWN_A, 480_000));
      expect(reply.status).toBe(400);
      expect(reply.body.error).toBe('allocationMismatch');
      expect(reply.body.message).toContain('合计不一致');
      expect(reply.body.detail).toContain(`甲镇（${TOWN_A}）`);
      expect(reply.body.detail).toMatch(/多 \d+ m³|少 \d+ m³/);
      expect((await as.water.request('GET', `/api/review/${YEAR}/allocation`)).body.allocation).toBeNull();
      expect((await as.water.request('GET', '/api/tables/caps')).body.csv).toBe(CAPS_CSV);
      expect((await as.water.request('PUT', `/api/review/${YEAR}/allocation`, { basisYear: YEAR - 1, rows: [{ code: 'x' }] })).status).toBe(400);
    });

    test('saved: written into the caps table with the other columns kept, audited, a township sees its own part', async () => {
      const digestBefore = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash;
      const saved = await as.water.request('PUT', `/api/review/${YEAR}/allocation`, { ...allocation, reason: '按上年用水比例' });
      expect(saved.status).toBe(200);
      const caps = capsFromTable(parseCsv((await as.admin.request('GET', '/api/tables/caps')).body.csv), 'caps.csv');
      const of = (year: number, code: string) => caps.find((c) => c.year === year && c.code === code);
      expect(of(YEAR, CITY)).toMatchObject({ totalCapM3: 950_000, groundwaterCapM3: 750_000, industrialM3: 5000 });
      expect(of(YEAR, TOWN_A)).toMatchObject({ groundwaterCapM3: allocation.rows.find((r) => r.code === TOWN_A)!.groundwaterCapM3, mixedGroundwaterShare: 0.4 });
      const villageSum = VILLAGES.reduce((s, v) => s + (of(YEAR, v)?.groundwaterCapM3 ?? 0), 0);
      expect(villageSum).toBe(750_000);
      expect(of(2027, CITY)?.groundwaterCapM3).toBe(800_000);
      expect(of(2030, CITY)?.groundwaterCapM3).toBe(500_000);
      const audit = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { seq: number; user: string; action: string; detail: string; reason: string }[];
      const entry = audit.find((e) => e.seq === saved.body.seq)!;
      expect(entry).toMatchObject({ action: 'cap-allocation', user: ROLE_ACCOUNTS.water.name, reason: '按上年用水比例' });
      expect(entry.detail).toContain('分到 2 个乡镇、4 个村');
      // the township reads the city's, its own and its villages' caps, not another township's
      const theirCaps = capsFromTable(parseCsv((await as.township.request('GET', '/api/tables/caps')).body.csv), 'caps.csv');
      expect([...new Set(theirCaps.map((c) => c.code))].sort()).toEqual([CITY, TOWN_A, VILLAGES[0], VILLAGES[1]].sort());
      const own = (await as.township.request('GET', `/api/review/${YEAR}/allocation`)).body.allocation;
      expect(own.rows.map((r: { code: string }) => r.code)).toEqual([CITY, TOWN_A, VILLAGES[0], VILLAGES[1]]);
      expect(own.savedBy).toBe(ROLE_ACCOUNTS.water.name);
      // what the township signs now includes its caps
      expect((await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash).not.toBe(digestBefore);
    });

    test('made on an allocation that is no longer the saved one: refused; a row the allocation leaves out that breaks a sum: refused', async () => {
      const current = (await as.water.request('GET', `/api/review/${YEAR}/allocation`)).body.allocation;
      const stale = await as.admin.request('PUT', `/api/review/${YEAR}/allocation`, { ...allocation, baseSeq: current.auditSeq - 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('allocationChanged');
      expect((await as.admin.request('PUT', `/api/review/${YEAR}/allocation`, { ...allocation, baseSeq: current.auditSeq })).status).toBe(200);
      // a village of township A with a cap in the table that the allocation does not name
      const table = (await as.water.request('GET', '/api/tables/caps')).body.csv as string;
      expect((await as.water.request('PUT', '/api/tables/caps', { csv: `${table}\n${YEAR},${TOWN_A}009,旧村,,500,,,` })).status).toBe(200);
      const broken = await as.water.request('PUT', `/api/review/${YEAR}/allocation`, allocation);
      expect(broken.status).toBe(400);
      expect(broken.body.detail).toContain('写入控制指标表后');
      expect(broken.body.detail).toContain(`${TOWN_A}`);
      expect((await as.water.request('PUT', '/api/tables/caps', { csv: table })).status).toBe(200);
    });

    test('a signed township keeps its caps; the others may still change', async () => {
      expect((await as.water.request('POST', `/api/review/${YEAR}/open`)).status).toBe(200);
      const { hash } = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body;
      expect((await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash })).status).toBe(200);
      const a = allocation.rows.find((r) => r.code === TOWN_A)!.groundwaterCapM3!;
      const b = allocation.rows.find((r) => r.code === TOWN_B)!.groundwaterCapM3!;
      const moved = reallocate(reallocate(withValue(withValue(allocation, TOWN_A, a - 1000), TOWN_B, b + 1000), TOWN_A), TOWN_B);
      const refused = await as.water.request('PUT', `/api/review/${YEAR}/allocation`, moved);
      expect(refused.status).toBe(409);
      expect(refused.body.error).toBe('allocationSigned');
      expect(refused.body.detail).toContain(TOWN_A);
      // within township B only: allowed
      const withinB = withValue(withValue(allocation, VILLAGES[2], allocation.rows.find((r) => r.code === VILLAGES[2])!.groundwaterCapM3! + 10), VILLAGES[3], allocation.rows.find((r) => r.code === VILLAGES[3])!.groundwaterCapM3! - 10);
      expect((await as.admin.request('PUT', `/api/review/${YEAR}/allocation`, withinB)).status).toBe(200);
      // A's signature still holds: its digest did not change
      expect((await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash).toBe(hash);
      // nor can the caps table be saved with A's caps changed; B's may change
      const table = (await as.water.request('GET', '/api/tables/caps')).body.csv as string;
      const aRow = table.split('\n').find((l) => l.startsWith(`${YEAR},${TOWN_A},`))!;
      const touched = await as.water.request('PUT', '/api/tables/caps', { csv: table.replace(aRow, aRow.replace(/,(\d+),(\d+),/, (_m, t, g) => `,${t},${Number(g) + 1},`)) });
      expect(touched.status).toBe(409);
      expect(touched.body.error).toBe('capsSigned');
      expect(touched.body.detail).toContain(TOWN_A);
      const bRow = table.split('\n').find((l) => l.startsWith(`${YEAR},${TOWN_B},`))!;
      expect((await as.water.request('PUT', '/api/tables/caps', { csv: table.replace(bRow, bRow.replace(/,(\d+),(\d+),/, (_m, t, g) => `,${t},${Number(g) + 1},`)) })).status).toBe(200);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });
  });
}
