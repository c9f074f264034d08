/**
 * The monthly bulletin (通报) as an A4 PDF (pdf-lib with an embedded CJK font handed in, as for the
 * plan's notice): the county's figures in a paragraph, the township table (this month, year to
 * date, cap, share of cap, rank, against the profile, projection), a chart of each township's
 * cumulative use as a share of its cap against the profile, the villages ahead of the profile and
 * the flagged wells. Chinese only (it is sent to the townships).
 */
import { rgb, type RGB } from 'pdf-lib';
import { bulletinSummary, flaggedVillages } from '../../core/monitor/bulletin.ts';
import type { MonitorResult, MonitorUnit } from '../../core/monitor/types.ts';
import { FLAG_LABELS } from '../../core/monitor/wellChecks.ts';
import type { NoticeFont } from './planNotice.ts';
import { A4, cjkDocument, drawTable, heading, MARGIN, Writer, type Column } from './pdfWriter.ts';

const wan = (m3: number | null) => (m3 === null ? '—' : (m3 / 1e4).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
export const LINE_COLOURS: RGB[] = [rgb(0.12, 0.47, 0.71), rgb(0.85, 0.33, 0.1), rgb(0.2, 0.63, 0.17), rgb(0.58, 0.4, 0.74), rgb(0.89, 0.1, 0.11), rgb(0.55, 0.34, 0.29), rgb(0.9, 0.47, 0.76), rgb(0.5, 0.5, 0.5)];

/** Each township's cumulative use ÷ its cap by month, against the profile's cumulative share (dashed). */
function drawChart(w: Writer, result: MonitorResult, townships: MonitorUnit[]): void {
  const box = { x: MARGIN + 30, width: A4.width - 2 * MARGIN - 130, height: 180 };
  w.ensure(box.height + 40);
  w.y -= box.height + 10;
  const y0 = w.y;
  const shares = townships.map((u) => {
    let sum = 0;
    return u.monthlyM3.slice(0, result.month).map((v) => (sum += v) / u.capM3!);
  });
  let profileSum = 0;
  const profile = result.settings.profile.map((p) => (profileSum += p));
  const top = Math.max(1, ...shares.flat()) * 1.05;
  const px = (m: number) => box.x + (m / 12) * box.width;
  const py = (s: number) => y0 + (s / top) * box.height;
  const grey = rgb(0.6, 0.6, 0.6);
  w.page.drawRectangle({ x: box.x, y: y0, width: box.width, height: box.height, borderColor: grey, borderWidth: 0.5 });
  for (let s = 0; s <= top; s += 0.25) {
    w.page.drawLine({ start: { x: box.x, y: py(s) }, end: { x: box.x + box.width, y: py(s) }, thickness: 0.2, color: grey });
    w.y = py(s) - 3;
    w.text(`${Math.round(s * 100)}%`, box.x - 28, 7);
  }
  for (let m = 1; m <= 12; m++) {
    w.y = y0 - 10;
    w.text(`${m}月`, px(m) - 8, 7);
  }
  const path = (values: number[], colour: RGB, thickness: number, dash?: number[]) => values.forEach((v, m) => {
    const from = m === 0 ? 0 : values[m - 1];
    w.page.drawLine({ start: { x: px(m), y: py(from) }, end: { x: px(m + 1), y: py(v) }, thickness, color: colour, dashArray: dash });
  });
  path(profile, rgb(0, 0, 0), 1.2, [4, 3]);
  shares.forEach((s, i) => path(s, LINE_COLOURS[i % LINE_COLOURS.length], 1.2));
  // legend on the right
  let ly = y0 + box.height - 8;
  const legend = (label: string, colour: RGB, dash?: number[]) => {
    w.page.drawLine({ start: { x: box.x + box.width + 8, y: ly + 3 }, end: { x: box.x + box.width + 24, y: ly + 3 }, thickness: 1.2, color: colour, dashArray: dash });
    w.y = ly;
    w.text(label, box.x + box.width + 28, 7.5);
    ly -= 12;
  };
  legend('月度分配进度', rgb(0, 0, 0), [4, 3]);
  townships.forEach((u, i) => legend(u.name || u.code, LINE_COLOURS[i % LINE_COLOURS.length]));
  w.y = y0 - 16;
}

export async function monitorBulletinPdf(result: MonitorResult, font: NoticeFont): Promise<Uint8Array> {
  const { doc, cjk, latin } = await cjkDocument(font);
  const title = `${result.countyName}${result.year}年${result.month}月地下水取水情况通报`;
  doc.setTitle(title);
  doc.setProducer('水地 Shuidi');
  const w = new Writer(doc, cjk, latin);
  w.y -= 10;
  w.text(title, 0, 17, { centre: true });
  w.y -= 8;
  const city = result.units.find((u) => u.level === 'city');
  const flaggedWells = new Set(result.flags.map((f) => f.wellCode));
  w.paragraph(bulletinSummary(result), 10.5, undefined, 21);
  const townships = result.units.filter((u) => u.level === 'township').sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.code < b.code ? -1 : 1));
  heading(w, '一、各乡镇取水情况（万m³）');
  const unitRow = (u: MonitorUnit, first: string): string[] => [first, u.name || u.code, wan(u.monthM3), wan(u.cumulativeM3), wan(u.capM3), pct(u.capShare), wan(u.aheadM3), wan(u.projectedM3)];
  const unitColumns: Column[] = [
    { header: '排名', width: 34 }, { header: '乡镇', width: 85 }, { header: '本月', width: 58, align: 'right' }, { header: '年初至今', width: 62, align: 'right' },
    { header: '年度指标', width: 62, align: 'right' }, { header: '占指标', width: 50, align: 'right' }, { header: '超进度', width: 72, align: 'right' }, { header: '全年预计', width: 72, align: 'right' },
  ];
  drawTable(w, unitColumns, [...townships.map((u) => unitRow(u, u.rank === null ? '—' : String(u.rank))), ...(city ? [unitRow(city, '合计')] : [])], 8.5);
  const charted = townships.filter((u) => u.capM3 !== null && u.capM3 > 0);
  if (charted.length) {
    heading(w, '二、累计取水占年度指标与月度分配进度');
    drawChart(w, result, charted);
  }
  const villages = flaggedVillages(result);
  heading(w, `三、超进度或预计超指标的村（${villages.length} 个，万m³）`);
  const townshipName = (code: string | null) => result.units.find((u) => u.code === code)?.name ?? '';
  drawTable(w, [
    { header: '乡镇', width: 70 }, { header: '村', width: 80 }, { header: '年初至今', width: 60, align: 'right' }, { header: '按分配至今', width: 60, align: 'right' },
    { header: '超进度', width: 60, align: 'right' }, { header: '超进度比例', width: 55, align: 'right' }, { header: '全年预计', width: 55, align: 'right' }, { header: '年度指标', width: 55, align: 'right' },
  ], villages.map((u) => [townshipName(u.parentCode), u.name || u.code, wan(u.cumulativeM3), wan(u.profileToDateM3), wan(u.aheadM3), pct(u.aheadShare), wan(u.projectedM3), wan(u.capM3)]), 8.5);
  heading(w, `四、问题井（${flaggedWells.size} 眼）`);
  const villageName = (code: string) => result.units.find((u) => u.code === code)?.name ?? code;
  drawTable(w, [{ header: '井编码', width: 90 }, { header: '村', width: 70 }, { header: '问题', width: 85 }, { header: '说明', width: 250 }],
    result.flags.map((f) => [f.wellCode, villageName(f.villageCode), FLAG_LABELS[f.kind].zh, f.detail]), 8);
  w.ensure(60);
  w.y -= 30;
  w.paragraph('请各乡镇对超进度的村和问题井逐一核查。', 10.5, undefined, 21);
  return doc.save();
}
