/**
 * The township review round through the API, on PGlite and on PostgreSQL: who may open, comment,
 * propose, decide and sign; a proposal accepted becomes an edit under the deciding official; a
 * sign-off names exactly what was reviewed; the chain verifies throughout.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { ADMIN_PASSWORD, Client, openTestDatabase, PASSWORD, PLOTS_A, PLOTS_B, ROLE_ACCOUNTS, seed, startTestServer, TOWN_A, TOWN_B, VILLAGES, type TestDatabase } from './harness.ts';

const YEAR = 2027;

for (const kind of ['pglite', 'postgresql'] as const) {
  describe(`township review round on ${kind}`, () => {
    let tdb: TestDatabase | null = null;
    let server: RunningServer;
    const as: Record<string, Client> = {};

    beforeAll(async () => {
      tdb = await openTestDatabase(kind);
      server = await startTestServer(tdb.db);
      as.admin = await seed(server.url);
      for (const [key, account] of Object.entries(ROLE_ACCOUNTS)) {
        as[key] = new Client(server.url);
        expect((await as[key].login(account.name, PASSWORD)).status).toBe(200);
      }
    }, 120_000);
    afterAll(async () => {
      await server?.close();
      await tdb?.dispose();
    });

    test('nothing before the water bureau opens the round; only it (or the administrator) may', async () => {
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: '看过' })).status).toBe(409);
      const board = (await as.water.request('GET', `/api/review/${YEAR}`)).body;
      expect(board.open).toBe(false);
      expect(board.townships.map((t: { status: string }) => t.status)).toEqual(['not-opened', 'not-opened']);
      for (const who of ['agriculture', 'resources', 'readonly', 'township']) expect((await as[who].request('POST', `/api/review/${YEAR}/open`)).status).toBe(403);
      expect((await as.water.request('POST', `/api/review/${YEAR}/open`)).body.opened).toBe(true);
      expect((await as.admin.request('POST', `/api/review/${YEAR}/open`)).body.opened).toBe(false);
    });

    test('a township sees and touches only its own township; comments are data, never markup', async () => {
      const own = (await as.township.request('GET', `/api/review/${YEAR}`)).body;
      expect(own.townships.map((t: { township: string }) => t.township)).toEqual([TOWN_A]);
      const markup = '<img src=x onerror=alert(1)>';
      const comment = await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'plot', targetId: PLOTS_A[0], text: markup });
      expect(comment.status).toBe(201);
      expect(comment.body.text).toBe(markup);
      expect(comment.body.township).toBe(TOWN_A);
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'plot', targetId: PLOTS_B[0], text: '别人的' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[2], text: '别人的' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_B[0], field: 'ZT', value: '休耕', reason: 'x' })).status).toBe(403);
      expect((await as.readonly.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: 'x' })).status).toBe(403);
      // township B does not see A's comments
      const other = (await as.townshipB.request('GET', `/api/review/${YEAR}`)).body;
      expect(other.comments).toEqual([]);
      expect(other.townships.map((t: { township: string }) => t.township)).toEqual([TOWN_B]);
    });

    test('a proposal waits; the agriculture bureau accepts it as an edit in its own name; the figures follow', async () => {
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'ZT', value: '退减', reason: 'x' })).status).toBe(403);
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'DKLB', value: '国有耕地', reason: 'x' })).status).toBe(400);
      const made = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[1], field: 'ZT', value: '退减', reason: '该地块已无井灌条件' });
      expect(made.status).toBe(201);
      const board = (await as.water.request('GET', `/api/review/${YEAR}`)).body;
      expect(board.townships.find((t: { township: string }) => t.township === TOWN_A).status).toBe('changes-proposed');
      for (const who of ['water', 'resources', 'readonly', 'township']) expect((await as[who].request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/accept`)).status).toBe(403);
      const accepted = await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body.proposal.status).toBe('accepted');
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${made.body.id}/reject`)).status).toBe(409);
      const overrides = (await as.water.request('GET', `/api/overrides?year=${YEAR}`)).body.overrides.plots;
      expect(overrides[PLOTS_A[1]].ZT).toBe('退减');
      const audit = (await as.admin.request('GET', '/api/audit?limit=1000')).body.entries as { seq: number; user: string; action: string; reason: string; plotIds: string[] }[];
      const edit = audit.find((e) => e.seq === accepted.body.editSeq)!;
      expect(edit.user).toBe(ROLE_ACCOUNTS.agriculture.name);
      expect(edit.action).toBe('edit');
      expect(edit.reason).toContain(`乡镇提议 #${made.body.id}（${ROLE_ACCOUNTS.township.name}）`);
      expect(audit.filter((e) => e.action === 'review-proposal' && e.user === ROLE_ACCOUNTS.township.name)).toHaveLength(1);
      // a rejected proposal changes nothing
      const second = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[2], field: 'ZZZW', value: '玉米', reason: '实种玉米' });
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${second.body.id}/reject`)).body.proposal.status).toBe('rejected');
      expect((await as.water.request('GET', `/api/overrides?year=${YEAR}`)).body.overrides.plots[PLOTS_A[2]]).toBeUndefined();
    });

    test('sign-off names the digest of exactly what was reviewed; a stale digest or a pending proposal is refused', async () => {
      const { hash } = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      // something changes after the official looked: the old digest no longer signs
      await as.township.request('POST', `/api/review/${YEAR}/comments`, { targetKind: 'village', targetId: VILLAGES[0], text: '再看一遍' });
      expect((await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash })).status).toBe(409);
      const pending = await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[3], field: 'ZT', value: '休耕', reason: '轮作' });
      const fresh = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash;
      expect((await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash: fresh })).status).toBe(409);
      await as.agriculture.request('POST', `/api/review/${YEAR}/proposals/${pending.body.id}/reject`);
      const now = (await as.township.request('GET', `/api/review/${YEAR}/digest`)).body.hash;
      expect((await as.agriculture.request('POST', `/api/review/${YEAR}/signoff`, { hash: now })).status).toBe(403);
      const signed = await as.township.request('POST', `/api/review/${YEAR}/signoff`, { hash: now });
      expect(signed.status).toBe(200);
      expect(signed.body.reviewedHash).toBe(now);
      const board = (await as.agriculture.request('GET', `/api/review/${YEAR}`)).body;
      const a = board.townships.find((t: { township: string }) => t.township === TOWN_A);
      expect(a.status).toBe('signed');
      expect(a.signoff.signer).toBe(ROLE_ACCOUNTS.township.name);
      expect(board.townships.find((t: { township: string }) => t.township === TOWN_B).status).toBe('in-review');
      // signed: no more proposals
      expect((await as.township.request('POST', `/api/review/${YEAR}/proposals`, { plotId: PLOTS_A[0], field: 'ZT', value: '休耕', reason: 'x' })).status).toBe(409);
      expect((await as.admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
    });
  });
}
