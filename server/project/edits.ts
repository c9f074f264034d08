/**
 * Plot edits on the server: the page's diff (src/core/edits Edit), checked, applied with the
 * page's own `applyEdit` to the current overrides of the plots it names, written back and
 * appended to the audit chain, all in one transaction with the author taken from the session.
 */
import { applyEdit, EditConflictError, getOverride, tableFromPlain, type Edit, type FieldChange, type OverridesByYear } from '../../src/core/edits/index.ts';
import type { Properties, PropertyValue } from '../../src/core/types.ts';
import type { Database } from '../db/database.ts';
import { appendAudit, lockChain, type ServerAuditEntry } from '../audit/serverAudit.ts';
import { EDITABLE_PLOT_FIELDS, inScope, type Actor } from '../auth/roles.ts';
import { BadInput, readPlots } from './layers.ts';

export const MAX_PLOTS_PER_EDIT = 20_000;

export interface EditRequest {
  edit: Edit;
  reason: string;
  /** a client-chosen id (e.g. a UUID): an edit sent twice is applied once */
  clientId: string | null;
}

const isValue = (v: unknown): v is PropertyValue => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

function validateChange(c: unknown, where: string): FieldChange {
  const change = c as FieldChange;
  if (!change || typeof change !== 'object' || !isValue(change.before) || !isValue(change.after) ||
      typeof change.overriddenBefore !== 'boolean' || typeof change.overriddenAfter !== 'boolean') {
    throw new BadInput(`${where}: a change is {before, after, overriddenBefore, overriddenAfter}`);
  }
  if (typeof change.after === 'string' && change.after.length > 200) throw new BadInput(`${where}: value longer than 200 characters`);
  return { before: change.before, after: change.after, overriddenBefore: change.overriddenBefore, overriddenAfter: change.overriddenAfter };
}

/** Checks the shape of a request body; returns a clean copy holding only known fields. */
export function validateEditRequest(body: unknown): EditRequest {
  const b = body as { edit?: Partial<Edit>; reason?: unknown; clientId?: unknown } | null;
  const edit = b?.edit;
  if (!edit || typeof edit !== 'object') throw new BadInput('edit: missing');
  if (!Number.isInteger(edit.year) || edit.year! < 1900 || edit.year! > 2200) throw new BadInput('edit.year: a year');
  if (typeof edit.layerId !== 'string') throw new BadInput('edit.layerId: missing');
  if (!Array.isArray(edit.plotIds) || edit.plotIds.length === 0 || edit.plotIds.length > MAX_PLOTS_PER_EDIT) throw new BadInput(`edit.plotIds: 1 to ${MAX_PLOTS_PER_EDIT} plot ids`);
  if (new Set(edit.plotIds).size !== edit.plotIds.length) throw new BadInput('edit.plotIds: a plot is listed twice');
  if (!edit.changes || typeof edit.changes !== 'object' || Object.keys(edit.changes).length !== edit.plotIds.length) throw new BadInput('edit.changes: one entry per plot id');
  const changes: Record<string, Record<string, FieldChange>> = {};
  for (const plotId of edit.plotIds) {
    if (typeof plotId !== 'string' || plotId === '__proto__') throw new BadInput('edit.plotIds: strings');
    const fields = Object.prototype.hasOwnProperty.call(edit.changes, plotId) ? edit.changes[plotId] : undefined;
    if (!fields || typeof fields !== 'object' || Object.keys(fields).length === 0) throw new BadInput(`edit.changes: no change for plot ${plotId}`);
    changes[plotId] = {};
    for (const [field, change] of Object.entries(fields)) {
      if (!EDITABLE_PLOT_FIELDS.includes(field)) throw new BadInput(`edit.changes: field ${field} cannot be edited (${EDITABLE_PLOT_FIELDS.join(', ')})`);
      changes[plotId][field] = validateChange(change, `plot ${plotId}, field ${field}`);
    }
  }
  const reason = typeof b!.reason === 'string' ? b!.reason.slice(0, 500) : '';
  const clientId = typeof b!.clientId === 'string' && /^[\w-]{8,64}$/.test(b!.clientId) ? b!.clientId : null;
  return { edit: { year: edit.year!, layerId: edit.layerId, plotIds: [...edit.plotIds], changes }, reason, clientId };
}

export type EditOutcome =
  | { kind: 'applied'; entry: ServerAuditEntry; duplicate: boolean }
  | { kind: 'not-found'; plotIds: string[] }
  | { kind: 'out-of-scope'; plotIds: string[] }
  | { kind: 'conflict'; message: string };

/** A failed check inside the transaction rolls it back and comes out as an outcome. */
class Refusal extends Error {
  constructor(readonly outcome: EditOutcome) {
    super(outcome.kind);
  }
}

export async function applyServerEdit(db: Database, actor: Actor, request: EditRequest): Promise<EditOutcome> {
  const { edit } = request;
  try {
    return await db.transaction(async (tx) => {
      await lockChain(tx);
      if (request.clientId) {
        const [done] = await tx.query<{ audit_seq: number }>('SELECT audit_seq FROM applied_edits WHERE user_id = $1 AND client_id = $2', [actor.userId, request.clientId]);
        if (done) {
          const [entry] = await tx.query<{ hash: string; time: string }>('SELECT hash, time FROM audit_log WHERE seq = $1', [done.audit_seq]);
          return { kind: 'applied', duplicate: true, entry: { seq: done.audit_seq, hash: entry.hash, time: entry.time } as ServerAuditEntry };
        }
      }
      const plots = await readPlots(tx, edit.layerId, edit.plotIds);
      const known = new Map(plots.map((p) => [p.plot_id, p]));
      const missing = edit.plotIds.filter((id) => !known.has(id));
      if (missing.length) throw new Refusal({ kind: 'not-found', plotIds: missing.slice(0, 20) });
      const foreign = plots.filter((p) => !inScope(actor, p.township)).map((p) => p.plot_id);
      if (foreign.length) throw new Refusal({ kind: 'out-of-scope', plotIds: foreign.slice(0, 20) });
      await writeOverrides(tx, edit, known);
      const entry = await appendAudit(tx, {
        time: new Date().toISOString(), user: actor.name, action: 'edit', year: edit.year, layerId: edit.layerId,
        plotIds: edit.plotIds, changes: edit.changes, reason: request.reason, detail: actor.role === 'township' ? `乡镇 ${actor.township}` : '',
      });
      if (request.clientId) {
        await tx.query('INSERT INTO applied_edits (user_id, client_id, audit_seq) VALUES ($1, $2, $3)', [actor.userId, request.clientId, entry.seq]);
      }
      return { kind: 'applied', entry, duplicate: false };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.outcome;
    if (error instanceof EditConflictError) return { kind: 'conflict', message: error.message };
    throw error;
  }
}

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

async function writeOverrides(tx: Tx, edit: Edit, plots: Map<string, { props: Properties }>): Promise<void> {
  const rows = await tx.query<{ plot_id: string; props: Properties }>(
    'SELECT plot_id, props FROM overrides WHERE year = $1 AND layer_id = $2 AND plot_id = ANY(SELECT jsonb_array_elements_text($3::jsonb))',
    [edit.year, edit.layerId, JSON.stringify(edit.plotIds)],
  );
  const current: OverridesByYear = { [String(edit.year)]: { [edit.layerId]: tableFromPlain(Object.fromEntries(rows.map((r) => [r.plot_id, r.props]))) } };
  // An override equal to the layer's own value would be dropped by the page; refuse the mismatch.
  for (const plotId of edit.plotIds) {
    for (const [field, change] of Object.entries(edit.changes[plotId])) {
      const base = plots.get(plotId)!.props[field] ?? null;
      if (change.overriddenAfter !== (change.after !== base)) throw new BadInput(`plot ${plotId}, field ${field}: overriddenAfter does not match the layer's value`);
    }
  }
  const next = applyEdit(current, edit);
  const table = next[String(edit.year)]?.[edit.layerId];
  const upserts: { plot_id: string; props: Properties }[] = [];
  const deletes: string[] = [];
  for (const plotId of edit.plotIds) {
    const props = getOverride(table, plotId);
    if (props) upserts.push({ plot_id: plotId, props: { ...props } });
    else deletes.push(plotId);
  }
  if (deletes.length) {
    await tx.query('DELETE FROM overrides WHERE year = $1 AND layer_id = $2 AND plot_id = ANY(SELECT jsonb_array_elements_text($3::jsonb))', [edit.year, edit.layerId, JSON.stringify(deletes)]);
  }
  if (upserts.length) {
    await tx.query(
      `INSERT INTO overrides (year, layer_id, plot_id, props)
       SELECT $1, $2, r.plot_id, r.props FROM jsonb_to_recordset($3::jsonb) AS r(plot_id text, props jsonb)
       ON CONFLICT (year, layer_id, plot_id) DO UPDATE SET props = EXCLUDED.props`,
      [edit.year, edit.layerId, JSON.stringify(upserts)],
    );
  }
}

/** The year's overrides (plotId → properties) of every layer, for a township only its plots. */
export async function readOverrides(db: Database, year: number, township: string | null): Promise<Record<string, Record<string, Properties>>> {
  const rows = township === null
    ? await db.query<{ layer_id: string; plot_id: string; props: Properties }>('SELECT layer_id, plot_id, props FROM overrides WHERE year = $1', [year])
    : await db.query<{ layer_id: string; plot_id: string; props: Properties }>(
        'SELECT o.layer_id, o.plot_id, o.props FROM overrides o JOIN plots p ON p.layer_id = o.layer_id AND p.plot_id = o.plot_id WHERE o.year = $1 AND p.township = $2',
        [year, township],
      );
  const out: Record<string, Record<string, Properties>> = {};
  for (const r of rows) (out[r.layer_id] ??= {})[r.plot_id] = r.props;
  return out;
}
