/** The tolerances, the run button with progress and cancel, and why a run cannot start. */
import { RECONCILE_STAGES, type ReconcileStage } from '../../core/reconcile/reconcileLayers.ts';
import { useFindingsStore } from '../../state/findingsStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useState } from 'react';
import { replyProblem, serverCall, useServerLink } from '../../state/serverLink.ts';
import { formatNumber, useT, type Translate } from '../i18n.ts';
import { kindName } from '../layers/LayerPanel.tsx';
import { cancelReconcile, reconcileInputs, runReconcile } from './reconcileActions.ts';

function stageName(stage: string, t: Translate): string {
  const names: Record<ReconcileStage, [string, string]> = {
    'reconcile.villages': ['地块与村界', 'plots × villages'],
    'reconcile.survey': ['地块与三调非耕地', 'plots × non-cultivated survey land'],
    'reconcile.coverage': ['三调耕地覆盖', 'survey cultivated land coverage'],
    'reconcile.overlap': ['地块相互重叠', 'plots × plots'],
    'reconcile.forest': ['林地与种植地块', 'forest × plots'],
    'reconcile.geometry': ['问题图形', 'problem geometry'],
  };
  const step = RECONCILE_STAGES.indexOf(stage as ReconcileStage);
  const name = names[stage as ReconcileStage];
  return name ? `${step + 1}/${RECONCILE_STAGES.length} ${t(...name)}` : stage;
}

export function RunControls() {
  const t = useT();
  const running = useFindingsStore((s) => s.running);
  const progress = useFindingsStore((s) => s.progress);
  const error = useFindingsStore((s) => s.error);
  const settings = useFindingsStore((s) => s.settings);
  const setSettings = useFindingsStore((s) => s.setSettings);
  const ranAt = useFindingsStore((s) => s.ranAt);
  useProjectStore((s) => s.layers); // re-render when layers are loaded
  const { missing } = reconcileInputs();

  return (
    <section>
      <div className="row">
        <label title={t('小于此面积的问题不报告（避免边界微小错位）', 'Problems smaller than this are not reported (slivers)')}>
          {t('最小面积', 'Min. area')}
          <input type="number" min={0} step={0.1} data-testid="reconcile-min-mu" value={settings.minOverlapMu} onChange={(e) => setSettings({ minOverlapMu: Math.max(0, Number(e.target.value) || 0) })} />
          {t('亩', 'mu')}
        </label>
        <label title={t('问题面积占要素面积的最小比例', 'Minimum share of the feature')}>
          {t('最小占比', 'Min. share')}
          <input type="number" min={0} max={100} step={0.5} data-testid="reconcile-min-share" value={+(settings.minOverlapShare * 100).toFixed(4)} onChange={(e) => setSettings({ minOverlapShare: Math.min(1, Math.max(0, (Number(e.target.value) || 0) / 100)) })} />
          %
        </label>
      </div>
      <div className="row">
        <label title={t('申报面积与计算面积之差同时达到此面积和下面的比例才报告', 'A declared-area difference is reported when it reaches this area and the share below')}>
          {t('面积不符', 'Area mismatch')}
          <input type="number" min={0} step={0.1} data-testid="reconcile-mismatch-mu" value={settings.areaMismatchMu} onChange={(e) => setSettings({ areaMismatchMu: Math.max(0, Number(e.target.value) || 0) })} />
          {t('亩', 'mu')}
        </label>
        <label title={t('申报面积与计算面积之差占计算面积的最小比例', 'Minimum share of the computed area')}>
          {t('且占比', 'and share')}
          <input type="number" min={0} max={100} step={0.5} data-testid="reconcile-mismatch-share" value={+(settings.areaMismatchShare * 100).toFixed(4)} onChange={(e) => setSettings({ areaMismatchShare: Math.min(1, Math.max(0, (Number(e.target.value) || 0) / 100)) })} />
          %
        </label>
      </div>
      <div className="row">
        <label title={t('默认不报告：1202 设施农用地上的大棚等种植通常合法', 'Off by default: greenhouse planting on 1202 facility land is usually lawful')}>
          <input type="checkbox" data-testid="reconcile-facility-land" checked={settings.reportFacilityLand} onChange={(e) => setSettings({ reportFacilityLand: e.target.checked })} />
          {t('报告 1202 设施农用地上的种植', 'Report planting on 1202 facility land')}
        </label>
      </div>
      <div className="row">
        <button className="primary" data-testid="reconcile-run" disabled={running || missing.length > 0} onClick={() => void runReconcile()}>
          {t('运行套核', 'Run reconciliation')}
        </button>
        {running && (
          <button data-testid="reconcile-cancel" onClick={cancelReconcile}>
            {t('取消', 'Cancel')}
          </button>
        )}
        {running && (
          <span className="muted" data-testid="reconcile-progress">
            {progress ? `${stageName(progress.stage, t)} ${progress.total ? Math.round((100 * progress.done) / progress.total) : 0}%` : t('准备中…', 'Starting…')}
          </span>
        )}
        {!running && ranAt && <span className="muted">{t('上次运行：', 'Last run: ')}{new Date(ranAt).toLocaleString()}</span>}
      </div>
      {running && <progress max={progress?.total || 1} value={progress?.done ?? 0} />}
      {missing.length > 0 && (
        <p className="muted">{t('需要先加载：', 'Load first: ')}{missing.map((k) => kindName(k, t)).join('、')}</p>
      )}
      {error && <p className="panel-error" data-testid="reconcile-error">{error}</p>}
      <PublishFindings />
    </section>
  );
}

/**
 * Under the county's server, the natural resources bureau publishes its last report so every
 * bureau and each township (its villages' findings) sees it in its own page. Says what it will
 * publish and asks first.
 */
function PublishFindings() {
  const t = useT();
  const role = useServerLink((s) => s.session?.role);
  const report = useFindingsStore((s) => s.report);
  const running = useFindingsStore((s) => s.running);
  const [state, setState] = useState<{ confirming: boolean; busy: boolean; said: { zh: string; en: string; bad?: boolean } | null }>({ confirming: false, busy: false, said: null });
  if (!report || (role !== 'admin' && role !== 'resources')) return null;
  const mu = report.findings.reduce((s, f) => s + f.areaMu, 0);
  const publish = async () => {
    setState({ confirming: false, busy: true, said: null });
    const reply = await serverCall('PUT', '/api/findings/report', report).catch(() => null);
    if (!reply) return setState({ confirming: false, busy: false, said: { zh: '无法连接服务器，未发布，请稍后再试', en: 'The server cannot be reached; not published', bad: true } });
    if (reply.status !== 200) {
      const p = replyProblem(reply.status, reply.body);
      return setState({ confirming: false, busy: false, said: { ...p, bad: true } });
    }
    setState({ confirming: false, busy: false, said: { zh: `已发布 ${report.findings.length} 处套核发现`, en: `Published ${report.findings.length} findings` } });
  };
  return (
    <div className="row">
      {!state.confirming ? (
        <button data-testid="findings-publish" disabled={running || state.busy} onClick={() => setState({ ...state, confirming: true, said: null })}>
          {t('发布套核结果…', 'Publish the findings…')}
        </button>
      ) : (
        <span data-testid="findings-publish-confirm">
          {t(`将本次套核的 ${report.findings.length} 处发现（共 ${formatNumber(mu)} 亩）发布到服务器，替换上次发布的结果；各局可查看全部，各乡镇只看本乡镇的村。确认发布？`,
            `Publish these ${report.findings.length} findings (${formatNumber(mu)} mu) to the server, replacing the last published ones; bureaus see all, each township its own villages. Publish?`)}{' '}
          <button className="primary" data-testid="findings-publish-yes" onClick={() => void publish()}>{t('发布', 'Publish')}</button>{' '}
          <button onClick={() => setState({ ...state, confirming: false })}>{t('取消', 'Cancel')}</button>
        </span>
      )}
      {state.said && <span className={state.said.bad ? 'panel-error' : 'muted'} data-testid="findings-publish-said">{t(state.said.zh, state.said.en)}</span>}
    </div>
  );
}
