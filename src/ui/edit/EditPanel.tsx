import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function EditPanel() {
  const t = useT();
  return <p className="muted">{t('地块编辑尚未完成。', 'Plot editing is not built yet.')}</p>;
}
