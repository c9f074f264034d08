/** The problems found in a layer: file, feature, what, and whether it was repaired. */
import type { ImportWarning } from '../../core/types.ts';
import { useT } from '../i18n.ts';
import { warningText } from './warningText.ts';

const SHOWN = 50;

export function WarningsList({ warnings }: { warnings: ImportWarning[] }) {
  const t = useT();
  if (warnings.length === 0) return null;
  return (
    <section data-testid="import-warnings">
      <h4>{t('提示', 'Warnings')} ({warnings.length})</h4>
      <ul>
        {warnings.slice(0, SHOWN).map((w, i) => (
          <li key={i}>
            <code>{w.file}</code>
            {w.featureId && <> {t('要素', 'feature')} {w.featureId}</>}: {warningText(w, t)}
            {w.repaired && <em> ({t('已修复', 'repaired')})</em>}
          </li>
        ))}
      </ul>
      {warnings.length > SHOWN && <p><small>{t(`另有 ${warnings.length - SHOWN} 条`, `${warnings.length - SHOWN} more`)}</small></p>}
    </section>
  );
}
