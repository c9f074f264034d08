/**
 * Writing Chinese text and tables onto A4 pages with pdf-lib: runs of Latin-1 text in Helvetica and
 * everything else in the embedded CJK font (which may lack Latin glyphs), wrapping at any character,
 * a new page when the next line does not fit. Used by the plan's notice and the monthly bulletin.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

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
