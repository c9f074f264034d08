/**
 * The server under test: a real HTTP server on loopback over PGlite or a throw-away PostgreSQL,
 * a small county (two townships, four villages, eight plots), one account per role, and a client
 * that keeps its cookie and CSRF token like the page does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Feature, Polygon } from 'geojson';
import { openDatabase, type Database, type DatabaseKind } from '../../server/db/database.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import type { ThrottleOptions } from '../../server/auth/throttle.ts';
import { startPgCluster } from './pgCluster.ts';
import { afterAll, beforeAll } from 'vitest';

export const ADMIN_PASSWORD = 'admin-password-for-tests';
export const PASSWORD = 'a-long-test-password';
/** Township A (the township user's own) and B (another). */
export const TOWN_A = '130102001';
export const TOWN_B = '130102002';

export interface TestDatabase {
  db: Database;
  dispose(): Promise<void>;
}

export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'shuidi-server-pglite-'));
    const db = await openDatabase({ dataDir: dir });
    return { db, dispose: async () => { await db.close(); rmSync(dir, { recursive: true, force: true }); } };
  }
  const cluster = await startPgCluster();
  const db = await openDatabase({ url: cluster.url });
  return { db, dispose: async () => { await db.close(); cluster.stop(); } };
}

export async function startTestServer(db: Database, throttle?: ThrottleOptions): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, dataDir: '', staticDir: null, adminPassword: ADMIN_PASSWORD, db, throttle, version: 'test' });
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Client {
  cookie: string | null = null;
  csrf: string | null = null;
  constructor(readonly base: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, options: { csrf?: boolean; headers?: Record<string, string> } = {}): Promise<Reply<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const raw = body instanceof Uint8Array;
    if (body !== undefined) headers['content-type'] = raw ? 'application/zip' : 'application/json';
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && options.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : raw ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body) });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    if (response.headers.get('content-type') === 'application/zip') return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) as T, headers: response.headers };
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  async login(user: string, password: string): Promise<Reply> {
    const reply = await this.request('POST', '/api/login', { user, password });
    if (reply.status === 200) this.csrf = reply.body.csrfToken;
    return reply;
  }
}

/** A square polygon of 0.01° at column i of row j. */
function square(i: number, j: number): Polygon {
  const x = 116 + i * 0.01;
  const y = 40 + j * 0.01;
  return { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]] };
}

/** Villages 001, 002 in township A and 003, 004 in B; two plots each (P1…P8), all planted wheat. */
export const VILLAGES = [`${TOWN_A}001`, `${TOWN_A}002`, `${TOWN_B}003`, `${TOWN_B}004`];
export const PLOTS_A = ['P1', 'P2', 'P3', 'P4'];
export const PLOTS_B = ['P5', 'P6', 'P7', 'P8'];

export function layer(id: string, kind: string, features: readonly unknown[]): Record<string, unknown> {
  return { id, name: id, kind, sourceFiles: [], crs: { code: 'EPSG:4490', name: 'China Geodetic Coordinate System 2000', proj4: '', source: 'prj', detail: '' }, encoding: 'UTF-8', encodingSource: 'cpg', fields: [], warnings: [], features: { type: 'FeatureCollection', features } };
}

export function villagesLayer(): Record<string, unknown> {
  return layer('villages', 'villages', VILLAGES.map((code, i) => ({ type: 'Feature', id: code, geometry: square(i, 0), properties: { ZLDWDM: code, ZLDWMC: `村${i + 1}` } })));
}

export function plotsLayer(): Record<string, unknown> {
  const plotIds = [...PLOTS_A, ...PLOTS_B];
  return layer('plots', 'plots', plotIds.map((id, i) => ({
    type: 'Feature', id, geometry: square(Math.floor(i / 2), 1 + (i % 2)),
    properties: { DKBM: id, ZLDWDM: `${VILLAGES[Math.floor(i / 2)]}0000001`, ZT: '种植', ZZZW: '小麦', GGFS: '滴灌', SYLX: '井灌', DKLB: '确权承包地' },
  })));
}

export function surveyLayer(): Record<string, unknown> {
  return layer('survey', 'survey', [{ type: 'Feature', id: 'S1', geometry: square(0, 3), properties: { BSM: 'S1', DLBM: '0103', ZLDWDM: `${VILLAGES[0]}0000001` } }]);
}

export const ROLE_ACCOUNTS = {
  agriculture: { name: 'nongye', role: 'agriculture', township: null },
  water: { name: 'shuili', role: 'water', township: null },
  resources: { name: 'ziran', role: 'resources', township: null },
  readonly: { name: 'chakan', role: 'readonly', township: null },
  township: { name: 'xiangzhen-a', role: 'township', township: TOWN_A },
  townshipB: { name: 'xiangzhen-b', role: 'township', township: TOWN_B },
} as const;

/** Creates one account per role and loads the county; returns the admin's client. */
export async function seed(url: string): Promise<Client> {
  const admin = new Client(url);
  const login = await admin.login('admin', ADMIN_PASSWORD);
  if (login.status !== 200) throw new Error(`admin login: ${login.status}`);
  for (const account of Object.values(ROLE_ACCOUNTS)) {
    const reply = await admin.request('POST', '/api/users', { ...account, password: PASSWORD });
    if (reply.status !== 201) throw new Error(`create ${account.name}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  for (const l of [villagesLayer(), plotsLayer(), surveyLayer()]) {
    const reply = await admin.request('PUT', `/api/layers/${l.id}`, l);
    if (reply.status !== 200) throw new Error(`layer ${l.id}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  return admin;
}

/** The diff the page makes for setting one field of a plot that has no override yet. */
export function firstEdit(plotId: string, field: string, before: string, after: string, year = 2025) {
  return { year, layerId: 'plots', plotIds: [plotId], changes: { [plotId]: { [field]: { before, after, overriddenBefore: false, overriddenAfter: true } } } };
}

/** The sample county's quota table (a valid table the server must accept). */
export const QUOTAS_CSV = readFileSync('data/quotas.csv', 'utf8');

/**
 * A suite's server: on `kind`, the county seeded, one signed-in client per role (`as.admin`,
 * `as.water`, `as.township`, …), started before the suite's tests and closed after them.
 */
export function serverForSuite(kind: DatabaseKind): { as: Record<string, Client>; url(): string } {
  let tdb: TestDatabase | null = null;
  let server: RunningServer | null = null;
  const as: Record<string, Client> = {};
  beforeAll(async () => {
    tdb = await openTestDatabase(kind);
    server = await startTestServer(tdb.db);
    as.admin = await seed(server.url);
    for (const [key, account] of Object.entries(ROLE_ACCOUNTS)) {
      as[key] = new Client(server.url);
      const reply = await as[key].login(account.name, PASSWORD);
      if (reply.status !== 200) throw new Error(`login ${account.name}: ${reply.status}`);
    }
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await tdb?.dispose();
  });
  return { as, url: () => server!.url };
}
