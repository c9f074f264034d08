/**
 * The server killed with SIGKILL in the middle of a load of edits, then started again on the same
 * database: every edit that was acknowledged (200) is there, and sending every edit again with its
 * client id applies each exactly once in all (0 lost, 0 duplicated), the chain valid. On PGlite
 * and on PostgreSQL. The server runs as its own process (node with tsx's loader, no wrapper, so
 * the kill reaches it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, Client, layer, PASSWORD } from './harness.ts';
import { startPgCluster, type PgCluster } from './pgCluster.ts';

const PLOTS = 120;
const USERS = 6;

function startServe(data: string, staticDir: string, databaseUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--data', data, '--static', staticDir], {
    env: { ...process.env, SHUIDI_ADMIN_PASSWORD: ADMIN_PASSWORD, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address within 120 s:\n${output}`)), 120_000);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    });
    child.on('exit', (code, signal) => reject(new Error(`serve ended (${code ?? signal}):\n${output}`)));
  });
}

const editOf = (i: number) => ({
  edit: { year: 2025, layerId: 'plots', plotIds: [`K${i}`], changes: { [`K${i}`]: { ZT: { before: '种植', after: '退减', overriddenBefore: false, overriddenAfter: true } } } },
  clientId: `crash-edit-${i}`,
});

describe.each(['pglite', 'postgresql'] as const)('SIGKILL during load on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'shuidi-crash-'));
  const staticDir = join(dir, 'app');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>水地</title>');
  let cluster: PgCluster | null = null;
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every acknowledged edit survives; a second sending applies the rest exactly once', async () => {
    if (kind === 'postgresql') cluster = await startPgCluster();
    const url = cluster?.url ?? '';
    const first = await startServe(join(dir, 'data'), staticDir, url);
    children.push(first.child);
    const admin = new Client(first.url);
    expect((await admin.login('admin', ADMIN_PASSWORD)).status).toBe(200);
    const features = Array.from({ length: PLOTS }, (_, i) => ({ type: 'Feature', id: `K${i}`, geometry: null, properties: { DKBM: `K${i}`, ZLDWDM: '130102001001', ZT: '种植' } }));
    expect((await admin.request('PUT', '/api/layers/plots', layer('plots', 'plots', features))).status).toBe(200);
    const users: Client[] = [];
    for (let u = 0; u < USERS; u++) {
      expect((await admin.request('POST', '/api/users', { name: `crash${u}`, role: 'agriculture', password: PASSWORD })).status).toBe(201);
      users.push(new Client(first.url));
      await users[u].login(`crash${u}`, PASSWORD);
    }
    // Each user sends its share one after another; the kill comes once a third are acknowledged.
    const acknowledged = new Set<number>();
    let killed = false;
    const exited = new Promise((resolve) => first.child.on('exit', resolve));
    await Promise.all(users.map(async (client, u) => {
      for (let i = u; i < PLOTS; i += USERS) {
        if (killed) return;
        if (acknowledged.size >= PLOTS / 3 && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
          return;
        }
        try {
          const reply = await client.request('POST', '/api/edits', editOf(i));
          if (reply.status === 200) acknowledged.add(i);
        } catch {
          return; // the connection died with the server
        }
      }
    }));
    await exited;
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(PLOTS / 3);

    const second = await startServe(join(dir, 'data'), staticDir, url);
    children.push(second.child);
    const again = users.map((_, u) => ({ client: new Client(second.url), u }));
    for (const { client, u } of again) expect((await client.login(`crash${u}`, PASSWORD)).status).toBe(200);
    const before = (await again[0].client.request('GET', '/api/overrides?year=2025')).body.overrides.plots ?? {};
    for (const i of acknowledged) expect(before[`K${i}`], `acknowledged edit K${i}`).toEqual({ ZT: '退减' });

    // Everything again, with the same client ids: acknowledged ones come back as duplicates.
    const replies = await Promise.all(Array.from({ length: PLOTS }, (_, i) => again[i % USERS].client.request('POST', '/api/edits', editOf(i)).then((r) => ({ i, r }))));
    expect(replies.filter(({ r }) => r.status !== 200).map(({ i, r }) => `K${i}: ${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    for (const { i, r } of replies) if (acknowledged.has(i)) expect(r.body.duplicate, `K${i}`).toBe(true);
    const auditor = new Client(second.url);
    await auditor.login('admin', ADMIN_PASSWORD);
    const log = (await auditor.request('GET', '/api/audit')).body.entries as { action: string; plotIds: string[] }[];
    const edited = log.filter((e) => e.action === 'edit').map((e) => e.plotIds[0]);
    expect(edited).toHaveLength(PLOTS);
    expect(new Set(edited).size).toBe(PLOTS);
    expect((await auditor.request('GET', '/api/audit/verify')).body).toMatchObject({ ok: true, length: log.length });
    console.log(`SIGKILL on ${kind}: ${acknowledged.size} of ${PLOTS} edits acknowledged before the kill, all present after the restart`);
    second.child.kill('SIGTERM');
    await new Promise((resolve) => second.child.on('exit', resolve));
  }, 400_000);
});
