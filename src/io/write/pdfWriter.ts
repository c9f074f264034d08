/**
 * Writing Chinese text and tables onto A4 pages with pdf-lib: runs of Latin-1 text in Helvetica and
 * everything else in the embedded CJK font (which may lack Latin glyphs), wrapping at any character,
 * a new page when the next line does not fit. Used by the plan's notice, the monthly bulletin and the township review.
 */
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { NoticeFont } from './planNotice.ts';

/** A new document with the CJK font (handed in as bytes) and Helvetica embedded. */
export async function cjkDocument(font: NoticeFont): Promise<{ doc: PDFDocument; cjk: PDFFont; latin: PDFFont }> {
  const doc = await PDFDocument.create();
  const postscriptName = font.postscriptName;
  doc.registerFontkit(postscriptName ? { create: (bytes: Uint8Array) => fontkit.create(bytes, postscriptName) } : fontkit);
  // embedded whole: fontkit's subsets of large CJK fonts come out with the wrong glyphs
  const cjk = await doc.embedFont(font.bytes, { subset: false });
  const latin = await doc.embedFont(StandardFonts.Helvetica);
  return { doc, cjk, latin };
}

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 50;

export class Writer {
  page: PDFPage;
  y: number;
  constructor(private doc: PDFDocument, private cjk: PDFFont, private latin: PDFFont) {
    this.page = doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }
  newPage(): void {
    this.page = this.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - MARGIN;
  }
  ensure(height: number): void {
    if (this.y - height < MARGIN) this.newPage();
  }
  /** Runs of Latin-1 text (Helvetica) and of everything else (the CJK font, which may lack Latin glyphs). */
  private runs(s: string): { text: string; font: PDFFont }[] {
    return (s.match(/[\x20-\xff]+|[^\x20-\xff]+/g) ?? []).map((text) => ({ text, font: /^[\x20-\xff]/.test(text) ? this.latin : this.cjk }));
  }
  width(s: string, size: number): number {
    return this.runs(s).reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0);
  }
  text(s: string, x: number, size: number, options: { centre?: boolean } = {}): void {
    let at = options.centre ? (A4.width - this.width(s, size)) / 2 : x;
    for (const r of this.runs(s)) {
      this.page.drawText(r.text, { x: at, y: this.y, size, font: r.font, color: rgb(0, 0, 0) });
      at += r.font.widthOfTextAtSize(r.text, size);
    }
  }
  /** Wraps Chinese text at any character to the width. */
  paragraph(s: string, size: number, width = A4.width - 2 * MARGIN, indent = 0): void {
    let line = '';
    let first = true;
    const flush = () => {
      this.ensure(size * 1.6);
      this.y -= size * 1.6;
      this.text(line, MARGIN + (first ? indent : 0), size);
      line = '';
      first = false;
    };
    for (const ch of s) {
      if (this.width(line + ch, size) > width - (first ? indent : 0)) flush();
      line += ch;
    }
    if (line) flush();
  }
}

export interface Column { header: string; width: number; align?: 'right' }

/** Lines of `s` that fit `width` at `size`, broken at any character. */
function wrap(w: Writer, s: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of s) {
    if (line && w.width(line + ch, size) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  return [...lines, line];
}

/** A table whose cells wrap; the header repeats on a new page. */
export function drawTable(w: Writer, columns: Column[], rows: string[][], size: number): void {
  const line = size * 1.35;
  const pad = 3;
  const draw = (cells: string[], header: boolean) => {
    const wrapped = cells.map((c, i) => wrap(w, c, size, columns[i].width - 2 * pad));
    const height = Math.max(...wrapped.map((l) => l.length)) * line + 2 * pad;
    if (w.y - height < MARGIN) {
      w.newPage();
      if (!header) draw(columns.map((c) => c.header), true);
    }
    let x = MARGIN;
    const top = w.y;
    wrapped.forEach((lines, i) => {
      const col = columns[i];
      w.page.drawRectangle({ x, y: top - height, width: col.width, height, borderColor: rgb(0.3, 0.3, 0.3), borderWidth: 0.4, color: header ? rgb(0.9, 0.92, 0.96) : undefined });
      lines.forEach((text, k) => {
        w.y = top - pad - (k + 1) * line + size * 0.3;
        const at = col.align === 'right' && !header ? x + col.width - pad - w.width(text, size) : x + pad;
        w.text(text, at, size);
      });
      x += col.width;
    });
    w.y = top - height;
  };
  draw(columns.map((c) => c.header), true);
  for (const row of rows) draw(row, false);
}

export function heading(w: Writer, s: string): void {
  w.ensure(40);
  w.y -= 22;
  w.text(s, MARGIN, 12);
  w.y -= 6;
}
