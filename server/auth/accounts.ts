/**
 * Accounts and sessions in the database. A session token is 32 random bytes sent once in the
 * cookie; the database keeps only its SHA-256, so a copy of the database opens no session.
 * Each session has its own CSRF token, which the page reads from /api/session and sends back in
 * the `X-CSRF-Token` header on every write.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Database, Queryable } from '../db/database.ts';
import { hashPassword } from './passwords.ts';
import type { Actor, Role } from './roles.ts';

/** A session ends after 8 idle hours or 24 hours in all. */
export const SESSION_IDLE_MS = 8 * 3600_000;
export const SESSION_MAX_MS = 24 * 3600_000;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface UserRow {
  id: number;
  name: string;
  display_name: string;
  role: Role;
  township: string | null;
  password_hash: string;
  disabled: boolean;
  created_at: string;
}

export interface PublicUser {
  name: string;
  displayName: string;
  role: Role;
  township: string | null;
  disabled: boolean;
  createdAt: string;
}

export const publicUser = (u: UserRow): PublicUser => ({
  name: u.name, displayName: u.display_name, role: u.role, township: u.township, disabled: u.disabled, createdAt: u.created_at,
});

export async function findUser(db: Queryable, name: string): Promise<UserRow | undefined> {
  const [row] = await db.query<UserRow>('SELECT * FROM users WHERE name = $1', [name]);
  return row;
}

export async function insertUser(
  tx: Queryable,
  user: { name: string; displayName: string; role: Role; township: string | null; password: string },
): Promise<UserRow> {
  const passwordHash = await hashPassword(user.password);
  const [row] = await tx.query<UserRow>(
    'INSERT INTO users (name, display_name, role, township, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
    [user.name, user.displayName, user.role, user.township, passwordHash, new Date().toISOString()],
  );
  return row;
}

export async function createSession(db: Queryable, userId: number): Promise<{ token: string; csrfToken: string }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const now = new Date().toISOString();
  await db.query('INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)', [hashToken(token), userId, csrfToken, now]);
  return { token, csrfToken };
}

export interface SessionInfo {
  actor: Actor;
  tokenHash: string;
  csrfToken: string;
  displayName: string;
}

/** The session of a cookie token, or null when it is unknown, expired or its user disabled. */
export async function lookupSession(db: Database, token: string, now = Date.now()): Promise<SessionInfo | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const [row] = await db.query<{ csrf_token: string; created_at: string; last_seen_at: string } & UserRow>(
    `SELECT s.csrf_token, s.created_at, s.last_seen_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [tokenHash],
  );
  if (!row) return null;
  const expired = now - Date.parse(row.last_seen_at) > SESSION_IDLE_MS || now - Date.parse(row.created_at) > SESSION_MAX_MS;
  if (expired || row.disabled) {
    await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
    return null;
  }
  // Write last-seen at most once a minute, not on every request.
  if (now - Date.parse(row.last_seen_at) > 60_000) {
    await db.query('UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2', [new Date(now).toISOString(), tokenHash]);
  }
  return {
    actor: { userId: row.id, name: row.name, role: row.role, township: row.township },
    tokenHash,
    csrfToken: row.csrf_token,
    displayName: row.display_name,
  };
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
