/**
 * Setting status, crop, irrigation method or water source for the whole selection in one action.
 * An empty value is never applied unless the user ticks 清空; an edit of more than
 * BATCH_CONFIRM_OVER plots asks first, with the count and the area in 亩.
 */
import { useState } from 'react';
import type { Layer, PropertyValue } from '../../core/types.ts';
import { IRRIGATION_METHODS, PLOT_STATUSES, WATER_SOURCES } from '../../core/types.ts';
import { editsSaved } from '../../state/persistence.ts';
import { useEditStore } from '../../state/editStore.ts';
import { useProjectStore } from '../../state/projectStore.ts';
import { formatNumber, useT } from '../i18n.ts';
import { useSelectionSummary } from './plotsData.ts';
import { errorText } from './OperatorField.tsx';

/** Edits of more plots than this are confirmed first. */
export const BATCH_CONFIRM_OVER = 20;

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
  const { areaMu } = useSelectionSummary(layer);
  const [clearing, setClearing] = useState<Record<string, boolean>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const label = (field: string) => FIELDS.find((f) => f.field === field)!;

  const apply = async (field: string) => {
    const value: PropertyValue = clearing[field] || values[field].trim() === '' ? null : values[field].trim();
    try {
      const edit = useEditStore.getState().setValues({ layer, year, plotIds: [...selection.plotIds], values: { [field]: value }, reason });
      await editsSaved(); // "done" only once the edit is in the browser's database
      onResult(edit ? t(`已修改 ${edit.plotIds.length} 块`, `${edit.plotIds.length} plots changed`) : t('没有需要修改的地块', 'Nothing to change'), true);
      if (edit) setReason('');
    } catch (error) {
      onResult(errorText(error, t), false);
    }
  };

  /** Refuses an empty value without 清空, asks before a large edit, else applies. */
  const request = (field: string) => {
    const spec = label(field);
    setConfirming(null);
    if (!useEditStore.getState().userName.trim()) return void apply(field); // the store names the missing operator
    if (values[field].trim() === '' && !clearing[field]) {
      onResult(t(`${spec.zh}为空，未修改任何地块。请填写${spec.zh}；如确要清空所选地块的${spec.zh}，请勾选“清空”。`, `${spec.en} is empty: nothing changed. Enter a value, or tick “Clear” to empty it on the selected plots.`), false);
      return;
    }
    if (count > BATCH_CONFIRM_OVER) setConfirming(field);
    else void apply(field);
  };

  const confirmText = (field: string) => {
    const spec = label(field);
    const target = clearing[field] ? t('清空', 'cleared') : `“${values[field].trim()}”`;
    return t(
      `将把所选 ${count} 块地（${formatNumber(areaMu, 2)} 亩）的${spec.zh}${clearing[field] ? '清空' : `改为 ${target}`}（${year} 年度）。确定吗？`,
      `This sets ${spec.en} of the ${count} selected plots (${formatNumber(areaMu, 2)} mu) to ${target} (${year}). Go ahead?`,
    );
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
              <input type="text" data-testid={spec.selectId} value={values[spec.field]} disabled={!!clearing[spec.field]} onChange={(e) => setValues({ ...values, [spec.field]: e.target.value })} style={{ width: 110 }} />
            )}
          </label>
          {!spec.options && (
            <label title={t(`清空所选地块的${spec.zh}`, `Empty ${spec.en} on the selected plots`)}>
              <input type="checkbox" data-testid={`${spec.selectId}-clear`} checked={!!clearing[spec.field]} onChange={(e) => setClearing({ ...clearing, [spec.field]: e.target.checked })} />
              {t('清空', 'Clear')}
            </label>
          )}
          <button className={spec.field === 'ZT' ? 'primary' : ''} data-testid={spec.applyId} disabled={count === 0} onClick={() => request(spec.field)}>
            {t('应用于所选', 'Apply to selection')}
          </button>
          {confirming === spec.field && (
            <div className="batch-confirm" role="alertdialog" data-testid="batch-confirm">
              {confirmText(spec.field)}{' '}
              <button className="primary" data-testid="batch-confirm-yes" onClick={() => { setConfirming(null); void apply(spec.field); }}>
                {t('确定修改', 'Change them')}
              </button>{' '}
              <button data-testid="batch-confirm-no" onClick={() => setConfirming(null)}>
                {t('取消', 'Cancel')}
              </button>
            </div>
          )}
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
