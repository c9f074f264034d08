/** One unit's breakdown: planted/retired/fallow by crop, tenure, method and source; forest; its wells. */
import { useFindingsStore } from '../../state/findingsStore.ts';
import type { AreaBreakdown, Unit, WellRow } from '../../core/accounting/types.ts';
import { useAccountingStore } from '../../state/accountingStore.ts';
import { formatNumber, useT } from '../i18n.ts';

const DIMENSIONS: [keyof AreaBreakdown, string, string][] = [
  ['crop', '作物', 'Crop'],
  ['tenure', '地块权属', 'Tenure'],
  ['method', '灌溉方式', 'Method'],
  ['source', '水源', 'Source'],
];

function Breakdown({ unit }: { unit: Unit }) {
  const t = useT();
  return (
    <table className="data-table breakdown">
      <thead>
        <tr><th /><th>{t('种植', 'Planted')}</th><th>{t('退减', 'Retired')}</th><th>{t('休耕', 'Fallow')}</th></tr>
      </thead>
      {DIMENSIONS.map(([dim, zh, en]) => {
        const names = [...new Set([...Object.keys(unit.breakdownMu.planted[dim]), ...Object.keys(unit.breakdownMu.retired[dim]), ...Object.keys(unit.breakdownMu.fallow[dim])])].sort();
        return (
          <tbody key={dim}>
            <tr><th colSpan={4} className="group">{t(zh, en)}（亩）</th></tr>
            {names.map((name) => (
              <tr key={name}>
                <td>{name}</td>
                {(['planted', 'retired', 'fallow'] as const).map((s) => <td key={s} className="num">{formatNumber(unit.breakdownMu[s][dim][name] ?? 0)}</td>)}
              </tr>
            ))}
          </tbody>
        );
      })}
    </table>
  );
}

function Wells({ wells }: { wells: WellRow[] }) {
  const t = useT();
  if (wells.length === 0) return <p className="muted">{t('本村无机电井数据。', 'No wells in this village.')}</p>;
  return (
    <table className="data-table">
      <thead><tr><th>{t('井编号', 'Well')}</th><th>{t('方式', 'Basis')}</th><th>m³</th><th>{t('许可', 'Permit')}</th></tr></thead>
      <tbody>
        {wells.slice(0, 200).map((w) => (
          <tr key={w.featureIndex} className={w.overPermit ? 'over' : ''}>
            <td>{w.code}</td>
            <td>{w.basis === 'meter' ? t('计量', 'meter') : w.basis === 'electricity' ? t('以电折水', 'kWh×coef.') : t('无数据', 'none')}</td>
            <td className="num">{formatNumber(w.volumeM3, 0)}</td>
            <td className="num">{formatNumber(w.permittedM3, 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Filters the reconciliation findings to this unit and opens that tab. */
function showFindingsOf(code: string): void {
  useFindingsStore.getState().setFilter({ villageCode: code.length === 12 ? code : '', kind: '' });
  document.querySelector<HTMLButtonElement>('[data-testid="tab-reconcile"]')?.click();
}

export function UnitBreakdown({ unit }: { unit: Unit }) {
  const t = useT();
  const wells = useAccountingStore((s) => s.result?.wells ?? []);
  const own = unit.level === 'village' ? wells.filter((w) => w.villageCode === unit.code) : [];
  return (
    <div className="unit-breakdown" data-testid="unit-breakdown">
      <h4>{unit.name} <span className="muted">{unit.code}</span></h4>
      <p>
        {t('地下水核定用水', 'Groundwater use (demand)')} {formatNumber(unit.groundwaterUseM3 / 1e4)} / {t('指标', 'cap')}{' '}
        {unit.groundwaterCapM3 === null ? t('未设', 'not set') : formatNumber(unit.groundwaterCapM3 / 1e4)} 万m³
        {(unit.groundwaterExcessM3 ?? 0) > 0 && <span className="over"> {t('超', 'over by')} {formatNumber(unit.groundwaterExcessM3! / 1e4)} 万m³</span>}
        <br />
        {t('机电井计量取水', 'Metered groundwater')} {unit.actualGroundwaterM3 === null ? t('无机电井', 'no wells') : `${formatNumber(unit.actualGroundwaterM3 / 1e4)} 万m³`}
        {(unit.actualGroundwaterExcessM3 ?? 0) > 0 && <span className="over"> {t('超', 'over by')} {formatNumber(unit.actualGroundwaterExcessM3! / 1e4)} 万m³</span>}
        <br />
        {t('混灌地下水比例', 'Mixed-source share')} {unit.mixedGroundwaterShare}；{t('井灌地亩均地下水', 'groundwater per well-fed mu')} {formatNumber(unit.wellFedGroundwaterQuotaM3PerMu, 1)} m³/亩
        {unit.fallowDemandM3 > 0 && <><br />{t('休耕、退减地给水', 'Water for fallow and retired land')} {formatNumber(unit.fallowDemandM3 / 1e4)} 万m³</>}
        {unit.overlapMu >= 0.01 && (
          <>
            <br />
            <span className="over" data-testid="unit-overlap">{t('重复计算', 'Counted twice')} {formatNumber(unit.overlapMu)} 亩（{formatNumber(unit.overlapDemandM3 / 1e4)} 万m³）</span>{' '}
            <button className="link" data-testid="unit-overlap-findings" onClick={() => showFindingsOf(unit.code)}>{t('查看套核结果', 'See the reconciliation')}</button>
          </>
        )}
        {unit.retireToMeetCapMu > 0 && (
          <>
            <br />
            <strong>{t('达标需退减', 'Retire to meet caps')} {formatNumber(unit.retireToMeetCapMu)} 亩</strong>
            {unit.level !== 'village' && <> · {t('所辖村合计', 'sum of villages')} {formatNumber(unit.villagesRetireToMeetCapMu)} 亩</>}
            {!unit.retireCoversExcess && <span className="over"> {t('（全部退减仍不足）', '(not enough even if all retired)')}</span>}
          </>
        )}
      </p>
      <Breakdown unit={unit} />
      {Object.keys(unit.forestMuByType).length > 0 && (
        <p>{t('人工林', 'Forest')}: {Object.entries(unit.forestMuByType).map(([k, v]) => `${k} ${formatNumber(v)}`).join('，')} 亩</p>
      )}
      {unit.level === 'village' && (
        <>
          <h5>{t('机电井', 'Wells')} ({unit.wellCount})</h5>
          <Wells wells={own} />
        </>
      )}
    </div>
  );
}
