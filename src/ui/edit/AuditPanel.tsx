/**
 * The audit log: who changed which plots when, before and after, and why. Filterable by user,
 * plot and date; exportable as xlsx and CSV; "verify" checks the hash chain and names the first
 * entry where it breaks.
 */
import { useMemo, useState } from 'react';
import { AUDIT_ACTION_LABELS, auditRows, filterAudit, verifyChain, type AuditAction, type ChainCheck } from '../../core/edits/index.ts';
import { auditCsv, auditXlsx } from '../../io/project/exports.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useT } from '../i18n.ts';
import { download } from './plotsData.ts';
import { AuditAnchor, ReplayResult } from './AuditAnchor.tsx';
import './edit.css';

/** Rows per page: one row per plot and field changed, so one batch edit can make thousands. */
const PAGE_ROWS = 200;

const localDayStart = (day: string): string => (day ? new Date(`${day}T00:00:00`).toISOString() : '');
const localDayEnd = (day: string): string => (day ? new Date(`${day}T23:59:59.999`).toISOString() : '');
const localTime = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('zh-CN', { hour12: false });
};


function VerifyResult({ check }: { check: ChainCheck }) {
  const t = useT();
  if (check.ok) {
    return (
      <span className="audit-result ok" data-testid="audit-result" data-ok="true">
        {t(`审计链完整：共 ${check.length} 条`, `Chain intact: ${check.length} entries`)}
      </span>
    );
  }
  const why = { hash: t('内容被改动', 'its content was changed'), link: t('与上一条不衔接（被删除、插入或重算）', 'it does not follow the previous entry (removed, inserted or re-hashed)'), seq: t('序号不对', 'out of sequence') }[check.problem];
  return (
    <span className="audit-result bad" data-testid="audit-result" data-ok="false" data-index={check.index}>
      {t(`审计链在第 ${check.index} 条断开：${why}`, `Chain broken at entry ${check.index}: ${why}`)}
    </span>
  );
}

export function AuditPanel() {
  const t = useT();
  const audit = useEditStore((s) => s.audit);
  const [filter, setFilter] = useState({ user: '', plotId: '', from: '', to: '' });
  const [check, setCheck] = useState<ChainCheck | null>(null);
  // the date inputs are local days; the log's times are UTC ISO strings
  const filtered = useMemo(() => filterAudit(audit, { ...filter, from: localDayStart(filter.from), to: localDayEnd(filter.to) }), [audit, filter]);
  const allRows = useMemo(() => auditRows(filtered).reverse(), [filtered]);
  const [page, setPage] = useState(0);
  const pages = Math.max(1, Math.ceil(allRows.length / PAGE_ROWS));
  const shownPage = Math.min(page, pages - 1);
  const rows = allRows.slice(shownPage * PAGE_ROWS, (shownPage + 1) * PAGE_ROWS);
  const first = allRows.length ? shownPage * PAGE_ROWS + 1 : 0;
  const last = shownPage * PAGE_ROWS + rows.length;
  const stamp = new Date().toISOString().slice(0, 10);
  const input = (key: keyof typeof filter, placeholder: string, type = 'text') => (
    <input type={type} data-testid={`audit-filter-${key}`} placeholder={placeholder} value={filter[key]} onChange={(e) => setFilter({ ...filter, [key]: e.target.value })} />
  );

  return (
    <div className="audit-panel" data-testid="audit-panel">
      <div className="row">
        <button className="primary" data-testid="audit-verify" onClick={() => setCheck(verifyChain(audit))}>
          {t('校验审计链', 'Verify chain')}
        </button>
        {check && <VerifyResult check={check} />}
      </div>
      <AuditAnchor audit={audit} />
      <ReplayResult audit={audit} />
      <div className="row">
        {input('user', t('操作人', 'user'))}
        {input('plotId', t('地块编码', 'plot id'))}
        {input('from', '', 'date')}–{input('to', '', 'date')}
      </div>
      <div className="row">
        <span className="muted" data-testid="audit-count">
          {t(`${filtered.length} / ${audit.length} 条记录`, `${filtered.length} / ${audit.length} entries`)}
        </span>
        <span className="spacer" />
        <button data-testid="audit-export-xlsx" onClick={async () => download(`审计日志_${stamp}.xlsx`, await auditXlsx(filtered, audit), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>
          xlsx
        </button>
        <button data-testid="audit-export-csv" onClick={() => download(`审计日志_${stamp}.csv`, auditCsv(filtered, audit), 'text/csv;charset=utf-8')}>
          CSV
        </button>
      </div>
      <div className="row audit-pages" data-testid="audit-pages">
        <button data-testid="audit-page-prev" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>‹ {t('上一页', 'Previous')}</button>
        <span data-testid="audit-page-info">
          {t(
            `第 ${first.toLocaleString()}–${last.toLocaleString()} 行，共 ${allRows.length.toLocaleString()} 行（每块地每个字段一行，最新在前）`,
            `Rows ${first.toLocaleString()}–${last.toLocaleString()} of ${allRows.length.toLocaleString()} (one per plot and field, newest first)`,
          )}
        </span>
        <button data-testid="audit-page-next" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>{t('下一页', 'Next')} ›</button>
      </div>
      <table className="data-table audit-table" data-testid="audit-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('时间', 'Time')}</th>
            <th>{t('操作人', 'User')}</th>
            <th>{t('操作', 'Action')}</th>
            <th>{t('地块 / 说明', 'Plot / detail')}</th>
            <th>{t('字段', 'Field')}</th>
            <th>{t('原值→新值', 'Before→after')}</th>
            <th>{t('原因', 'Reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={`${r.seq}-${r.plotId}-${r.field}-${i}`}>
              <td>{r.seq}</td>
              <td title={r.time}>{localTime(r.time)}</td>
              <td>{r.user || t('（未署名）', '(no name)')}</td>
              <td>{t(AUDIT_ACTION_LABELS[r.action as AuditAction]?.zh ?? r.action, AUDIT_ACTION_LABELS[r.action as AuditAction]?.en ?? r.action)}</td>
              <td>{r.plotId || r.detail}</td>
              <td>{r.field}</td>
              <td>{r.field ? `${r.before ?? '∅'} → ${r.after ?? '∅'}` : ''}</td>
              <td>{r.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
