/**
 * The village notice (公示) of a plan as an A4 PDF (pdf-lib with an embedded, subsetted CJK font):
 * title, village and year, the reason and totals, a small map of the chosen patches, the table of
 * households and plots, the objection period and contact, and signature lines. Chinese only.
 * The font's bytes are handed in (the CLI finds one on the machine), so this stays free of the file system.
 */
import fontkit from '@pdf-lib/fontkit';
import type { Geometry, Position } from 'geojson';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { A4, MARGIN, Writer } from './pdfWriter.ts';
import type { PlanPlot, PlanResult } from '../../core/plan/types.ts';

export interface NoticeFont {
  bytes: Uint8Array;
  /** the face to take from a font collection (.ttc), e.g. NotoSansCJKsc-Regular */
  postscriptName?: string;
}

export interface NoticeOptions {
  font: NoticeFont;
  /** plot geometries by feature index (for the map) */
  geometries: readonly (Geometry | null)[];
  /** the village's own outline, drawn under the plots when given */
  villageGeometry?: Geometry | null;
  /** publication date, YYYY-MM-DD; default: left blank to fill in by hand */
  date?: string;
  objectionDays?: number;
  contact?: string;
}

const PATCH_COLOURS = [rgb(0.85, 0.33, 0.1), rgb(0.12, 0.47, 0.71), rgb(0.2, 0.63, 0.17), rgb(0.58, 0.4, 0.74), rgb(0.89, 0.1, 0.11), rgb(0.6, 0.6, 0.2)];
const ACTION_TEXT: Record<string, string> = { 退减: '退减灌溉（退地减水）', 休耕: '休耕轮作' };

const fmt = (x: number, digits = 2) => x.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function ringsOf(g: Geometry | null | undefined): Position[][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

function drawMap(w: Writer, plots: PlanPlot[], options: NoticeOptions, box: { x: number; y: number; width: number; height: number }): void {
  const rings: { ring: Position[]; patch: number }[] = [];
  for (const p of plots) for (const ring of ringsOf(options.geometries[p.featureIndex])) rings.push({ ring, patch: p.patch });
  const outline = ringsOf(options.villageGeometry);
  const all = [...rings.map((r) => r.ring), ...outline];
  if (all.length === 0) return;
  let w0 = Infinity, s0 = Infinity, e0 = -Infinity, n0 = -Infinity;
  for (const ring of all) for (const [x, y] of ring) {
    w0 = Math.min(w0, x); e0 = Math.max(e0, x); s0 = Math.min(s0, y); n0 = Math.max(n0, y);
  }
  const kx = Math.cos(((s0 + n0) / 2) * (Math.PI / 180));
  const scale = Math.min(box.width / Math.max((e0 - w0) * kx, 1e-9), box.height / Math.max(n0 - s0, 1e-9));
  const toPath = (ring: Position[]) => ring.map(([x, y], i) => `${i ? 'L' : 'M'}${((x - w0) * kx * scale).toFixed(2)} ${((n0 - y) * scale).toFixed(2)}`).join(' ') + ' Z';
  w.page.drawRectangle({ x: box.x, y: box.y, width: box.width, height: box.height, borderColor: rgb(0.6, 0.6, 0.6), borderWidth: 0.5 });
  const origin = { x: box.x, y: box.y + box.height };
  for (const ring of outline) w.page.drawSvgPath(toPath(ring), { ...origin, borderColor: rgb(0.4, 0.4, 0.4), borderWidth: 0.6, borderDashArray: [3, 2] });
  for (const { ring, patch } of rings) {
    w.page.drawSvgPath(toPath(ring), { ...origin, color: PATCH_COLOURS[patch % PATCH_COLOURS.length], opacity: 0.75, borderColor: rgb(0.2, 0.2, 0.2), borderWidth: 0.2 });
  }
}

function drawTable(w: Writer, plots: PlanPlot[], size: number): void {
  const columns = [
    { header: '序号', width: 32 }, { header: '承包方（户）', width: 80 }, { header: '地块编码', width: 150 },
    { header: '地块类别', width: 70 }, { header: '作物', width: 45 }, { header: '面积（亩）', width: 58 }, { header: '节水（m³）', width: 60 },
  ];
  const rowHeight = size * 1.9;
  const row = (cells: string[], bold = false) => {
    w.ensure(rowHeight);
    w.y -= rowHeight;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      w.page.drawRectangle({ x, y: w.y - size * 0.55, width: columns[i].width, height: rowHeight, borderColor: rgb(0.3, 0.3, 0.3), borderWidth: 0.4, color: bold ? rgb(0.92, 0.92, 0.92) : undefined });
      w.text(cell, x + 3, size);
      x += columns[i].width;
    });
  };
  const header = () => row(columns.map((c) => c.header), true);
  header();
  const byHousehold = [...plots].sort((a, b) => (a.household < b.household ? -1 : a.household > b.household ? 1 : a.DKBM < b.DKBM ? -1 : 1));
  byHousehold.forEach((p, i) => {
    const before = w.page;
    row([String(i + 1), p.household, p.DKBM, p.tenure, p.crop, fmt(p.areaMu), fmt(p.savedM3, 0)]);
    if (w.page !== before) {
      // a new page: repeat the header above the row just drawn
      w.y += rowHeight;
      w.page.drawRectangle({ x: MARGIN, y: w.y - size * 0.55, width: 495, height: rowHeight, color: rgb(1, 1, 1) });
      header();
      row([String(i + 1), p.household, p.DKBM, p.tenure, p.crop, fmt(p.areaMu), fmt(p.savedM3, 0)]);
    }
  });
  const area = plots.reduce((s, p) => s + p.areaMu, 0);
  const saved = plots.reduce((s, p) => s + p.savedM3, 0);
  row(['合计', `${new Set(plots.map((p) => p.household)).size} 户`, `${plots.length} 块`, '', '', fmt(area), fmt(saved, 0)], true);
}

/** The 公示 PDF of one village of the plan. */
export async function planNoticePdf(plan: PlanResult, villageCode: string, options: NoticeOptions): Promise<Uint8Array> {
  const unit = plan.units.find((u) => u.level === 'village' && u.code === villageCode);
  if (!unit) throw new Error(`village ${villageCode} is not in the plan`);
  const township = plan.units.find((u) => u.level === 'township' && u.code === unit.parentCode);
  const plots = plan.plots.filter((p) => p.villageCode === villageCode);
  const doc = await PDFDocument.create();
  const postscriptName = options.font.postscriptName;
  doc.registerFontkit(postscriptName ? { create: (bytes: Uint8Array) => fontkit.create(bytes, postscriptName) } : fontkit);
  // embedded whole: fontkit's subsets of these large CJK fonts come out with the wrong glyphs
  const font = await doc.embedFont(options.font.bytes, { subset: false });
  const latin = await doc.embedFont(StandardFonts.Helvetica);
  doc.setTitle(`${unit.name}${plan.year}年${plan.action}地块公示`);
  doc.setProducer('水地 Shuidi');
  const w = new Writer(doc, font, latin);
  w.y -= 10;
  w.text(`${unit.name}${plan.year}年${ACTION_TEXT[plan.action] ?? plan.action}地块公示`, 0, 18, { centre: true });
  w.y -= 22;
  w.text(`${township?.name ?? ''} ${unit.name}（${unit.code}）`, 0, 11, { centre: true });
  const area = plots.reduce((s, p) => s + p.areaMu, 0);
  const households = new Set(plots.map((p) => p.household)).size;
  w.y -= 8;
  w.paragraph(
    `根据${plan.countyName}${plan.year}年地下水用水总量控制指标，本村${plan.basis === 'metered' ? '计量' : '核算'}地下水用水量超出控制指标 ${fmt((unit.excessBeforeM3 ?? 0) / 1e4)} 万m³。` +
    `按照先国有耕地和储备补充耕地、后集体机动地、最后确权承包地以及集中连片、避免碎片化的原则，拟对下列 ${households} 户、${plots.length} 块、合计 ${fmt(area)} 亩耕地实施${ACTION_TEXT[plan.action] ?? plan.action}，` +
    `可减少地下水用水量 ${fmt(unit.savedM3 / 1e4)} 万m³${unit.capMet ? '，本村地下水用水量可降至控制指标以内' : `，仍超出控制指标 ${fmt(unit.shortfallM3 / 1e4)} 万m³`}。共 ${unit.patchCount} 片，最大一片 ${fmt(unit.largestPatchMu)} 亩。现予公示。`,
    11, undefined, 22,
  );
  const mapHeight = 200;
  w.ensure(mapHeight + 30);
  w.y -= 20;
  w.text('地块位置示意图（同色为同一连片）', MARGIN, 10);
  w.y -= mapHeight + 6;
  drawMap(w, plots, options, { x: MARGIN, y: w.y, width: A4.width - 2 * MARGIN, height: mapHeight });
  w.y -= 6;
  drawTable(w, plots, 8.5);
  const days = options.objectionDays ?? 7;
  w.y -= 10;
  w.paragraph(`公示期：自公示之日起 ${days} 日${options.date ? `（${options.date} 起）` : ''}。对公示内容有异议的，请于公示期内向村民委员会或乡镇人民政府书面反映。`, 10.5, undefined, 21);
  w.paragraph(`联系人及电话：${options.contact ?? '______________________'}`, 10.5, undefined, 21);
  w.ensure(90);
  w.y -= 36;
  w.text('村民委员会（盖章）', MARGIN, 11);
  w.text('乡镇人民政府（盖章）', A4.width / 2 + 20, 11);
  w.y -= 28;
  w.text('负责人签字：____________', MARGIN, 11);
  w.text('包联干部签字：____________', A4.width / 2 + 20, 11);
  w.y -= 24;
  w.text(options.date ? `公示日期：${options.date}` : '公示日期：______年____月____日', MARGIN, 11);
  return doc.save();
}
