/** Filtering the audit log and flattening it into rows for tables and exports. */
import type { PropertyValue } from '../types.ts';
import type { AuditAction, AuditEntry } from './auditChain.ts';

/** What each audit action is called, in Chinese (shown and exported) and English (the switch). */
export const AUDIT_ACTION_LABELS: Record<AuditAction, { zh: string; en: string }> = {
  edit: { zh: '修改', en: 'edit' },
  undo: { zh: '撤销', en: 'undo' },
  redo: { zh: '重做', en: 'redo' },
  'new-year': { zh: '新建年度', en: 'new year' },
  'open-project': { zh: '打开项目', en: 'project opened' },
  'layer-import': { zh: '导入图层', en: 'layer imported' },
  'layer-replace': { zh: '替换图层', en: 'layer replaced' },
  'layer-remove': { zh: '移除图层', en: 'layer removed' },
  'layer-restore': { zh: '撤销图层操作', en: 'layer change undone' },
  'table-edit': { zh: '修改定额/指标', en: 'table edited' },
  'finding-mark': { zh: '标记套核发现', en: 'finding marked' },
  'layer-setting': { zh: '修改图层设置', en: 'layer setting changed' },
  'readings-import': { zh: '导入机电井读数', en: 'well readings imported' },
};

export function auditActionZh(action: string): string {
  return AUDIT_ACTION_LABELS[action as AuditAction]?.zh ?? action;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/**
 * An ISO time as local wall-clock time with its offset, e.g. "2026-12-07 13:01:07 (UTC+08:00)":
 * what a clerk reads in a spreadsheet. `offsetMinutes` east of UTC; default: this machine's.
 */
export function localTimeText(iso: string, offsetMinutes?: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const offset = offsetMinutes ?? -date.getTimezoneOffset();
  const local = new Date(date.getTime() + offset * 60_000);
  const day = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${day} ${time} (UTC${offset < 0 ? '-' : '+'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)})`;
}

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
