/**
 * Saving a quota or cap table with an audit entry naming the operator and the cells changed.
 * Saving an unchanged table records nothing.
 */
import { columnLetter, parseCsv } from '../../io/tables/csv.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore, type ProjectTables } from '../../state/projectStore.ts';
import { sendTable } from '../../state/serverLink.ts';

const TABLE_ZH = { quotasCsv: '用水定额表', capsCsv: '控制指标表' } as const;
const MAX_CELLS_LISTED = 20;

/** "B3: 120 → 130" for every cell that differs (rows compared by position). */
export function changedCells(beforeCsv: string | null, afterCsv: string): string[] {
  const before = beforeCsv ? parseCsv(beforeCsv).map((r) => r.cells) : [];
  const after = parseCsv(afterCsv).map((r) => r.cells);
  const changes: string[] = [];
  for (let row = 0; row < Math.max(before.length, after.length); row++) {
    const a = before[row] ?? [];
    const b = after[row] ?? [];
    for (let col = 0; col < Math.max(a.length, b.length); col++) {
      if ((a[col] ?? '') !== (b[col] ?? '')) changes.push(`${columnLetter(col)}${row + 1}: ${a[col] || '∅'} → ${b[col] || '∅'}`);
    }
  }
  return changes;
}

/** Saves the table; throws NoOperatorError (and saves nothing) without an operator name. */
export function saveTableAudited(key: keyof ProjectTables, csv: string): void {
  const project = useProjectStore.getState();
  const before = project.tables[key];
  if (before === csv) return;
  const edits = useEditStore.getState();
  edits.requireOperator();
  const cells = changedCells(before, csv);
  const rows = (text: string | null) => (text ? Math.max(0, parseCsv(text).length - 1) : 0);
  const listed = cells.slice(0, MAX_CELLS_LISTED).join('；') + (cells.length > MAX_CELLS_LISTED ? `；等共 ${cells.length} 格` : '');
  project.setTables({ [key]: csv });
  edits.recordEvent({ action: 'table-edit', detail: `修改${TABLE_ZH[key]}（${rows(before)} → ${rows(csv)} 行）：${listed}` });
  // served by the county's server: the table goes there too (queued while it cannot be reached)
  void sendTable(key === 'quotasCsv' ? 'quotas' : 'caps', csv);
}
