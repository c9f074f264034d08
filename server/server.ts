/**
 * Starting and stopping the server: open the database, apply migrations, make sure the first
 * administrator exists, listen. Used by `npm run serve` (main.ts) and by the tests.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createServer as createHttpsServer } from 'node:https';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { createApp } from './app.ts';
import { appendAudit, lockChain } from './audit/serverAudit.ts';
import { findUser, insertUser } from './auth/accounts.ts';
import { generatePassword } from './auth/passwords.ts';
import { DEFAULT_THROTTLE, LoginThrottle, type ThrottleOptions } from './auth/throttle.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrations.ts';

export interface ServerOptions {
  host: string;
  /** 0: a free port */
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** the built app; null serves the API only */
  staticDir: string | null;
  adminPassword?: string;
  tls?: { certFile: string; keyFile: string };
  trustProxy?: boolean;
  throttle?: ThrottleOptions;
  version?: string;
  /** an already opened database (tests share one across servers) */
  db?: Database;
}

export interface RunningServer {
  url: string;
  db: Database;
  /** the generated administrator password, when this start created `admin` without one given */
  generatedAdminPassword: string | null;
  close(): Promise<void>;
}

/** Creates `admin` on first start; returns the generated password if one was made. */
export async function ensureAdmin(db: Database, password: string | undefined): Promise<string | null> {
  if (await findUser(db, 'admin')) return null;
  const chosen = password && password.length > 0 ? password : generatePassword();
  await db.transaction(async (tx) => {
    await lockChain(tx);
    if (await findUser(tx, 'admin')) return;
    await insertUser(tx, { name: 'admin', displayName: '管理员', role: 'admin', township: null, password: chosen });
    await appendAudit(tx, { time: new Date().toISOString(), user: 'system', action: 'user-created', year: null, layerId: null, plotIds: [], changes: null, reason: '', detail: JSON.stringify({ name: 'admin', role: 'admin' }) });
  });
  return password ? null : chosen;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = options.db ?? (await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir }));
  await migrate(db);
  const generatedAdminPassword = await ensureAdmin(db, options.adminPassword);
  const changes = new EventEmitter();
  changes.setMaxListeners(0);
  const app = createApp({
    db,
    throttle: new LoginThrottle(options.throttle ?? DEFAULT_THROTTLE),
    changes,
    version: options.version ?? '0.0.0',
    trustProxy: options.trustProxy ?? false,
    secureCookie: Boolean(options.tls),
    staticDir: options.staticDir,
  });
  const tlsOptions = options.tls ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) } : null;
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        hostname: options.host,
        port: options.port,
        ...(tlsOptions ? { createServer: createHttpsServer, serverOptions: tlsOptions } : {}),
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `${tlsOptions ? 'https' : 'http'}://${host}:${port}`,
    db,
    generatedAdminPassword,
    async close() {
      changes.removeAllListeners();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      if (!options.db) await db.close();
    },
  };
}
