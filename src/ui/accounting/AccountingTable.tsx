import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function AccountingTable() {
  const t = useT();
  return <p className="muted">{t('汇总表尚未完成。', 'The summary table is not built yet.')}</p>;
}
