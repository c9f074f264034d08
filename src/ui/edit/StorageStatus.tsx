/** Shows a storage failure (quota full, private mode): work is not being saved, and why. */
import { usePersistenceStore } from '../../state/persistence.ts';
import { useT } from '../i18n.ts';

export function StorageStatus() {
  const t = useT();
  const error = usePersistenceStore((s) => s.error);
  const clearError = usePersistenceStore((s) => s.clearError);
  if (!error) return null;
  const what =
    error.kind === 'quota'
      ? t('浏览器存储空间已满，最近的修改没有保存。请“保存项目”到文件，并清理浏览器存储。', 'Browser storage is full: recent changes were not saved. Save the project to a file and free some storage.')
      : error.kind === 'unavailable'
        ? t('浏览器不允许本地存储（可能是隐私/无痕模式），关闭页面会丢失修改。请“保存项目”到文件。', 'The browser does not allow local storage (private mode?): closing the page loses your changes. Save the project to a file.')
        : t('保存到浏览器存储失败。请“保存项目”到文件。', 'Saving to browser storage failed. Save the project to a file.');
  return (
    <div className="storage-error" role="alert" data-testid="storage-error">
      {what} <span className="muted">({error.message})</span>{' '}
      <button className="icon" onClick={clearError} aria-label={t('关闭', 'Close')}>
        ×
      </button>
    </div>
  );
}
