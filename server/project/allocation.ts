/**
 * The water bureau's allocation of year Y's caps to townships and villages (src/core/accounting/
 * allocation.ts; docs/server.md "Township review"). Saving one checks on the server that every
 * level adds up, writes the two cap columns into the project's caps table, keeps the allocation
 * for the board, and appends one audit entry — in one transaction. A township that has signed the
 * year off keeps its caps: an allocation changing them is refused.
 */
import { ALLOCATION_COLUMNS, allocationForTownship, allocationProblems, capsRowsOfYear, levelOfCode, mergeAllocationIntoCaps, type Allocation, type AllocationRow } from '../../src/core/accounting/allocation.ts';
import { sha256Hex } from '../../src/core/edits/index.ts';
import type { CapRow } from '../../src/core/accounting/types.ts';
import { capsFromTable, capsToCsv } from '../../src/io/tables/caps.ts';
import { parseCsv } from '../../src/io/tables/csv.ts';
import type { Database, Queryable } from '../db/database.ts';
import { appendAudit, lockChain } from '../audit/serverAudit.ts';
import type { Actor } from '../auth/roles.ts';
import { BadInput } from './layers.ts';

export interface SavedAllocation extends Allocation {
  savedBy: string;
  savedAt: string;
  auditSeq: number;
}

export class AllocationRefusal extends Error {
  constructor(readonly code: 'allocationMismatch' | 'allocationSigned' | 'allocationChanged', readonly status: 400 | 409, detail: string) {
    super(detail);
  }
}

const MAX_ROWS = 20_000;
const nullableWhole = (v: unknown, what: string): number | null => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadInput(`${what}: a number of m³ or null`);
  return v;
};

/** The request body as an allocation; shapes only (the sums are allocationProblems'). */
export function parseAllocation(year: number, body: unknown): Allocation {
  const b = (body ?? {}) as Record<string, unknown>;
  const basisYear = Number(b.basisYear);
  if (!Number.isInteger(basisYear) || basisYear < 1900 || basisYear > 2200) throw new BadInput('basisYear');
  if (!Array.isArray(b.rows) || b.rows.length === 0 || b.rows.length > MAX_ROWS) throw new BadInput(`rows: 1 to ${MAX_ROWS} units`);
  const rows = b.rows.map((raw, i): AllocationRow => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const code = String(r.code ?? '');
    const level = levelOfCode(code);
    if (!level) throw new BadInput(`rows[${i}].code: a 6, 9 or 12 digit unit code`);
    return {
      code, level, name: String(r.name ?? '').slice(0, 100),
      totalCapM3: nullableWhole(r.totalCapM3, `rows[${i}].totalCapM3`),
      groundwaterCapM3: nullableWhole(r.groundwaterCapM3, `rows[${i}].groundwaterCapM3`),
      basisTotalM3: nullableWhole(r.basisTotalM3, `rows[${i}].basisTotalM3`),
      basisGroundwaterM3: nullableWhole(r.basisGroundwaterM3, `rows[${i}].basisGroundwaterM3`),
    };
  });
  return { year, basisYear, rows };
}

async function stored(db: Queryable, year: number): Promise<SavedAllocation | null> {
  const [row] = await db.query<{ basis_year: number; rows: AllocationRow[]; saved_by: string; saved_at: string; audit_seq: number }>(
    'SELECT basis_year, rows, saved_by, saved_at, audit_seq FROM cap_allocations WHERE year = $1', [year]);
  return row ? { year, basisYear: Number(row.basis_year), rows: row.rows, savedBy: row.saved_by, savedAt: row.saved_at, auditSeq: Number(row.audit_seq) } : null;
}

/** The saved allocation of year Y; a township official gets the city, its township and its villages. */
export async function readAllocation(db: Queryable, actor: Actor, year: number): Promise<SavedAllocation | null> {
  const saved = await stored(db, year);
  if (!saved || actor.role !== 'township') return saved;
  return { ...saved, ...allocationForTownship(saved, actor.township ?? '') };
}

/** The caps of one township (its row and its villages') as the allocation of Y gives them, for the review digest. */
export async function allocationDigestRows(db: Queryable, year: number, township: string): Promise<[string, number | null, number | null][]> {
  const saved = await stored(db, year);
  if (!saved) return [];
  return saved.rows
    .filter((r) => r.code === township || (r.level === 'village' && r.code.startsWith(township)))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((r) => [r.code, r.totalCapM3, r.groundwaterCapM3]);
}

const capsOf = (rows: readonly AllocationRow[], township: string): string =>
  JSON.stringify(rows.filter((r) => r.code === township || (r.level === 'village' && r.code.startsWith(township))).map((r) => [r.code, ...ALLOCATION_COLUMNS.map((c) => r[c])]).sort());

/** Saves the allocation: refused when it does not add up, or when it changes a signed township's caps. */
const said = (problems: ReturnType<typeof allocationProblems>): string =>
  problems.slice(0, 5).map((p) => p.zh).join('；') + (problems.length > 5 ? `；等共 ${problems.length} 处` : '');

/**
 * Saves the allocation: refused when it does not add up (as sent, and again as written into the
 * caps table with the rows already there), when it changes a signed township's caps, or when it
 * was made on another allocation than the one saved now (`baseSeq`: the audit entry of the saved
 * allocation the draft started from, null for none).
 */
export async function saveAllocation(db: Database, actor: Actor, allocation: Allocation, reason: string, baseSeq?: number | null): Promise<SavedAllocation & { csv: string; townships: string[] }> {
  const problems = allocationProblems(allocation.rows);
  if (problems.length) throw new AllocationRefusal('allocationMismatch', 400, said(problems));
  return db.transaction(async (tx) => {
    await lockChain(tx);
    const before = await stored(tx, allocation.year);
    if (baseSeq !== undefined && (before?.auditSeq ?? null) !== baseSeq) {
      throw new AllocationRefusal('allocationChanged', 409, before ? `${before.savedBy} ${before.savedAt}` : '');
    }
    const signed = await tx.query<{ township: string }>('SELECT township FROM review_signoffs WHERE year = $1', [allocation.year]);
    const changedSigned = signed.map((s) => s.township).filter((t) => capsOf(before?.rows ?? [], t) !== capsOf(allocation.rows, t));
    if (changedSigned.length) throw new AllocationRefusal('allocationSigned', 409, `乡镇 ${changedSigned.join('、')} 已签字确认`);
    const [table] = await tx.query<{ csv: string }>("SELECT csv FROM project_tables WHERE name = 'caps'");
    const caps = table ? capsFromTable(parseCsv(table.csv), 'caps.csv') : [];
    const merged = mergeAllocationIntoCaps(caps, allocation);
    const city = allocation.rows.find((r) => r.level === 'city')!;
    const written = allocationProblems(capsRowsOfYear(merged, allocation.year, city.code));
    if (written.length) throw new AllocationRefusal('allocationMismatch', 400, `写入控制指标表后：${said(written)}（表中还有分配未包含的单位，请一并分配或先在“定额与指标”中删去）`);
    const csv = capsToCsv(merged);
    // what is written must read back as a valid caps table
    capsFromTable(parseCsv(csv), 'caps.csv');
    const now = new Date().toISOString();
    await tx.query(
      'INSERT INTO project_tables (name, csv, updated_at, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO UPDATE SET csv = EXCLUDED.csv, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by',
      ['caps', csv, now, actor.name],
    );
    const townships = allocation.rows.filter((r) => r.level === 'township');
    const villages = allocation.rows.filter((r) => r.level === 'village').length;
    const entry = await appendAudit(tx, {
      time: now, user: actor.name, action: 'cap-allocation', year: allocation.year, layerId: null, plotIds: [], changes: null, reason: reason.slice(0, 500),
      detail: `${allocation.year} 年控制指标分配（依据 ${allocation.basisYear} 年用水）：${city.name || city.code} 地下水 ${city.groundwaterCapM3 ?? '—'} m³、用水总量 ${city.totalCapM3 ?? '—'} m³，分到 ${townships.length} 个乡镇、${villages} 个村；控制指标表 sha256 ${sha256Hex(csv)}`,
    });
    await tx.query(
      'INSERT INTO cap_allocations (year, basis_year, rows, saved_by, saved_at, audit_seq) VALUES ($1, $2, $3::jsonb, $4, $5, $6) ON CONFLICT (year) DO UPDATE SET basis_year = EXCLUDED.basis_year, rows = EXCLUDED.rows, saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at, audit_seq = EXCLUDED.audit_seq',
      [allocation.year, allocation.basisYear, JSON.stringify(allocation.rows), actor.name, now, entry.seq],
    );
    return { ...allocation, savedBy: actor.name, savedAt: now, auditSeq: entry.seq, csv, townships: townships.map((t) => t.code) };
  });
}

/**
 * A caps table saved as a whole (PUT /api/tables/caps) must keep the caps allocated to a township
 * that has signed the year off, and its villages'; the codes of those it would change, else none.
 */
export async function signedCapsChangedBy(db: Queryable, caps: readonly CapRow[]): Promise<string[]> {
  const allocations = await db.query<{ year: number; rows: AllocationRow[] }>('SELECT year, rows FROM cap_allocations');
  const changed: string[] = [];
  for (const { year, rows } of allocations) {
    const signed = await db.query<{ township: string }>('SELECT township FROM review_signoffs WHERE year = $1', [year]);
    for (const { township } of signed) {
      for (const r of rows.filter((x) => x.code === township || (x.level === 'village' && x.code.startsWith(township)))) {
        const now = caps.find((c) => c.year === Number(year) && c.code === r.code);
        if (!now || now.totalCapM3 !== r.totalCapM3 || now.groundwaterCapM3 !== r.groundwaterCapM3) changed.push(`${year} ${r.code}`);
      }
    }
  }
  return changed;
}
