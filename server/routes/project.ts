/**
 * The project: layers, the quota and cap tables, the plot overrides per year, edits, the audit
 * log and the change feed. A township sees only its villages and their plots.
 */
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { parseCsv } from '../../src/io/tables/csv.ts';
import { quotasFromTable } from '../../src/io/tables/quotas.ts';
import { capsFromTable } from '../../src/io/tables/caps.ts';
import type { CapRow } from '../../src/core/accounting/types.ts';
import { signedCapsChangedBy } from '../project/allocation.ts';
import { sha256Hex } from '../../src/core/edits/index.ts';
import { appendAudit, lockChain, readAudit, verifyServerChain } from '../audit/serverAudit.ts';
import { canEditPlots, canManageUsers, canReadAudit, canWriteLayer, canWriteTables, inScope, TOWNSHIP_LAYER_KINDS } from '../auth/roles.ts';
import { refuse, type AppEnv, type ChangeEvent, type ServerDeps } from '../context.ts';
import { applyServerEdit, readOverrides, validateEditRequest } from '../project/edits.ts';
import { BadInput, layerForTownship, listLayers, readLayer, readPlots, storeLayer, validateLayer } from '../project/layers.ts';
import { exportProjectFile, importProjectFile, tableCsvFor } from '../project/projectFile.ts';
import { denied } from './guard.ts';

const TABLES = { quotas: quotasFromTable, caps: capsFromTable } as const;
type TableName = keyof typeof TABLES;
const isTable = (name: string): name is TableName => Object.prototype.hasOwnProperty.call(TABLES, name);

export function projectRoutes(app: Hono<AppEnv>, deps: ServerDeps): void {
  const { db } = deps;
  const publish = (event: ChangeEvent) => deps.changes.emit('change', event);

  app.get('/api/project', async (c) => {
    const actor = c.get('session').actor;
    const layers = (await listLayers(db)).filter((l) => actor.role !== 'township' || TOWNSHIP_LAYER_KINDS.includes(l.kind));
    const tables = await db.query<{ name: string; updated_at: string; updated_by: string }>('SELECT name, updated_at, updated_by FROM project_tables ORDER BY name');
    const years = await db.query<{ year: number }>('SELECT DISTINCT year FROM overrides ORDER BY year');
    const [head] = await db.query<{ seq: number }>('SELECT seq FROM audit_head WHERE id = 1');
    return c.json({
      layers: actor.role === 'township' ? layers.map(({ featureCount: _count, ...rest }) => rest) : layers,
      tables: tables.map((t) => ({ name: t.name, updatedAt: t.updated_at, updatedBy: t.updated_by })),
      editedYears: years.map((y) => y.year),
      auditSeq: head.seq,
    });
  });

  /** The project as the page's project file (打开项目 opens it); a township's holds only its villages. */
  app.get('/api/project/file', async (c) => {
    const bytes = await exportProjectFile(db, c.get('session').actor);
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="shuidi-project.zip"' });
  });

  /** Starts (or replaces) the shared project from a project file made in the page: the administrator's. */
  app.put('/api/project/file', async (c) => {
    const actor = c.get('session').actor;
    if (!canManageUsers(actor)) return denied(c, deps, 'import project file');
    let entry;
    try {
      entry = await importProjectFile(db, actor, new Uint8Array(await c.req.arrayBuffer()));
    } catch (error) {
      if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
      throw error;
    }
    publish({ seq: entry.seq, kind: 'layer', year: null, layerId: null, plotIds: [], townships: [], user: actor.name });
    return c.json({ seq: entry.seq, hash: entry.hash });
  });

  app.get('/api/layers/:id', async (c) => {
    const actor = c.get('session').actor;
    const layer = await readLayer(db, c.req.param('id'));
    if (!layer) return refuse(c, 404, 'notFound');
    if (actor.role !== 'township') return c.json(layer);
    if (!TOWNSHIP_LAYER_KINDS.includes(layer.kind)) return denied(c, deps, `read ${layer.kind} layer`);
    return c.json(layerForTownship(layer, actor.township ?? ''));
  });

  app.get('/api/layers/:id/plots/:plotId', async (c) => {
    const actor = c.get('session').actor;
    const [plot] = await readPlots(db, c.req.param('id'), [c.req.param('plotId')]);
    if (!plot) return refuse(c, 404, 'notFound');
    if (!inScope(actor, plot.township)) return denied(c, deps, 'read plot', 'outOfScope', [plot.plot_id]);
    const year = Number(c.req.query('year'));
    const [override] = Number.isInteger(year)
      ? await db.query<{ props: Record<string, unknown> }>('SELECT props FROM overrides WHERE year = $1 AND layer_id = $2 AND plot_id = $3', [year, c.req.param('id'), plot.plot_id])
      : [];
    return c.json({ plotId: plot.plot_id, village: plot.village, township: plot.township, properties: plot.props, override: override?.props ?? null });
  });

  app.put('/api/layers/:id', async (c) => {
    const actor = c.get('session').actor;
    let layer;
    try {
      layer = validateLayer(await c.req.json(), c.req.param('id'));
    } catch (error) {
      return refuse(c, 400, 'badRequest', error instanceof BadInput ? error.message : 'JSON');
    }
    if (!canWriteLayer(actor, layer.kind)) return denied(c, deps, `write ${layer.kind} layer`);
    const entry = await db.transaction(async (tx) => {
      await lockChain(tx);
      await storeLayer(tx, layer, actor.name);
      const detail = JSON.stringify({ name: layer.name, kind: layer.kind, features: layer.features.features.length, sha256: sha256Hex(JSON.stringify(layer.features)) });
      return appendAudit(tx, { time: new Date().toISOString(), user: actor.name, action: 'layer-set', year: null, layerId: layer.id, plotIds: [], changes: null, reason: '', detail });
    });
    publish({ seq: entry.seq, kind: 'layer', year: null, layerId: layer.id, plotIds: [], townships: [], user: actor.name });
    return c.json({ seq: entry.seq, hash: entry.hash });
  });

  app.get('/api/tables/:name', async (c) => {
    const name = c.req.param('name');
    if (!isTable(name)) return refuse(c, 404, 'notFound');
    const [row] = await db.query<{ csv: string; updated_at: string; updated_by: string }>('SELECT csv, updated_at, updated_by FROM project_tables WHERE name = $1', [name]);
    return c.json({ name, csv: tableCsvFor(c.get('session').actor, name, row?.csv ?? null), updatedAt: row?.updated_at ?? null, updatedBy: row?.updated_by ?? null });
  });

  app.put('/api/tables/:name', async (c) => {
    const actor = c.get('session').actor;
    const name = c.req.param('name');
    if (!isTable(name)) return refuse(c, 404, 'notFound');
    if (!canWriteTables(actor)) return denied(c, deps, `write ${name} table`);
    const body = (await c.req.json().catch(() => null)) as { csv?: unknown; reason?: unknown } | null;
    if (typeof body?.csv !== 'string') return refuse(c, 400, 'badRequest', 'csv: the table as CSV text');
    const csv = body.csv;
    let parsed;
    try {
      parsed = TABLES[name](parseCsv(csv), `${name}.csv`);
    } catch (error) {
      return refuse(c, 400, 'badTable', error instanceof Error ? error.message.split('\n')[0] : undefined);
    }
    // a signed township's allocated caps stay as it signed them
    if (name === 'caps') {
      const changed = await signedCapsChangedBy(db, parsed as CapRow[]);
      if (changed.length) return refuse(c, 409, 'capsSigned', changed.slice(0, 10).join('、'));
    }
    const entry = await db.transaction(async (tx) => {
      await lockChain(tx);
      const now = new Date().toISOString();
      await tx.query(
        'INSERT INTO project_tables (name, csv, updated_at, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET csv = EXCLUDED.csv, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by',
        [name, csv, now, actor.name],
      );
      const reason = typeof body.reason === 'string' ? body.reason.slice(0, 500) : '';
      return appendAudit(tx, { time: now, user: actor.name, action: 'table-set', year: null, layerId: null, plotIds: [], changes: null, reason, detail: JSON.stringify({ table: name, sha256: sha256Hex(csv) }) });
    });
    publish({ seq: entry.seq, kind: 'table', year: null, layerId: null, plotIds: [], townships: [], user: actor.name });
    return c.json({ seq: entry.seq, hash: entry.hash });
  });

  app.get('/api/overrides', async (c) => {
    const actor = c.get('session').actor;
    const year = Number(c.req.query('year'));
    if (!Number.isInteger(year)) return refuse(c, 400, 'badRequest', 'year');
    return c.json({ year, overrides: await readOverrides(db, year, actor.role === 'township' ? (actor.township ?? '') : null) });
  });

  app.post('/api/edits', async (c) => {
    const actor = c.get('session').actor;
    if (!canEditPlots(actor)) return denied(c, deps, 'edit plots');
    let request;
    try {
      request = validateEditRequest(await c.req.json());
    } catch (error) {
      return refuse(c, 400, 'badRequest', error instanceof BadInput ? error.message : 'JSON');
    }
    let outcome;
    try {
      outcome = await applyServerEdit(db, actor, request);
    } catch (error) {
      if (error instanceof BadInput) return refuse(c, 400, 'badRequest', error.message);
      throw error;
    }
    switch (outcome.kind) {
      case 'not-found':
        return refuse(c, 404, 'notFound', `plots: ${outcome.plotIds.join(', ')}`);
      case 'out-of-scope':
        return denied(c, deps, 'edit plots of another township', 'outOfScope', outcome.plotIds);
      case 'conflict':
        return refuse(c, 409, 'conflict', outcome.message);
      case 'applied': {
        if (!outcome.duplicate) {
          const plots = await readPlots(db, request.edit.layerId, request.edit.plotIds);
          const township = new Map(plots.map((p) => [p.plot_id, p.township]));
          publish({ seq: outcome.entry.seq, kind: 'edit', year: request.edit.year, layerId: request.edit.layerId, plotIds: request.edit.plotIds, townships: request.edit.plotIds.map((id) => township.get(id) ?? ''), user: actor.name });
        }
        return c.json({ seq: outcome.entry.seq, hash: outcome.entry.hash, time: outcome.entry.time, duplicate: outcome.duplicate });
      }
    }
  });

  app.get('/api/audit', async (c) => {
    if (!canReadAudit(c.get('session').actor)) return denied(c, deps, 'read audit log');
    const from = Math.max(0, Number(c.req.query('from') ?? 0) || 0);
    const limit = Math.min(1000, Math.max(1, Number(c.req.query('limit') ?? 1000) || 1000));
    return c.json({ entries: await readAudit(db, from, limit) });
  });

  app.get('/api/audit/verify', async (c) => c.json(await verifyServerChain(db)));

  /** Server-sent events: one `change` event per committed write; a township hears only its plots. */
  app.get('/api/events', (c) => {
    const actor = c.get('session').actor;
    return streamSSE(c, async (stream) => {
      const queue: ChangeEvent[] = [];
      let wake: (() => void) | null = null;
      const listener = (event: ChangeEvent) => {
        queue.push(event);
        wake?.();
      };
      deps.changes.on('change', listener);
      stream.onAbort(() => {
        deps.changes.off('change', listener);
        wake?.();
      });
      await stream.writeSSE({ event: 'hello', data: JSON.stringify({ user: actor.name }) });
      while (!stream.aborted) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 25_000);
          });
          wake = null;
          if (!queue.length && !stream.aborted) await stream.writeSSE({ event: 'ping', data: '{}' });
          continue;
        }
        const visible = actor.role === 'township' ? event.plotIds.filter((_, i) => event.townships[i] === actor.township) : event.plotIds;
        if (actor.role === 'township' && event.kind === 'edit' && visible.length === 0) continue;
        // a review event of other townships is not a township official's business
        if (actor.role === 'township' && (event.kind === 'review' || event.kind === 'mark') && event.townships.length > 0 && !event.townships.includes(actor.township ?? '')) continue;
        await stream.writeSSE({ event: 'change', id: String(event.seq), data: JSON.stringify({ seq: event.seq, kind: event.kind, year: event.year, layerId: event.layerId, plotIds: visible, user: event.user }) });
      }
    });
  });
}
