/**
 * The caps allocation of a review round (server/project/allocation.ts; docs/server.md): read by
 * everyone signed in (a township: the city, itself and its villages), saved by the water bureau
 * or an administrator. A save changes the caps table, so open pages hear a table change.
 */
import type { Hono } from 'hono';
import { canWriteTables } from '../auth/roles.ts';
import { refuse, type AppContext, type AppEnv, type ServerDeps } from '../context.ts';
import { BadInput } from '../project/layers.ts';
import { AllocationRefusal, parseAllocation, readAllocation, saveAllocation } from '../project/allocation.ts';
import { denied } from './guard.ts';

const yearOf = (c: AppContext): number | null => {
  const year = Number(c.req.param('year'));
  return Number.isInteger(year) && year >= 1900 && year <= 2200 ? year : null;
};

export function allocationRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  const { db } = deps;

  app.get('/api/review/:year/allocation', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    return c.json({ year, allocation: await readAllocation(db, c.get('session').actor, year) });
  });

  app.put('/api/review/:year/allocation', async (c) => {
    const year = yearOf(c);
    if (year === null) return refuse(c, 400, 'badRequest', 'year');
    const actor = c.get('session').actor;
    if (!canWriteTables(actor)) return denied(c, deps, 'allocate caps');
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    try {
      const baseSeq = body && 'baseSeq' in body ? (body.baseSeq === null ? null : Number(body.baseSeq)) : undefined;
      if (baseSeq !== undefined && baseSeq !== null && !Number.isInteger(baseSeq)) return refuse(c, 400, 'badRequest', 'baseSeq');
      const saved = await saveAllocation(db, actor, parseAllocation(year, body), typeof body?.reason === 'string' ? body.reason : '', baseSeq);
      const user = actor.name;
      deps.changes.emit('change', { seq: saved.auditSeq, kind: 'table', year: null, layerId: null, plotIds: [], townships: [], user });
      deps.changes.emit('change', { seq: 0, kind: 'review', year, layerId: null, plotIds: [], townships: saved.townships, user });
      return c.json({ year, basisYear: saved.basisYear, savedBy: saved.savedBy, savedAt: saved.savedAt, seq: saved.auditSeq, csv: saved.csv });
    } catch (error) {
      if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
      if (error instanceof AllocationRefusal) return refuse(c, error.status, error.code, error.message);
      throw error;
    }
  });
}
