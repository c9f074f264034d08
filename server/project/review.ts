/**
 * The township review round of year Y (issue: 一乡镇一方案, seeds/003 §五): the water bureau opens it;
 * a township official reads its villages, comments (per village, plot or finding), proposes plot
 * changes that wait for a bureau's decision, and signs off the exact state reviewed (its hash);
 * the bureaus see a board of every township. An accepted proposal becomes an ordinary server edit
 * (the page's diff, applied with `applyServerEdit`) under the deciding official, naming the proposal
 * and its author; every step is an entry of the audit chain.
 */
import type { Edit } from '../../src/core/edits/index.ts';
import { reviewDigestOf, type DigestComment, type DigestProposal, type ReviewDigestContent } from '../../src/core/review/reviewDigest.ts';
import type { Properties, PropertyValue } from '../../src/core/types.ts';
import type { Database, Queryable } from '../db/database.ts';
import { appendAudit, lockChain } from '../audit/serverAudit.ts';
import { EDITABLE_PLOT_FIELDS, inScope, type Actor } from '../auth/roles.ts';
import { BadInput, readPlots } from './layers.ts';
import { applyServerEdit, type EditOutcome } from './edits.ts';
import { allocationDigestRows } from './allocation.ts';

export type TownshipStatus = 'not-opened' | 'in-review' | 'changes-proposed' | 'signed';

/** viaPackage: the township package it came back in (author = the official as written there), receivedBy: the bureau user who imported it */
export interface ReviewComment { id: number; township: string; targetKind: string; targetId: string; text: string; author: string; createdAt: string; viaPackage: string | null; receivedBy: string | null }
export interface ReviewProposal {
  id: number; township: string; layerId: string; plotId: string; field: string; value: string; reason: string;
  author: string; createdAt: string; status: 'pending' | 'accepted' | 'rejected'; decidedBy: string | null; decidedAt: string | null; auditSeq: number | null;
  viaPackage: string | null; receivedBy: string | null;
}
export interface ReviewSignoff { township: string; signer: string; signedAt: string; reviewedHash: string }

export interface TownshipReview {
  township: string;
  status: TownshipStatus;
  villages: string[];
  pending: number;
  signoff: ReviewSignoff | null;
}

export interface ReviewBoard {
  year: number;
  open: boolean;
  openedBy: string | null;
  openedAt: string | null;
  townships: TownshipReview[];
  comments: ReviewComment[];
  proposals: ReviewProposal[];
}

export class ReviewRefusal extends Error {
  constructor(readonly code: 'reviewNotOpen' | 'reviewChanged' | 'reviewPending' | 'reviewSigned' | 'proposalDecided' | 'notFound' | 'outOfScope', readonly status: 403 | 404 | 409, detail = '') {
    super(detail || code);
  }
}

const TARGET_KINDS = ['village', 'plot', 'finding'] as const;
const now = () => new Date().toISOString();
const text = (v: unknown, max: number, what: string): string => {
  if (typeof v !== 'string' || !v.trim()) throw new BadInput(`${what}: text`);
  return v.trim().slice(0, max);
};

/** Every township of the plots layer(s), with its villages. */
async function townships(db: Queryable, only: string | null): Promise<Map<string, string[]>> {
  const rows = await db.query<{ township: string; village: string }>(
    only === null ? 'SELECT DISTINCT township, village FROM plots ORDER BY township, village' : 'SELECT DISTINCT township, village FROM plots WHERE township = $1 ORDER BY village',
    only === null ? [] : [only],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) if (r.township) out.set(r.township, [...(out.get(r.township) ?? []), r.village].filter(Boolean));
  return out;
}

async function roundOf(db: Queryable, year: number): Promise<{ opened_by: string; opened_at: string } | null> {
  const [row] = await db.query<{ opened_by: string; opened_at: string }>('SELECT opened_by, opened_at FROM review_rounds WHERE year = $1', [year]);
  return row ?? null;
}

export async function requireOpen(db: Queryable, year: number): Promise<void> {
  if (!(await roundOf(db, year))) throw new ReviewRefusal('reviewNotOpen', 409);
}

export async function openRound(db: Database, actor: Actor, year: number): Promise<{ seq: number; opened: boolean }> {
  return db.transaction(async (tx) => {
    await lockChain(tx);
    if (await roundOf(tx, year)) return { seq: 0, opened: false };
    await tx.query('INSERT INTO review_rounds (year, opened_by, opened_at) VALUES ($1, $2, $3)', [year, actor.name, now()]);
    const entry = await appendAudit(tx, { time: now(), user: actor.name, action: 'review-opened', year, layerId: null, plotIds: [], changes: null, reason: '', detail: `开启 ${year} 年乡镇审核` });
    return { seq: entry.seq, opened: true };
  });
}

const viaOf = (r: Record<string, unknown>) => ({ viaPackage: (r.via_package as string | null) ?? null, receivedBy: (r.received_by as string | null) ?? null });
const commentOf = (r: Record<string, unknown>): ReviewComment => ({ id: Number(r.id), township: String(r.township), targetKind: String(r.target_kind), targetId: String(r.target_id), text: String(r.text), author: String(r.author), createdAt: String(r.created_at), ...viaOf(r) });
const proposalOf = (r: Record<string, unknown>): ReviewProposal => ({
  id: Number(r.id), township: String(r.township), layerId: String(r.layer_id), plotId: String(r.plot_id), field: String(r.field), value: String(r.value), reason: String(r.reason),
  author: String(r.author), createdAt: String(r.created_at), status: r.status as ReviewProposal['status'], decidedBy: (r.decided_by as string | null) ?? null,
  decidedAt: (r.decided_at as string | null) ?? null, auditSeq: r.audit_seq === null || r.audit_seq === undefined ? null : Number(r.audit_seq), ...viaOf(r),
});

/** The board of year Y: every township for the bureaus, only its own for a township official. */
export async function reviewBoard(db: Database, actor: Actor, year: number): Promise<ReviewBoard> {
  const only = actor.role === 'township' ? actor.township ?? '' : null;
  const round = await roundOf(db, year);
  const towns = await townships(db, only);
  const where = only === null ? 'WHERE year = $1' : 'WHERE year = $1 AND township = $2';
  const args = only === null ? [year] : [year, only];
  const comments = (await db.query<Record<string, unknown>>(`SELECT * FROM review_comments ${where} ORDER BY id`, args)).map(commentOf);
  const proposals = (await db.query<Record<string, unknown>>(`SELECT * FROM review_proposals ${where} ORDER BY id`, args)).map(proposalOf);
  const signoffs = await db.query<{ township: string; signer: string; signed_at: string; reviewed_hash: string }>(`SELECT * FROM review_signoffs ${where}`, args);
  const signed = new Map(signoffs.map((s) => [s.township, { township: s.township, signer: s.signer, signedAt: s.signed_at, reviewedHash: s.reviewed_hash }]));
  const list: TownshipReview[] = [...towns.entries()].map(([township, villages]) => {
    const pending = proposals.filter((p) => p.township === township && p.status === 'pending').length;
    const signoff = signed.get(township) ?? null;
    const status: TownshipStatus = !round ? 'not-opened' : signoff ? 'signed' : pending ? 'changes-proposed' : 'in-review';
    return { township, villages, status, pending, signoff };
  });
  return { year, open: !!round, openedBy: round?.opened_by ?? null, openedAt: round?.opened_at ?? null, townships: list, comments, proposals };
}

/** A comment on a village, plot or finding of a township (a township official: its own only). */
export async function addComment(db: Database, actor: Actor, year: number, body: unknown): Promise<ReviewComment> {
  const b = (body ?? {}) as Record<string, unknown>;
  const targetKind = String(b.targetKind ?? '');
  if (!(TARGET_KINDS as readonly string[]).includes(targetKind)) throw new BadInput(`targetKind: ${TARGET_KINDS.join(' | ')}`);
  const targetId = text(b.targetId, 100, 'targetId');
  const comment = text(b.text, 2000, 'text');
  let township = actor.role === 'township' ? actor.township ?? '' : String(b.township ?? '');
  if (targetKind === 'plot') {
    const [plot] = await db.query<{ township: string }>('SELECT township FROM plots WHERE plot_id = $1 LIMIT 1', [targetId]);
    if (!plot) throw new ReviewRefusal('notFound', 404, `plot ${targetId}`);
    if (!inScope(actor, plot.township)) throw new ReviewRefusal('outOfScope', 403, targetId);
    township = plot.township;
  } else if (targetKind === 'village') {
    if (!/^\d{12}$/.test(targetId)) throw new BadInput('targetId: a 12-digit village code');
    if (!inScope(actor, targetId.slice(0, 9))) throw new ReviewRefusal('outOfScope', 403, targetId);
    township = targetId.slice(0, 9);
  }
  if (!/^\d{9}$/.test(township)) throw new BadInput('township: a 9-digit code');
  return db.transaction(async (tx) => {
    await lockChain(tx);
    await requireOpen(tx, year);
    const [row] = await tx.query<Record<string, unknown>>(
      'INSERT INTO review_comments (year, township, target_kind, target_id, text, author, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
      [year, township, targetKind, targetId, comment, actor.name, now()],
    );
    await appendAudit(tx, { time: now(), user: actor.name, action: 'review-comment', year, layerId: null, plotIds: targetKind === 'plot' ? [targetId] : [], changes: null, reason: comment, detail: `乡镇 ${township} ${targetKind} ${targetId}` });
    return commentOf(row);
  });
}

/** A township's proposed change of one plot field, pending until a bureau decides. */
export async function addProposal(db: Database, actor: Actor, year: number, body: unknown): Promise<ReviewProposal> {
  const b = (body ?? {}) as Record<string, unknown>;
  const layerId = typeof b.layerId === 'string' && b.layerId ? b.layerId : 'plots';
  const plotId = text(b.plotId, 100, 'plotId');
  const field = String(b.field ?? '');
  if (!EDITABLE_PLOT_FIELDS.includes(field)) throw new BadInput(`field: one of ${EDITABLE_PLOT_FIELDS.join(', ')}`);
  const value = text(b.value, 200, 'value');
  const reason = text(b.reason, 500, 'reason');
  const [plot] = await readPlots(db, layerId, [plotId]);
  if (!plot) throw new ReviewRefusal('notFound', 404, `plot ${plotId}`);
  if (!inScope(actor, plot.township)) throw new ReviewRefusal('outOfScope', 403, plotId);
  return db.transaction(async (tx) => {
    await lockChain(tx);
    await requireOpen(tx, year);
    const [signed] = await tx.query('SELECT 1 FROM review_signoffs WHERE year = $1 AND township = $2', [year, plot.township]);
    if (signed) throw new ReviewRefusal('reviewSigned', 409);
    const [row] = await tx.query<Record<string, unknown>>(
      'INSERT INTO review_proposals (year, township, layer_id, plot_id, field, value, reason, author, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *',
      [year, plot.township, layerId, plotId, field, value, reason, actor.name, now()],
    );
    await appendAudit(tx, { time: now(), user: actor.name, action: 'review-proposal', year, layerId, plotIds: [plotId], changes: null, reason, detail: `提议 #${row.id}：${field} → ${value}` });
    return proposalOf(row);
  });
}

/** The effective value of a plot's field in year Y (the year's override, else the layer's). */
async function currentValue(db: Queryable, year: number, layerId: string, plotId: string, field: string): Promise<{ value: PropertyValue; overridden: boolean; base: PropertyValue }> {
  const [plot] = await readPlots(db, layerId, [plotId]);
  const [override] = await db.query<{ props: Properties }>('SELECT props FROM overrides WHERE year = $1 AND layer_id = $2 AND plot_id = $3', [year, layerId, plotId]);
  const base = (plot?.props?.[field] ?? null) as PropertyValue;
  const overridden = !!override && Object.prototype.hasOwnProperty.call(override.props, field);
  return { value: overridden ? (override.props[field] as PropertyValue) : base, overridden, base };
}

/**
 * A bureau's decision. Accepted: the change is made as an ordinary edit by the deciding official
 * (reason names the proposal and its author), then the proposal marked with that entry's number.
 */
export async function decideProposal(db: Database, actor: Actor, year: number, id: number, accept: boolean): Promise<{ proposal: ReviewProposal; edit: EditOutcome | null }> {
  const [row] = await db.query<Record<string, unknown>>('SELECT * FROM review_proposals WHERE id = $1 AND year = $2', [id, year]);
  if (!row) throw new ReviewRefusal('notFound', 404, `proposal ${id}`);
  const proposal = proposalOf(row);
  if (proposal.status !== 'pending') throw new ReviewRefusal('proposalDecided', 409);
  let outcome: EditOutcome | null = null;
  if (accept) {
    const now1 = await currentValue(db, year, proposal.layerId, proposal.plotId, proposal.field);
    if (now1.value !== proposal.value) {
      const edit: Edit = {
        year, layerId: proposal.layerId, plotIds: [proposal.plotId],
        changes: { [proposal.plotId]: { [proposal.field]: { before: now1.value, after: proposal.value, overriddenBefore: now1.overridden, overriddenAfter: proposal.value !== now1.base } } },
      };
      outcome = await applyServerEdit(db, actor, { edit, reason: `乡镇提议 #${proposal.id}（${proposal.author}）：${proposal.reason}`, clientId: `review-${year}-${proposal.id}` });
      if (outcome.kind !== 'applied') return { proposal, edit: outcome };
    }
  }
  const decided = await db.transaction(async (tx) => {
    await lockChain(tx);
    const [updated] = await tx.query<Record<string, unknown>>(
      "UPDATE review_proposals SET status = $1, decided_by = $2, decided_at = $3, audit_seq = $4 WHERE id = $5 AND status = 'pending' RETURNING *",
      [accept ? 'accepted' : 'rejected', actor.name, now(), outcome?.kind === 'applied' ? outcome.entry.seq : null, id],
    );
    if (!updated) throw new ReviewRefusal('proposalDecided', 409);
    await appendAudit(tx, { time: now(), user: actor.name, action: 'review-decided', year, layerId: proposal.layerId, plotIds: [proposal.plotId], changes: null, reason: '', detail: `${accept ? '接受' : '不采纳'}乡镇 ${proposal.township} 提议 #${proposal.id}（${proposal.author}）` });
    return proposalOf(updated);
  });
  return { proposal: decided, edit: outcome };
}

/**
 * What a township signs: the hash of its review as the server holds it now — its plots' overrides
 * of the year, its comments and its proposals with their decisions, and the caps allocated to it
 * and its villages (once the year has an allocation). A sign-off must name this
 * hash, so what is signed is exactly what was on the official's screen.
 */
export async function reviewDigest(db: Queryable, year: number, township: string): Promise<string> {
  return reviewDigestOf(await reviewDigestContent(db, year, township));
}

/** The rows the digest is computed over (src/core/review/reviewDigest.ts). */
export async function reviewDigestContent(db: Queryable, year: number, township: string): Promise<ReviewDigestContent> {
  const overrides = await db.query<{ layer_id: string; plot_id: string; props: Properties }>(
    'SELECT o.layer_id, o.plot_id, o.props FROM overrides o JOIN plots p ON p.layer_id = o.layer_id AND p.plot_id = o.plot_id WHERE o.year = $1 AND p.township = $2 ORDER BY o.layer_id, o.plot_id',
    [year, township],
  );
  const comments = await db.query<DigestComment>('SELECT id, target_kind, target_id, text, author FROM review_comments WHERE year = $1 AND township = $2 ORDER BY id', [year, township]);
  const proposals = await db.query<DigestProposal>('SELECT id, plot_id, field, value, status, decided_by FROM review_proposals WHERE year = $1 AND township = $2 ORDER BY id', [year, township]);
  // the caps the water bureau allocated to the township and its villages, once there is an allocation
  const caps = await allocationDigestRows(db, year, township);
  return { year, township, overrides: overrides.map((o) => [o.layer_id, o.plot_id, o.props]), comments, proposals, ...(caps.length ? { caps } : {}) };
}

export async function signOff(db: Database, actor: Actor, year: number, body: unknown): Promise<ReviewSignoff> {
  const township = actor.township ?? '';
  const hash = String((body as { hash?: unknown } | null)?.hash ?? '');
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new BadInput('hash: the review digest (64 hex digits)');
  return db.transaction(async (tx) => {
    await lockChain(tx);
    await requireOpen(tx, year);
    const [pending] = await tx.query("SELECT 1 FROM review_proposals WHERE year = $1 AND township = $2 AND status = 'pending'", [year, township]);
    if (pending) throw new ReviewRefusal('reviewPending', 409);
    if ((await reviewDigest(tx, year, township)) !== hash) throw new ReviewRefusal('reviewChanged', 409);
    const signedAt = now();
    await tx.query('DELETE FROM review_signoffs WHERE year = $1 AND township = $2', [year, township]);
    await tx.query('INSERT INTO review_signoffs (year, township, signer, signed_at, reviewed_hash) VALUES ($1, $2, $3, $4, $5)', [year, township, actor.name, signedAt, hash]);
    await appendAudit(tx, { time: signedAt, user: actor.name, action: 'review-signed', year, layerId: null, plotIds: [], changes: null, reason: '', detail: `乡镇 ${township} 签字确认，审核内容摘要 ${hash}` });
    return { township, signer: actor.name, signedAt, reviewedHash: hash };
  });
}
