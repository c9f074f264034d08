/** What every route shares: the database, the throttle, the change feed, and the request's session. */
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { EventEmitter } from 'node:events';
import type { SessionInfo } from './auth/accounts.ts';
import type { LoginThrottle } from './auth/throttle.ts';
import type { Database } from './db/database.ts';
import { errorBody, type MessageCode } from './messages.ts';

export interface ServerDeps {
  db: Database;
  throttle: LoginThrottle;
  /** emits 'change' with a ChangeEvent after each committed write */
  changes: EventEmitter;
  version: string;
  /** trust X-Forwarded-For from a reverse proxy on this machine for the client address */
  trustProxy: boolean;
  /** mark the session cookie Secure (served over TLS, directly or behind a proxy) */
  secureCookie: boolean;
}

export interface ChangeEvent {
  seq: number;
  kind: 'edit' | 'layer' | 'table' | 'review' | 'mark' | 'findings';
  year: number | null;
  layerId: string | null;
  plotIds: readonly string[];
  /** township of each plot id (same order), for filtering what a township may see */
  townships: readonly string[];
  user: string;
}

export type AppEnv = { Bindings: HttpBindings; Variables: { session: SessionInfo } };
export type AppContext = Context<AppEnv>;

export function refuse(c: Context, status: 400 | 401 | 403 | 404 | 409 | 413 | 429 | 500 | 503, code: MessageCode, detail?: string): Response {
  return c.json(errorBody(code, detail), status);
}

const fromLoopback = (c: AppContext): boolean => {
  const socket = c.env?.incoming?.socket?.remoteAddress ?? '';
  return socket === '127.0.0.1' || socket === '::1' || socket === '::ffff:127.0.0.1';
};

/** Whether the browser reached us over TLS: our own, or a trusted proxy's on this machine. */
export function overTls(c: AppContext, deps: Pick<ServerDeps, 'secureCookie' | 'trustProxy'>): boolean {
  return deps.secureCookie || (deps.trustProxy && fromLoopback(c) && c.req.header('x-forwarded-proto') === 'https');
}

/** The client's address: the socket's, or the last hop a trusted proxy on loopback names. */
export function clientAddress(c: AppContext, trustProxy: boolean): string {
  const socket = c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
  const forwarded = c.req.header('x-forwarded-for');
  if (trustProxy && forwarded && fromLoopback(c)) {
    return forwarded.split(',').pop()!.trim();
  }
  return socket;
}
