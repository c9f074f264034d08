/** A field's Chinese name with its code small beside it (DKBM → 地块编码 DKBM); unknown fields as they are. */
import { LAYER_KINDS, type LayerKind } from '../../core/types.ts';
import { canonicalField } from '../../core/fields/canonicalFields.ts';
import { useT } from '../i18n.ts';

/** Fields every kind may carry that are no canonical field. */
const COMMON: Record<string, { labelZh: string; label: string }> = { BZ: { labelZh: '备注', label: 'note' } };

export function FieldLabel({ kind, name }: { kind: LayerKind; name: string }) {
  const t = useT();
  // a field of another kind's list (ZLDWMC on plots) is still the same field
  const field = canonicalField(kind, name) ?? LAYER_KINDS.map((k) => canonicalField(k, name)).find(Boolean) ?? COMMON[name];
  if (!field) return <>{name}</>;
  return (
    <>
      {t(field.labelZh, field.label)} <small className="field-code">{name}</small>
    </>
  );
}
