/**
 * A signed township's review of year Y as an A4 PDF (pdf-lib with the CJK font handed in, as the
 * village notice and the bulletin): the township and its villages, the sign-off with the full
 * digest of what was reviewed and how to check it against the audit chain, the proposals with
 * their decisions and the comments. Chinese only, as the xlsx (reviewXlsx.ts, same input). Texts
 * are drawn as text: a comment is never read as anything else. Only characters the CJK fonts all
 * have (no curly quotes or arrows: Droid Sans Fallback lacks them).
 */
import { A4, cjkDocument, drawTable, heading, MARGIN, Writer } from './pdfWriter.ts';
import type { NoticeFont } from './planNotice.ts';
import type { ReviewExport } from './reviewXlsx.ts';

const FIELD_ZH: Record<string, string> = { ZT: '状态', ZZZW: '种植作物', GGFS: '灌溉方式', SYLX: '水源类型' };
const TARGET_ZH: Record<string, string> = { village: '村', plot: '地块', finding: '套核发现' };
const STATUS_ZH: Record<string, string> = { pending: '待处理', accepted: '已接受', rejected: '未采纳' };
const local = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');
const WIDTH = A4.width - 2 * MARGIN;

/** Label: value lines of the summary, the value wrapped beside its label. */
function facts(w: Writer, rows: [string, string][]): void {
  drawTable(w, [{ header: '项目', width: 110 }, { header: '内容', width: WIDTH - 110 }], rows, 9.5);
}

export async function reviewPdf(r: ReviewExport, font: NoticeFont): Promise<Uint8Array> {
  const { doc, cjk, latin } = await cjkDocument(font);
  const title = `${r.countyName ? `${r.countyName} ` : ''}${r.year} 年乡镇审核结果`;
  doc.setTitle(`${title} · 乡镇 ${r.township}`);
  doc.setProducer('水地 Shuidi');
  const w = new Writer(doc, cjk, latin);
  w.y -= 10;
  w.text(title, 0, 17, { centre: true });
  w.y -= 22;
  w.text(`乡镇 ${r.township}`, 0, 12, { centre: true });
  w.y -= 10;
  const accepted = r.proposals.filter((p) => p.status === 'accepted').length;
  const rejected = r.proposals.filter((p) => p.status === 'rejected').length;
  heading(w, '一、审核结论');
  facts(w, [
    ['年度', String(r.year)],
    ['乡镇', r.township],
    ['所辖村', `${r.villages.length} 个：${r.villages.join('、')}`],
    ['审核开启', r.openedBy ? `${r.openedBy} ${local(r.openedAt)}` : '未开启'],
    ['状态', r.status],
    ['签字人', r.signoff?.signer ?? '（未签字）'],
    ['签字时间', local(r.signoff?.signedAt ?? null)],
    ['审核内容摘要 SHA-256', r.signoff?.reviewedHash ?? ''],
    ['意见', `${r.comments.length} 条`],
    ['修改提议', `${r.proposals.length} 条（已接受 ${accepted}，未采纳 ${rejected}，待处理 ${r.proposals.length - accepted - rejected}）`],
  ]);
  w.y -= 6;
  w.paragraph(
    '审核内容摘要是签字时该乡镇本年度审核内容（地块修改、意见、提议及其处理）的 SHA-256 摘要。' +
    '服务器审计日志中该乡镇「签字确认」一条（review-signed）记有同一摘要，可用 npm run cli -- audit verify 核验审计日志完整，再核对两处摘要一致。',
    9, undefined, 18,
  );
  // a table row is never split across pages: a very long text is shortened, and says where it is whole
  const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}……（共 ${text.length} 字，全文见该乡镇审核结果 xlsx）`);
  heading(w, `二、修改提议（${r.proposals.length} 条）`);
  if (r.proposals.length === 0) w.paragraph('无。', 9.5);
  else drawTable(w, [{ header: '#', width: 26 }, { header: '地块', width: 62 }, { header: '提议', width: 80 }, { header: '理由', width: 130 }, { header: '提议人', width: 56 }, { header: '处理', width: 141 }],
    r.proposals.map((p) => [String(p.id), p.plotId, `${FIELD_ZH[p.field] ?? p.field}改为${p.value}`, clip(p.reason, 240), p.author,
      `${STATUS_ZH[p.status] ?? p.status}${p.decidedBy ? ` · ${p.decidedBy} ${local(p.decidedAt)}` : ''}${p.auditSeq !== null ? ` · 审计 #${p.auditSeq}` : ''}`]), 8.5);
  heading(w, `三、意见（${r.comments.length} 条）`);
  if (r.comments.length === 0) w.paragraph('无。', 9.5);
  else drawTable(w, [{ header: '#', width: 26 }, { header: '对象', width: 90 }, { header: '意见', width: 240 }, { header: '提出人', width: 56 }, { header: '时间', width: 83 }],
    r.comments.map((c) => [String(c.id), `${TARGET_ZH[c.targetKind] ?? c.targetKind} ${c.targetId}`, clip(c.text, 600), c.author, local(c.createdAt)]), 8.5);
  w.ensure(70);
  w.y -= 40;
  w.text(`乡镇签字：${r.signoff?.signer ?? '＿＿＿＿＿＿'}`, MARGIN, 10.5);
  w.text(`日期：${r.signoff ? r.signoff.signedAt.slice(0, 10) : '＿＿＿＿＿＿'}`, MARGIN + WIDTH / 2, 10.5);
  return doc.save();
}
