/**
 * Sidebar panel of the water accounting: run / recompute (in the worker, with progress and
 * cancel), the city's summary, the groundwater chart and legend, the villages over their
 * groundwater cap with the 亩 to retire, and the breakdown of the selected unit.
 */
import { useMemo } from 'react';
import type { Unit } from '../../core/accounting/types.ts';
import { unitByCode, useAccountingStore } from '../../state/accountingStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { formatNumber, useT } from '../i18n.ts';
import { GroundwaterChart } from './GroundwaterChart.tsx';
import { StaleNotice, useFiguresStale } from './StaleNotice.tsx';
import { UnitBreakdown } from './UnitBreakdown.tsx';
import { selectAndZoom } from './useAccountingMap.ts';
import './accounting.css';

const STAGES: Record<string, [string, string]> = {
  'split plots': ['按村界切分地块', 'Splitting plots by village'],
  'split forest': ['按村界切分林地', 'Splitting forest by village'],
  overlay: ['叠加分析', 'Overlay'],
  aggregate: ['汇总', 'Summing up'],
};

function RunControls() {
  const t = useT();
  const { status, progress, error, result, run, cancel, reusedSplit, lastRunMs, timingsMs } = useAccountingStore();
  const running = status === 'running';
  const stage = progress ? STAGES[progress.stage] ?? [progress.stage, progress.stage] : null;
  return (
    <div className="account-run">
      <button data-testid="account-run" disabled={running} onClick={() => void run()}>
        {result ? t('重新核算', 'Recompute') : t('开始核算', 'Run accounting')}
      </button>{' '}
      {running && <button data-testid="account-cancel" onClick={cancel}>{t('取消', 'Cancel')}</button>}
      {running && (
        <div className="muted" data-testid="account-progress">
          {stage ? t(stage[0], stage[1]) : t('准备中', 'Preparing')}
          {progress && progress.total > 0 && <progress max={progress.total} value={progress.done} />}
        </div>
      )}
      {status === 'done' && lastRunMs !== null && (
        // timings are for whoever tunes the tool: in the tooltip, not in the clerk's way
        <div className="muted small" data-testid="account-done"
          title={`${lastRunMs} ms${timingsMs && !reusedSplit ? ` · split ${Math.round(timingsMs.split)} ms · sum ${Math.round(timingsMs.aggregate)} ms` : ''}`}>
          {t('核算结果已是最新', 'Figures are up to date')}
        </div>
      )}
      {error && !result && <div className="panel-error" role="alert" data-testid="account-error">{error}</div>}
    </div>
  );
}

function CitySummary({ city }: { city: Unit }) {
  const t = useT();
  // the county's own name, not its code ("659901 全市")
  const projectName = useProjectStore((s) => s.projectName);
  const name = /^\d+$/.test(city.name) && projectName ? projectName : city.name;
  const rows: [string, string, string][] = [
    [t('种植面积', 'Planted'), formatNumber(city.plantedMu), '亩'],
    [t('退减 / 休耕', 'Retired / fallow'), `${formatNumber(city.retiredMu)} / ${formatNumber(city.fallowMu)}`, '亩'],
    [t('人工林（其中灌溉）', 'Forest (irrigated)'), `${formatNumber(city.forestMu)}（${formatNumber(city.irrigatedForestMu)}）`, '亩'],
    [t('用水总量 / 指标', 'Total use / cap'), `${formatNumber(city.totalUseM3 / 1e4)} / ${city.totalCapM3 === null ? '—' : formatNumber(city.totalCapM3 / 1e4)}`, '万m³'],
    [t('地下水需水 / 指标', 'Groundwater / cap'), `${formatNumber(city.groundwaterDemandM3 / 1e4)} / ${city.groundwaterCapM3 === null ? '—' : formatNumber(city.groundwaterCapM3 / 1e4)}`, '万m³'],
    [t('机电井实际取水', 'Wells, actual'), city.actualGroundwaterM3 === null ? '—' : formatNumber(city.actualGroundwaterM3 / 1e4), '万m³'],
  ];
  return (
    <table className="city-summary" data-testid="account-summary">
      <caption>{name} {t('合计', 'total')}</caption>
      <tbody>
        {rows.map(([label, value, unit]) => (
          <tr key={label}><th>{label}</th><td className="num">{value}</td><td className="muted">{unit}</td></tr>
        ))}
        {(city.groundwaterExcessM3 ?? 0) > 0 && (
          <tr className="over"><th>{t('地下水超指标', 'Groundwater over cap')}</th><td className="num">{formatNumber(city.groundwaterExcessM3! / 1e4)}</td><td>万m³</td></tr>
        )}
      </tbody>
    </table>
  );
}

function OverCapList({ units, selected, year }: { units: Unit[]; selected: string | null; year: number }) {
  const t = useT();
  const noCaps = useMemo(() => units.every((u) => u.groundwaterCapM3 === null), [units]);
  const over = useMemo(() => units.filter((u) => u.level === 'village' && (u.groundwaterExcessM3 ?? 0) > 0)
    .sort((a, b) => (b.groundwaterExcessM3 ?? 0) - (a.groundwaterExcessM3 ?? 0)), [units]);
  const townships = new Map(units.filter((u) => u.level === 'township').map((u) => [u.code, u.name]));
  return (
    <div>
      <h4>{t('超地下水指标的村', 'Villages over their groundwater cap')} ({over.length})</h4>
      {noCaps ? (
        <p className="muted" data-testid="no-caps">{t(`${year} 年度未设地下水指标，无法判断是否超指标。请在“定额与指标”中填写该年度的控制指标。`, `No groundwater caps are set for ${year}: enter them under “Quotas & caps”.`)}</p>
      ) : over.length === 0 ? <p className="muted">{t('没有超指标的村。', 'None.')}</p> : (
        <ul className="over-list" data-testid="over-cap-list">
          {over.map((u) => (
            <li key={u.code}>
              <button className={selected === u.code ? 'link selected' : 'link'} data-testid="over-cap-village" onClick={() => selectAndZoom(u.code)}>
                {townships.get(u.parentCode ?? '') ?? ''} {u.name}
              </button>
              <span className="num">{t('超', '+')}{formatNumber(u.groundwaterExcessM3! / 1e4)} 万m³ · {t('退', 'retire')} {formatNumber(u.retireToMeetCapMu)} 亩</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function AccountingPanel() {
  const t = useT();
  const result = useAccountingStore((s) => s.result);
  const selectedCode = useAccountingStore((s) => s.selectedCode);
  const city = result?.units.find((u) => u.level === 'city');
  const selected = unitByCode(result, selectedCode);
  const stale = useFiguresStale();
  return (
    <div className="accounting-panel">
      <RunControls />
      <StaleNotice />
      {result && city && (
        <div className={stale ? 'stale' : ''} data-testid="account-figures">
          <p className="muted small">{result.year} {t('年度', '')} · {t('村', 'villages')} {result.units.filter((u) => u.level === 'village').length}</p>
          <CitySummary city={city} />
          <GroundwaterChart />
          <OverCapList units={result.units} selected={selectedCode} year={result.year} />
          {selected && <UnitBreakdown unit={selected} />}
          {result.warnings.length > 0 && (
            <details className="warnings-box">
              <summary>{t('提示', 'Notes')} ({result.warnings.length})</summary>
              <ul className="warnings">{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
