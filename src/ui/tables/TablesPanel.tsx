/**
 * The quota (用水定额) and cap (控制指标) tables: editable, importable and exportable as CSV or
 * xlsx, validated with the cell named; crops planted this year with no quota are named. Kept in
 * the project store's `tables` as CSV text.
 */
import { useMemo } from 'react';
import { statusOf, text, yes } from '../../core/accounting/attributes.ts';
import type { TableRow } from '../../io/tables/csv.ts';
import { CAP_COLUMNS, capRowsFromTable } from '../../io/tables/caps.ts';
import { QUOTA_COLUMNS, quotaRowsFromTable } from '../../io/tables/quotas.ts';
import { quotasFromCsvText } from '../../io/tables/readTable.ts';
import { makeQuotaLookup, type QuotaLookup } from '../../core/accounting/quotaLookup.ts';
import { layerOfKind, useProjectStore } from '../../state/projectStore.ts';
import { useEditStore } from '../../state/editStore.ts';
import { propertiesAccessor } from '../edit/plotsData.ts';
import { useT } from '../i18n.ts';
import { TableEditor } from './TableEditor.tsx';
import { saveTableAudited } from './auditTableSave.ts';
import { OperatorField } from '../edit/OperatorField.tsx';
import '../accounting/accounting.css';

const validateQuotas = (rows: TableRow[], file: string) => quotaRowsFromTable(rows, file).issues;
const validateCaps = (rows: TableRow[], file: string) => capRowsFromTable(rows, file).issues;

/** Crops planted (and forest types irrigated) in the chosen year that have no row in the quota table. */
function useMissingQuotas(quotasCsv: string | null): string[] {
  const layers = useProjectStore((s) => s.layers);
  const year = useProjectStore((s) => s.year);
  const overrides = useEditStore((s) => s.overrides);
  return useMemo(() => {
    let lookup: QuotaLookup;
    try {
      lookup = makeQuotaLookup(quotasCsv ? quotasFromCsvText(quotasCsv) : []);
    } catch {
      return []; // the table's own problems are listed below it
    }
    const missing = new Set<string>();
    const check = (category: '作物' | '林种', name: string, method: string) => {
      try {
        lookup.quota(category, name, method);
      } catch {
        missing.add(method ? `${category} ${name}（${method}）` : `${category} ${name}`);
      }
    };
    const plots = layerOfKind(layers, 'plots');
    if (plots) {
      const get = propertiesAccessor(plots, overrides, year);
      for (let i = 0; i < plots.features.features.length; i++) {
        const p = get(i);
        const crop = text(p, 'ZZZW');
        if ((statusOf(p) ?? 'planted') === 'planted' && crop) check('作物', crop, text(p, 'GGFS'));
      }
    }
    for (const f of layerOfKind(layers, 'forest')?.features.features ?? []) {
      const type = text(f.properties, 'LZLX');
      if (yes(f.properties, 'SFGG') && type) check('林种', type, text(f.properties, 'GGFS'));
    }
    return [...missing].sort();
  }, [layers, year, overrides, quotasCsv]);
}

export function TablesPanel() {
  const t = useT();
  const tables = useProjectStore((s) => s.tables);
  const named = useEditStore((s) => s.userName.trim() !== '');
  const year = useProjectStore((s) => s.year);
  const missing = useMissingQuotas(tables.quotasCsv);
  return (
    <div className="tables-panel">
      {!named && (
        <div className="row" data-testid="tables-need-operator">
          <OperatorField testId="tables-user-name" />
          <span className="muted">{t('填写姓名后才能修改定额与指标（修改记入审计日志）。', 'Enter your name to edit quotas and caps (changes are logged).')}</span>
        </div>
      )}
      {missing.length > 0 && (
        <div className="panel-error" role="alert" data-testid="missing-quotas">
          {t(`${year} 年种植但定额表中没有的：`, `Planted in ${year} but missing from the quota table: `)}{missing.join('，')}
        </div>
      )}
      <TableEditor id="quotas" title={t('用水定额（m³/亩）', 'Water quotas (m³/mu)')} headers={QUOTA_COLUMNS.map((c) => c.header)}
        csv={tables.quotasCsv} validate={validateQuotas} readOnly={!named} save={(csv) => saveTableAudited('quotasCsv', csv)} />
      <TableEditor id="caps" title={t('控制指标（m³）', 'Caps (m³)')} headers={CAP_COLUMNS.map((c) => c.header)}
        csv={tables.capsCsv} validate={validateCaps} readOnly={!named} save={(csv) => saveTableAudited('capsCsv', csv)} />
    </div>
  );
}
