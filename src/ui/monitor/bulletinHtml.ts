/**
 * The month's bulletin (通报) as a printable page: the same content as the CLI's PDF
 * (src/io/write/monitorPdf.ts) — the county paragraph, the township table, the chart of each
 * township's cumulative use as a share of its cap against the profile, the villages ahead of it
 * and the flagged wells. Chinese only.
 */
import { bulletinSummary, flaggedVillages } from '../../core/monitor/bulletin.ts';
import type { MonitorResult, MonitorUnit } from '../../core/monitor/types.ts';
import { FLAG_LABELS } from '../../core/monitor/wellChecks.ts';
import { esc, printPageHtml } from '../print/printPage.ts';

const wan = (m3: number | null) => (m3 === null ? '—' : (m3 / 1e4).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
export const TOWNSHIP_COLOURS = ['#1f78b4', '#d95f02', '#33a02c', '#6a3d9a', '#e31a1c', '#8c564b', '#e377c2', '#7f7f7f'];

function chartSvg(result: MonitorResult, townships: MonitorUnit[]): string {
  const W = 620, H = 220, L = 40, R = 130, T = 10, B = 22;
  const shares = townships.map((u) => {
    let sum = 0;
    return u.monthlyM3.slice(0, result.month).map((v) => (sum += v) / u.capM3!);
  });
  let p = 0;
  const profile = result.settings.profile.map((w) => (p += w));
  const top = Math.max(1, ...shares.flat()) * 1.05;
  const x = (m: number) => L + ((W - L - R) * m) / 12;
  const y = (s: number) => T + (H - T - B) * (1 - s / top);
  const path = (values: number[]) => [`M${x(0)} ${y(0)}`, ...values.map((v, m) => `L${x(m + 1).toFixed(1)} ${y(v).toFixed(1)}`)].join(' ');
  const grid = [0, 0.25, 0.5, 0.75, 1].filter((s) => s <= top).map((s) => `<line x1="${L}" x2="${W - R}" y1="${y(s)}" y2="${y(s)}" stroke="#ddd"/><text x="${L - 4}" y="${y(s) + 4}" text-anchor="end" font-size="10">${s * 100}%</text>`).join('');
  const months = Array.from({ length: 12 }, (_, m) => `<text x="${x(m + 1)}" y="${H - 6}" text-anchor="middle" font-size="10">${m + 1}月</text>`).join('');
  const lines = shares.map((s, i) => `<path d="${path(s)}" fill="none" stroke="${TOWNSHIP_COLOURS[i % TOWNSHIP_COLOURS.length]}" stroke-width="2"/>`).join('');
  const legend = [`<line x1="${W - R + 8}" x2="${W - R + 28}" y1="${T + 6}" y2="${T + 6}" stroke="#000" stroke-dasharray="5 3"/><text x="${W - R + 32}" y="${T + 10}" font-size="10">月度分配进度</text>`,
    ...townships.map((u, i) => `<line x1="${W - R + 8}" x2="${W - R + 28}" y1="${T + 20 + 14 * i}" y2="${T + 20 + 14 * i}" stroke="${TOWNSHIP_COLOURS[i % TOWNSHIP_COLOURS.length]}" stroke-width="2"/><text x="${W - R + 32}" y="${T + 24 + 14 * i}" font-size="10">${esc(u.name || u.code)}</text>`)].join('');
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" xmlns="http://www.w3.org/2000/svg">${grid}${months}<path d="${path(profile)}" fill="none" stroke="#000" stroke-dasharray="5 3" stroke-width="1.5"/>${lines}${legend}</svg>`;
}

export function bulletinHtml(result: MonitorResult): string {
  const title = `${result.countyName}${result.year}年${result.month}月地下水取水情况通报`;
  const townships = result.units.filter((u) => u.level === 'township').sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  const city = result.units.find((u) => u.level === 'city');
  const name = (code: string | null) => result.units.find((u) => u.code === code)?.name ?? code ?? '';
  const unitRow = (u: MonitorUnit, first: string) => `<tr><td>${first}</td><td>${esc(u.name || u.code)}</td><td class="n">${wan(u.monthM3)}</td><td class="n">${wan(u.cumulativeM3)}</td><td class="n">${wan(u.capM3)}</td><td class="n">${pct(u.capShare)}</td><td class="n">${wan(u.aheadM3)}</td><td class="n">${wan(u.projectedM3)}</td></tr>`;
  const villages = flaggedVillages(result).map((u) => `<tr><td>${esc(name(u.parentCode))}</td><td>${esc(u.name || u.code)}</td><td class="n">${wan(u.cumulativeM3)}</td><td class="n">${wan(u.profileToDateM3)}</td><td class="n">${wan(u.aheadM3)}</td><td class="n">${pct(u.aheadShare)}</td><td class="n">${wan(u.projectedM3)}</td><td class="n">${wan(u.capM3)}</td></tr>`).join('');
  const wells = result.flags.map((f) => `<tr><td>${esc(f.wellCode)}</td><td>${esc(name(f.villageCode))}</td><td>${FLAG_LABELS[f.kind].zh}</td><td>${esc(f.detail)}</td></tr>`).join('');
  const charted = townships.filter((u) => u.capM3 !== null && u.capM3 > 0);
  return printPageHtml({
    title, margin: '16mm 14mm', fontPt: 10.5, maxWidthMm: 182,
    css: `h1 { font-size: 17pt; text-align: center; margin: 0 0 8pt; }
h2 { font-size: 12pt; margin: 12pt 0 4pt; }
.chart { width: 100%; }
th { background: #eef; }`,
    body: `<h1>${esc(title)}</h1>
<p>${esc(bulletinSummary(result))}</p>
<h2>一、各乡镇取水情况（万m³）</h2>
<table><thead><tr><th>排名</th><th>乡镇</th><th>本月</th><th>年初至今</th><th>年度指标</th><th>占指标</th><th>超进度</th><th>全年预计</th></tr></thead>
<tbody>${townships.map((u) => unitRow(u, u.rank === null ? '—' : String(u.rank))).join('')}${city ? unitRow(city, '合计') : ''}</tbody></table>
${charted.length ? `<h2>二、累计取水占年度指标与月度分配进度</h2>${chartSvg(result, charted)}` : ''}
<h2>三、超进度或预计超指标的村（万m³）</h2>
<table><thead><tr><th>乡镇</th><th>村</th><th>年初至今</th><th>按分配至今</th><th>超进度</th><th>超进度比例</th><th>全年预计</th><th>年度指标</th></tr></thead><tbody>${villages}</tbody></table>
<h2>四、问题井（${new Set(result.flags.map((f) => f.wellCode)).size} 眼）</h2>
<table><thead><tr><th>井编码</th><th>村</th><th>问题</th><th>说明</th></tr></thead><tbody>${wells}</tbody></table>
<p>请各乡镇对超进度的村和问题井逐一核查。</p>`,
  });
}
