/**
 * Reviewers' marks on reconciliation findings, kept on the server (docs/server.md "Finding marks"):
 * the natural resources bureau marks a finding confirmed, dismissed (with a reason) or fixed, or
 * clears the mark. A mark is sent as the page's change — the finding's key, the mark it replaces
 * and the new one — and applied only when the one it replaces is still the server's (else 409:
 * someone else marked it since, never overwritten silently), in one transaction with its audit
 * entry. A retry with the same client id is applied once. A township reads the marks of findings
 * in its villages.
 */
import { FINDING_KINDS, type FindingKind, type ReconcileReport } from '../../src/core/reconcile/types.ts';
import { canonicalJson, sha256Hex } from '../../src/core/edits/index.ts';
import { FINDING_KIND_LABELS, FINDING_MARK_LABELS, type FindingMark, type FindingMarkStatus } from '../../src/core/reconcile/kindLabels.ts';
import type { Database, Queryable } from '../db/database.ts';
import { appendAudit, lockChain, type ServerAuditEntry } from '../audit/serverAudit.ts';
import type { Actor } from '../auth/roles.ts';
import { BadInput } from './layers.ts';

const STATUSES: readonly FindingMarkStatus[] = ['confirmed', 'dismissed', 'fixed'];

export interface ServerFindingMark extends FindingMark {
  by: string;
  at: string;
}

export interface MarkRequest {
  key: string;
  kind: FindingKind;
  /** the finding's village (12 digits), '' when it has none */
  villageCode: string;
  before: FindingMark | null;
  after: FindingMark | null;
  clientId: string | null;
}

export type MarkOutcome =
  | { kind: 'applied'; entry: Pick<ServerAuditEntry, 'seq' | 'hash'>; duplicate: boolean }
  | { kind: 'conflict'; current: ServerFindingMark | null };

function markOf(value: unknown, what: string): FindingMark | null {
  if (value === null || value === undefined) return null;
  const v = value as Record<string, unknown>;
  if (!STATUSES.includes(v.status as FindingMarkStatus)) throw new BadInput(`${what}.status: ${STATUSES.join(' | ')}`);
  const reason = typeof v.reason === 'string' ? v.reason.trim().slice(0, 500) : '';
  return reason ? { status: v.status as FindingMarkStatus, reason } : { status: v.status as FindingMarkStatus };
}

export function parseMarkRequest(body: unknown): MarkRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  const key = typeof b.key === 'string' ? b.key : '';
  if (!key || key.length > 300) throw new BadInput('key: the finding\'s key');
  if (!FINDING_KINDS.includes(b.kind as FindingKind)) throw new BadInput(`kind: ${FINDING_KINDS.join(' | ')}`);
  const villageCode = typeof b.villageCode === 'string' ? b.villageCode : '';
  if (villageCode && !/^\d{12}$/.test(villageCode)) throw new BadInput('villageCode: 12 digits or empty');
  const clientId = typeof b.clientId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(b.clientId) ? b.clientId : null;
  return { key, kind: b.kind as FindingKind, villageCode, before: markOf(b.before, 'before'), after: markOf(b.after, 'after'), clientId };
}

const same = (a: FindingMark | null, b: FindingMark | null): boolean =>
  (a === null && b === null) || (a !== null && b !== null && a.status === b.status && (a.reason ?? '') === (b.reason ?? ''));

interface Row { key: string; status: string; reason: string; marked_by: string; marked_at: string }
const serverMark = (r: Row): ServerFindingMark => ({ status: r.status as FindingMarkStatus, ...(r.reason ? { reason: r.reason } : {}), by: r.marked_by, at: r.marked_at });

/** Every mark (a township: those of findings in its villages), by finding key. */
export async function readMarks(db: Queryable, actor: Actor): Promise<Record<string, ServerFindingMark>> {
  const rows = actor.role === 'township'
    ? await db.query<Row>('SELECT * FROM finding_marks WHERE left(village, 9) = $1 ORDER BY key', [actor.township ?? '-'])
    : await db.query<Row>('SELECT * FROM finding_marks ORDER BY key');
  return Object.fromEntries(rows.map((r) => [r.key, serverMark(r)]));
}

export async function applyMark(db: Database, actor: Actor, sent: MarkRequest): Promise<MarkOutcome & { villageCode: string }> {
  let request = sent;
  return db.transaction(async (tx): Promise<MarkOutcome & { villageCode: string }> => {
    await lockChain(tx);
    if (request.clientId) {
      const [done] = await tx.query<{ audit_seq: number }>('SELECT audit_seq FROM applied_edits WHERE user_id = $1 AND client_id = $2', [actor.userId, request.clientId]);
      if (done) {
        const [entry] = await tx.query<{ hash: string }>('SELECT hash FROM audit_log WHERE seq = $1', [done.audit_seq]);
        return { kind: 'applied', duplicate: true, entry: { seq: Number(done.audit_seq), hash: entry.hash }, villageCode: request.villageCode };
      }
    }
    // the finding's village as the published report has it, where it has the finding (else the page's)
    const [published] = await tx.query<{ v: string | null }>("SELECT f->>'villageCode' AS v FROM findings_report, jsonb_array_elements(report->'findings') AS f WHERE f->>'key' = $1 LIMIT 1", [request.key]);
    if (published?.v && /^\d{12}$/.test(published.v)) request = { ...request, villageCode: published.v };
    const [row] = await tx.query<Row>('SELECT * FROM finding_marks WHERE key = $1', [request.key]);
    const current = row ? serverMark(row) : null;
    if (!same(current, request.before)) return { kind: 'conflict', current, villageCode: request.villageCode };
    const now = new Date().toISOString();
    const what = request.after
      ? `标记为“${FINDING_MARK_LABELS[request.after.status].zh}”${request.after.reason ? `（原因：${request.after.reason}）` : ''}`
      : '清除标记';
    const entry = await appendAudit(tx, {
      time: now, user: actor.name, action: 'finding-mark', year: null, layerId: null, plotIds: [], changes: null, reason: request.after?.reason ?? '',
      detail: `套核发现 ${FINDING_KIND_LABELS[request.kind].zh} ${request.key}：${what}`,
    });
    if (request.after) {
      await tx.query(
        `INSERT INTO finding_marks (key, kind, village, status, reason, marked_by, marked_at, audit_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (key) DO UPDATE SET kind = EXCLUDED.kind, village = EXCLUDED.village, status = EXCLUDED.status, reason = EXCLUDED.reason, marked_by = EXCLUDED.marked_by, marked_at = EXCLUDED.marked_at, audit_seq = EXCLUDED.audit_seq`,
        [request.key, request.kind, request.villageCode, request.after.status, request.after.reason ?? '', actor.name, now, entry.seq],
      );
    } else {
      await tx.query('DELETE FROM finding_marks WHERE key = $1', [request.key]);
    }
    if (request.clientId) await tx.query('INSERT INTO applied_edits (user_id, client_id, audit_seq) VALUES ($1, $2, $3)', [actor.userId, request.clientId, entry.seq]);
    return { kind: 'applied', duplicate: false, entry: { seq: entry.seq, hash: entry.hash }, villageCode: request.villageCode };
  });
}

/** The published report as stored, with who published it and when. */
export interface PublishedReport {
  report: ReconcileReport;
  publishedBy: string;
  publishedAt: string;
}

const MAX_FINDINGS = 500_000;

/** Shapes only: the findings' keys, kinds and villages (what scope and marks rest on). */
export function parseReport(body: unknown): ReconcileReport {
  const r = (body ?? {}) as Partial<ReconcileReport>;
  if (!Array.isArray(r.findings) || r.findings.length > MAX_FINDINGS) throw new BadInput(`findings: an array of at most ${MAX_FINDINGS}`);
  r.findings.forEach((f, i) => {
    if (!f || typeof f.key !== 'string' || !FINDING_KINDS.includes(f.kind) || typeof f.villageCode !== 'string' || typeof f.areaMu !== 'number'
      || (f.recordedVillageCode !== undefined && f.recordedVillageCode !== null && typeof f.recordedVillageCode !== 'string')) {
      throw new BadInput(`findings[${i}]: key, kind, villageCode, recordedVillageCode, areaMu`);
    }
  });
  if (r.groups !== undefined && (!Array.isArray(r.groups) || r.groups.some((g) => !g || typeof g !== 'object' || typeof g.villageCode !== 'string'))) {
    throw new BadInput('groups: objects with a villageCode');
  }
  return {
    settings: (r.settings ?? {}) as ReconcileReport['settings'],
    summary: (r.summary ?? {}) as ReconcileReport['summary'],
    findings: r.findings,
    groups: Array.isArray(r.groups) ? r.groups : [],
    warnings: Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string').slice(0, 1000) : [],
  };
}

/** A report cut to one township: its villages' findings, their groups and counts. */
export function reportForTownship(report: ReconcileReport, township: string): ReconcileReport {
  const mine = (code: string | undefined) => !!code && code.startsWith(township);
  const findings = report.findings.filter((f) => mine(f.villageCode) || mine(f.recordedVillageCode));
  const summary = Object.fromEntries(FINDING_KINDS.map((kind) => [kind, findings.filter((f) => f.kind === kind).length])) as ReconcileReport['summary'];
  return { ...report, findings, summary, groups: report.groups.filter((g) => mine(g.villageCode)), warnings: [] };
}

export async function publishReport(db: Database, actor: Actor, report: ReconcileReport): Promise<{ seq: number; publishedAt: string }> {
  return db.transaction(async (tx) => {
    await lockChain(tx);
    const now = new Date().toISOString();
    const json = JSON.stringify(report);
    // the hash of the report's canonical JSON: the stored jsonb reordered keys can be hashed the same way
    const hash = sha256Hex(canonicalJson(report));
    const counts = FINDING_KINDS.map((kind) => [kind, report.findings.filter((f) => f.kind === kind).length] as const).filter(([, n]) => n > 0);
    const entry = await appendAudit(tx, {
      time: now, user: actor.name, action: 'findings-published', year: null, layerId: null, plotIds: [], changes: null, reason: '',
      detail: `发布套核结果：${report.findings.length} 处（${counts.map(([kind, n]) => `${FINDING_KIND_LABELS[kind].zh} ${n}`).join('，') || '无'}），sha256 ${hash}（规范化 JSON）`,
    });
    await tx.query(
      `INSERT INTO findings_report (id, report, published_by, published_at, audit_seq) VALUES (1, $1::jsonb, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET report = EXCLUDED.report, published_by = EXCLUDED.published_by, published_at = EXCLUDED.published_at, audit_seq = EXCLUDED.audit_seq`,
      [json, actor.name, now, entry.seq],
    );
    return { seq: entry.seq, publishedAt: now };
  });
}

/** The published report (a township: cut to its villages), or null. */
export async function readReport(db: Queryable, actor: Actor): Promise<PublishedReport | null> {
  const [row] = await db.query<{ report: ReconcileReport; published_by: string; published_at: string }>('SELECT report, published_by, published_at FROM findings_report WHERE id = 1');
  if (!row) return null;
  const report = actor.role === 'township' ? reportForTownship(row.report, actor.township ?? '-') : row.report;
  return { report, publishedBy: row.published_by, publishedAt: row.published_at };
}
