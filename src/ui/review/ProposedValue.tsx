/**
 * What a proposal changes: the field (状态, 作物, 灌溉方式, 水源类型) and its new value, a status
 * picked from the three, anything else typed. Shared by the review panel and the package desk.
 */
import { FIELDS } from './reviewLabels.ts';
import { useT } from '../i18n.ts';

export function ProposedValue({ testIdPrefix, field, value, onField, onValue, maxLength }: {
  testIdPrefix: string;
  field: string;
  value: string;
  onField: (field: string) => void;
  onValue: (value: string) => void;
  maxLength?: number;
}) {
  const t = useT();
  return (
    <>
      <select data-testid={`${testIdPrefix}-field`} value={field} onChange={(e) => onField(e.target.value)}>
        {FIELDS.map(([f, zh, en]) => <option key={f} value={f}>{t(zh, en)}</option>)}
      </select>{' '}
      {field === 'ZT' ? (
        <select data-testid={`${testIdPrefix}-value`} value={value} onChange={(e) => onValue(e.target.value)}>
          {['种植', '退减', '休耕'].map((v) => <option key={v} value={v}>{v}</option>)}
        </select>
      ) : (
        <input data-testid={`${testIdPrefix}-value`} value={value} maxLength={maxLength} onChange={(e) => onValue(e.target.value)} />
      )}
    </>
  );
}
