/**
 * The audit chain's anchor and the replay check (issue 15): the head hash with its count, to
 * print or note down; a field to paste an earlier anchor and see whether the log still holds it;
 * and the check that replays the log against the stored edits and the plots layer.
 */
import { useState } from 'react';
import { anchorText, chainAnchor, checkAnchor, parseAnchor, verifyStoredEdits, type AuditEntry, type ReplayCheck } from '../../core/edits/index.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';

export function AuditAnchor({ audit }: { audit: readonly AuditEntry[] }) {
  const t = useT();
  const [pasted, setPasted] = useState('');
  const anchor = chainAnchor(audit);
  const parsed = pasted.trim() ? parseAnchor(pasted) : null;
  const result = parsed ? checkAnchor(audit, parsed) : null;
  return (
    <div className="row">
      <span className="muted" data-testid="audit-anchor" data-count={anchor.count} data-hash={anchor.headHash} title={anchorText(anchor)}>
        {t(`锚点（共 ${anchor.count} 条）：${anchorText(anchor)}`, `Anchor (${anchor.count} entries): ${anchorText(anchor)}`)}
      </span>
      <input type="text" data-testid="audit-anchor-input" placeholder={t('粘贴此前记下的锚点核对', 'Paste an earlier anchor to check')} value={pasted} onChange={(e) => setPasted(e.target.value)} />
      {pasted.trim() && !parsed && <span className="audit-result bad">{t('锚点格式应为“条数:哈希”', 'An anchor reads "count:hash"')}</span>}
      {result && (
        <span className={result.ok ? 'audit-result ok' : 'audit-result bad'} data-testid="audit-anchor-result" data-ok={String(result.ok)}>
          {result.ok
            ? t(`与锚点一致${result.added ? `，其后新增 ${result.added} 条` : ''}`, `Matches the anchor${result.added ? `; ${result.added} entries added since` : ''}`)
            : { chain: t('审计链本身已断开', 'the chain itself is broken'), shorter: t('条目少于锚点：有条目被删除', 'fewer entries than the anchor: entries were removed'), rewritten: t('锚点处哈希不符：审计链被改写', 'the hash at the anchor differs: the chain was rewritten') }[result.problem]}
        </span>
      )}
    </div>
  );
}

/** Replays the log against the stored edits and layers; shows the first differences. */
export function ReplayResult({ audit }: { audit: readonly AuditEntry[] }) {
  const t = useT();
  const [check, setCheck] = useState<ReplayCheck | null>(null);
  const run = () => setCheck(verifyStoredEdits(audit, useEditStore.getState().overrides, useProjectStore.getState().layers));
  return (
    <div className="row">
      <button data-testid="audit-replay" onClick={run}>
        {t('按日志重放核对地块状态', 'Replay the log against the plots')}
      </button>
      {check?.ok && (
        <span className="audit-result ok" data-testid="audit-replay-result" data-ok="true">
          {t(`地块状态与审计日志一致（重放 ${check.entries} 条）`, `The plots match the log (${check.entries} entries replayed)`)}
        </span>
      )}
      {check && !check.ok && (
        <span className="audit-result bad" data-testid="audit-replay-result" data-ok="false">
          {check.conflictAt !== null
            ? t(`第 ${check.conflictAt} 条无法由之前的条目得出：日志被改动`, `Entry ${check.conflictAt} does not follow from the ones before: the log was altered`)
            : t(`${check.differences.length} 处存储值与日志不符：`, `${check.differences.length} stored values differ from the log: `)}
          {check.differences.slice(0, 5).map((d) => `${d.year} ${d.plotId} ${d.field}: ${String(d.stored ?? '∅')} ≠ ${String(d.replayed ?? '∅')}`).join('；')}
        </span>
      )}
    </div>
  );
}
