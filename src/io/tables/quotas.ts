/**
 * quotas.csv (docs/contract.md): 类别 (作物 | 林种 | 状态), 名称, 灌溉方式 (a method or `*`), 定额 m³/亩.
 * An empty 灌溉方式 means `*`. A 类别 `状态` row names 休耕 or 退减 with 灌溉方式 `*`: the water
 * still given to fallow or retired land. Every problem names its cell.
 */
import { STATUS_QUOTA_NAMES, type QuotaCategory, type QuotaRow } from '../../core/accounting/types.ts';
import { IRRIGATION_METHODS } from '../../core/types.ts';
import { toCsv, type TableRow } from './csv.ts';
import { bindColumns, cellOf, extraCellsIssue, issueAt, numberIn, TableError, type CellIssue, type ColumnSpec, type Said } from './tableSchema.ts';

type QuotaKey = 'category' | 'name' | 'method' | 'quota';

export const QUOTA_COLUMNS: ColumnSpec<QuotaKey>[] = [
  { key: 'category', header: '类别', aliases: ['category', '类型'], required: true },
  { key: 'name', header: '名称', aliases: ['name', '作物', '作物或林种'], required: true },
  { key: 'method', header: '灌溉方式', aliases: ['method', 'ggfs'], required: false },
  { key: 'quota', header: '定额', aliases: ['quota', '亩均定额', '亩均计划水量', '用水定额'], required: true, unit: 'quota' },
];

const CATEGORY: Record<string, QuotaCategory> = {
  作物: '作物', crop: '作物', 林种: '林种', 林地: '林种', forest: '林种', 状态: '状态', status: '状态',
};

/** Above this a quota is a slip (the highest irrigation quotas are near 1 500 m³/亩). */
export const MAX_QUOTA_M3_PER_MU = 10000;
const QUOTA = { zh: 'm³/亩', en: 'm³/亩', max: MAX_QUOTA_M3_PER_MU };

export function quotaRowsFromTable(rows: TableRow[], file: string): { quotas: QuotaRow[]; issues: CellIssue[] } {
  void file;
  const issues: CellIssue[] = [];
  const table = bindColumns(rows, QUOTA_COLUMNS, issues);
  if (!table || issues.length) return { quotas: [], issues };
  const quotas: QuotaRow[] = [];
  const seen = new Map<string, number>();
  for (const row of table.body) {
    const at = (key: QuotaKey, said: Said) => issues.push(issueAt(table, row, key, said, key));
    const extra = extraCellsIssue(table, row);
    if (extra) {
      issues.push(extra);
      continue;
    }
    const categoryText = cellOf(table, row, 'category');
    const category = CATEGORY[categoryText.toLowerCase()];
    const name = cellOf(table, row, 'name');
    const method = cellOf(table, row, 'method') || '*';
    const quotaRaw = cellOf(table, row, 'quota');
    const quota = numberIn(quotaRaw, table.factor.quota, QUOTA);
    if (!category) at('category', { zh: `“${categoryText}”不是 作物、林种 或 状态：请改为其中之一`, en: `"${categoryText}" is not 作物, 林种 or 状态` });
    if (!name) at('name', { zh: '名称为空：请填写作物、林种名称（状态行填 休耕 或 退减）', en: 'empty name' });
    if (category === '状态' && name && !(STATUS_QUOTA_NAMES as readonly string[]).includes(name)) {
      at('name', { zh: `状态行的名称应为 休耕 或 退减，而不是“${name}”`, en: `a 状态 row names 休耕 or 退减, not "${name}"` });
    } else if (category === '状态' && method !== '*') {
      at('method', { zh: `状态行适用于所有灌溉方式：灌溉方式请填 *，而不是“${method}”`, en: `a 状态 row applies to every method: write * , not "${method}"` });
    } else if (method !== '*' && !(IRRIGATION_METHODS as readonly string[]).includes(method)) {
      at('method', { zh: `“${method}”不是 ${IRRIGATION_METHODS.join('、')} 或 *：请改为其中之一`, en: `"${method}" is not one of ${IRRIGATION_METHODS.join(', ')} or *` });
    }
    if (quota !== null && typeof quota === 'object') at('quota', quota);
    else if (quota === null) at('quota', { zh: '定额为空：请填写每亩用水量（m³/亩）', en: 'empty quota' });
    if (!category || !name || typeof quota !== 'number') continue;
    const key = `${category}/${name}/${method}`;
    if (seen.has(key)) at('name', { zh: `${category} ${name} ${method} 已在第 ${seen.get(key)} 行填写过：请删除重复行`, en: `${category} ${name} ${method} already given in row ${seen.get(key)}` });
    seen.set(key, row.line);
    quotas.push({ category, name, method, quotaM3PerMu: quota });
  }
  return { quotas, issues };
}

/** Strict: throws a TableError naming the first bad cell. */
export function quotasFromTable(rows: TableRow[], file: string): QuotaRow[] {
  const { quotas, issues } = quotaRowsFromTable(rows, file);
  if (issues.length) throw new TableError(file, issues);
  return quotas;
}

export function quotasToRows(quotas: readonly QuotaRow[]): string[][] {
  return [
    QUOTA_COLUMNS.map((c) => c.header),
    ...quotas.map((q) => [q.category, q.name, q.method, String(q.quotaM3PerMu)]),
  ];
}

export const quotasToCsv = (quotas: readonly QuotaRow[]): string => toCsv(quotasToRows(quotas));
