/**
 * The gate every /api route but health and login passes: a valid session (401), and on writes a
 * same-origin request (403) carrying the session's CSRF token (403). Permission denials are
 * answered 403 and written to the audit log.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { recordEvent } from '../audit/serverAudit.ts';
import { lookupSession, sameToken } from '../auth/accounts.ts';
import { refuse, type AppContext, type AppEnv, type ServerDeps } from '../context.ts';
import type { MessageCode } from '../messages.ts';
import { SESSION_COOKIE } from './auth.ts';

const PUBLIC = new Set(['/api/health', '/api/login']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A write must come from this very origin: browsers send Origin on cross-site POSTs and fetches. */
function crossOrigin(c: AppContext): boolean {
  if (c.req.header('sec-fetch-site') === 'cross-site') return true;
  const origin = c.req.header('origin');
  if (!origin || origin === 'null') return origin === 'null';
  try {
    return new URL(origin).host !== c.req.header('host');
  } catch {
    return true;
  }
}

export function guard(app: Hono<AppEnv>, deps: ServerDeps): void {
  const gate: MiddlewareHandler<AppEnv> = async (c, next) => {
    const write = !READ_METHODS.has(c.req.method);
    if (write && crossOrigin(c)) return refuse(c, 403, 'crossOrigin');
    if (PUBLIC.has(c.req.path)) return next();
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await lookupSession(deps.db, token) : null;
    if (!session) return refuse(c, 401, 'unauthorized');
    if (write && c.req.path !== '/api/logout') {
      const sent = c.req.header('x-csrf-token') ?? '';
      if (!sameToken(sent, session.csrfToken)) {
        await recordEvent(deps.db, { user: session.actor.name, action: 'denied', reason: 'csrf', detail: `${c.req.method} ${c.req.path}` });
        return refuse(c, 403, 'csrf');
      }
    }
    c.set('session', session);
    return next();
  };
  app.use('/api/*', gate);
}

/** Answers 403 and records the denial: who, what they tried. */
export async function denied(c: AppContext, deps: ServerDeps, what: string, code: MessageCode = 'forbidden', plotIds: readonly string[] = []): Promise<Response> {
  const { actor } = c.get('session');
  await recordEvent(deps.db, { user: actor.name, action: 'denied', reason: code, detail: `${c.req.method} ${c.req.path}: ${what}`, plotIds });
  return refuse(c, 403, code);
}
