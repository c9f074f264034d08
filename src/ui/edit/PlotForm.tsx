/** One plot's attributes in the chosen year, editable; saved through the same edit path. */
import { useEffect, useMemo, useState } from 'react';
import type { Layer, Properties, PropertyValue } from '../../core/types.ts';
import { editsSaved } from '../../state/persistence.ts';
import { effectivePlotProperties, useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';
import { FieldLabel } from '../map/FieldLabel.tsx';

const show = (v: PropertyValue | undefined): string => (v === null || v === undefined ? '' : String(v));

/** Text typed back into a field keeps the field's type: numbers stay numbers. */
function parseLike(text: string, original: PropertyValue | undefined): PropertyValue {
  if (text === '') return null;
  if (typeof original === 'number') {
    const n = Number(text);
    return Number.isFinite(n) ? n : text;
  }
  if (typeof original === 'boolean') return text === 'true';
  return text;
}

export function PlotForm({ layer, plotId, onResult }: { layer: Layer; plotId: string; onResult(message: string, ok: boolean): void }) {
  const t = useT();
  const year = useProjectStore((s) => s.year);
  const version = useEditStore((s) => s.version);
  const props = useMemo<Properties>(() => effectivePlotProperties(layer, year, plotId) ?? {}, [layer, year, plotId, version]);
  const fields = useMemo(() => [...new Set([...layer.fields.map((f) => f.name), ...Object.keys(props)])], [layer, props]);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  useEffect(() => setDraft({}), [plotId, year, version]);

  const save = async () => {
    const values: Properties = {};
    for (const [field, text] of Object.entries(draft)) if (text !== show(props[field])) values[field] = parseLike(text, props[field]);
    try {
      const edit = useEditStore.getState().setValues({ layer, year, plotIds: [plotId], values, reason });
      await editsSaved(); // "done" only once the edit is in the browser's database
      onResult(edit ? t('已保存', 'Saved') : t('没有修改', 'Nothing changed'), true);
      setReason('');
    } catch (error) {
      onResult(String((error as Error).message), false);
    }
  };

  return (
    <section>
      <h3>
        {t('地块', 'Plot')} {plotId}
      </h3>
      <table className="plot-form" data-testid="plot-form">
        <tbody>
          {fields.map((field) => (
            <tr key={field}>
              <th><FieldLabel kind={layer.kind} name={field} /></th>
              <td>
                <input type="text" data-testid={`plot-field-${field}`} value={draft[field] ?? show(props[field])} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <input type="text" placeholder={t('原因（可选）', 'Reason (optional)')} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button className="primary" data-testid="plot-save" disabled={Object.keys(draft).length === 0} onClick={() => void save()}>
          {t('保存', 'Save')}
        </button>
      </div>
    </section>
  );
}
