/**
 * Bottom drawer: the three-level summary with the xlsx's columns (village rows, township
 * subtotals, the city total), sortable, filterable by township, virtualised (only the rows in view
 * are in the DOM, so thousands of villages scroll without lag), export to xlsx and CSV.
 */
import { useMemo, useRef, useState, type UIEvent } from 'react';
import { ACCOUNTING_COLUMNS, DECIMALS, summaryRows, type TableRowEntry } from '../../core/accounting/columns.ts';
import { accountingCsv } from '../../io/write/accountingCsv.ts';
import { accountingXlsx } from '../../io/write/accountingXlsx.ts';
import { useAccountingStore } from '../../state/accountingStore.ts';
import { StaleNotice, useFiguresStale } from './StaleNotice.tsx';
import { download } from '../edit/plotsData.ts';
import { formatNumber, useT } from '../i18n.ts';
import { selectAndZoom } from './useAccountingMap.ts';
import './accounting.css';

const ROW_H = 24;
const HEADER_H = 48;
const OVERSCAN = 12;

interface Sort {
  key: string;
  dir: 1 | -1;
}

function sortRows(rows: TableRowEntry[], sort: Sort | null): TableRowEntry[] {
  if (!sort) return rows;
  const column = ACCOUNTING_COLUMNS.find((c) => c.key === sort.key);
  if (!column) return rows;
  const value = (r: TableRowEntry) => column.value(r.unit);
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'zh')) * sort.dir;
  });
}

function Cell({ entry, index }: { entry: TableRowEntry; index: number }) {
  const column = ACCOUNTING_COLUMNS[index];
  const v = column.key === 'name' && entry.role !== 'village' ? `${entry.unit.name}${entry.role === 'total' ? ' 合计' : ' 小计'}` : column.value(entry.unit);
  const over = column.over?.(entry.unit) ?? false;
  const shown = typeof v === 'number' ? (column.kind === 'share' ? `${formatNumber(v * 100, 1)}%` : formatNumber(v, DECIMALS[column.kind])) : v ?? '—';
  return <td className={`${column.kind === 'text' ? '' : 'num'}${over ? ' over-cell' : ''}`} title={String(shown)}>{shown}</td>;
}

export function AccountingTable() {
  const t = useT();
  const result = useAccountingStore((s) => s.result);
  const selectedCode = useAccountingStore((s) => s.selectedCode);
  const [sort, setSort] = useState<Sort | null>(null);
  const [township, setTownship] = useState('');
  const [villagesOnly, setVillagesOnly] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const stale = useFiguresStale();
  const scroller = useRef<HTMLDivElement>(null);

  const townships = useMemo(() => result?.units.filter((u) => u.level === 'township') ?? [], [result]);
  const rows = useMemo(() => {
    if (!result) return [];
    let list = summaryRows(result.units);
    if (township) list = list.filter((r) => r.unit.code === township || r.unit.parentCode === township);
    if (villagesOnly) list = list.filter((r) => r.role === 'village');
    return sortRows(list, sort);
  }, [result, township, villagesOnly, sort]);

  if (!result) {
    return <p className="muted" data-testid="account-table-empty">{t('尚未核算：在“用水核算”中点击“开始核算”。', 'No accounting yet: run it in the Accounting tab.')}</p>;
  }
  const viewH = scroller.current?.clientHeight ?? 400;
  const first = Math.max(0, Math.floor((scrollTop - HEADER_H) / ROW_H) - OVERSCAN);
  const last = Math.min(rows.length, first + Math.ceil(viewH / ROW_H) + 2 * OVERSCAN);
  const groups: { group: string; groupEn: string; span: number }[] = [];
  for (const c of ACCOUNTING_COLUMNS) {
    const g = groups[groups.length - 1];
    if (g && g.group === c.group) g.span++;
    else groups.push({ group: c.group, groupEn: c.groupEn, span: 1 });
  }
  const stamp = `${result.countyName}_${result.year}`;
  const toggleSort = (key: string) => setSort((s) => (s?.key === key ? (s.dir === 1 ? { key, dir: -1 } : null) : { key, dir: 1 }));
  return (
    <div className="accounting-table">
      <div className="toolbar">
        <strong>{result.countyName} {result.year} {t('三级汇总表', 'summary')}</strong>
        <label>
          {t('乡镇', 'Township')}{' '}
          <select data-testid="account-township-filter" value={township} onChange={(e) => setTownship(e.target.value)}>
            <option value="">{t('全部', 'All')}</option>
            {townships.map((u) => <option key={u.code} value={u.code}>{u.name}</option>)}
          </select>
        </label>
        <label><input type="checkbox" checked={villagesOnly} onChange={(e) => setVillagesOnly(e.target.checked)} /> {t('只看村', 'Villages only')}</label>
        <span className="muted small">{rows.length} {t('行', 'rows')} · {t('面积 亩，水量 万m³', 'area mu, water 10⁴ m³')}</span>
        <span className="spacer" />
        <button data-testid="account-export-xlsx" onClick={async () => download(`用水核算_${stamp}.xlsx`, await accountingXlsx(result), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')}>xlsx</button>
        <button data-testid="account-export-csv" onClick={() => download(`用水核算_${stamp}.csv`, accountingCsv(result), 'text/csv;charset=utf-8')}>CSV</button>
      </div>
      <StaleNotice />
      <div className={stale ? 'scroller stale' : 'scroller'} ref={scroller} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}>
        <table data-testid="account-table" data-year={result.year}>
          <colgroup>{ACCOUNTING_COLUMNS.map((c) => <col key={c.key} style={{ width: c.key === 'name' ? 150 : c.key === 'code' ? 110 : c.key === 'level' ? 44 : 84 }} />)}</colgroup>
          <thead>
            <tr className="groups">{groups.map((g) => <th key={g.group} colSpan={g.span}>{t(g.group, g.groupEn)}</th>)}</tr>
            <tr className="labels">
              {ACCOUNTING_COLUMNS.map((c) => (
                <th key={c.key} onClick={() => toggleSort(c.key)} aria-sort={sort?.key === c.key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} data-testid={`account-sort-${c.key}`}>
                  {t(c.label, c.labelEn)}{sort?.key === c.key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {first > 0 && <tr style={{ height: first * ROW_H }} aria-hidden="true" />}
            {rows.slice(first, last).map((entry) => (
              <tr key={`${entry.role}:${entry.unit.code}`} data-testid="account-row" data-code={entry.unit.code} data-level={entry.unit.level}
                className={`${entry.role}${entry.unit.code === selectedCode ? ' selected' : ''}`} onClick={() => selectAndZoom(entry.unit.code)}>
                {ACCOUNTING_COLUMNS.map((_, i) => <Cell key={i} entry={entry} index={i} />)}
              </tr>
            ))}
            {last < rows.length && <tr style={{ height: (rows.length - last) * ROW_H }} aria-hidden="true" />}
          </tbody>
        </table>
      </div>
    </div>
  );
}
