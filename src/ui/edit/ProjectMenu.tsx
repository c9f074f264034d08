/**
 * Header menu: save the project to one file, open one (or a township review package,
 * src/ui/review/packageActions.ts), and the autosave state. Importing this
 * module registers the restore-and-autosave step with the startup sequence.
 */
import { useRef, useState } from 'react';
import { peekSavedDisplays, startPersistence, usePersistenceStore } from '../../state/persistence.ts';
import { startupHooks } from '../useStartup.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';
import { download } from './plotsData.ts';
import { openProjectBytes, projectFileName, saveProjectBytes } from './projectActions.ts';
import { StorageStatus } from './StorageStatus.tsx';
import { errorText } from './OperatorField.tsx';
import { isReviewPackageName, openReviewPackage } from '../review/packageActions.ts';
import { InputError } from '../../core/types.ts';
import './edit.css';

startupHooks.restore = () => startPersistence();
startupHooks.peek = (kinds) => peekSavedDisplays(kinds);

export function ProjectMenu() {
  const t = useT();
  const fileInput = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const lastSavedAt = usePersistenceStore((s) => s.lastSavedAt);
  // nothing to speak of as saved before a project is there
  const hasProject = useProjectStore((s) => s.layers.length > 0);

  const open = async (file: File | undefined) => {
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (isReviewPackageName(file.name)) openReviewPackage(bytes, file.name);
      else openProjectBytes(bytes, file.name);
      setError(null);
    } catch (e) {
      setError(e instanceof InputError ? t(e.message, e.messageEn) : errorText(e, t));
    } finally {
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  return (
    <div className="project-menu">
      <StorageStatus />
      {error && (
        <span className="storage-error" role="alert" data-testid="project-open-error">
          {error}
        </span>
      )}
      {lastSavedAt && hasProject && (
        <span className="muted" data-testid="autosaved" title={lastSavedAt} style={{ color: 'rgba(255,255,255,0.7)', fontSize: 12 }}>
          {t('已自动保存', 'Autosaved')}
        </span>
      )}
      <button data-testid="project-save" onClick={() => download(projectFileName(), saveProjectBytes(), 'application/zip')}>
        {t('保存项目', 'Save project')}
      </button>
      <button data-testid="project-open" title={t('打开项目文件（.shuidi.zip）或乡镇审核包（.shuidi-review.json）', 'Open a project file (.shuidi.zip) or a township review package (.shuidi-review.json)')} onClick={() => fileInput.current?.click()}>
        {t('打开项目', 'Open project')}
      </button>
      <input ref={fileInput} type="file" accept=".zip,.json" data-testid="project-open-input" hidden onChange={(e) => void open(e.target.files?.[0])} />
    </div>
  );
}
