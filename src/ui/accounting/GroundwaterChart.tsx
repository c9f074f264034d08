/**
 * The city's groundwater per year: the cap of each year in caps.csv (bars), the target of the last
 * year (dashed line), the demand of every year computed so far, and the wells' actual use of the
 * year their readings are of (a wells layer holds one year's readings: drawing them at every year
 * showed the same figure five times). A year whose plot statuses were never edited is accounted
 * with the layer as loaded: its demand point is hollow and says so.
 */
import { useAccountingStore } from '../../state/accountingStore.ts';
import { useEditStore } from '../../state/editStore.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { formatNumber, useT } from '../i18n.ts';

const W = 340;
const H = 170;
const PAD = { left: 44, right: 8, top: 14, bottom: 22 };

/** Round tick values (m³) from 0 to at least `maxM3`, on a 1-2-5 step in 万m³: 0 / 10,000 / 20,000 / 30,000. */
export function niceTicksM3(maxM3: number, count = 4): number[] {
  const max = Math.max(maxM3 / 1e4, 1);
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let v = 0; v < max + step; v += step) ticks.push(v * 1e4);
  return ticks;
}

export function GroundwaterChart() {
  const t = useT();
  const result = useAccountingStore((s) => s.result);
  const cityByYear = useAccountingStore((s) => s.cityByYear);
  const plotsLayerId = useProjectStore((s) => layerOfKind(s.layers, 'plots')?.id ?? null);
  const readingsYear = useProjectStore((s) => layerOfKind(s.layers, 'wells')?.readingsYear);
  const overrides = useEditStore((s) => s.overrides);
  const trajectory = result?.trajectory;
  if (!trajectory || trajectory.years.length === 0) return null;
  const years = trajectory.years.map((y) => y.year);
  for (const y of Object.keys(cityByYear).map(Number)) if (!years.includes(y)) years.push(y);
  years.sort((a, b) => a - b);
  const capOf = new Map(trajectory.years.map((y) => [y.year, y.groundwaterCapM3]));
  const values = [
    ...trajectory.years.map((y) => y.groundwaterCapM3 ?? 0),
    ...Object.values(cityByYear).flatMap((c) => [c.groundwaterDemandM3, c.actualGroundwaterM3 ?? 0]),
  ];
  const ticks = niceTicksM3(Math.max(1, ...values) * 1.05);
  const maxM3 = ticks[ticks.length - 1];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / years.length;
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const y = (m3: number) => PAD.top + plotH * (1 - m3 / maxM3);
  const demand = years.map((yr, i) => [i, cityByYear[yr]?.groundwaterDemandM3] as const).filter(([, v]) => v !== undefined) as [number, number][];
  const edited = (yr: number) => plotsLayerId !== null && Object.keys(overrides[yr]?.[plotsLayerId] ?? {}).length > 0;
  const actual = years.map((yr, i) => [i, cityByYear[yr]?.actualGroundwaterM3] as const).filter(([, v]) => typeof v === 'number') as [number, number][];
  return (
    <figure className="gw-chart" data-testid="gw-chart">
      <svg width={W} height={H} role="img" aria-label={t('全市地下水用量与指标', 'City groundwater use and caps')}>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
            <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end" fontSize="10" fill="#666">{formatNumber(v / 1e4, 0)}</text>
          </g>
        ))}
        {years.map((yr, i) => {
          const cap = capOf.get(yr);
          return (
            <g key={yr}>
              {cap != null && <rect x={x(i) - slot * 0.3} width={slot * 0.6} y={y(cap)} height={y(0) - y(cap)} fill="#c9d6e3"><title>{`${yr} ${t('地下水指标', 'cap')} ${formatNumber(cap / 1e4)} 万m³`}</title></rect>}
              <text x={x(i)} y={H - 6} textAnchor="middle" fontSize="10" fill={yr === result.year ? '#17324d' : '#666'} fontWeight={yr === result.year ? 700 : 400}>{yr}</text>
            </g>
          );
        })}
        {trajectory.targetGroundwaterM3 !== null && (
          <g>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(trajectory.targetGroundwaterM3)} y2={y(trajectory.targetGroundwaterM3)} stroke="#d7301f" strokeDasharray="4 3" />
          </g>
        )}
        {demand.length > 1 && <polyline points={demand.map(([i, v]) => `${x(i)},${y(v)}`).join(' ')} fill="none" stroke="#2171b5" strokeWidth="1.5" />}
        {demand.map(([i, v]) => {
          const own = edited(years[i]);
          return (
            <circle key={`d${i}`} cx={x(i)} cy={y(v)} r="3.5" fill={own ? '#2171b5' : '#fff'} stroke="#2171b5" strokeWidth="1.5" data-edited={own ? 'yes' : 'no'}>
              <title>{`${years[i]} ${t('需水', 'demand')} ${formatNumber(v / 1e4)} 万m³${own ? '' : t('（该年度未修改地块状态，按加载的图层计算）', ' (no status edits this year: the layer as loaded)')}`}</title>
            </circle>
          );
        })}
        {actual.map(([i, v]) => <rect key={`a${i}`} data-kind="actual" data-year={years[i]} x={x(i) - 3} y={y(v) - 3} width="6" height="6" fill="#f16913"><title>{`${years[i]} ${t('实际', 'actual')} ${formatNumber(v / 1e4)} 万m³`}</title></rect>)}
      </svg>
      <figcaption className="muted">
        {t('万m³', '10⁴ m³')}{' · '}
        <span className="swatch" style={{ background: '#c9d6e3' }} />{t('地下水指标', 'Groundwater cap')}{' '}
        <span className="swatch" style={{ background: '#2171b5' }} />{t('需水（空心点：该年度未改地块状态）', 'Demand (hollow: no status edits that year)')}{' '}
        <span className="swatch" style={{ background: '#f16913' }} />
        {readingsYear !== undefined ? t(`机电井实际（${readingsYear} 年读数）`, `Wells actual (${readingsYear} readings)`) : t('机电井实际', 'Wells actual')}
        {trajectory.targetGroundwaterM3 !== null && (
          // the target in the legend: over the plot its label sat on the last year's bar
          <span data-testid="gw-target"><span style={{ color: '#d7301f' }}> ┄ </span>{t(`目标（${trajectory.targetYear} 年）`, `Target (${trajectory.targetYear})`)} {formatNumber(trajectory.targetGroundwaterM3 / 1e4)}</span>
        )}
      </figcaption>
    </figure>
  );
}
