/** Legend of the village colours: groundwater demand ÷ groundwater cap, with villages per class. */
import { GW_SHARE_STOPS } from '../map/layerStyles.ts';
import { useAccountingStore } from '../../state/accountingStore.ts';
import { useT } from '../i18n.ts';

export function GwLegend() {
  const t = useT();
  const result = useAccountingStore((s) => s.result);
  const villages = result?.units.filter((u) => u.level === 'village') ?? [];
  const counts = GW_SHARE_STOPS.map(([from], k) => {
    const to = GW_SHARE_STOPS[k + 1]?.[0] ?? Infinity;
    return villages.filter((u) => u.gwShare !== null && u.gwShare >= from && u.gwShare < to).length;
  });
  const noCap = villages.filter((u) => u.gwShare === null).length;
  return (
    <div className="gw-legend" data-testid="gw-legend" data-year={result?.year ?? ''}>
      <div className="muted">
        {t('村地下水用量 ÷ 地下水指标', 'Village groundwater use ÷ cap')}
        {result ? ` (${result.year})` : ''}
      </div>
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
          {t('无指标', 'no cap')} <span className="muted">{noCap}</span>
        </li>
      </ul>
    </div>
  );
}
