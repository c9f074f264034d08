/** The administrator's account management: list, create, change role / township / password / disabled. */
import type { Hono } from 'hono';
import { appendAudit, lockChain } from '../audit/serverAudit.ts';
import { findUser, insertUser, publicUser, type UserRow } from '../auth/accounts.ts';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { canManageUsers, parseRole, TOWNSHIP_CODE, type Role } from '../auth/roles.ts';
import { refuse, type AppEnv, type ServerDeps } from '../context.ts';
import { denied } from './guard.ts';

const USER_NAME = /^[\p{L}\p{N}_.-]{2,32}$/u;

function checkTownship(role: Role, township: unknown): string | null | undefined {
  if (role !== 'township') return null;
  return typeof township === 'string' && TOWNSHIP_CODE.test(township) ? township : undefined;
}

export function userRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  app.get('/api/users', async (c) => {
    if (!canManageUsers(c.get('session').actor)) return denied(c, deps, 'list users');
    const rows = await deps.db.query<UserRow>('SELECT * FROM users ORDER BY id');
    return c.json({ users: rows.map(publicUser) });
  });

  app.post('/api/users', async (c) => {
    const actor = c.get('session').actor;
    if (!canManageUsers(actor)) return denied(c, deps, 'create user');
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    const name = typeof body?.name === 'string' ? body.name.trim() : '';
    const role = parseRole(body?.role);
    if (!USER_NAME.test(name) || !role) return refuse(c, 400, 'badRequest', 'name: 2–32 letters, digits, _ . -; role: one of the six roles');
    const township = checkTownship(role, body?.township);
    if (township === undefined) return refuse(c, 400, 'badRequest', 'township: a 9-digit township code for the 乡镇 role');
    const password = typeof body?.password === 'string' ? body.password : '';
    if (password.length < MIN_PASSWORD_LENGTH) return refuse(c, 400, 'weakPassword');
    const displayName = typeof body?.displayName === 'string' && body.displayName.trim() ? body.displayName.trim().slice(0, 64) : name;
    const created = await deps.db.transaction(async (tx) => {
      await lockChain(tx);
      if (await findUser(tx, name)) return null;
      const row = await insertUser(tx, { name, displayName, role, township, password });
      await appendAudit(tx, { time: new Date().toISOString(), user: actor.name, action: 'user-created', year: null, layerId: null, plotIds: [], changes: null, reason: '', detail: JSON.stringify({ name, role, township }) });
      return row;
    });
    if (!created) return refuse(c, 409, 'userExists');
    return c.json({ user: publicUser(created) }, 201);
  });

  app.patch('/api/users/:name', async (c) => {
    const actor = c.get('session').actor;
    if (!canManageUsers(actor)) return denied(c, deps, 'change user');
    const name = c.req.param('name');
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body) return refuse(c, 400, 'badRequest');
    const existing = await findUser(deps.db, name);
    if (!existing) return refuse(c, 404, 'notFound');
    const role = body.role === undefined ? existing.role : parseRole(body.role);
    if (!role) return refuse(c, 400, 'badRequest', 'role');
    const township = checkTownship(role, body.township === undefined ? existing.township : body.township);
    if (township === undefined) return refuse(c, 400, 'badRequest', 'township: a 9-digit township code for the 乡镇 role');
    if (body.password !== undefined && (typeof body.password !== 'string' || body.password.length < MIN_PASSWORD_LENGTH)) return refuse(c, 400, 'weakPassword');
    const passwordHash = typeof body.password === 'string' ? await hashPassword(body.password) : existing.password_hash;
    const disabled = typeof body.disabled === 'boolean' ? body.disabled : existing.disabled;
    // An administrator cannot lock themselves out: no demoting or disabling one's own account.
    if (existing.id === actor.userId && (role !== 'admin' || disabled)) return refuse(c, 400, 'badRequest', 'your own account stays an enabled administrator');
    const displayName = typeof body.displayName === 'string' && body.displayName.trim() ? body.displayName.trim().slice(0, 64) : existing.display_name;
    const updated = await deps.db.transaction(async (tx) => {
      await lockChain(tx);
      const [row] = await tx.query<UserRow>('UPDATE users SET role = $1, township = $2, password_hash = $3, disabled = $4, display_name = $5 WHERE id = $6 RETURNING *', [role, township, passwordHash, disabled, displayName, existing.id]);
      // A changed role, township, password or a disabled account ends the user's sessions.
      await tx.query('DELETE FROM sessions WHERE user_id = $1', [existing.id]);
      const changed = { role, township, disabled, password: body.password !== undefined ? 'changed' : undefined };
      await appendAudit(tx, { time: new Date().toISOString(), user: actor.name, action: 'user-changed', year: null, layerId: null, plotIds: [], changes: null, reason: '', detail: JSON.stringify({ name, ...changed }) });
      return row;
    });
    return c.json({ user: publicUser(updated) });
  });
}
