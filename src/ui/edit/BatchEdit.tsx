/** Setting status, crop, irrigation method or water source for the whole selection in one action. */
import { useState } from 'react';
import type { Layer, PropertyValue } from '../../core/types.ts';
import { IRRIGATION_METHODS, PLOT_STATUSES, WATER_SOURCES } from '../../core/types.ts';
import { editsSaved } from '../../state/persistence.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { useT } from '../i18n.ts';

interface FieldSpec {
  field: string;
  zh: string;
  en: string;
  options: readonly string[] | null;
  selectId: string;
  applyId: string;
}

const FIELDS: FieldSpec[] = [
  { field: 'ZT', zh: '状态', en: 'Status', options: PLOT_STATUSES, selectId: 'status-select', applyId: 'apply-status' },
  { field: 'ZZZW', zh: '作物', en: 'Crop', options: null, selectId: 'crop-input', applyId: 'apply-crop' },
  { field: 'GGFS', zh: '灌溉方式', en: 'Method', options: IRRIGATION_METHODS, selectId: 'method-select', applyId: 'apply-method' },
  { field: 'SYLX', zh: '水源', en: 'Source', options: WATER_SOURCES, selectId: 'source-select', applyId: 'apply-source' },
];

export function BatchEdit({ layer, onResult }: { layer: Layer; onResult(message: string, ok: boolean): void }) {
  const t = useT();
  const year = useProjectStore((s) => s.year);
  const selection = useEditStore((s) => s.selection);
  const [values, setValues] = useState<Record<string, string>>({ ZT: '休耕', ZZZW: '', GGFS: '滴灌', SYLX: '井灌' });
  const [reason, setReason] = useState('');
  const count = selection.layerId === layer.id ? selection.plotIds.size : 0;

  const apply = async (field: string) => {
    const value: PropertyValue = values[field].trim() === '' ? null : values[field].trim();
    try {
      const edit = useEditStore.getState().setValues({ layer, year, plotIds: [...selection.plotIds], values: { [field]: value }, reason });
      await editsSaved(); // "done" only once the edit is in the browser's database
      onResult(edit ? t(`已修改 ${edit.plotIds.length} 块`, `${edit.plotIds.length} plots changed`) : t('没有需要修改的地块', 'Nothing to change'), true);
      if (edit) setReason('');
    } catch (error) {
      onResult(String((error as Error).message), false);
    }
  };

  return (
    <section>
      <h3>{t(`修改所选地块（${year} 年）`, `Change the selected plots (${year})`)}</h3>
      {FIELDS.map((spec) => (
        <div className="row" key={spec.field}>
          <label>
            {t(spec.zh, spec.en)}
            {spec.options ? (
              <select data-testid={spec.selectId} value={values[spec.field]} onChange={(e) => setValues({ ...values, [spec.field]: e.target.value })}>
                {spec.options.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            ) : (
              <input type="text" data-testid={spec.selectId} value={values[spec.field]} onChange={(e) => setValues({ ...values, [spec.field]: e.target.value })} style={{ width: 110 }} />
            )}
          </label>
          <button className={spec.field === 'ZT' ? 'primary' : ''} data-testid={spec.applyId} disabled={count === 0} onClick={() => void apply(spec.field)}>
            {t('应用于所选', 'Apply to selection')}
          </button>
        </div>
      ))}
      <div className="row">
        <label style={{ flex: 1 }}>
          {t('原因（可选）', 'Reason (optional)')}
          <input type="text" data-testid="edit-reason" value={reason} onChange={(e) => setReason(e.target.value)} style={{ flex: 1 }} />
        </label>
      </div>
    </section>
  );
}
