/**
 * The village notice (公示) as a printable page: A4 print CSS, title, village and year, the reason
 * and totals, a small SVG map of the chosen patches, the table of households and plots, the
 * objection period and contact, and signature lines. Chinese only (it is posted in the village).
 * The same content as the CLI's PDF (src/io/write/planNotice.ts).
 */
import type { Geometry, Position } from 'geojson';
import type { PlanResult } from '../../core/plan/types.ts';
import { PATCH_PALETTE } from './PlanMap.tsx';
import { esc, printPageHtml } from '../print/printPage.ts';

const ACTION_TEXT: Record<string, string> = { 退减: '退减灌溉（退地减水）', 休耕: '休耕轮作' };
const fmt = (x: number, d = 2) => x.toLocaleString('zh-CN', { minimumFractionDigits: d, maximumFractionDigits: d });

function ringsOf(g: Geometry | null | undefined): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function mapSvg(items: { geometry: Geometry | null; patch: number }[], outline: Geometry | null): string {
  const all = [...items.flatMap((i) => ringsOf(i.geometry)), ...ringsOf(outline)];
  if (all.length === 0) return '';
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const ring of all) for (const [x, y] of ring) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
  const kx = Math.cos(((s + n) / 2) * (Math.PI / 180));
  const width = 600;
  const height = 260;
  const scale = Math.min(width / Math.max((e - w) * kx, 1e-9), height / Math.max(n - s, 1e-9));
  const path = (ring: Position[]) => ring.map(([x, y], i) => `${i ? 'L' : 'M'}${((x - w) * kx * scale).toFixed(1)} ${((n - y) * scale).toFixed(1)}`).join('') + 'Z';
  const outlinePaths = ringsOf(outline).map((r) => `<path d="${path(r)}" fill="none" stroke="#666" stroke-dasharray="4 3"/>`).join('');
  const plots = items.map((i) => ringsOf(i.geometry).map((r) => `<path d="${path(r)}" fill="${PATCH_PALETTE[i.patch % PATCH_PALETTE.length]}" fill-opacity="0.8" stroke="#333" stroke-width="0.3"/>`).join('')).join('');
  return `<svg class="map" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${outlinePaths}${plots}</svg>`;
}

export interface NoticeContext {
  geometries: readonly (Geometry | null)[];
  villageOutline?: Geometry | null;
  contact?: string;
  objectionDays?: number;
}

export function noticeHtml(plan: PlanResult, villageCode: string, context: NoticeContext): string {
  const unit = plan.units.find((u) => u.level === 'village' && u.code === villageCode)!;
  const township = plan.units.find((u) => u.level === 'township' && u.code === unit.parentCode);
  const plots = plan.plots.filter((p) => p.villageCode === villageCode).sort((a, b) => (a.household < b.household ? -1 : a.household > b.household ? 1 : a.DKBM < b.DKBM ? -1 : 1));
  const area = plots.reduce((s, p) => s + p.areaMu, 0);
  const saved = plots.reduce((s, p) => s + p.savedM3, 0);
  const households = new Set(plots.map((p) => p.household)).size;
  const action = ACTION_TEXT[plan.action] ?? plan.action;
  const title = `${unit.name}${plan.year}年${action}地块公示`;
  const rows = plots.map((p, i) => `<tr><td>${i + 1}</td><td>${esc(p.household)}</td><td>${esc(p.DKBM)}</td><td>${esc(p.tenure)}</td><td>${esc(p.crop)}</td><td class="n">${fmt(p.areaMu)}</td><td class="n">${fmt(p.savedM3, 0)}</td></tr>`).join('');
  return printPageHtml({
    title, margin: '18mm 16mm', fontPt: 11, maxWidthMm: 178,
    css: `h1 { font-size: 18pt; text-align: center; margin: 0 0 4pt; }
.sub { text-align: center; margin-bottom: 10pt; }
.map { width: 100%; height: 62mm; border: 0.5pt solid #999; margin: 6pt 0; }
th { background: #eee; }
.sign { display: flex; justify-content: space-between; margin-top: 24pt; line-height: 2.4; }`,
    body: `<h1>${esc(title)}</h1>
<div class="sub">${esc(township?.name ?? '')} ${esc(unit.name)}（${unit.code}）</div>
<p>根据${esc(plan.countyName)}${plan.year}年地下水用水总量控制指标，本村${plan.basis === 'metered' ? '计量' : '核算'}地下水用水量超出控制指标 ${fmt((unit.excessBeforeM3 ?? 0) / 1e4)} 万m³。按照先国有耕地和储备补充耕地、后集体机动地、最后确权承包地以及集中连片、避免碎片化的原则，拟对下列 ${households} 户、${plots.length} 块、合计 ${fmt(area)} 亩耕地实施${action}，可减少地下水用水量 ${fmt(unit.savedM3 / 1e4)} 万m³${unit.capMet ? '，本村地下水用水量可降至控制指标以内' : `，仍超出控制指标 ${fmt(unit.shortfallM3 / 1e4)} 万m³`}。共 ${unit.patchCount} 片，最大一片 ${fmt(unit.largestPatchMu)} 亩。现予公示。</p>
<div>地块位置示意图（同色为同一连片）</div>
${mapSvg(plots.map((p) => ({ geometry: context.geometries[p.featureIndex] ?? null, patch: p.patch })), context.villageOutline ?? null)}
<table><thead><tr><th>序号</th><th>承包方（户）</th><th>地块编码</th><th>地块类别</th><th>作物</th><th>面积（亩）</th><th>节水（m³）</th></tr></thead>
<tbody>${rows}<tr><th>合计</th><th>${households} 户</th><th>${plots.length} 块</th><th></th><th></th><th class="n">${fmt(area)}</th><th class="n">${fmt(saved, 0)}</th></tr></tbody></table>
<p>公示期：自公示之日起 ${context.objectionDays ?? 7} 日。对公示内容有异议的，请于公示期内向村民委员会或乡镇人民政府书面反映。</p>
<p>联系人及电话：${esc(context.contact ?? '______________________')}</p>
<div class="sign"><div>村民委员会（盖章）<br>负责人签字：____________<br>公示日期：______年____月____日</div><div>乡镇人民政府（盖章）<br>包联干部签字：____________</div></div>`,
  });
}
