/**
 * Sidebar panel of the water accounting: run / recompute (in the worker, with progress and
 * cancel), the county's summary on both bases, the groundwater chart and legend, the villages over
 * their groundwater cap (saying on which basis) with the 亩 to retire, and the breakdown of the
 * selected unit.
 */
import { useMemo } from 'react';
import type { Unit } from '../../core/accounting/types.ts';
import { unitByCode, useAccountingStore } from '../../state/accountingStore.ts';
import { formatNumber, useT } from '../i18n.ts';
import { BASIS_LABEL, countyLevelWord } from '../../core/accounting/columns.ts';
import { GroundwaterChart } from './GroundwaterChart.tsx';
import { UnitBreakdown } from './UnitBreakdown.tsx';
import { selectAndZoom } from './useAccountingMap.ts';
import './accounting.css';

const STAGES: Record<string, [string, string]> = {
  'split plots': ['按村界切分地块', 'Splitting plots by village'],
  'split forest': ['按村界切分林地', 'Splitting forest by village'],
  overlay: ['叠加分析', 'Overlay'],
  overlaps: ['查找重复计算的面积', 'Finding area counted twice'],
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
        <div className="muted small">
          {t('用时', 'Took')} {lastRunMs} ms{reusedSplit ? t('（沿用已切分的地块）', ' (geometry split reused)') : ''}
          {timingsMs && !reusedSplit && <> · {t('切分', 'split')} {Math.round(timingsMs.split)} ms · {t('汇总', 'sum')} {Math.round(timingsMs.aggregate)} ms</>}
        </div>
      )}
      {error && <div className="panel-error" role="alert" data-testid="account-error">{error}</div>}
    </div>
  );
}

function CitySummary({ city }: { city: Unit }) {
  const t = useT();
  const rows: [string, string, string][] = [
    [t('种植面积', 'Planted'), formatNumber(city.plantedMu), '亩'],
    [t('退减 / 休耕', 'Retired / fallow'), `${formatNumber(city.retiredMu)} / ${formatNumber(city.fallowMu)}`, '亩'],
    [t('人工林（其中灌溉）', 'Forest (irrigated)'), `${formatNumber(city.forestMu)}（${formatNumber(city.irrigatedForestMu)}）`, '亩'],
    [t('用水总量 / 指标', 'Total use / cap'), `${formatNumber(city.totalUseM3 / 1e4)} / ${city.totalCapM3 === null ? '—' : formatNumber(city.totalCapM3 / 1e4)}`, '万m³'],
    [t('地下水核定用水 / 指标', 'Groundwater use (demand) / cap'), `${formatNumber(city.groundwaterUseM3 / 1e4)} / ${city.groundwaterCapM3 === null ? '—' : formatNumber(city.groundwaterCapM3 / 1e4)}`, '万m³'],
    [t('机电井计量取水 / 指标', 'Metered groundwater / cap'), `${city.actualGroundwaterM3 === null ? '—' : formatNumber(city.actualGroundwaterM3 / 1e4)} / ${city.groundwaterCapM3 === null ? '—' : formatNumber(city.groundwaterCapM3 / 1e4)}`, '万m³'],
    [t('重复计算面积', 'Area counted twice'), formatNumber(city.overlapMu), '亩'],
  ];
  return (
    <table className="city-summary" data-testid="account-summary">
      <caption>{city.name} {t(`全${countyLevelWord(city.name)}`, 'county')}</caption>
      <tbody>
        {rows.map(([label, value, unit]) => (
          <tr key={label}><th>{label}</th><td className="num">{value}</td><td className="muted">{unit}</td></tr>
        ))}
        {(city.groundwaterExcessM3 ?? 0) > 0 && (
          <tr className="over"><th>{t('地下水超指标（核定）', 'Groundwater over cap (demand)')}</th><td className="num">{formatNumber(city.groundwaterExcessM3! / 1e4)}</td><td>万m³</td></tr>
        )}
        {(city.actualGroundwaterExcessM3 ?? 0) > 0 && (
          <tr className="over"><th>{t('地下水超指标（计量）', 'Groundwater over cap (metered)')}</th><td className="num">{formatNumber(city.actualGroundwaterExcessM3! / 1e4)}</td><td>万m³</td></tr>
        )}
        {city.villagesRetireToMeetCapMu > 0 && (
          <tr><th>{t('各村达标需退减合计', 'Villages: retire to meet caps')}</th><td className="num">{formatNumber(city.villagesRetireToMeetCapMu)}</td><td className="muted">亩</td></tr>
        )}
      </tbody>
    </table>
  );
}

const formatExcess = (m3: number | null): string => (m3 === null ? '—' : `${m3 > 0 ? '+' : ''}${formatNumber(m3 / 1e4)}`);

function OverCapList({ units, selected }: { units: Unit[]; selected: string | null }) {
  const t = useT();
  const excess = (u: Unit) => Math.max(u.groundwaterExcessM3 ?? 0, u.actualGroundwaterExcessM3 ?? 0);
  const over = useMemo(() => units.filter((u) => u.level === 'village' && u.overCapBasis !== 'none')
    .sort((a, b) => excess(b) - excess(a)), [units]);
  const count = (basis: Unit['overCapBasis']) => over.filter((u) => u.overCapBasis === basis).length;
  const townships = new Map(units.filter((u) => u.level === 'township').map((u) => [u.code, u.name]));
  return (
    <div>
      <h4>{t('超地下水指标的村', 'Villages over their groundwater cap')} ({over.length})</h4>
      {over.length > 0 && (
        <p className="muted small" data-testid="over-cap-counts">
          {t('按核定用水', 'by demand')} {count('demand') + count('both')} · {t('按计量取水', 'by metered use')} {count('metered') + count('both')} · {t('两者均超', 'both')} {count('both')}
        </p>
      )}
      {over.length === 0 ? <p className="muted">{t('没有超指标的村。', 'None.')}</p> : (
        <ul className="over-list" data-testid="over-cap-list">
          {over.map((u) => (
            <li key={u.code}>
              <button className={selected === u.code ? 'link selected' : 'link'} data-testid="over-cap-village" onClick={() => selectAndZoom(u.code)}>
                {townships.get(u.parentCode ?? '') ?? ''} {u.name}
              </button>
              <span className={`basis-tag basis-${u.overCapBasis}`} data-testid="over-cap-basis">{t(BASIS_LABEL[u.overCapBasis].zh, BASIS_LABEL[u.overCapBasis].en)}</span>
              <span className="num">
                {t('核定', 'demand')} {formatExcess(u.groundwaterExcessM3)} · {t('计量', 'metered')} {formatExcess(u.actualGroundwaterExcessM3)} 万m³
                {u.retireToMeetCapMu > 0 && <> · {t('退', 'retire')} {formatNumber(u.retireToMeetCapMu)} 亩</>}
              </span>
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
  return (
    <div className="accounting-panel">
      <RunControls />
      {result && city && (
        <>
          <p className="muted small">{result.year} {t('年度', '')} · {t('村', 'villages')} {result.units.filter((u) => u.level === 'village').length}</p>
          <CitySummary city={city} />
          <GroundwaterChart />
          <OverCapList units={result.units} selected={selectedCode} />
          {selected && <UnitBreakdown unit={selected} />}
          {result.warnings.length > 0 && (
            <details className="warnings-box">
              <summary>{t('提示', 'Notes')} ({result.warnings.length})</summary>
              <ul className="warnings">{result.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}
