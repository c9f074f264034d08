/** Sign-in, sign-out and the current session. */
import type { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { recordEvent } from '../audit/serverAudit.ts';
import { createSession, findUser } from '../auth/accounts.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { ROLE_LABELS } from '../auth/roles.ts';
import { clientAddress, overTls, refuse, type AppEnv, type ServerDeps } from '../context.ts';

export const SESSION_COOKIE = 'shuidi_session';

export function authRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  app.post('/api/login', async (c) => {
    const body = (await c.req.json().catch(() => null)) as { user?: unknown; password?: unknown } | null;
    const user = typeof body?.user === 'string' ? body.user.trim().slice(0, 64) : '';
    const password = typeof body?.password === 'string' ? body.password.slice(0, 1024) : '';
    if (!user || !password) return refuse(c, 401, 'badLogin');
    const address = clientAddress(c, deps.trustProxy);
    const wait = deps.throttle.retryAfterSeconds(user, address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return refuse(c, 429, 'throttled');
    }
    const row = await findUser(deps.db, user);
    const ok = await verifyPassword(password, row?.password_hash ?? (await dummyPasswordHash()));
    if (!row || !ok || row.disabled) {
      deps.throttle.recordFailure(user, address);
      await recordEvent(deps.db, { user, action: 'login-failed', reason: '', detail: `${address}${row ? '' : ' (unknown user)'}${row?.disabled ? ' (disabled)' : ''}` });
      return refuse(c, 401, 'badLogin');
    }
    deps.throttle.recordSuccess(user);
    const session = await createSession(deps.db, row.id);
    await recordEvent(deps.db, { user: row.name, action: 'login', reason: '', detail: address });
    setCookie(c, SESSION_COOKIE, session.token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: overTls(c, deps) });
    return c.json({ user: row.name, displayName: row.display_name, role: row.role, roleLabel: ROLE_LABELS[row.role], township: row.township, csrfToken: session.csrfToken });
  });

  app.post('/api/logout', async (c) => {
    const session = c.get('session');
    await deps.db.query('DELETE FROM sessions WHERE token_hash = $1', [session.tokenHash]);
    await recordEvent(deps.db, { user: session.actor.name, action: 'logout', reason: '', detail: '' });
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.json({ ok: true });
  });

  app.get('/api/session', (c) => {
    const { actor, csrfToken, displayName } = c.get('session');
    return c.json({ user: actor.name, displayName, role: actor.role, roleLabel: ROLE_LABELS[actor.role], township: actor.township, csrfToken });
  });
}
