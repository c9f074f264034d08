/**
 * 月度监测 (井电双控): import the month's well readings (audited), slide through the months, see each
 * township's season against its cap spread by the profile, the villages ahead of it, the flagged
 * wells (on the map; click to zoom) and a well's monthly bars; print the bulletin or download it.
 * The figures come from the `monitor` job in the worker (docs/monitor.md).
 */
import { useEffect, useState } from 'react';
import { flaggedVillages } from '../../core/monitor/bulletin.ts';
import { DEFAULT_PROFILE, normaliseProfile } from '../../core/monitor/profile.ts';
import type { MonitorResult, MonitorUnit } from '../../core/monitor/types.ts';
import { FLAG_LABELS } from '../../core/monitor/wellChecks.ts';
import { InputError } from '../../core/types.ts';
import { TableError, type CellIssue } from '../../io/tables/tableSchema.ts';
import { monitorXlsx } from '../../io/write/monitorXlsx.ts';
import { useEditStore } from '../../state/editStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { errorText } from '../edit/OperatorField.tsx';
import { download } from '../edit/plotsData.ts';
import { formatNumber, useT } from '../i18n.ts';
import { useMapUiStore } from '../map/mapState.ts';
import { bulletinHtml } from './bulletinHtml.ts';
import { monthsWithReadings, useMonitorStore } from './monitorStore.ts';
import { SeasonChart, WellBars } from './SeasonChart.tsx';
import './monitor.css';
import { openPrintPage } from '../print/printPage.ts';

const wan = (m3: number | null) => (m3 === null ? '—' : formatNumber(m3 / 1e4));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

function ImportReadings() {
  const t = useT();
  const lastImport = useMonitorStore((s) => s.lastImport);
  const year = useProjectStore((s) => s.year);
  const [problem, setProblem] = useState<{ file: string; text: string; issues: CellIssue[] } | null>(null);
  async function importFile(file: File) {
    try {
      await useMonitorStore.getState().importReadings(new Uint8Array(await file.arrayBuffer()), file.name);
      setProblem(null);
    } catch (error) {
      const issues = error instanceof TableError ? error.issues : [];
      const text = error instanceof InputError ? t(error.message, error.messageEn) : errorText(error, t);
      setProblem({ file: file.name, text, issues });
    }
  }
  return (
    <div className="monitor-import">
      <label className="button">
        {t('导入读数（CSV/xlsx）', 'Import readings (CSV/xlsx)')}
        <input type="file" accept=".csv,.txt,.xlsx" hidden data-testid="monitor-import"
          onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
      </label>
      <span className="small muted">{t('每行一眼井一个月：JBM、年份、月份、计量水量（m³）、用电量（kWh）', 'One row per well and month: JBM, 年份, 月份, 计量水量 (m³), 用电量 (kWh)')}</span>
      {lastImport && !problem && (
        <div className="small" data-testid="monitor-imported">
          {t(`已导入 ${lastImport.file}：${lastImport.rows} 个井月，新增 ${lastImport.added}，替换 ${lastImport.replaced}（数值改变 ${lastImport.changed}），已记入审计日志`,
            `Imported ${lastImport.file}: ${lastImport.rows} well-months, ${lastImport.added} new, ${lastImport.replaced} replaced (${lastImport.changed} changed), in the audit log`)}
          {!lastImport.years.includes(year) && (
            <div className="bad" data-testid="monitor-other-year">
              {t(`这些读数是 ${lastImport.years.join('、')} 年的：请在页面顶部选择该年度查看`, `These readings are for ${lastImport.years.join(', ')}: pick that year at the top of the page`)}
            </div>
          )}
        </div>
      )}
      {problem && (
        <div className="panel-error" role="alert" data-testid="monitor-import-error">
          {t('读数被拒绝，未导入任何一行：', 'Readings refused; nothing was imported:')} {problem.text}
          {problem.issues.length > 1 && <ul className="issues">{problem.issues.slice(0, 20).map((i, k) => <li key={k}>{`${i.cell} (${i.column})`}: {t(i.message, i.messageEn ?? i.message)}</li>)}</ul>}
        </div>
      )}
    </div>
  );
}

function Settings() {
  const t = useT();
  const settings = useMonitorStore((s) => s.settings);
  const [text, setText] = useState(settings.profile.map((w) => (w * 100).toFixed(1)).join(', '));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => setText(settings.profile.map((w) => (w * 100).toFixed(1)).join(', ')), [settings.profile]);
  const apply = (weights: number[]) => {
    const profile = normaliseProfile(weights);
    if (!Array.isArray(profile)) return setProblem(t(profile.zh, profile.en));
    setProblem(null);
    useMonitorStore.getState().setSettings({ profile });
  };
  return (
    <details className="monitor-settings">
      <summary>{t('设置：月度分配、供水半径', 'Settings: monthly profile, service radius')}</summary>
      <label className="small">
        {t('月度分配（1–12 月，%）', 'Monthly profile (Jan–Dec, %)')}
        <input data-testid="monitor-profile" value={text} onChange={(e) => setText(e.target.value)} size={40} />
      </label>
      <button onClick={() => apply(text.split(/[,，\s]+/).filter(Boolean).map(Number))}>{t('应用', 'Apply')}</button>
      <button onClick={() => apply([...DEFAULT_PROFILE])} title={t('棉花、小麦、玉米灌溉期的平均（docs/monitor.md）', 'Mean of the cotton, wheat and maize calendars (docs/monitor.md)')}>{t('恢复默认', 'Default')}</button>
      {problem && <div className="panel-error">{problem}</div>}
      <label className="small">
        {t('井供水半径（m）', 'Well service radius (m)')}
        <input type="number" min={50} step={50} value={settings.serviceRadiusM} size={6}
          onChange={(e) => Number(e.target.value) > 0 && useMonitorStore.getState().setSettings({ serviceRadiusM: Number(e.target.value) })} />
      </label>
    </details>
  );
}

function UnitTable({ result }: { result: MonitorResult }) {
  const t = useT();
  const selectedUnit = useMonitorStore((s) => s.selectedUnit);
  const townships = result.units.filter((u) => u.level === 'township').sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const city = result.units.find((u) => u.level === 'city');
  const row = (u: MonitorUnit, first: string) => (
    <tr key={u.code} className={selectedUnit === u.code || (!selectedUnit && u.level === 'city') ? 'selected' : ''} data-testid="monitor-unit" data-code={u.code}
      onClick={() => useMonitorStore.getState().selectUnit(u.level === 'city' ? '' : u.code)}>
      <td>{first}</td><td>{u.name || u.code}</td><td>{wan(u.monthM3)}</td><td>{wan(u.cumulativeM3)}</td>
      <td>{pct(u.capShare)}</td><td className={(u.aheadM3 ?? 0) > 0 ? 'bad' : 'ok'} title={u.aheadM3 === null ? '' : t(`${(u.aheadM3 > 0 ? '超出' : '低于')}月度分配进度 ${wan(Math.abs(u.aheadM3))} 万m³`, `${wan(Math.abs(u.aheadM3))} 万m³ ${u.aheadM3 > 0 ? 'ahead of' : 'behind'} the profile`)}>{pct(u.aheadShare)}</td><td>{wan(u.projectedM3)}</td>
    </tr>
  );
  return (
    <table className="monitor-table" data-testid="monitor-townships">
      <thead><tr><th>{t('排名', 'Rank')}</th><th>{t('乡镇', 'Township')}</th><th>{t('本月', 'Month')}</th><th>{t('至今', 'To date')}</th><th>{t('占指标', 'Of cap')}</th><th>{t('超进度', 'Ahead')}</th><th>{t('全年预计', 'Projected')}</th></tr></thead>
      <tbody>
        {townships.map((u) => row(u, u.rank === null ? '—' : String(u.rank)))}
        {city && row(city, t('合计', 'Total'))}
      </tbody>
    </table>
  );
}

function zoomToWell(code: string, result: MonitorResult): void {
  useMonitorStore.getState().selectWell(code);
  const well = result.wells.find((w) => w.code === code);
  if (well && Number.isFinite(well.lon)) {
    const d = 0.006;
    useMapUiStore.getState().fit([well.lon - d, well.lat - d, well.lon + d, well.lat + d]);
  }
}

function Flags({ result }: { result: MonitorResult }) {
  const t = useT();
  const selectedWell = useMonitorStore((s) => s.selectedWell);
  const unitName = (code: string) => result.units.find((u) => u.code === code)?.name || code;
  return (
    <div>
      <h4>{t(`问题井（${new Set(result.flags.map((f) => f.wellCode)).size} 眼）`, `Flagged wells (${new Set(result.flags.map((f) => f.wellCode)).size})`)}</h4>
      <ul className="monitor-flags" data-testid="monitor-flags">
        {result.flags.map((f, i) => (
          <li key={i} data-testid="monitor-flag" data-well={f.wellCode} data-kind={f.kind} className={selectedWell === f.wellCode ? 'selected' : ''}
            onClick={() => zoomToWell(f.wellCode, result)} title={t('点击在地图上定位', 'Click to zoom to it')}>
            <b>{f.wellCode}</b> {unitName(f.villageCode)} · <span className="bad">{t(FLAG_LABELS[f.kind].zh, FLAG_LABELS[f.kind].en)}</span>
            <div className="small muted">{t(f.detail, f.detailEn)}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Results({ result }: { result: MonitorResult }) {
  const t = useT();
  const selectedUnit = useMonitorStore((s) => s.selectedUnit);
  const selectedWell = useMonitorStore((s) => s.selectedWell);
  const unit = result.units.find((u) => u.code === selectedUnit) ?? result.units.find((u) => u.level === 'city');
  const well = result.wells.find((w) => w.code === selectedWell);
  const villages = flaggedVillages(result);
  const print = () => openPrintPage(bulletinHtml(result));
  return (
    <>
      <div className="plan-actions">
        <button data-testid="monitor-xlsx" onClick={async () => download(`${result.countyName}${result.year}年${result.month}月地下水通报.xlsx`, await monitorXlsx(result), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>{t('下载通报 xlsx', 'Bulletin xlsx')}</button>
        <button data-testid="monitor-print" onClick={print}>{t('打印通报', 'Print bulletin')}</button>
      </div>
      {result.warnings.map((w, i) => <div key={i} className="small muted">{t('提示：', 'Note: ')}{w}</div>)}
      <UnitTable result={result} />
      <label className="small">
        {t('图表单位', 'Chart for')}{' '}
        <select data-testid="monitor-unit-select" value={unit?.code === result.units.find((u) => u.level === 'city')?.code ? '' : unit?.code ?? ''}
          onChange={(e) => useMonitorStore.getState().selectUnit(e.target.value)}>
          <option value="">{t('全县（市）', 'County')}</option>
          {result.units.filter((u) => u.level === 'township').map((township) => (
            <optgroup key={township.code} label={township.name || township.code}>
              <option value={township.code}>{township.name || township.code}{t('（乡镇）', ' (township)')}</option>
              {result.units.filter((v) => v.parentCode === township.code).map((v) => <option key={v.code} value={v.code}>{v.name || v.code}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      {unit && (
        <>
          <h4>{t(`${unit.name || unit.code}：累计取水与月度分配进度`, `${unit.name || unit.code}: cumulative use against the profile`)}</h4>
          <SeasonChart unit={unit} profile={result.settings.profile} month={result.month} />
        </>
      )}
      <h4>{t(`超进度或预计超指标的村（${villages.length} 个）`, `Villages ahead of the profile or heading over their cap (${villages.length})`)}</h4>
      <table className="monitor-table" data-testid="monitor-villages">
        <thead><tr><th>{t('村', 'Village')}</th><th>{t('至今', 'To date')}</th><th>{t('按分配', 'Profile')}</th><th>{t('超进度', 'Ahead')}</th><th>{t('全年预计', 'Projected')}</th></tr></thead>
        <tbody>
          {villages.map((u) => (
            <tr key={u.code} onClick={() => useMonitorStore.getState().selectUnit(u.code)} className={selectedUnit === u.code ? 'selected' : ''}>
              <td>{u.name || u.code}</td><td>{wan(u.cumulativeM3)}</td><td>{wan(u.profileToDateM3)}</td><td className="bad">{pct(u.aheadShare)}</td><td>{wan(u.projectedM3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {well && <WellBars well={well} month={result.month} onClose={() => useMonitorStore.getState().selectWell(null)} />}
      <Flags result={result} />
    </>
  );
}

export function MonitorPanel() {
  const t = useT();
  const readings = useMonitorStore((s) => s.readings);
  const settings = useMonitorStore((s) => s.settings);
  const month = useMonitorStore((s) => s.month);
  const result = useMonitorStore((s) => s.result);
  const status = useMonitorStore((s) => s.status);
  const error = useMonitorStore((s) => s.error);
  const errorEn = useMonitorStore((s) => s.errorEn);
  const year = useProjectStore((s) => s.year);
  const layers = useProjectStore((s) => s.layers);
  const capsCsv = useProjectStore((s) => s.tables.capsCsv);
  const editsVersion = useEditStore((s) => s.version);
  const hasWells = !!layerOfKind(layers, 'wells');
  const months = monthsWithReadings(readings, year);
  const shown = month ?? months[months.length - 1] ?? null;
  useEffect(() => {
    void useMonitorStore.getState().run();
  }, [readings, settings, month, year, layers, capsCsv, editsVersion]);
  return (
    <div className="monitor-panel" data-testid="monitor-panel">
      <h3>{t('月度监测（井电双控）', 'Monthly monitoring (wells: water and power)')}</h3>
      {!hasWells && <div className="muted">{t('请先加载机电井图层。', 'Load the wells layer first.')}</div>}
      <ImportReadings />
      <Settings />
      {months.length === 0 ? (
        <div className="muted" data-testid="monitor-empty">{t(`${year} 年还没有读数：请导入读数文件。`, `No readings for ${year} yet: import a readings file.`)}</div>
      ) : (
        <label className="monitor-month">
          {t('月份', 'Month')} <b data-testid="monitor-month-label">{shown}</b>
          <input type="range" min={1} max={12} step={1} value={shown ?? 1} data-testid="monitor-month"
            onChange={(e) => useMonitorStore.getState().setMonth(Number(e.target.value))} />
          <span className="small muted">{t(`有读数的月份：${months.join('、')}`, `Months with readings: ${months.join(', ')}`)}</span>
        </label>
      )}
      {status === 'running' && <div className="muted small" data-testid="monitor-running">{t('计算中…', 'Computing…')}</div>}
      {error && <div className="panel-error" role="alert" data-testid="monitor-error">{t(error, errorEn ?? error)}</div>}
      {result && result.year === year && <Results result={result} />}
    </div>
  );
}
