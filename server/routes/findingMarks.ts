/**
 * Reviewers' marks on reconciliation findings (server/project/findingMarks.ts; docs/server.md):
 * read by everyone signed in (a township: its villages' findings), set by the natural resources
 * bureau or an administrator. Each committed mark is announced on the change feed.
 */
import type { Hono } from 'hono';
import { canMarkFindings } from '../auth/roles.ts';
import { refuse, type AppContext, type AppEnv, type ServerDeps } from '../context.ts';
import { BadInput } from '../project/layers.ts';
import { applyMark, parseMarkRequest, parseReport, publishReport, readMarks, readReport } from '../project/findingMarks.ts';
import { denied } from './guard.ts';
import { errorBody } from '../messages.ts';

/** The request's JSON body as `parse` reads it, or the 400 answer saying what is wrong with it. */
async function readBody<T>(c: AppContext, parse: (body: unknown) => T): Promise<T | Response> {
  try {
    return parse(await c.req.json().catch(() => null));
  } catch (error) {
    if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
    throw error;
  }
}

export function findingMarkRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  const { db } = deps;

  app.get('/api/findings/marks', async (c) => c.json({ marks: await readMarks(db, c.get('session').actor) }));

  app.post('/api/findings/marks', async (c) => {
    const actor = c.get('session').actor;
    if (!canMarkFindings(actor)) return denied(c, deps, 'mark a finding');
    const request = await readBody(c, parseMarkRequest);
    if (request instanceof Response) return request;
    const outcome = await applyMark(db, actor, request);
    if (outcome.kind === 'conflict') {
      return c.json({ ...errorBody('markChanged'), current: outcome.current }, 409);
    }
    if (!outcome.duplicate) {
      deps.changes.emit('change', { seq: outcome.entry.seq, kind: 'mark', year: null, layerId: null, plotIds: [], townships: outcome.villageCode ? [outcome.villageCode.slice(0, 9)] : [], user: actor.name });
    }
    return c.json({ seq: outcome.entry.seq, hash: outcome.entry.hash, duplicate: outcome.duplicate });
  });

  app.get('/api/findings/report', async (c) => c.json({ published: await readReport(db, c.get('session').actor) }));

  /** Publishes the page's last reconciliation report for everyone (a township sees its villages' findings). */
  app.put('/api/findings/report', async (c) => {
    const actor = c.get('session').actor;
    if (!canMarkFindings(actor)) return denied(c, deps, 'publish findings');
    const report = await readBody(c, parseReport);
    if (report instanceof Response) return report;
    const { seq, publishedAt } = await publishReport(db, actor, report);
    deps.changes.emit('change', { seq, kind: 'findings', year: null, layerId: null, plotIds: [], townships: [], user: actor.name });
    return c.json({ seq, publishedAt, findings: report.findings.length });
  });
}
