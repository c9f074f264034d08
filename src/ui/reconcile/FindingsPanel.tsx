import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function FindingsPanel() {
  const t = useT();
  return <p className="muted">{t('套核尚未完成。', 'Reconciliation is not built yet.')}</p>;
}
