/** Filtering the audit log and flattening it into rows for tables and exports. */
import type { PropertyValue } from '../types.ts';
import type { AuditEntry } from './auditChain.ts';

export interface AuditFilter {
  /** substring of the user name, case-insensitive */
  user?: string;
  /** exact plot id */
  plotId?: string;
  /** inclusive ISO dates or times (compared as strings on the ISO time) */
  from?: string;
  to?: string;
}

export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter): AuditEntry[] {
  const user = filter.user?.trim().toLowerCase();
  const plotId = filter.plotId?.trim();
  const to = filter.to && filter.to.length <= 10 ? `${filter.to}T99` : filter.to; // a date covers its whole day
  return entries.filter(
    (e) =>
      (!user || e.user.toLowerCase().includes(user)) &&
      (!plotId || e.plotIds.includes(plotId)) &&
      (!filter.from || e.time >= filter.from) &&
      (!to || e.time <= to),
  );
}

export interface AuditRow {
  seq: number;
  time: string;
  user: string;
  action: string;
  year: number;
  layerId: string;
  plotId: string;
  field: string;
  before: PropertyValue;
  after: PropertyValue;
  reason: string;
  detail: string;
  hash: string;
}

export const AUDIT_COLUMNS: readonly [keyof AuditRow, string][] = [
  ['seq', '序号'],
  ['time', '时间'],
  ['user', '操作人'],
  ['action', '操作'],
  ['year', '年度'],
  ['layerId', '图层'],
  ['plotId', '地块'],
  ['field', '字段'],
  ['before', '原值'],
  ['after', '新值'],
  ['reason', '原因'],
  ['detail', '说明'],
  ['hash', '哈希'],
];

/** One row per plot and field changed; entries without changes give one row. */
export function auditRows(entries: readonly AuditEntry[]): AuditRow[] {
  const rows: AuditRow[] = [];
  for (const e of entries) {
    const head = { seq: e.seq, time: e.time, user: e.user, action: e.action, year: e.year, layerId: e.layerId ?? '', reason: e.reason, detail: e.detail, hash: e.hash };
    if (!e.changes || e.plotIds.length === 0) {
      rows.push({ ...head, plotId: '', field: '', before: null, after: null });
      continue;
    }
    for (const plotId of e.plotIds) {
      for (const [field, change] of Object.entries(e.changes[plotId] ?? {})) {
        rows.push({ ...head, plotId, field, before: change.before, after: change.after });
      }
    }
  }
  return rows;
}
