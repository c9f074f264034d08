/**
 * The printable A4 pages (the village notice 公示, the monthly bulletin 通报): one document shell —
 * Chinese fonts, A4 margins, ruled tables that repeat their header on each page, a toolbar with a
 * print button hidden on paper — and one way to open it. The page's CSP allows no inline script,
 * so the opener wires the button.
 */

/** Escapes text for HTML content and attribute values. */
export const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface PrintPageOptions {
  title: string;
  /** @page margin, e.g. "18mm 16mm" */
  margin: string;
  fontPt: number;
  maxWidthMm: number;
  /** the page's own rules, after the shared ones */
  css: string;
  /** the content after the toolbar */
  body: string;
}

export function printPageHtml(o: PrintPageOptions): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(o.title)}</title><style>
@page { size: A4; margin: ${o.margin}; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: ${o.fontPt}pt; color: #000; margin: 0 auto; max-width: ${o.maxWidthMm}mm; }
p { text-indent: 2em; line-height: 1.6; margin: 4pt 0; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; }
th, td { border: 0.5pt solid #444; padding: 2pt 3pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; }
@media screen { body { padding: 16px; } }
@media print { .toolbar { display: none; } }
.toolbar { text-align: right; }
${o.css}
</style></head><body>
<div class="toolbar"><button id="print">打印 / 另存为 PDF</button></div>
${o.body}
</body></html>`;
}

/** Opens a printable page in a new tab; its button prints it. */
export function openPrintPage(html: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const win = window.open(url, '_blank');
  win?.addEventListener('load', () => win.document.getElementById('print')?.addEventListener('click', () => win.print()), { once: true });
}
