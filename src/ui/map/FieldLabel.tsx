/** A field's Chinese name with its code small beside it (DKBM → 地块编码 DKBM); unknown fields as they are. */
import type { LayerKind } from '../../core/types.ts';
import { canonicalField } from '../../core/fields/canonicalFields.ts';
import { useT } from '../i18n.ts';

export function FieldLabel({ kind, name }: { kind: LayerKind; name: string }) {
  const t = useT();
  const field = canonicalField(kind, name);
  if (!field) return <>{name}</>;
  return (
    <>
      {t(field.labelZh, field.label)} <small className="field-code">{name}</small>
    </>
  );
}
