/** File field → canonical field, and for enumerated fields a table of value → canonical value. */
import type { LayerKind } from '../../core/types.ts';
import { CANONICAL_FIELDS } from '../../core/fields/canonicalFields.ts';
import type { LayerPreview } from '../../jobs/previewImport.ts';
import { useLangStore, useT } from '../i18n.ts';

interface Props {
  preview: LayerPreview;
  kind: LayerKind;
  fields: Record<string, string>;
  values: Record<string, Record<string, string>>;
  onFields(fields: Record<string, string>): void;
  onValues(values: Record<string, Record<string, string>>): void;
}

export function FieldMappingTable({ preview, kind, fields, values, onFields, onValues }: Props) {
  const t = useT();
  const lang = useLangStore((s) => s.lang);
  const canonical = CANONICAL_FIELDS[kind];
  if (canonical.length === 0 || preview.fields.length === 0) return null;
  return (
    <section data-testid="field-mapping">
      <h4>{t('字段对应', 'Field mapping')}</h4>
      <table className="table">
        <thead><tr><th>{t('文件字段', 'File field')}</th><th>{t('标准字段', 'Canonical field')}</th><th>{t('取值对应', 'Values')}</th></tr></thead>
        <tbody>
          {preview.fields.map((field) => {
            const target = fields[field.name] ?? (canonical.some((c) => c.name === field.name) ? field.name : '');
            const enumField = canonical.find((c) => c.name === target && c.values);
            return (
              <tr key={field.name}>
                <td>{field.name}</td>
                <td>
                  <select value={target} onChange={(e) => onFields({ ...fields, [field.name]: e.target.value })}>
                    <option value="">{t('（不对应）', '(not mapped)')}</option>
                    {canonical.map((c) => <option key={c.name} value={c.name}>{c.name} {lang === 'zh' ? c.labelZh : c.label}</option>)}
                  </select>
                </td>
                <td>
                  {enumField && (
                    <ValueTable
                      seen={distinctValues(preview, field.name)}
                      allowed={enumField.values ?? []}
                      table={values[enumField.name] ?? {}}
                      onChange={(table) => onValues({ ...values, [enumField.name]: table })}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function distinctValues(preview: LayerPreview, field: string): string[] {
  const seen = new Set<string>();
  for (const row of preview.sample) if (row[field] !== null && row[field] !== undefined && row[field] !== '') seen.add(String(row[field]));
  return [...seen];
}

function ValueTable({ seen, allowed, table, onChange }: { seen: string[]; allowed: readonly string[]; table: Record<string, string>; onChange(t: Record<string, string>): void }) {
  const t = useT();
  const keys = [...new Set([...seen, ...Object.keys(table)])].filter((v) => !allowed.includes(v));
  if (keys.length === 0) return <small>{allowed.join(' / ')}</small>;
  return (
    <div>
      {keys.map((value) => (
        <label key={value} style={{ display: 'block' }}>
          {value} →{' '}
          <select value={table[value] ?? ''} onChange={(e) => onChange({ ...table, [value]: e.target.value })}>
            <option value="">{t('（自动）', '(automatic)')}</option>
            {allowed.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
      ))}
    </div>
  );
}
