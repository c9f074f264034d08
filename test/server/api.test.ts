/**
 * Every endpoint × role × own/other township, on PGlite and on PostgreSQL: the expected status
 * of each cell is in MATRIX below. Then the checks an attacker would try: another township's plot
 * by editing the request, a forged or replayed session, a write without the CSRF token or from
 * another origin, markup in names, and password guessing.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningServer } from '../../server/server.ts';
import { migrate } from '../../server/db/migrations.ts';
import { readProjectFile } from '../../src/io/project/projectFile.ts';
import { buildReviewReturn, parseReviewPackage } from '../../src/io/review/reviewPackage.ts';
import { baseProperties, invertEdit, makeEdit, nextAuditEntry } from '../../src/core/edits/index.ts';
import type { Layer } from '../../src/core/types.ts';
import { editRequestOf } from '../../src/state/serverLink.ts';
import { proposeAllocation } from '../../src/core/accounting/allocation.ts';
import {
  ADMIN_PASSWORD, Client, firstEdit, openTestDatabase, PASSWORD, PLOTS_A, PLOTS_B, QUOTAS_CSV, ROLE_ACCOUNTS,
  seed, startTestServer, surveyLayer, layer, plotsLayer, TOWN_A, TOWN_B, VILLAGES, type TestDatabase,
} from './harness.ts';

/** The columns: no session, then one signed-in user per role; the township user twice: acting on its own township's data and on another's. */
const COLUMNS = ['anon', 'admin', 'agriculture', 'water', 'resources', 'readonly', 'townOwn', 'townOther'] as const;
type Column = (typeof COLUMNS)[number];

/** A plot per column for the edit and plot-read rows: distinct plots, so every allowed edit is a first edit. */
const PLOT_OF: Record<Column, string> = {
  anon: 'P8', admin: 'P5', agriculture: 'P6', water: 'P7', resources: 'P7', readonly: 'P7', townOwn: PLOTS_A[0], townOther: PLOTS_B[3],
};

type Row = [request: string, ...expected: number[]];

/** A caps allocation of the test county that adds up (the city's caps to its two townships and four villages). */
const ALLOCATION = proposeAllocation({
  year: 2025, basisYear: 2024, cityTotalCapM3: 900_000, cityGroundwaterCapM3: 600_000,
  units: [
    { level: 'city', code: TOWN_A.slice(0, 6), name: '测试县', totalUseM3: 1e6, groundwaterUseM3: 7e5 },
    ...[TOWN_A, TOWN_B].map((code) => ({ level: 'township' as const, code, name: code, totalUseM3: 5e5, groundwaterUseM3: 3.5e5 })),
    ...VILLAGES.map((code, i) => ({ level: 'village' as const, code, name: code, totalUseM3: 1e5 * (i + 1), groundwaterUseM3: 5e4 * (i + 2) })),
  ],
});

// prettier-ignore
const MATRIX: Row[] = [
  //  request                                 anon admin agri water res   ro  townOwn townOther
  ['GET /api/health',                          200, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/session',                         401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/users',                           401, 200, 403, 403, 403, 403, 403, 403],
  ['POST /api/users',                          401, 201, 403, 403, 403, 403, 403, 403],
  ['PATCH /api/users/spare',                   401, 200, 403, 403, 403, 403, 403, 403],
  ['GET /api/project',                         401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/layers/villages',                 401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/layers/plots',                    401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/layers/survey',                   401, 200, 200, 200, 200, 200, 403, 403],
  ['PUT /api/layers/survey',                   401, 200, 403, 403, 200, 403, 403, 403],
  ['PUT /api/layers/forest',                   401, 200, 403, 403, 403, 403, 403, 403],
  ['GET /api/layers/plots/plots/:plot',        401, 200, 200, 200, 200, 200, 200, 403],
  ['GET /api/tables/quotas',                   401, 200, 200, 200, 200, 200, 200, 200],
  ['PUT /api/tables/quotas',                   401, 200, 403, 200, 403, 403, 403, 403],
  ['GET /api/overrides?year=2025',             401, 200, 200, 200, 200, 200, 200, 200],
  ['POST /api/edits',                          401, 200, 200, 403, 403, 403, 200, 403],
  ['POST /api/review/2025/open',               401, 200, 403, 200, 403, 403, 403, 403],
  ['GET /api/review/2025',                     401, 200, 200, 200, 200, 200, 200, 200],
  ['POST /api/review/2025/comments',           401, 201, 201, 201, 201, 403, 201, 403],
  ['POST /api/review/2025/proposals',          401, 403, 403, 403, 403, 403, 201, 403],
  ['GET /api/review/2025/allocation',          401, 200, 200, 200, 200, 200, 200, 200],
  ['PUT /api/review/2025/allocation',          401, 200, 403, 200, 403, 403, 403, 403],
  ['GET /api/findings/marks',                  401, 200, 200, 200, 200, 200, 200, 200],
  ['POST /api/findings/marks',                 401, 200, 403, 403, 200, 403, 403, 403],
  ['GET /api/findings/report',                 401, 200, 200, 200, 200, 200, 200, 200],
  ['PUT /api/findings/report',                 401, 200, 403, 403, 200, 403, 403, 403],
  ['GET /api/review/2025/package?township=130102001', 401, 200, 403, 200, 403, 403, 403, 403],
  ['POST /api/review/2025/package',            401, 200, 403, 200, 403, 403, 403, 403],
  // no township has signed 2025: every reader is told so (a township official asks of its own)
  ['GET /api/review/2025/pdf?township=130102001', 401, 409, 409, 409, 409, 409, 409, 409],
  ['GET /api/project/file',                    401, 200, 200, 200, 200, 200, 200, 200],
  ['PUT /api/project/file',                    401, 200, 403, 403, 403, 403, 403, 403],
  ['GET /api/audit',                           401, 200, 200, 200, 200, 200, 403, 403],
  ['GET /api/audit/verify',                    401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/events',                          401, 200, 200, 200, 200, 200, 200, 200],
  ['GET /api/no-such-route',                   401, 404, 404, 404, 404, 404, 404, 404],
  ['POST /api/logout',                         401, 200, 200, 200, 200, 200, 200, 200],
];

async function bodyFor(request: string, column: Column, admin: Client): Promise<unknown> {
  const [method, path] = request.split(' ');
  if (method === 'GET') return undefined;
  // The project as it stands, exported and imported again: the state stays as it was.
  if (path === '/api/project/file') return (await admin.request('GET', '/api/project/file')).body;
  if (path === '/api/users') return { name: `new-${column}`, role: 'readonly', password: PASSWORD };
  if (path === '/api/users/spare') return { displayName: `备用 ${column}` };
  if (path === '/api/layers/survey') return surveyLayer();
  if (path === '/api/layers/forest') return layer('forest', 'forest', []);
  if (path === '/api/tables/quotas') return { csv: QUOTAS_CSV };
  if (path === '/api/review/2025/comments') return { targetKind: 'village', targetId: column === 'townOther' ? VILLAGES[2] : VILLAGES[0], text: `matrix ${column}` };
  if (path === '/api/review/2025/package') {
    // a package made for township A and its return with one comment, as the township's page writes it
    const pkg = parseReviewPackage(JSON.stringify((await admin.request('GET', `/api/review/2025/package?township=${TOWN_A}`)).body));
    return buildReviewReturn(pkg, { official: `乡镇 ${column}`, comments: [{ targetKind: 'village', targetId: VILLAGES[0], text: `matrix ${column}` }], proposals: [], signedAt: null, savedAt: '' });
  }
  if (path === '/api/review/2025/proposals') return { plotId: PLOT_OF[column], field: 'ZZZW', value: '玉米', reason: `matrix ${column}` };
  if (path === '/api/review/2025/allocation') return ALLOCATION;
  if (path === '/api/findings/report') return { findings: [{ key: 'plot_overlap|P1|P2', kind: 'plot_overlap', villageCode: VILLAGES[0], areaMu: 1 }], summary: {}, groups: [], warnings: [], settings: {} };
  if (path === '/api/findings/marks') return { key: `plot_overlap|M-${column}|`, kind: 'plot_overlap', villageCode: VILLAGES[0], before: null, after: { status: 'confirmed' } };
  if (path === '/api/edits') return { edit: firstEdit(PLOT_OF[column], 'ZT', '种植', '休耕'), reason: `matrix ${column}` };
  return {};
}

async function send(client: Client, request: string, column: Column, admin: Client): Promise<number> {
  const [method, rawPath] = request.split(' ');
  const path = rawPath.replace(':plot', PLOT_OF[column]);
  if (path === '/api/events') {
    // The feed never ends: read the status and hang up.
    const controller = new AbortController();
    const response = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {}, signal: controller.signal });
    controller.abort();
    return response.status;
  }
  return (await client.request(method, path, await bodyFor(request, column, admin))).status;
}

describe.each(['pglite', 'postgresql'] as const)('server API on %s', (kind) => {
  let database: TestDatabase;
  let server: RunningServer;
  let admin: Client;
  const clients = {} as Record<Column, Client>;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    server = await startTestServer(database.db);
    admin = await seed(server.url);
    expect((await admin.request('POST', '/api/users', { name: 'spare', role: 'readonly', password: PASSWORD })).status).toBe(201);
    for (const column of COLUMNS) {
      clients[column] = new Client(server.url);
      if (column === 'anon') continue;
      const account = column === 'admin' ? { name: 'admin' } : column === 'townOwn' || column === 'townOther' ? ROLE_ACCOUNTS.township : ROLE_ACCOUNTS[column];
      const reply = await clients[column].login(account.name, column === 'admin' ? ADMIN_PASSWORD : PASSWORD);
      expect(reply.status, column).toBe(200);
    }
  }, 240_000);

  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  test('health names the database', async () => {
    const reply = await new Client(server.url).request('GET', '/api/health');
    expect(reply.body).toEqual({ ok: true, db: kind, version: 'test' });
  });

  test('every endpoint × role × own/other township answers as the matrix says', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const [request, ...expected] of MATRIX) {
      expect(expected).toHaveLength(COLUMNS.length);
      for (const [i, column] of COLUMNS.entries()) {
        want.push(`${request} as ${column}: ${expected[i]}`);
        got.push(`${request} as ${column}: ${await send(clients[column], request, column, admin)}`);
      }
    }
    expect(got).toEqual(want);
  });

  test('each refusal for role or township is in the audit log, and the chain holds', async () => {
    const entries = (await admin.request('GET', '/api/audit')).body.entries as { action: string; user: string }[];
    const deniedCells = MATRIX.flatMap(([request, ...expected]) => expected.filter((status) => status === 403).map(() => request));
    const deniedEntries = entries.filter((e) => e.action === 'denied');
    expect(deniedEntries).toHaveLength(deniedCells.length);
    expect(entries.filter((e) => e.action === 'edit').map((e) => e.user).sort()).toEqual(['admin', 'nongye', 'xiangzhen-a']);
    expect((await admin.request('GET', '/api/audit/verify')).body).toMatchObject({ ok: true, length: entries.length });
  });

  test('a project file goes out and back unchanged; a township gets only its villages', async () => {
    const exported = (await admin.request('GET', '/api/project/file')).body as Uint8Array;
    const project = readProjectFile(exported);
    expect(project.layers.map((l) => l.id).sort()).toEqual(['forest', 'plots', 'survey', 'villages']);
    expect(project.tables.quotasCsv).toBe(QUOTAS_CSV);
    expect(Object.keys(project.edits.overrides['2025'].plots).sort()).toEqual(['P1', 'P5', 'P6']);
    expect((await admin.request('PUT', '/api/project/file', exported)).status).toBe(200);
    const again = readProjectFile((await admin.request('GET', '/api/project/file')).body);
    expect(again.layers).toEqual(project.layers);
    expect(again.edits.overrides).toEqual(project.edits.overrides);
    const town = new Client(server.url);
    await town.login(ROLE_ACCOUNTS.township.name, PASSWORD);
    const own = readProjectFile((await town.request('GET', '/api/project/file')).body);
    expect(own.layers.map((l) => l.kind).sort()).toEqual(['plots', 'villages']);
    expect(own.layers.find((l) => l.kind === 'plots')!.features.features.map((f) => f.id)).toEqual(PLOTS_A);
    expect(Object.keys(own.edits.overrides['2025'].plots)).toEqual(['P1']);
    const broken = await admin.request('PUT', '/api/project/file', new Uint8Array([1, 2, 3]));
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  test("the page's own edit entries are what the server takes; sent twice, applied once", async () => {
    const agri = new Client(server.url);
    await agri.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
    const plots = plotsLayer() as unknown as Layer;
    const edit = makeEdit({ year: 2026, layerId: 'plots', plotIds: ['P2', 'P6'], values: { GGFS: '管灌' }, baseOf: (id) => baseProperties(plots, id), table: undefined })!;
    const entry = nextAuditEntry([], { time: new Date().toISOString(), user: 'nongye', action: 'edit', year: 2026, layerId: 'plots', plotIds: edit.plotIds, changes: edit.changes, reason: '改为管灌', detail: '' });
    const request = editRequestOf(entry)!;
    const first = await agri.request('POST', '/api/edits', request);
    expect(first.status).toBe(200);
    expect((await agri.request('POST', '/api/edits', request)).body).toMatchObject({ duplicate: true, seq: first.body.seq });
    const undo = nextAuditEntry([entry], { ...entry, action: 'undo', changes: invertEdit(edit).changes });
    expect((await agri.request('POST', '/api/edits', editRequestOf(undo)!)).status).toBe(200);
    expect((await agri.request('GET', '/api/overrides?year=2026')).body.overrides).toEqual({});
    expect(editRequestOf({ ...entry, action: 'open-project', changes: null })).toBeNull();
  });

  test('migrations run once: starting again applies nothing', async () => {
    expect(await migrate(database.db)).toEqual([]);
  });

  describe('as an attacker', () => {
    test('editing the request to reach another township: refused, nothing changed', async () => {
      const town = new Client(server.url);
      await town.login(ROLE_ACCOUNTS.township.name, PASSWORD);
      // One own plot and one of township B in the same edit: all or nothing.
      const edit = firstEdit('P2', 'ZZZW', '小麦', '玉米');
      const mixed = { ...edit, plotIds: ['P2', 'P7'], changes: { ...edit.changes, P7: edit.changes.P2 } };
      expect((await town.request('POST', '/api/edits', { edit: mixed })).status).toBe(403);
      const overrides = (await admin.request('GET', '/api/overrides?year=2025')).body.overrides.plots ?? {};
      expect(overrides.P2).toBeUndefined();
      expect(overrides.P7).toBeUndefined();
      // Reads are cut to the township: its plots and villages only, whatever the query says.
      const plots = (await town.request('GET', '/api/layers/plots')).body.features.features.map((f: { id: string }) => f.id);
      expect(plots).toEqual(PLOTS_A);
      const villages = (await town.request('GET', '/api/layers/villages?township=130102002')).body.features.features;
      expect(villages.every((f: { properties: { ZLDWDM: string } }) => f.properties.ZLDWDM.startsWith(TOWN_A))).toBe(true);
      const seen = Object.keys((await town.request('GET', '/api/overrides?year=2025')).body.overrides.plots ?? {});
      expect(seen.every((id) => PLOTS_A.includes(id))).toBe(true);
      // A field no one may edit through the plot path.
      const areaEdit = { edit: { ...firstEdit('P2', 'SBMJ', '1', '100') } };
      expect((await town.request('POST', '/api/edits', areaEdit)).status).toBe(400);
    });

    test('a session replayed after logout, a forged one, or one of a disabled account opens nothing', async () => {
      const user = new Client(server.url);
      await user.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
      const stolen = user.cookie!;
      expect(stolen).toMatch(/^shuidi_session=/);
      expect((await user.request('POST', '/api/logout')).status).toBe(200);
      const replay = new Client(server.url);
      replay.cookie = stolen;
      replay.csrf = user.csrf;
      expect((await replay.request('GET', '/api/project')).status).toBe(401);
      expect((await replay.request('POST', '/api/edits', { edit: firstEdit('P4', 'ZT', '种植', '退减') })).status).toBe(401);
      const forged = new Client(server.url);
      forged.cookie = `shuidi_session=${'A'.repeat(43)}`;
      expect((await forged.request('GET', '/api/session')).status).toBe(401);
      // The database keeps only the token's hash: the hash itself is no key.
      const [row] = await database.db.query<{ token_hash: string }>('SELECT token_hash FROM sessions LIMIT 1');
      forged.cookie = `shuidi_session=${row.token_hash}`;
      expect((await forged.request('GET', '/api/session')).status).toBe(401);
      // Disabling an account ends its sessions at once.
      const ro = new Client(server.url);
      await ro.login(ROLE_ACCOUNTS.readonly.name, PASSWORD);
      expect((await admin.request('PATCH', `/api/users/${ROLE_ACCOUNTS.readonly.name}`, { disabled: true })).status).toBe(200);
      expect((await ro.request('GET', '/api/project')).status).toBe(401);
      expect((await ro.login(ROLE_ACCOUNTS.readonly.name, PASSWORD)).status).toBe(401);
      expect((await admin.request('PATCH', `/api/users/${ROLE_ACCOUNTS.readonly.name}`, { disabled: false })).status).toBe(200);
      // Nor can the administrator lock the county out by demoting or disabling their own account.
      expect((await admin.request('PATCH', '/api/users/admin', { role: 'readonly' })).status).toBe(400);
      expect((await admin.request('PATCH', '/api/users/admin', { disabled: true })).status).toBe(400);
    });

    test('the session cookie is httpOnly and SameSite=Strict', async () => {
      const reply = await new Client(server.url).request('POST', '/api/login', { user: 'admin', password: ADMIN_PASSWORD });
      const cookie = reply.headers.get('set-cookie') ?? '';
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(reply.body.csrfToken).toMatch(/^[\w-]{20,}$/);
    });

    test('a write without the CSRF token, with a wrong one, or from another origin is refused', async () => {
      const agri = new Client(server.url);
      await agri.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
      const edit = { edit: firstEdit('P4', 'ZT', '种植', '退减') };
      expect((await agri.request('POST', '/api/edits', edit, { csrf: false })).status).toBe(403);
      expect((await agri.request('POST', '/api/edits', edit, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(32) } })).status).toBe(403);
      const crossSite = await agri.request('POST', '/api/edits', edit, { headers: { origin: 'http://evil.example' } });
      expect(crossSite.status).toBe(403);
      expect(crossSite.body.error).toBe('crossOrigin');
      expect((await agri.request('POST', '/api/login', { user: 'admin', password: ADMIN_PASSWORD }, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
      const refused = await agri.request('POST', '/api/edits', edit, { csrf: false });
      expect(refused.body).toMatchObject({ error: 'csrf', message: expect.stringMatching(/[\u4e00-\u9fff]/) });
      expect((await admin.request('GET', '/api/overrides?year=2025')).body.overrides.plots?.P4).toBeUndefined();
      // With the token, from this origin, the same edit goes through.
      expect((await agri.request('POST', '/api/edits', edit, { headers: { origin: server.url } })).status).toBe(200);
    });

    test('markup in names and reasons is stored and returned as data, in JSON', async () => {
      const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>';
      const created = await admin.request('POST', '/api/users', { name: 'markup-user', displayName: markup, role: 'readonly', password: PASSWORD });
      expect(created.status).toBe(201);
      expect(created.headers.get('content-type')).toMatch(/^application\/json/);
      const list = (await admin.request('GET', '/api/users')).body.users as { name: string; displayName: string }[];
      expect(list.find((u) => u.name === 'markup-user')?.displayName).toBe(markup);
      expect((await admin.request('POST', '/api/users', { name: '<b>x</b>', role: 'readonly', password: PASSWORD })).status).toBe(400);
      const agri = new Client(server.url);
      await agri.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
      const edited = await agri.request('POST', '/api/edits', { edit: firstEdit('P4', 'ZZZW', '小麦', markup), reason: markup });
      expect(edited.status).toBe(200);
      const plot = (await agri.request('GET', '/api/layers/plots/plots/P4?year=2025')).body;
      expect(plot.override.ZZZW).toBe(markup);
      const entry = (await agri.request('GET', `/api/audit?from=${edited.body.seq}&limit=1`)).body.entries[0];
      expect(entry.reason).toBe(markup);
    });

    test('an edit made on stale values is a conflict, never a silent overwrite', async () => {
      const agri = new Client(server.url);
      await agri.login(ROLE_ACCOUNTS.agriculture.name, PASSWORD);
      // P1 was set to 休耕 by the township in the matrix; an edit expecting 种植 is stale.
      const stale = await agri.request('POST', '/api/edits', { edit: firstEdit(PLOTS_A[0], 'ZT', '种植', '退减') });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('conflict');
      expect((await agri.request('GET', '/api/layers/plots/plots/P1?year=2025')).body.override).toEqual({ ZT: '休耕' });
    });

    test('password guessing is throttled per user, and the right password does not get through while it is', async () => {
      const guesser = new Client(server.url);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await guesser.request('POST', '/api/login', { user: ROLE_ACCOUNTS.water.name, password: `guess-${i}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      const right = await guesser.request('POST', '/api/login', { user: ROLE_ACCOUNTS.water.name, password: PASSWORD });
      expect(right.status).toBe(429);
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(right.body.message).toMatch(/[\u4e00-\u9fff]/);
      // Another user from the same address is not locked out by these five failures.
      expect((await guesser.login(ROLE_ACCOUNTS.resources.name, PASSWORD)).status).toBe(200);
      const failures = (await admin.request('GET', '/api/audit')).body.entries.filter((e: { action: string; user: string }) => e.action === 'login-failed' && e.user === ROLE_ACCOUNTS.water.name);
      expect(failures).toHaveLength(5);
    });

    test('a changed audit entry is found by the verification', async () => {
      expect((await admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
      const [{ user_name: original }] = await database.db.query<{ user_name: string }>('SELECT user_name FROM audit_log WHERE seq = 3');
      // As someone with the database's own rights would: switch the guard off, change a name.
      await database.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      try {
        await database.db.query("UPDATE audit_log SET user_name = 'someone-else' WHERE seq = 3");
        expect((await admin.request('GET', '/api/audit/verify')).body).toMatchObject({ ok: false, index: 3, problem: 'hash' });
        await database.db.query('UPDATE audit_log SET user_name = $1 WHERE seq = 3', [original]);
      } finally {
        await database.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      }
      expect((await admin.request('GET', '/api/audit/verify')).body.ok).toBe(true);
      // The last entry removed: every entry still links, but the head names one more.
      const [{ seq: last }] = await database.db.query<{ seq: number }>('SELECT max(seq) AS seq FROM audit_log');
      await database.db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
      try {
        await database.db.query('DELETE FROM audit_log WHERE seq = $1', [last]);
        expect((await admin.request('GET', '/api/audit/verify')).body).toMatchObject({ ok: false, problem: 'head' });
      } finally {
        await database.db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
      }
      // With the guard on, the log refuses changes.
      await expect(database.db.query('DELETE FROM audit_log WHERE seq = 0')).rejects.toThrow(/append-only/);
    });
  });
});
