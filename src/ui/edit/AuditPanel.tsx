import { useT } from '../i18n.ts';

/** Placeholder until this panel is built. */
export function AuditPanel() {
  const t = useT();
  return <p className="muted">{t('审计日志尚未完成。', 'The audit log is not built yet.')}</p>;
}
