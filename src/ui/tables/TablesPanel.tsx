import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function TablesPanel() {
  const t = useT();
  return <p className="muted">{t('定额与指标表尚未完成。', 'Quota and cap tables are not built yet.')}</p>;
}
