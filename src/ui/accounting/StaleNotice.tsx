/**
 * The figures on screen are from the last good run when the latest one failed (a bad quota or
 * cap): say so where the figures are, and grey them (class "stale" on their container).
 */
import { useAccountingStore } from '../../state/accountingStore.ts';
import { useT } from '../i18n.ts';

export function useFiguresStale(): boolean {
  return useAccountingStore((s) => s.status === 'error' && s.result !== null);
}

export function StaleNotice() {
  const t = useT();
  const stale = useFiguresStale();
  const error = useAccountingStore((s) => s.error);
  if (!stale) return null;
  return (
    <div className="panel-error stale-notice" role="alert" data-testid="figures-stale">
      {t('指标表有错误，数字未更新：下面是上一次核算的结果。请在“定额与指标”中改正后自动重算。', 'The tables have errors, the figures are not updated: shown below is the previous result. Correct the tables under “Quotas & caps”.')}
      {error && <div className="small">{error}</div>}
    </div>
  );
}
