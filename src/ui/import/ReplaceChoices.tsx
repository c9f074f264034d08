/**
 * The imported layers that have a loaded layer's name or kind: for each, add beside (the default)
 * or replace, with the feature counts before and after.
 */
import type { LayerConflict } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';
import { KIND_ZH } from '../layers/layerActions.ts';

interface Props {
  conflicts: LayerConflict[];
  /** imported layer id → loaded layer id it replaces */
  replace: Record<string, string>;
  onChange(replace: Record<string, string>): void;
}

export function ReplaceChoices({ conflicts, replace, onChange }: Props) {
  const t = useT();
  const choose = (conflict: LayerConflict, replacing: boolean) => {
    const next = { ...replace };
    if (replacing) next[conflict.added.id] = conflict.existing.id;
    else if (next[conflict.added.id] === conflict.existing.id) delete next[conflict.added.id];
    onChange(next);
  };
  return (
    <section className="replace-choices" data-testid="import-conflicts">
      <h3>{t('已有同名或同类图层', 'Layers with the same name or kind are loaded')}</h3>
      <p className="muted">{t('默认并列添加，已加载的图层保持不变。只有选择“替换”才会替换（可在图层面板撤销）。', 'By default the new layer is added beside and the loaded one is kept. Only “Replace” replaces it (undoable in the layer panel).')}</p>
      {conflicts.map((c) => {
        const name = `${c.added.id}|${c.existing.id}`;
        const replacing = replace[c.added.id] === c.existing.id;
        const before = c.existing.features.features.length;
        const after = c.added.features.features.length;
        return (
          <article key={name} className="import-conflict" data-testid="import-conflict" data-existing={c.existing.id}>
            <p>
              {t(
                `新图层「${c.added.name}」（${KIND_ZH[c.added.kind]}，${after} 个要素）与已加载的「${c.existing.name}」（${KIND_ZH[c.existing.kind]}，${before} 个要素）${c.reason === 'same-name' ? '同名' : '同类'}。`,
                `The new layer “${c.added.name}” (${c.added.kind}, ${after} features) has the ${c.reason === 'same-name' ? 'name' : 'kind'} of the loaded “${c.existing.name}” (${c.existing.kind}, ${before} features).`,
              )}
            </p>
            <label>
              <input type="radio" name={name} checked={!replacing} onChange={() => choose(c, false)} data-testid="conflict-add" />
              {t('并列添加（保留已加载的图层）', 'Add beside (keep the loaded layer)')}
            </label>
            <label className={replacing ? 'bad' : ''}>
              <input type="radio" name={name} checked={replacing} onChange={() => choose(c, true)} data-testid="conflict-replace" />
              {t(`替换「${c.existing.name}」：${before} → ${after} 个要素`, `Replace “${c.existing.name}”: ${before} → ${after} features`)}
            </label>
          </article>
        );
      })}
    </section>
  );
}
