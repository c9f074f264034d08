/**
 * CSV formula injection (OWASP, "CSV Injection"): a cell starting with =, +, -, @, a tab or a
 * carriage return is run as a formula by Excel and LibreOffice when the file is opened, so a user
 * name like `=HYPERLINK(...)` or a village name like `+cmd|' /C calc'!A0` would act. Such text
 * cells get a leading apostrophe, which spreadsheets show as text and do not display. Cells that
 * are plain numbers (-5.2, +3, -1e-3) are left as they are: they are figures, not formulas.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function safeCsvCell<T extends string | number | null | undefined>(value: T): T | string {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

/** Every cell of `rows` made safe; the rows given are not changed. */
export function safeCsvRows(rows: readonly (readonly (string | number | null | undefined)[])[]): (string | number | null | undefined)[][] {
  return rows.map((row) => row.map(safeCsvCell));
}
