/**
 * The server's hash-chained audit log. Entries have the fields of the page's log
 * (src/core/edits/auditChain.ts) and are hashed the same way (SHA-256 of the canonical JSON of
 * every field but `hash`), with more actions: logins, failures, denials, account changes, layer
 * and table uploads. Appends happen inside the caller's transaction after it has locked the
 * chain's head row, so concurrent writes get consecutive numbers and never fork the chain.
 */
import { canonicalJson, GENESIS_HASH, sha256Hex, type EditChanges } from '../../src/core/edits/index.ts';
import type { Database, Queryable } from '../db/database.ts';

export type ServerAuditAction =
  | 'edit'
  | 'login'
  | 'login-failed'
  | 'logout'
  | 'denied'
  | 'user-created'
  | 'user-changed'
  | 'layer-set'
  | 'table-set'
  | 'project-imported'
  | 'review-opened'
  | 'review-comment'
  | 'review-proposal'
  | 'review-decided'
  | 'review-signed'
  | 'cap-allocation'
  | 'finding-mark'
  | 'findings-published'
  | 'review-package'
  | 'review-package-returned';

export interface ServerAuditDraft {
  time: string;
  user: string;
  action: ServerAuditAction;
  year: number | null;
  layerId: string | null;
  plotIds: readonly string[];
  changes: EditChanges | null;
  reason: string;
  detail: string;
}

export interface ServerAuditEntry extends ServerAuditDraft {
  seq: number;
  prevHash: string;
  hash: string;
}

export function serverEntryHash(entry: Omit<ServerAuditEntry, 'hash'>): string {
  const { seq, prevHash, time, user, action, year, layerId, plotIds, changes, reason, detail } = entry;
  return sha256Hex(canonicalJson({ seq, prevHash, time, user, action, year, layerId, plotIds, changes, reason, detail }));
}

/** Locks the head of the chain for the rest of the transaction; every write transaction calls it first. */
export async function lockChain(tx: Queryable): Promise<{ seq: number; hash: string }> {
  const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE');
  return head;
}

/** Appends one entry; the caller must hold the lock (`lockChain`) in the same transaction. */
export async function appendAudit(tx: Queryable, draft: ServerAuditDraft): Promise<ServerAuditEntry> {
  const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  const unsigned = { ...draft, plotIds: [...draft.plotIds], seq: head.seq + 1, prevHash: head.hash };
  const entry: ServerAuditEntry = { ...unsigned, hash: serverEntryHash(unsigned) };
  await tx.query(
    `INSERT INTO audit_log (seq, time, user_name, action, year, layer_id, plot_ids, changes, reason, detail, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12)`,
    [entry.seq, entry.time, entry.user, entry.action, entry.year, entry.layerId, JSON.stringify(entry.plotIds),
      entry.changes === null ? null : JSON.stringify(entry.changes), entry.reason, entry.detail, entry.prevHash, entry.hash],
  );
  await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1', [entry.seq, entry.hash]);
  return entry;
}

/** An entry on its own transaction (logins, denials: events that are not part of a change). */
export function recordEvent(db: Database, draft: Omit<ServerAuditDraft, 'time' | 'year' | 'layerId' | 'plotIds' | 'changes'> & Partial<ServerAuditDraft>): Promise<ServerAuditEntry> {
  return db.transaction(async (tx) => {
    await lockChain(tx);
    return appendAudit(tx, { time: new Date().toISOString(), year: null, layerId: null, plotIds: [], changes: null, ...draft });
  });
}

interface AuditRow {
  seq: number;
  time: string;
  user_name: string;
  action: ServerAuditAction;
  year: number | null;
  layer_id: string | null;
  plot_ids: string[];
  changes: EditChanges | null;
  reason: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

const fromRow = (r: AuditRow): ServerAuditEntry => ({
  seq: r.seq, time: r.time, user: r.user_name, action: r.action, year: r.year, layerId: r.layer_id,
  plotIds: r.plot_ids, changes: r.changes, reason: r.reason, detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
});

export async function readAudit(db: Queryable, fromSeq = 0, limit = 1000): Promise<ServerAuditEntry[]> {
  const rows = await db.query<AuditRow>('SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2', [fromSeq, limit]);
  return rows.map(fromRow);
}

export type ServerChainCheck =
  | { ok: true; length: number; headHash: string }
  | { ok: false; index: number; problem: 'seq' | 'link' | 'hash' | 'head'; message: string; messageEn: string };

/**
 * Walks the whole chain in pages of 2,000; reports the first entry that is out of place
 * (`seq`), does not follow the one before (`link`) or was changed (`hash`), and a head row that
 * does not name the last entry (`head`: entries removed from the end).
 */
export async function verifyServerChain(db: Queryable): Promise<ServerChainCheck> {
  let prevHash = GENESIS_HASH;
  let index = 0;
  for (;;) {
    const page = await readAudit(db, index, 2000);
    for (const entry of page) {
      if (entry.seq !== index) return broken(index, 'seq', `第 ${index} 条的序号是 ${entry.seq}`, `entry ${index} says it is number ${entry.seq}`);
      if (entry.prevHash !== prevHash) return broken(index, 'link', `第 ${index} 条未接续第 ${index - 1} 条`, `entry ${index} does not follow entry ${index - 1}`);
      if (serverEntryHash(entry) !== entry.hash) return broken(index, 'hash', `第 ${index} 条记录后被改动`, `entry ${index} was changed after it was recorded`);
      prevHash = entry.hash;
      index++;
    }
    if (page.length < 2000) break;
  }
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id = 1');
  if (!head || head.seq !== index - 1 || head.hash !== prevHash) {
    return broken(index, 'head', `日志末尾缺少记录（应有 ${(head?.seq ?? -1) + 1} 条，现有 ${index} 条）`, `entries are missing at the end (the head names ${(head?.seq ?? -1) + 1}, found ${index})`);
  }
  return { ok: true, length: index, headHash: prevHash };
}

function broken(index: number, problem: 'seq' | 'link' | 'hash' | 'head', message: string, messageEn: string): ServerChainCheck {
  return { ok: false, index, problem, message, messageEn };
}
