/**
 * The HTTP application (Hono): security headers on every response, the API and the built app.
 * It does not listen; `main.ts` (and the tests) hand it to @hono/node-server.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from './messages.ts';
import { refuse, type AppEnv, type ServerDeps } from './context.ts';
import { authRoutes } from './routes/auth.ts';
import { guard } from './routes/guard.ts';
import { projectRoutes } from './routes/project.ts';
import { reviewRoutes } from './routes/review.ts';
import { allocationRoutes } from './routes/allocation.ts';
import { findingMarkRoutes } from './routes/findingMarks.ts';
import { reviewFileRoutes } from './routes/reviewFiles.ts';
import { userRoutes } from './routes/users.ts';
import { staticResponse } from './staticFiles.ts';

/**
 * No inline script anywhere (the built app loads only its own module files). Styles allow
 * 'unsafe-inline' because maplibre and React set element styles; workers and the map's data
 * come from blob: URLs the app makes itself.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const MB = 1024 * 1024;

export function createApp(deps: ServerDeps & { staticDir: string | null }): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    c.res.headers.set('X-Frame-Options', 'DENY');
    if (c.req.path.startsWith('/api/')) c.res.headers.set('Cache-Control', 'no-store');
  });
  const tooLarge = (c: Parameters<Parameters<typeof bodyLimit>[0]['onError'] & {}>[0]) => c.json(errorBody('tooLarge'), 413);
  // Layers and project files are large (a county's plots run to tens of MB); everything else is small.
  const large = (path: string) => path.startsWith('/api/layers/') || path === '/api/project/file' || path === '/api/findings/report';
  const largeLimit = bodyLimit({ maxSize: 512 * MB, onError: tooLarge });
  const smallLimit = bodyLimit({ maxSize: 8 * MB, onError: tooLarge });
  app.use('/api/*', async (c, next) => (large(c.req.path) ? largeLimit(c, next) : smallLimit(c, next)));

  app.get('/api/health', (c) => c.json({ ok: true, db: deps.db.kind, version: deps.version }));
  guard(app, deps);
  authRoutes(app, deps);
  userRoutes(app, deps);
  projectRoutes(app, deps);
  reviewRoutes(app, deps);
  allocationRoutes(app, deps);
  findingMarkRoutes(app, deps);
  reviewFileRoutes(app, deps);
  app.all('/api/*', (c) => refuse(c, 404, 'notFound'));
  app.get('*', (c) => (deps.staticDir ? staticResponse(deps.staticDir, c.req.path) : c.text('Shuidi API', 200)));
  app.onError((error, c) => {
    console.error(`${c.req.method} ${c.req.path}: ${error instanceof Error ? error.stack : String(error)}`);
    return refuse(c, 500, 'serverError');
  });
  return app;
}
