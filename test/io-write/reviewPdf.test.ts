/**
 * A signed township's review as a PDF: it parses, its text (pdftotext, poppler-utils) holds the
 * full digest, the signer, the Chinese headings, a comment as written and the proposal's decision;
 * its first page renders (pdftoppm) to a PNG that is not blank. Many comments run onto more pages.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { findCjkFontFile } from '../../server/cjkFont.ts';
import { reviewPdf } from '../../src/io/write/reviewPdf.ts';
import type { ReviewExport } from '../../src/io/write/reviewXlsx.ts';

const dir = mkdtempSync(join(tmpdir(), 'shuidi-review-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hash = '0123456789abcdef'.repeat(4);
const review = (comments: number): ReviewExport => ({
  year: 2026, countyName: '示例县', township: '659901100', villages: ['659901100001', '659901100002'], openedBy: 'shuili', openedAt: '2026-12-01T08:00:00Z',
  status: '已签字', signoff: { signer: '李乡长', signedAt: '2026-12-07T08:31:00Z', reviewedHash: hash },
  comments: Array.from({ length: comments }, (_, i) => ({ id: i + 1, targetKind: 'village', targetId: '659901100001', text: i === 0 ? '<b>同意</b> 该村退减方案' : `第 ${i + 1} 条意见：核实地块种植情况。`, author: '李乡长', createdAt: '2026-12-02T00:00:00Z' })),
  proposals: [{ id: 3, plotId: 'P3', field: 'ZT', value: '退减', reason: '无井灌条件', author: '李乡长', createdAt: '2026-12-03T00:00:00Z', status: 'accepted', decidedBy: 'nongye', decidedAt: '2026-12-04T00:00:00Z', auditSeq: 42 }],
});

function pdfText(path: string): string {
  const run = spawnSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
  expect(run.error, 'pdftotext (poppler-utils) is needed to read the PDF back').toBeUndefined();
  expect(run.status).toBe(0);
  return run.stdout;
}

describe('a signed township review as PDF', () => {
  it('holds the title, the sign-off with the full digest, the check against the chain, the proposals and the comments', async () => {
    const font = await findCjkFontFile();
    expect(font, 'a font with Chinese glyphs (fonts-noto-cjk) is needed').not.toBeNull();
    const bytes = await reviewPdf(review(2), font!);
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toBe('示例县 2026 年乡镇审核结果 · 乡镇 659901100');
    const path = join(dir, 'review.pdf');
    writeFileSync(path, bytes);
    const text = pdfText(path);
    expect(text.replace(/\s+/g, '')).toContain(hash);
    for (const s of ['乡镇审核结果', '李乡长', '审计日志', 'audit verify', '已接受', 'nongye', '<b>同意</b>', '659901100001、659901100002']) expect(text.replace(/\s+/g, ''), s).toContain(s.replace(/\s+/g, ''));
    const png = join(dir, 'page');
    const render = spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', path, png]);
    expect(render.error, 'pdftoppm (poppler-utils) is needed to render the PDF').toBeUndefined();
    expect(readFileSync(`${png}.png`).length).toBeGreaterThan(10_000);
    if (process.env.SHUIDI_KEEP_PDF) writeFileSync(process.env.SHUIDI_KEEP_PDF, bytes);
  });

  it('runs onto more pages when the comments do not fit one', async () => {
    const bytes = await reviewPdf(review(80), (await findCjkFontFile())!);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThan(1);
  });
});
