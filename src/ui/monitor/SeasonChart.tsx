/**
 * A unit's season: cumulative use by month (solid, to the month shown) against its cap spread by the
 * profile (dashed, the whole year), in 万m³; and a well's monthly bars.
 */
import { seasonSeries } from '../../core/monitor/bulletin.ts';
import type { MonitorUnit, MonitorWellRow } from '../../core/monitor/types.ts';
import { niceTicksM3 } from '../accounting/GroundwaterChart.tsx';
import { formatNumber, useT } from '../i18n.ts';

const W = 340;
const H = 180;
const PAD = { left: 44, right: 8, top: 12, bottom: 22 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

/** Axes in 万m³; month labels under the month's end (a cumulative line's points) or its middle (bars). */
function Axes({ ticks, maxM3, monthAt }: { ticks: number[]; maxM3: number; monthAt: 'end' | 'middle' }) {
  const y = (m3: number) => PAD.top + plotH * (1 - m3 / maxM3);
  return (
    <>
      {ticks.map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
          <text x={PAD.left - 4} y={y(v) + 4} textAnchor="end" fontSize="10" fill="#666">{formatNumber(v / 1e4, v < 1e4 && v > 0 ? 1 : 0)}</text>
        </g>
      ))}
      {Array.from({ length: 12 }, (_, m) => (
        <text key={m} x={PAD.left + (plotW / 12) * (m + (monthAt === 'end' ? 1 : 0.5))} y={H - 6} textAnchor="middle" fontSize="10" fill="#666">{m + 1}</text>
      ))}
    </>
  );
}

export function SeasonChart({ unit, profile, month }: { unit: MonitorUnit; profile: readonly number[]; month: number }) {
  const t = useT();
  const series = seasonSeries(unit, profile, month);
  const ticks = niceTicksM3(Math.max(1, ...series.cumulativeM3, ...(series.profileM3 ?? [])) * 1.05);
  const maxM3 = ticks[ticks.length - 1];
  const x = (m: number) => PAD.left + (plotW / 12) * m;
  const y = (m3: number) => PAD.top + plotH * (1 - m3 / maxM3);
  const path = (values: number[]) => [`M${x(0)} ${y(0)}`, ...values.map((v, m) => `L${x(m + 1)} ${y(v)}`)].join(' ');
  return (
    <figure className="monitor-chart" data-testid="monitor-chart" data-unit={unit.code}>
      <svg width={W} height={H} role="img" aria-label={t('累计取水与月度分配进度', 'Cumulative use against the profile')}>
        <Axes ticks={ticks} maxM3={maxM3} monthAt="end" />
        {series.profileM3 && <path d={path(series.profileM3)} fill="none" stroke="#333" strokeDasharray="5 3" strokeWidth={1.5} data-testid="monitor-chart-profile" />}
        <path d={path(series.cumulativeM3)} fill="none" stroke={(unit.aheadM3 ?? 0) > 0 ? '#c62828' : '#1f78b4'} strokeWidth={2.5} data-testid="monitor-chart-use" />
        <line x1={x(month)} x2={x(month)} y1={PAD.top} y2={PAD.top + plotH} stroke="#999" strokeDasharray="2 2" />
      </svg>
      <figcaption className="small muted">
        {t('实线：累计取水；虚线：年度地下水指标按月度分配的累计进度（万m³）', 'Solid: cumulative use; dashed: the cap spread by the monthly profile (万m³)')}
      </figcaption>
    </figure>
  );
}

export function WellBars({ well, month, onClose }: { well: MonitorWellRow; month: number; onClose(): void }) {
  const t = useT();
  const values = well.monthlyM3.map((v) => v ?? 0);
  const ticks = niceTicksM3(Math.max(1, ...values) * 1.1);
  const maxM3 = ticks[ticks.length - 1];
  const slot = plotW / 12;
  const y = (m3: number) => PAD.top + plotH * (1 - m3 / maxM3);
  return (
    <figure className="monitor-chart" data-testid="monitor-well-bars" data-well={well.code}>
      <svg width={W} height={H} role="img" aria-label={t(`${well.code} 逐月取水`, `${well.code} by month`)}>
        <Axes ticks={ticks} maxM3={maxM3} monthAt="middle" />
        {well.monthlyM3.map((v, m) => (v === null ? (m < month ? <text key={m} x={PAD.left + slot * (m + 0.5)} y={y(0) - 3} textAnchor="middle" fontSize="10" fill="#c62828">?</text> : null) : (
          <rect key={m} x={PAD.left + slot * (m + 0.15)} width={slot * 0.7} y={y(v)} height={y(0) - y(v)} fill={well.monthlyBasis[m] === 'electricity' ? '#f28e2b' : '#4e79a7'} data-month={m + 1}>
            <title>{`${m + 1} 月 ${formatNumber(v, 0)} m³（${well.monthlyBasis[m] === 'electricity' ? t('以电折水', 'from electricity') : t('计量', 'metered')}）`}</title>
          </rect>
        )))}
      </svg>
      <figcaption className="small muted">
        {t(`${well.code} 逐月取水（万m³）：蓝为计量，橙为以电折水，“?”为无读数`, `${well.code} by month (万m³): blue metered, orange from electricity, "?" no reading`)}{' '}
        <button className="icon" data-testid="monitor-well-close" onClick={onClose} aria-label={t('关闭', 'Close')}>×</button>
      </figcaption>
    </figure>
  );
}
