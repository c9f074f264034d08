/**
 * The operator's name (操作人): every change that moves a figure is logged under it, and none is
 * made without it. Shown in the header and wherever a change is made.
 */
import { useEditStore, NoOperatorError } from '../../state/editStore.ts';
import { useT, type Translate } from '../i18n.ts';

export function OperatorField({ testId = 'user-name', compact = false }: { testId?: string; compact?: boolean }) {
  const t = useT();
  const userName = useEditStore((s) => s.userName);
  const setUserName = useEditStore((s) => s.setUserName);
  return (
    <label className={compact ? 'operator compact' : 'operator'}>
      {t('操作人', 'Operator')}
      <input
        type="text"
        data-testid={testId}
        value={userName}
        placeholder={t('姓名（记入审计日志）', 'Name (for the audit log)')}
        onChange={(e) => setUserName(e.target.value)}
      />
      {!userName.trim() && !compact && <span className="edit-message bad">{t('请填写姓名，否则不能修改', 'Enter your name: no changes without it')}</span>}
    </label>
  );
}

/** The text of an error for the user: the missing operator in the chosen language, others as they are. */
export function errorText(error: unknown, t: Translate): string {
  if (error instanceof NoOperatorError) return t(error.message, 'Enter your name under “Operator” at the top of the page first: the audit log records who made each change.');
  return error instanceof Error ? error.message : String(error);
}
