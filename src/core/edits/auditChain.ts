/**
 * A tamper-evident audit log: each entry carries the SHA-256 of its own content and of the entry
 * before it (a hash chain), so changing, inserting or removing an entry anywhere but at the very
 * end breaks the chain at that point. SHA-256 from @noble/hashes: pure JS, the same in the
 * browser, a worker and Node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { EditChanges } from './types.ts';

export type AuditAction =
  | 'edit' | 'undo' | 'redo' | 'new-year' | 'open-project'
  | 'layer-import' | 'layer-replace' | 'layer-remove' | 'layer-restore' | 'table-edit' | 'finding-mark'
  | 'readings-import' | 'layer-setting';

/** What a caller records; the chain adds seq, prevHash and hash. */
export interface AuditDraft {
  /** ISO 8601 time of the change */
  time: string;
  user: string;
  action: AuditAction;
  year: number;
  layerId: string | null;
  plotIds: readonly string[];
  /** the diff applied (for undo: the inverse that was applied); null for non-edit actions */
  changes: EditChanges | null;
  reason: string;
  /** free text for non-edit actions, e.g. "copied from 2024" */
  detail: string;
}

export interface AuditEntry extends AuditDraft {
  /** 0-based position in the log */
  seq: number;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    if (record[key] === undefined) continue;
    parts.push(`${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The hash of an entry: SHA-256 of the canonical JSON of every field but `hash`. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, prevHash, time, user, action, year, layerId, plotIds, changes, reason, detail } = entry;
  return sha256Hex(canonicalJson({ seq, prevHash, time, user, action, year, layerId, plotIds, changes, reason, detail }));
}

/** The next entry of a chain (the chain itself is not changed). */
export function nextAuditEntry(chain: readonly AuditEntry[], draft: AuditDraft): AuditEntry {
  const last = chain[chain.length - 1];
  const unsigned = { ...draft, plotIds: [...draft.plotIds], seq: chain.length, prevHash: last ? last.hash : GENESIS_HASH };
  return { ...unsigned, hash: entryHash(unsigned) };
}

export type ChainProblem = 'seq' | 'link' | 'hash';

export type ChainCheck =
  | { ok: true; length: number; headHash: string }
  | { ok: false; index: number; problem: ChainProblem; message: string };

/**
 * Checks every entry in order; on the first failure returns its 0-based index and why:
 * `hash` (the entry's content was changed), `link` (it does not follow the entry before it:
 * one was removed, inserted or re-hashed), `seq` (out of place).
 */
export function verifyChain(chain: readonly AuditEntry[]): ChainCheck {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < chain.length; index++) {
    const entry = chain[index];
    if (entry.seq !== index) return broken(index, 'seq', `entry ${index} says it is number ${entry.seq}`);
    if (entry.prevHash !== prevHash) return broken(index, 'link', `entry ${index} does not follow entry ${index - 1}`);
    if (entryHash(entry) !== entry.hash) return broken(index, 'hash', `entry ${index} was changed after it was recorded`);
    prevHash = entry.hash;
  }
  return { ok: true, length: chain.length, headHash: prevHash };
}

function broken(index: number, problem: ChainProblem, message: string): ChainCheck {
  return { ok: false, index, problem, message };
}

/**
 * The chain's anchor: how many entries it had and the hash of the last one. Printed on a report
 * or exported with the log, it pins the chain: deleting entries from the end, or re-hashing the
 * chain after changing an entry, no longer matches it.
 */
export interface ChainAnchor {
  count: number;
  headHash: string;
}

export function chainAnchor(chain: readonly AuditEntry[]): ChainAnchor {
  return { count: chain.length, headHash: chain.length ? chain[chain.length - 1].hash : GENESIS_HASH };
}

/** "N:hash", the form shown, exported and pasted back. */
export const anchorText = (anchor: ChainAnchor): string => `${anchor.count}:${anchor.headHash}`;

export function parseAnchor(text: string): ChainAnchor | null {
  const m = /^\s*(\d+)\s*[:：]\s*([0-9a-f]{64})\s*$/i.exec(text);
  return m ? { count: Number(m[1]), headHash: m[2].toLowerCase() } : null;
}

export type AnchorCheck =
  | { ok: true; added: number }
  | { ok: false; problem: 'chain' | 'shorter' | 'rewritten'; message: string };

/**
 * Does the chain still hold the anchored one? It must verify, be at least as long, and its entry
 * at the anchor's count must carry the anchored hash (entries added since are fine).
 */
export function checkAnchor(chain: readonly AuditEntry[], anchor: ChainAnchor): AnchorCheck {
  const verified = verifyChain(chain);
  if (!verified.ok) return { ok: false, problem: 'chain', message: verified.message };
  if (chain.length < anchor.count) {
    return { ok: false, problem: 'shorter', message: `the log has ${chain.length} entries, the anchor ${anchor.count}: entries were removed` };
  }
  const at = anchor.count === 0 ? GENESIS_HASH : chain[anchor.count - 1].hash;
  if (at !== anchor.headHash) {
    return { ok: false, problem: 'rewritten', message: `entry ${anchor.count - 1} no longer has the anchored hash: the chain was rewritten` };
  }
  return { ok: true, added: chain.length - anchor.count };
}
