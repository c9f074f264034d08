/**
 * CSV text ⇄ rows of cells (RFC 4180: quoted cells, doubled quotes, CR/LF). Tables arrive as
 * UTF-8 with or without BOM; a file saved by Excel on a Chinese Windows is GBK, so bytes that are
 * not valid UTF-8 are read as GBK rather than turned into replacement characters.
 */

export function decodeTableText(bytes: Uint8Array): { text: string; encoding: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** One row of a table with its 1-based row number in the file (for messages naming a cell). */
export interface TableRow {
  line: number;
  cells: string[];
}

/**
 * Parses CSV text into rows; fully empty lines are dropped (row numbers still count them).
 * A comma, semicolon or tab separator is detected from the first line.
 */
export function parseCsv(text: string): TableRow[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = source.slice(0, source.search(/\r?\n|$/));
  const separator = [',', '\t', ';'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const rows: TableRow[] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i++;
      row.push(cell);
      rows.push({ line: rowLine, cells: row });
      row = [];
      cell = '';
      rowLine = ++line;
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push({ line: rowLine, cells: row });
  }
  return rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
}

const quote = (cell: string): string => (/[",\r\n]/.test(cell) || /^\s|\s$/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** Rows to CSV text with CRLF line ends and a BOM, so Excel opens the UTF-8 Chinese text correctly. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const lines = rows.map((r) => r.map((c) => quote(c === null || c === undefined ? '' : String(c))).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** Spreadsheet column letters of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
