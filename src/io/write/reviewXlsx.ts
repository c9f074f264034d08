/**
 * A township's review round of year Y as an .xlsx (exceljs): 审核结论 (the township, the round, the
 * sign-off with the digest of what was reviewed), 意见 (comments) and 修改提议 (proposals and their
 * decisions). A comment is a string cell, never a formula, whatever it starts with (xlsxTable.ts).
 */
import type ExcelJS from 'exceljs';
import { loadExcel } from '../excel.ts';
import { titledTable } from './xlsxTable.ts';

export interface ReviewExport {
  year: number;
  countyName: string;
  township: string;
  villages: readonly string[];
  openedBy: string | null;
  openedAt: string | null;
  status: string;
  signoff: { signer: string; signedAt: string; reviewedHash: string } | null;
  comments: readonly { id: number; targetKind: string; targetId: string; text: string; author: string; createdAt: string }[];
  proposals: readonly { id: number; plotId: string; field: string; value: string; reason: string; author: string; createdAt: string; status: string; decidedBy: string | null; decidedAt: string | null; auditSeq: number | null }[];
}

export const REVIEW_SHEETS = { summary: '审核结论', comments: '意见', proposals: '修改提议' } as const;

const FIELD_ZH: Record<string, string> = { ZT: '状态', ZZZW: '种植作物', GGFS: '灌溉方式', SYLX: '水源类型' };
const TARGET_ZH: Record<string, string> = { village: '村', plot: '地块', finding: '套核发现' };
const STATUS_ZH: Record<string, string> = { pending: '待处理', accepted: '已接受', rejected: '未采纳' };
const local = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '');

function sheetOf(book: ExcelJS.Workbook, name: string, title: string, headers: [string, number][], rows: (string | number)[][]): void {
  const sheet = book.addWorksheet(name, { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  titledTable(sheet, title, headers.map(([header, width]) => ({ header, width })), rows, { wrap: true });
}

export async function reviewXlsx(r: ReviewExport): Promise<Uint8Array> {
  const book = new (await loadExcel()).Workbook();
  book.creator = 'Shuidi';
  const title = `${r.countyName ? `${r.countyName} ` : ''}${r.year} 年乡镇审核 · 乡镇 ${r.township}`;
  sheetOf(book, REVIEW_SHEETS.summary, title, [['项目', 18], ['内容', 80]], [
    ['年度', r.year],
    ['乡镇', r.township],
    ['所辖村', r.villages.join('、')],
    ['审核开启', r.openedBy ? `${r.openedBy} ${local(r.openedAt)}` : '未开启'],
    ['状态', r.status],
    ['签字人', r.signoff?.signer ?? '（未签字）'],
    ['签字时间', local(r.signoff?.signedAt ?? null)],
    ['审核内容摘要（SHA-256）', r.signoff?.reviewedHash ?? ''],
    ['意见', r.comments.length],
    ['修改提议', `${r.proposals.length}（已接受 ${r.proposals.filter((p) => p.status === 'accepted').length}，未采纳 ${r.proposals.filter((p) => p.status === 'rejected').length}，待处理 ${r.proposals.filter((p) => p.status === 'pending').length}）`],
  ]);
  sheetOf(book, REVIEW_SHEETS.comments, `${title} · 意见`, [['#', 6], ['对象', 10], ['编码', 24], ['意见', 60], ['提出人', 14], ['时间', 20]],
    r.comments.map((c) => [c.id, TARGET_ZH[c.targetKind] ?? c.targetKind, c.targetId, c.text, c.author, local(c.createdAt)]));
  sheetOf(book, REVIEW_SHEETS.proposals, `${title} · 修改提议`, [['#', 6], ['地块', 22], ['字段', 12], ['改为', 12], ['理由', 40], ['提议人', 14], ['处理', 10], ['处理人', 14], ['处理时间', 20], ['审计序号', 10]],
    r.proposals.map((p) => [p.id, p.plotId, FIELD_ZH[p.field] ?? p.field, p.value, p.reason, p.author, STATUS_ZH[p.status] ?? p.status, p.decidedBy ?? '', local(p.decidedAt), p.auditSeq ?? '']));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
