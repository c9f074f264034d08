/**
 * An editable table (quota or caps): cells edited in place and saved to the project on leaving a
 * cell, rows added and removed, CSV/xlsx import and export. Every problem is listed with its cell
 * (e.g. "E5") and the cell is marked; an import with problems is refused, so nothing already
 * entered is lost.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { columnLetter, parseCsv, toCsv, type TableRow } from '../../io/tables/csv.ts';
import { safeCsvRows } from '../../io/write/safeCsvCells.ts';
import { readTableRows } from '../../io/tables/readTable.ts';
import { writeXlsxRows } from '../../io/tables/xlsxRows.ts';
import type { CellIssue } from '../../io/tables/tableSchema.ts';
import { download } from '../edit/plotsData.ts';
import { tablesBeingEdited } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';

const MAX_SHOWN = 300;

export interface TableEditorProps {
  id: 'quotas' | 'caps';
  title: string;
  headers: string[];
  csv: string | null;
  validate(rows: TableRow[], file: string): CellIssue[];
  save(csv: string): void;
  /** no operator name: the table can be read, not changed */
  readOnly?: boolean;
}

const rowsOf = (cells: string[][]): TableRow[] => cells.map((c, i) => ({ line: i + 1, cells: c }));

export function TableEditor({ id, title, headers, csv, validate, save, readOnly = false }: TableEditorProps) {
  const t = useT();
  const [cells, setCells] = useState<string[][]>(() => (csv ? parseCsv(csv).map((r) => r.cells) : [headers]));
  const [importIssues, setImportIssues] = useState<{ file: string; issues: CellIssue[] } | null>(null);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    // the project changed under us (opened, sample loaded): show what it holds
    if (csv !== null && csv !== toCsv(cells)) setCells(parseCsv(csv).map((r) => r.cells));
  }, [csv]);
  // a cell being typed in when the panel closes is saved too (no blur event on unmount)
  const latest = useRef({ cells, dirty: false, save });
  latest.current = { ...latest.current, cells, save };
  useEffect(() => () => {
    if (latest.current.dirty) latest.current.save(toCsv(latest.current.cells));
    tablesBeingEdited.delete(id);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const issues = useMemo(() => validate(rowsOf(cells), `${id}.csv`), [cells, validate, id]);
  const bad = new Set(issues.map((i) => i.cell));
  const width = Math.max(headers.length, ...cells.map((r) => r.length));
  const body = cells.slice(1).map((r, k) => [r, k + 1] as const).filter(([r]) => !filter || r.some((c) => c.includes(filter)));

  const setCell = (row: number, col: number, value: string) => {
    latest.current.dirty = true;
    tablesBeingEdited.add(id);
    setCells((current) => current.map((r, i) => (i === row ? Array.from({ length: width }, (_, c) => (c === col ? value : r[c] ?? '')) : r)));
  };
  const commit = (next = cells) => {
    latest.current.dirty = false;
    tablesBeingEdited.delete(id);
    save(toCsv(next));
  };
  const removeRow = (row: number) => {
    const next = cells.filter((_, i) => i !== row);
    setCells(next);
    commit(next);
  };
  const addRow = () => setCells((current) => [...current, new Array(width).fill('')]);

  async function importFile(file: File) {
    const rows = await readTableRows(new Uint8Array(await file.arrayBuffer()), file.name).catch((error: Error) => {
      setImportIssues({ file: file.name, issues: [{ row: 0, column: '', cell: '', message: error.message }] });
      return null;
    });
    if (!rows) return;
    const found = validate(rows, file.name);
    if (found.length) {
      setImportIssues({ file: file.name, issues: found });
      return;
    }
    setImportIssues(null);
    const next = rows.map((r) => r.cells);
    setCells(next);
    commit(next);
  }

  return (
    <section className="table-editor" data-testid={`table-${id}`}>
      <h4>{title}</h4>
      <div className="toolbar">
        <label className="button">
          {t('导入 CSV/xlsx', 'Import CSV/xlsx')}
          <input type="file" accept=".csv,.txt,.xlsx" hidden disabled={readOnly} data-testid={`table-${id}-import`}
            onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void importFile(f); }} />
        </label>
        <button onClick={() => download(`${id}.csv`, toCsv(safeCsvRows(cells)), 'text/csv;charset=utf-8')}>{t('导出 CSV', 'Export CSV')}</button>
        <button onClick={async () => download(`${id}.xlsx`, await writeXlsxRows(cells, title), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>{t('导出 xlsx', 'Export xlsx')}</button>
        <button onClick={addRow} disabled={readOnly} data-testid={`table-${id}-add`}>{t('添加行', 'Add row')}</button>
        <input placeholder={t('筛选', 'Filter')} value={filter} onChange={(e) => setFilter(e.target.value)} size={8} />
      </div>
      {importIssues && (
        <div className="panel-error" role="alert" data-testid={`table-${id}-import-error`}>
          {t('导入被拒绝，原表未改动：', 'Import refused; the table is unchanged:')} {importIssues.file}
          <ul className="issues">{importIssues.issues.slice(0, 20).map((i, k) => <li key={k}>{i.cell ? `${i.cell} (${i.column})` : i.column}: {t(i.message, i.messageEn ?? i.message)}</li>)}</ul>
        </div>
      )}
      {issues.length > 0 && (
        <ul className="issues" data-testid={`table-${id}-issues`}>
          {issues.slice(0, 50).map((i, k) => <li key={k}>{i.cell ? `${i.cell}（${t('第', 'row ')}${i.row}${t('行', '')} ${i.column}）` : i.column}: {t(i.message, i.messageEn ?? i.message)}</li>)}
        </ul>
      )}
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr><th>#</th>{Array.from({ length: width }, (_, c) => <th key={c} title={columnLetter(c)}>{cells[0]?.[c] ?? ''}</th>)}<th /></tr>
          </thead>
          <tbody>
            {body.slice(0, MAX_SHOWN).map(([row, index]) => (
              <tr key={index}>
                <td className="muted">{index + 1}</td>
                {Array.from({ length: width }, (_, c) => (
                  <td key={c} className={bad.has(`${columnLetter(c)}${index + 1}`) ? 'bad' : ''}>
                    <input value={row[c] ?? ''} readOnly={readOnly} aria-label={`${columnLetter(c)}${index + 1}`} data-cell={`${columnLetter(c)}${index + 1}`}
                      onChange={(e) => setCell(index, c, e.target.value)} onBlur={() => commit()} />
                  </td>
                ))}
                <td><button className="link" disabled={readOnly} title={t('删除行', 'Delete row')} onClick={() => removeRow(index)}>✕</button></td>
              </tr>
            ))}
          </tbody>
        </table>
        {body.length > MAX_SHOWN && <p className="muted">{t(`仅显示前 ${MAX_SHOWN} 行，请用筛选查找。`, `Showing the first ${MAX_SHOWN} rows; use the filter.`)}</p>}
      </div>
    </section>
  );
}
