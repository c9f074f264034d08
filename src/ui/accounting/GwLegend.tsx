/**
 * Legend of the village colours: groundwater use ÷ groundwater cap on the chosen basis, with
 * villages per class, and the switch between the two bases (核定 demand, 计量 metered).
 */
import { GW_SHARE_STOPS } from '../map/layerStyles.ts';
import { shareOnBasis, useAccountingStore, type GroundwaterBasis } from '../../state/accountingStore.ts';
import { useT } from '../i18n.ts';

export function BasisSwitch() {
  const t = useT();
  const basis = useAccountingStore((s) => s.mapBasis);
  const setBasis = useAccountingStore((s) => s.setMapBasis);
  const options: [GroundwaterBasis, string, string][] = [
    ['demand', '核定用水（面积×定额）', 'Demand (area × quota)'],
    ['metered', '计量取水（机电井）', 'Metered (wells)'],
  ];
  return (
    <div className="basis-switch" role="radiogroup" aria-label={t('地图着色口径', 'Map colour basis')} data-testid="basis-switch">
      {options.map(([value, zh, en]) => (
        <label key={value}>
          <input type="radio" name="gw-basis" value={value} checked={basis === value} data-testid={`basis-${value}`}
            onChange={() => setBasis(value)} /> {t(zh, en)}
        </label>
      ))}
    </div>
  );
}

export function GwLegend() {
  const t = useT();
  const known = useAccountingStore((s) => s.shares);
  const basis = useAccountingStore((s) => s.mapBasis);
  const villages = known?.units.filter((u) => u.level === 'village') ?? [];
  const shares = villages.map((u) => shareOnBasis(u, basis));
  const counts = GW_SHARE_STOPS.map(([from], k) => {
    const to = GW_SHARE_STOPS[k + 1]?.[0] ?? Infinity;
    return shares.filter((s) => s !== null && s >= from && s < to).length;
  });
  const none = shares.filter((s) => s === null).length;
  return (
    <div className="gw-legend" data-testid="gw-legend" data-year={known?.year ?? ''} data-basis={basis}>
      <div className="muted">
        {basis === 'demand'
          ? t('村地下水核定用水量 ÷ 地下水指标', 'Village groundwater use (demand) ÷ cap')
          : t('村机电井计量取水量 ÷ 地下水指标', 'Village metered groundwater ÷ cap')}
        {known ? ` (${known.year})` : ''}
      </div>
      <BasisSwitch />
      <ul className="legend">
        {GW_SHARE_STOPS.map(([from, color], k) => {
          const to = GW_SHARE_STOPS[k + 1]?.[0];
          const label = to === undefined ? `≥ ${Math.round(from * 100)}%` : `${Math.round(from * 100)}–${Math.round(to * 100)}%`;
          return (
            <li key={from}>
              <span className="swatch" style={{ background: color }} />
              {label} <span className="muted">{counts[k]}</span>
            </li>
          );
        })}
        <li>
          <span className="swatch" style={{ background: 'transparent' }} />
          {basis === 'demand' ? t('无指标', 'no cap') : t('无指标或无机电井', 'no cap or no wells')} <span className="muted">{none}</span>
        </li>
      </ul>
    </div>
  );
}
