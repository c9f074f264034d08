/** The selected finding: what is wrong, and the reviewer's mark (confirmed / dismissed with a reason / fixed). */
import { useEffect, useState } from 'react';
import { FINDING_KIND_LABELS, FINDING_MARK_LABELS, type FindingMark, type FindingMarkStatus } from '../../core/reconcile/kindLabels.ts';
import type { Finding } from '../../core/reconcile/types.ts';
import { useFindingsStore } from '../../state/findingsStore.ts';
import { useEditStore } from '../../state/editStore.ts';
import { formatNumber, useT } from '../i18n.ts';
import { landClassText, readableExplanation } from './landClassNames.ts';
import { errorText } from '../edit/OperatorField.tsx';
import { sendFindingMark, useServerLink } from '../../state/serverLink.ts';

/** Marks a finding with an audit entry under the operator's name; throws NoOperatorError without one. */
export function markFindingAudited(finding: Finding, mark: FindingMark | null): void {
  const edits = useEditStore.getState();
  edits.requireOperator();
  const before = useFindingsStore.getState().marks[finding.key] ?? null;
  useFindingsStore.getState().mark(finding.key, mark);
  // under the county's server the mark goes there too (queued while it cannot be reached)
  void sendFindingMark({
    key: finding.key, kind: finding.kind, villageCode: finding.villageCode ?? '',
    before: before ? { status: before.status, ...(before.reason ? { reason: before.reason } : {}) } : null,
    after: mark ? { status: mark.status, ...(mark.reason ? { reason: mark.reason } : {}) } : null,
  });
  const what = mark ? `标记为“${FINDING_MARK_LABELS[mark.status].zh}”${mark.reason ? `（原因：${mark.reason}）` : ''}` : '清除标记';
  edits.recordEvent({ action: 'finding-mark', layerId: null, detail: `套核发现 ${FINDING_KIND_LABELS[finding.kind].zh} ${finding.key}：${what}` });
}

const STATUSES: FindingMarkStatus[] = ['confirmed', 'dismissed', 'fixed'];

export function FindingReview({ finding, villageNames = {} }: { finding: Finding; villageNames?: Record<string, string> }) {
  const t = useT();
  const current = useFindingsStore((s) => s.marks[finding.key]);
  // under the county's server only the natural resources bureau (and the administrator) marks findings
  const role = useServerLink((s) => s.session?.role);
  const canMark = role === undefined || role === 'admin' || role === 'resources';
  const [error, setError] = useState<string | null>(null);
  const mark = (_key: string, value: FindingMark | null) => {
    try {
      markFindingAudited(finding, value);
      setError(null);
    } catch (e) {
      setError(errorText(e, t));
    }
  };
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState(current?.reason ?? '');
  useEffect(() => {
    setDismissing(false);
    setReason(current?.reason ?? '');
    // only when another finding is selected: start from that finding's own mark
  }, [finding.key]); // eslint-disable-line react-hooks/exhaustive-deps

  const choose = (status: FindingMarkStatus) => {
    if (status === 'dismissed') setDismissing(true);
    else mark(finding.key, { status });
  };

  return (
    <section className="finding-review" data-testid="finding-review">
      <h3>{t(FINDING_KIND_LABELS[finding.kind].zh, FINDING_KIND_LABELS[finding.kind].en)}</h3>
      <p data-testid="finding-explanation">{readableExplanation(finding.explanation, villageNames)}</p>
      <p className="muted" data-testid="finding-figures">
        {t('问题面积', 'Area')} {formatNumber(finding.areaMu)} {t('亩', 'mu')}
        {finding.featureAreaMu > 0 && <> · {t(`占要素 ${finding.featureId}（${formatNumber(finding.featureAreaMu)} 亩）的`, `of feature ${finding.featureId} (${formatNumber(finding.featureAreaMu)} mu):`)} {formatNumber((finding.areaMu / finding.featureAreaMu) * 100, 1)}%</>}
        {finding.villageSplit && ` · ${finding.villageSplit.map((v) => `${villageNames[v.villageCode] ?? v.villageCode} ${formatNumber(v.areaMu)} 亩`).join(' / ')}`}
      </p>
      {finding.landClassesMu && (
        <ul className="land-classes" data-testid="finding-land-classes">
          {Object.entries(finding.landClassesMu).map(([code, mu]) => <li key={code}>{landClassText(code)}：{formatNumber(mu)} {t('亩', 'mu')}</li>)}
        </ul>
      )}
      {!canMark && <p className="muted small" data-testid="finding-mark-readonly">{t('套核发现的标记由自然资源局填写；您可以查看，也可以在“乡镇审核”中提出意见。', 'Findings are marked by the natural resources bureau; you can read them, and comment in the township review.')}</p>}
      <div className="row">
        {STATUSES.map((status) => (
          <button
            key={status}
            data-testid="finding-mark"
            data-mark={status}
            disabled={!canMark}
            className={current?.status === status ? 'primary' : ''}
            onClick={() => choose(status)}
          >
            {t(FINDING_MARK_LABELS[status].zh, FINDING_MARK_LABELS[status].en)}
          </button>
        ))}
        {current && (
          <button className="link" data-testid="finding-unmark" disabled={!canMark} onClick={() => mark(finding.key, null)}>
            {t('清除标记', 'Clear mark')}
          </button>
        )}
      </div>
      {dismissing && (
        <div className="row">
          <input
            data-testid="finding-dismiss-reason"
            placeholder={t('排除原因（必填）', 'Reason (required)')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button
            data-testid="finding-dismiss-confirm"
            disabled={!reason.trim()}
            onClick={() => {
              mark(finding.key, { status: 'dismissed', reason: reason.trim() });
              setDismissing(false);
            }}
          >
            {t('确定排除', 'Dismiss')}
          </button>
        </div>
      )}
      {error && <p className="edit-message bad" role="alert" data-testid="finding-mark-error">{error}</p>}
      {current?.status === 'dismissed' && current.reason && !dismissing && (
        <p className="muted">{t('排除原因：', 'Reason: ')}{current.reason}</p>
      )}
    </section>
  );
}
