import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function AccountingPanel() {
  const t = useT();
  return <p className="muted">{t('用水核算尚未完成。', 'Water accounting is not built yet.')}</p>;
}
