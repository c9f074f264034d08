/**
 * 退减规划: pick basis, action, scope and patch gap; run the plan in the worker (progress, cancel);
 * see per village the excess, the saving, area, patches against the naive greedy choice; accept
 * (statuses written through the edit path, one audited edit per village, reason 退减规划) or undo;
 * export the 包联清单 and print a village's notice (公示).
 */
import { useMemo, useState } from 'react';
import type { PlanUnit } from '../../core/plan/types.ts';
import { planXlsx } from '../../io/write/planXlsx.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { download } from '../edit/plotsData.ts';
import { formatNumber, useT } from '../i18n.ts';
import { noticeHtml } from './noticeHtml.ts';
import { usePlanStore } from './planStore.ts';
import { plotIdOf } from '../../core/edits/index.ts';
import { useEditStore } from '../../state/editStore.ts';
import { agreementKey, usePaperworkStore } from './paperworkStore.ts';
import './plan.css';
import { openPrintPage } from '../print/printPage.ts';

function ScopePicker() {
  const t = useT();
  const layers = useProjectStore((s) => s.layers);
  const scope = usePlanStore((s) => s.settings.scope);
  const setSettings = usePlanStore((s) => s.setSettings);
  const options = useMemo(() => {
    const villages = layerOfKind(layers, 'villages')?.features.features ?? [];
    const townships = new Map<string, string>();
    const list: [string, string][] = [];
    for (const f of villages) {
      const code = String(f.properties?.ZLDWDM ?? f.properties?.CJDM ?? '').slice(0, 12);
      const township = String(f.properties?.XZDM ?? '') || code.slice(0, 9);
      townships.set(township, String(f.properties?.XZMC ?? township));
      list.push([code, `　${String(f.properties?.ZLDWMC ?? f.properties?.CJMC ?? code)}`]);
    }
    return [...townships.entries()].sort().flatMap(([code, name]) => [[code, name] as [string, string], ...list.filter(([v]) => v.startsWith(code)).sort()]);
  }, [layers]);
  return (
    <select data-testid="plan-scope" value={scope} onChange={(e) => setSettings({ scope: e.target.value })}>
      <option value="">{t('全县（市）', 'Whole county')}</option>
      {options.map(([code, name]) => <option key={code} value={code}>{name}</option>)}
    </select>
  );
}

/** Locks the plots selected on the map (click, box or lasso): the plan will not choose them. */
function Locks() {
  const t = useT();
  const locked = usePlanStore((s) => s.locked);
  const setLocked = usePlanStore((s) => s.setLocked);
  const selection = useEditStore((s) => s.selection);
  const layers = useProjectStore((s) => s.layers);
  const codes = () => {
    const plots = layerOfKind(layers, 'plots');
    if (!plots || selection.layerId !== plots.id) return [];
    return plots.features.features.flatMap((f, i) => (selection.plotIds.has(plotIdOf(f, i)) ? [String(f.properties?.DKBM ?? '').trim() || String(i + 1)] : []));
  };
  return (
    <div className="plan-locks">
      <span data-testid="plan-locked">{t(`锁定 ${locked.size} 块`, `${locked.size} plots locked`)}</span>{' '}
      <button data-testid="plan-lock" disabled={selection.plotIds.size === 0} onClick={() => setLocked(codes(), true)}>{t('锁定选中地块', 'Lock selected')}</button>{' '}
      <button data-testid="plan-unlock" disabled={selection.plotIds.size === 0} onClick={() => setLocked(codes(), false)}>{t('解锁', 'Unlock')}</button>
    </div>
  );
}

function Controls() {
  const t = useT();
  const { settings, setSettings, status, progress, run, cancel, error, lastRunMs } = usePlanStore();
  const year = useProjectStore((s) => s.year);
  const running = status === 'running';
  return (
    <div className="plan-controls">
      <div className="plan-grid">
        <label>{t('年度', 'Year')}</label><span data-testid="plan-year">{year}</span>
        <label>{t('口径', 'Basis')}</label>
        <select data-testid="plan-basis" value={settings.basis} onChange={(e) => setSettings({ basis: e.target.value as 'demand' | 'metered' })}>
          <option value="demand">{t('需水（面积×定额）', 'Demand (area × quota)')}</option>
          <option value="metered">{t('计量（机电井）', 'Metered (wells)')}</option>
        </select>
        <label>{t('措施', 'Action')}</label>
        <select data-testid="plan-action" value={settings.action} onChange={(e) => setSettings({ action: e.target.value as '退减' | '休耕' })}>
          <option value="退减">{t('退减灌溉', 'Retire irrigation')}</option>
          <option value="休耕">{t('休耕轮作', 'Fallow')}</option>
        </select>
        <label>{t('范围', 'Scope')}</label><ScopePicker />
        <label>{t('连片间距（米）', 'Patch gap (m)')}</label>
        <input data-testid="plan-gap" type="number" min={0} step={5} value={settings.patchGapM} onChange={(e) => setSettings({ patchGapM: Math.max(0, Number(e.target.value) || 0) })} />
      </div>
      <Locks />
      <button data-testid="plan-run" disabled={running} onClick={() => void run()}>{t('生成规划', 'Plan')}</button>{' '}
      {running && <button data-testid="plan-cancel" onClick={cancel}>{t('取消', 'Cancel')}</button>}
      {running && (
        <div className="muted" data-testid="plan-progress">
          {progress?.stage === 'plan' ? t('选择地块', 'Choosing plots') : t('按村界切分地块', 'Splitting plots by village')}
          {progress && progress.total > 0 && <progress max={progress.total} value={progress.done} />}
        </div>
      )}
      {status === 'done' && lastRunMs !== null && (
        <div className="muted small" title={t(`用时 ${lastRunMs} 毫秒`, `Took ${lastRunMs} ms`)}>{t('规划已生成', 'Plan ready')}</div>
      )}
      {error && <div className="panel-error" role="alert" data-testid="plan-error">{error}</div>}
    </div>
  );
}

function Summary({ city, over, met }: { city: PlanUnit; over: number; met: number }) {
  const t = useT();
  return (
    <table className="plan-summary" data-testid="plan-summary">
      <tbody>
        <tr><th>{t('超标村 / 达标', 'Villages over / met')}</th><td data-testid="plan-met">{over} / {met}</td></tr>
        <tr><th>{t('规划面积', 'Chosen')}</th><td data-testid="plan-mu">{formatNumber(city.chosenMu)} 亩 · {city.plotCount} {t('块', 'plots')} · {city.householdCount} {t('户', 'households')}</td></tr>
        <tr><th>{t('连片', 'Patches')}</th><td data-testid="plan-patches">{city.patchCount} {t('片', '')} · {t('平均', 'mean')} {formatNumber(city.meanPatchMu)} · {t('最大', 'largest')} {formatNumber(city.largestPatchMu)} 亩</td></tr>
        <tr><th>{t('贪心对比', 'Naive greedy')}</th><td data-testid="plan-greedy">{formatNumber(city.greedy.chosenMu)} 亩 · {city.greedy.patchCount} {t('片', 'patches')}</td></tr>
        <tr><th>{t('节约地下水', 'Saved')}</th><td>{formatNumber(city.savedM3 / 1e4)} 万m³ · {t('腾退机井', 'wells freed')} {city.wellsFreed}</td></tr>
        <tr><th>{t('按地类', 'By tenure')}</th><td>{Object.entries(city.chosenMuByTenure).map(([k, v]) => `${k} ${formatNumber(v)}`).join('；') || '—'}</td></tr>
      </tbody>
    </table>
  );
}

/** Adds the plots selected on the map (click, box or lasso) to the plan, or takes them out. */
function adjustSelected(add: boolean): void {
  const { plotsLayer, chosen, toggle } = usePlanStore.getState();
  const selection = useEditStore.getState().selection;
  if (!plotsLayer || !chosen || selection.layerId !== plotsLayer.id) return;
  const indices: number[] = [];
  plotsLayer.features.features.forEach((f, i) => {
    if (selection.plotIds.has(plotIdOf(f, i)) && (chosen[i] === 1) !== add) indices.push(i);
  });
  toggle(indices);
}

function Adjust() {
  const t = useT();
  const { adjusting, setAdjusting, changedByHand, accepted } = usePlanStore();
  const selected = useEditStore((s) => s.selection.plotIds.size);
  return (
    <div className="plan-adjust">
      <label>
        <input type="checkbox" data-testid="plan-adjust" checked={adjusting} disabled={!!accepted} onChange={(e) => setAdjusting(e.target.checked)} />{' '}
        {t('点击地图上的地块增删', 'Click plots on the map to add or remove')}
      </label>
      <div>
        <button data-testid="plan-add-selected" disabled={!selected || !!accepted} onClick={() => adjustSelected(true)}>{t(`选中的 ${selected} 块加入`, `Add ${selected} selected`)}</button>{' '}
        <button data-testid="plan-remove-selected" disabled={!selected || !!accepted} onClick={() => adjustSelected(false)}>{t('选中的移出', 'Remove selected')}</button>
      </div>
      {changedByHand > 0 && <div className="muted small" data-testid="plan-changed">{t(`已手动调整 ${changedByHand} 块（不再保证最小和地类顺序）`, `${changedByHand} plots changed by hand (no longer guaranteed minimal or in tenure order)`)}</div>}
    </div>
  );
}

function printNotice(villageCode: string): void {
  const { result, plotsLayer } = usePlanStore.getState();
  if (!result || !plotsLayer) return;
  const villages = layerOfKind(useProjectStore.getState().layers, 'villages');
  const outline = villages?.features.features.find((f) => String(f.properties?.ZLDWDM ?? f.properties?.CJDM ?? '').slice(0, 12) === villageCode)?.geometry ?? null;
  const html = noticeHtml(result, villageCode, { geometries: plotsLayer.features.features.map((f) => f.geometry), villageOutline: outline });
  openPrintPage(html);
}

/** The selected village's 包联: who answers for it, and each household's agreement. */
function VillagePaperwork({ villageCode }: { villageCode: string }) {
  const t = useT();
  const result = usePlanStore((s) => s.result);
  const { responsible, agreements, setResponsible, setAgreement } = usePaperworkStore();
  const households = result?.households.filter((h) => h.villageCode === villageCode) ?? [];
  if (households.length === 0) return null;
  const who = responsible[villageCode] ?? {};
  const signed = households.filter((h) => agreements[agreementKey(villageCode, h.household)]?.signed).length;
  return (
    <div className="plan-paperwork" data-testid="plan-paperwork">
      <div className="plan-grid">
        <label>{t('村包联责任人', 'Village person responsible')}</label>
        <input data-testid="plan-village-person" value={who.villagePerson ?? ''} onChange={(e) => setResponsible(villageCode, { villagePerson: e.target.value })} />
        <label>{t('乡镇包联干部', 'Township staff member')}</label>
        <input data-testid="plan-township-staff" value={who.townshipStaff ?? ''} onChange={(e) => setResponsible(villageCode, { townshipStaff: e.target.value })} />
      </div>
      <div className="muted small" data-testid="plan-signed">{t(`协议已签 ${signed} / ${households.length} 户`, `Agreements signed: ${signed} of ${households.length}`)}</div>
      <table className="plan-villages">
        <thead><tr><th>{t('承包方', 'Household')}</th><th>{t('块', 'Plots')}</th><th>{t('亩', 'Mu')}</th><th>{t('已签', 'Signed')}</th><th>{t('日期', 'Date')}</th></tr></thead>
        <tbody>
          {households.map((h) => {
            const a = agreements[agreementKey(villageCode, h.household)];
            return (
              <tr key={h.household} data-testid="plan-household">
                <td>{h.household}</td><td>{h.plotCount}</td><td>{formatNumber(h.areaMu)}</td>
                <td><input type="checkbox" checked={!!a?.signed} onChange={(e) => setAgreement(villageCode, h.household, e.target.checked, a?.date)} /></td>
                <td>{a?.signed && <input type="date" value={a.date ?? ''} onChange={(e) => setAgreement(villageCode, h.household, true, e.target.value)} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The multi-year 前轻后重 schedule: the plan year by year to the last year of caps.csv. */
function Schedule() {
  const t = useT();
  const { schedule, scheduleStatus, scheduleProgress, scheduleError, runSchedule, cancelSchedule } = usePlanStore();
  const year = useProjectStore((s) => s.year);
  const running = scheduleStatus === 'running';
  const yes = (v: boolean | null) => (v === null ? '—' : v ? t('是', 'yes') : t('否', 'no'));
  const wan = (m3: number | null) => (m3 === null ? '—' : formatNumber(m3 / 1e4));
  return (
    <section className="plan-schedule" data-testid="plan-schedule">
      <h4>{t('逐年计划（前轻后重）', 'Year by year (lighter first)')}</h4>
      <p className="muted small">{t(`从 ${year} 年到指标表的最后一年，每年在上一年规划的基础上再规划。`, `From ${year} to the last year of the caps table, each year planned on top of the one before.`)}</p>
      <button data-testid="plan-schedule-run" disabled={running} onClick={() => void runSchedule()}>{t('生成逐年计划', 'Plan every year')}</button>{' '}
      {running && <button data-testid="plan-schedule-cancel" onClick={cancelSchedule}>{t('取消', 'Cancel')}</button>}
      {running && scheduleProgress && scheduleProgress.total > 0 && (
        <span className="muted small"> {t(`第 ${Math.min(scheduleProgress.total, Math.floor(scheduleProgress.done) + 1)} / ${scheduleProgress.total} 年`, `year ${Math.min(scheduleProgress.total, Math.floor(scheduleProgress.done) + 1)} of ${scheduleProgress.total}`)} <progress max={scheduleProgress.total} value={scheduleProgress.done} /></span>
      )}
      {scheduleError && <div className="panel-error" role="alert">{scheduleError}</div>}
      {schedule && (
        <>
          <table className="plan-villages" data-testid="plan-schedule-table">
            <thead>
              <tr><th>{t('年度', 'Year')}</th><th>{t('指标削减 万m³', 'Cap cut')}</th><th>{t('超标 / 达标村', 'Over / met')}</th><th>{t('新增 亩', 'New mu')}</th><th>{t('累计 亩', 'Total mu')}</th><th>{t('片', 'Patches')}</th></tr>
            </thead>
            <tbody>
              {schedule.years.map((y) => (
                <tr key={y.year} data-testid="plan-schedule-year" data-year={y.year}>
                  <td>{y.year}</td><td>{wan(y.capCutM3)}</td><td>{y.villagesOver} / {y.villagesMet}</td>
                  <td>{formatNumber(y.chosenMu)}</td><td>{formatNumber(y.cumulativeMu)}</td><td>{y.patchCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="small" data-testid="plan-schedule-checks">
            {t('指标削减逐年加大', 'Cap cuts grow each year')}：<b className={schedule.capCutsGrowEachYear === false ? 'bad' : undefined}>{yes(schedule.capCutsGrowEachYear)}</b>；
            {t('新增面积逐年加大', 'New area grows each year')}：<b className={schedule.retiredAreaGrowsEachYear === false ? 'bad' : undefined}>{yes(schedule.retiredAreaGrowsEachYear)}</b>
          </p>
        </>
      )}
    </section>
  );
}

export function PlanPanel() {
  const t = useT();
  const { result, accepted, accept, undoAccepted, status } = usePlanStore();
  const [selected, setSelected] = useState<string | null>(null);
  const villages = result?.units.filter((u) => u.level === 'village' && ((u.excessBeforeM3 ?? 0) > 0 || u.plotCount > 0)) ?? [];
  const city = result?.units.find((u) => u.level === 'city');
  return (
    <div className="plan-panel" data-testid="plan-panel">
      <h3>{t('退减规划', 'Retirement plan')}</h3>
      <Controls />
      {result && city && (
        <>
          <Summary city={city} over={villages.filter((u) => (u.excessBeforeM3 ?? 0) > 0).length} met={villages.filter((u) => (u.excessBeforeM3 ?? 0) > 0 && u.capMet).length} />
          <Adjust />
          <div className="plan-actions">
            <button data-testid="plan-accept" disabled={!!accepted || result.plots.length === 0 || status === 'running'} onClick={() => accept()}>
              {t('接受规划（写入地块状态）', 'Accept (write statuses)')}
            </button>{' '}
            <button data-testid="plan-undo" disabled={!accepted} onClick={() => undoAccepted()}>{t('撤销规划', 'Undo plan')}</button>{' '}
            <button data-testid="plan-xlsx" onClick={async () =>  download(`包联清单-${result.year}.xlsx`, await planXlsx(result, usePaperworkStore.getState()), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>
              {t('导出包联清单', 'Household list (xlsx)')}
            </button>
          </div>
          {accepted && <div className="muted small" data-testid="plan-accepted">{t(`已写入 ${accepted.plotCount} 块地的状态（${accepted.edits} 条修改，原因“退减规划”）`, `Wrote ${accepted.plotCount} plots (${accepted.edits} edits, reason 退减规划)`)}</div>}
          <table className="plan-villages" data-testid="plan-villages">
            <thead><tr><th>{t('村', 'Village')}</th><th>{t('超标 万m³', 'Excess')}</th><th>{t('亩', 'Mu')}</th><th>{t('片', 'Patches')}</th><th>{t('贪心片', 'Greedy')}</th><th>{t('达标', 'Met')}</th><th /></tr></thead>
            <tbody>
              {villages.map((u) => (
                <tr key={u.code} data-testid="plan-village" data-code={u.code} className={selected === u.code ? 'selected' : ''} onClick={() => setSelected(u.code)}>
                  <td>{u.name}</td><td>{formatNumber((u.excessBeforeM3 ?? 0) / 1e4)}</td><td>{formatNumber(u.chosenMu)}</td>
                  <td>{u.patchCount}</td><td>{u.greedy.patchCount}</td><td className={u.capMet ? 'ok' : 'bad'}>{u.capMet ? '✓' : '✗'}</td>
                  <td>{u.plotCount > 0 && <button data-testid="plan-notice" onClick={() => printNotice(u.code)}>{t('公示', 'Notice')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected && <VillagePaperwork villageCode={selected} />}
        </>
      )}
      <Schedule />
    </div>
  );
}
