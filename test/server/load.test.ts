/**
 * Loopback load: 50 users (25 of the agriculture bureau, 25 of two townships) send 20 edits each,
 * all at once, and 100 of those edits a second time (a retry after a lost answer). Afterwards:
 * every edit is there once (0 lost, 0 duplicated), the chain's numbers run without a gap and it
 * verifies. On PGlite and on PostgreSQL, 1,000 edits.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { Client, layer, openTestDatabase, PASSWORD, startTestServer, TOWN_A, TOWN_B, ADMIN_PASSWORD, type TestDatabase } from './harness.ts';

const USERS = 50;
const EDITS_PER_USER = 20;

interface Planned {
  user: number;
  plotId: string;
  clientId: string;
}

describe.each(['pglite', 'postgresql'] as const)('load on %s', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  const clients: Client[] = [];
  const plan: Planned[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    server = await startTestServer(database.db);
    const admin = new Client(server.url);
    await admin.login('admin', ADMIN_PASSWORD);
    const features = [];
    for (let user = 0; user < USERS; user++) {
      const township = user % 2 === 0 ? TOWN_A : TOWN_B;
      for (let n = 0; n < EDITS_PER_USER; n++) {
        const plotId = `L${user}-${n}`;
        features.push({ type: 'Feature', id: plotId, geometry: null, properties: { DKBM: plotId, ZLDWDM: `${township}001`, ZT: '种植' } });
        plan.push({ user, plotId, clientId: `load-${kind}-${user}-${n}` });
      }
    }
    expect((await admin.request('PUT', '/api/layers/plots', layer('plots', 'plots', features))).status).toBe(200);
    // the accounts at once: scrypt runs on the thread pool, so both cores hash
    const created = await Promise.all(Array.from({ length: USERS }, (_, user) => {
      const account = user < USERS / 2 ? { role: 'agriculture', township: null } : { role: 'township', township: user % 2 === 0 ? TOWN_A : TOWN_B };
      return admin.request('POST', '/api/users', { name: `user${user}`, password: PASSWORD, ...account });
    }));
    expect(created.map((r) => r.status)).toEqual(created.map(() => 201));
    await Promise.all(Array.from({ length: USERS }, async (_, user) => {
      clients[user] = new Client(server.url);
      expect((await clients[user].login(`user${user}`, PASSWORD)).status).toBe(200);
    }));
  }, 300_000);

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  test(`${USERS} users × ${EDITS_PER_USER} edits at once, with 100 retries: 0 lost, 0 duplicated, chain valid`, async () => {
    const [{ seq: startSeq }] = await database.db.query<{ seq: number }>('SELECT seq FROM audit_head');
    const send = (p: Planned) =>
      clients[p.user].request('POST', '/api/edits', {
        edit: { year: 2025, layerId: 'plots', plotIds: [p.plotId], changes: { [p.plotId]: { ZT: { before: '种植', after: '休耕', overriddenBefore: false, overriddenAfter: true } } } },
        reason: 'load',
        clientId: p.clientId,
      });
    const retries = plan.filter((_, i) => i % 10 === 3);
    const started = performance.now();
    const replies = await Promise.all([...plan, ...retries].map(send));
    const seconds = (performance.now() - started) / 1000;
    console.log(`load on ${kind}: ${replies.length} requests (${plan.length} edits + ${retries.length} retries) in ${seconds.toFixed(2)} s, ${(replies.length / seconds).toFixed(0)} requests/s`);
    expect(replies.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
    expect(replies.filter((r) => r.body.duplicate === true)).toHaveLength(retries.length);
    // A retry answers with the seq of the first application.
    for (const [i, retry] of retries.entries()) expect(replies[plan.length + i].body.seq).toBe(replies[plan.indexOf(retry)].body.seq);

    const edits = await database.db.query<{ seq: number; plot_ids: string[]; user_name: string }>("SELECT seq, plot_ids, user_name FROM audit_log WHERE action = 'edit' AND seq > $1 ORDER BY seq", [startSeq]);
    expect(edits).toHaveLength(plan.length);
    expect(new Set(edits.map((e) => e.plot_ids[0])).size).toBe(plan.length);
    for (const e of edits) expect(e.user_name).toBe(`user${plan.find((p) => p.plotId === e.plot_ids[0])!.user}`);
    const overrides = await database.db.query<{ plot_id: string; props: { ZT: string } }>('SELECT plot_id, props FROM overrides WHERE year = 2025');
    expect(overrides.filter((o) => o.props.ZT === '休耕')).toHaveLength(plan.length);
    const seqs = (await database.db.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq')).map((r) => r.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    const verify = await clients[0].request('GET', '/api/audit/verify');
    expect(verify.body).toMatchObject({ ok: true, length: seqs.length });
  }, 300_000);
});
