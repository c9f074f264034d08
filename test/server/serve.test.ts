/**
 * `npm run serve` as a user runs it: the printed address, the generated administrator password
 * printed once, the app and the CSP on every response, and `npm run cli -- audit verify --data`
 * on the folder afterwards, which fails once an entry is changed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../server/db/database.ts';
import { Client, PASSWORD, plotsLayer, firstEdit } from './harness.ts';

const TSX = join('node_modules', '.bin', 'tsx');
const dir = mkdtempSync(join(tmpdir(), 'shuidi-serve-'));
const data = join(dir, 'data');
const staticDir = join(dir, 'app');
mkdirSync(staticDir);
writeFileSync(join(staticDir, 'index.html'), '<!doctype html><html><head><title>水地</title></head><body><script type="module" src="/assets/main.js"></script></body></html>');
const children: ChildProcess[] = [];

function startServe(env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(TSX, ['server/main.ts', '--data', data, '--static', staticDir], { env: { ...process.env, SHUIDI_ADMIN_PASSWORD: '', DATABASE_URL: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed within 120 s:\n${output}`)), 120_000);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /^(http:\/\/127\.0\.0\.1:\d+)$/m.exec(output)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url, output: () => output });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

function auditVerify(): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(TSX, ['scripts/cli.ts', 'audit', 'verify', '--data', data], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run serve', () => {
  let seqOfEdit = -1;

  test('prints its address, the generated admin password once, serves the app with a CSP', async () => {
    const { child, url, output } = await startServe();
    const password = /密码（仅显示这一次）：(\S+)/.exec(output())?.[1];
    expect(password).toBeTruthy();
    const home = await fetch(url + '/');
    expect(home.status).toBe(200);
    const html = await home.text();
    expect(html).toContain('<title>水地</title>');
    expect(html).toContain('<meta name="shuidi-server" content="1" />');
    for (const response of [home, await fetch(url + '/api/health'), await fetch(url + '/api/project'), await fetch(url + '/no/such/file.js')]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
      expect(scriptSrc).toBe("script-src 'self'");
    }
    expect(await (await fetch(url + '/api/health')).json()).toMatchObject({ ok: true, db: 'pglite' });
    expect((await fetch(url + '/api/project')).status).toBe(401);
    const admin = new Client(url);
    expect((await admin.login('admin', password!)).status).toBe(200);
    expect((await admin.request('POST', '/api/users', { name: 'nongye', role: '农业农村局', password: PASSWORD })).status).toBe(201);
    expect((await admin.request('PUT', '/api/layers/plots', plotsLayer())).status).toBe(200);
    const agri = new Client(url);
    await agri.login('nongye', PASSWORD);
    const edit = await agri.request('POST', '/api/edits', { edit: firstEdit('P3', 'ZT', '种植', '退减') });
    expect(edit.status).toBe(200);
    seqOfEdit = edit.body.seq;
    expect(await stop(child)).toBe(0);
  }, 240_000);

  test('a second start keeps the administrator and every acknowledged edit', async () => {
    const { child, url, output } = await startServe({ SHUIDI_ADMIN_PASSWORD: 'ignored-on-a-second-start' });
    expect(output()).not.toContain('密码');
    const agri = new Client(url);
    expect((await agri.login('nongye', PASSWORD)).status).toBe(200);
    expect((await agri.request('GET', '/api/layers/plots/plots/P3?year=2025')).body.override).toEqual({ ZT: '退减' });
    expect(await stop(child)).toBe(0);
  }, 240_000);

  test('audit verify checks the chain on the data folder and names a changed entry', async () => {
    const good = auditVerify();
    expect(good.status, good.stderr).toBe(0);
    const check = JSON.parse(good.stdout.trim().split('\n').pop()!);
    expect(check.ok).toBe(true);
    expect(check.length).toBeGreaterThan(seqOfEdit);
    const db = await openDatabase({ dataDir: data });
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    await db.query(`UPDATE audit_log SET changes = '{}'::jsonb WHERE seq = $1`, [seqOfEdit]);
    await db.close();
    const bad = auditVerify();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain(`审计链校验失败：第 ${seqOfEdit} 条记录后被改动`);
  }, 240_000);
});
