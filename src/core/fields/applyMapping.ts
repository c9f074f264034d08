/**
 * Applies a resolved mapping to features: renames mapped fields, normalises canonical values
 * (codes as text, numbers as numbers, enumerated values through the user's value map and the
 * synonyms), and reports values it could not place, once per field and value.
 */
import type { Feature, FieldInfo, Geometry, ImportWarning, LayerKind, Properties, PropertyValue } from '../types.ts';
import { CANONICAL_FIELDS, canonicalField, type CanonicalField } from './canonicalFields.ts';
import { VALUE_SYNONYMS } from './presets.ts';

export interface MappingResult {
  features: Feature<Geometry | null, Properties>[];
  fields: FieldInfo[];
  warnings: ImportWarning[];
}

export function applyMapping(
  kind: LayerKind,
  features: readonly Feature<Geometry | null, Properties>[],
  fields: readonly FieldInfo[],
  fieldMap: Record<string, string>,
  valueMap: Record<string, Record<string, string>>,
  file: string,
): MappingResult {
  const unknownValues = new Map<string, { count: number; first: string }>();
  const converters = new Map<string, (v: PropertyValue, featureId: string) => PropertyValue>();
  for (const c of CANONICAL_FIELDS[kind]) converters.set(c.name, valueConverter(c, valueMap[c.name] ?? {}, unknownValues));
  const mapped = features.map((feature, index) => {
    const properties: Properties = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) {
      const name = fieldMap[key] ?? key;
      const convert = converters.get(name);
      properties[name] = convert ? convert(value, String(index + 1)) : value;
    }
    return { ...feature, properties };
  });
  const derived = deriveVillageFromPlotCode(kind, mapped, fieldMap, fields, file);
  const outFields = fields.map((f) => {
    const canonical = fieldMap[f.name] ?? (canonicalField(kind, f.name) ? f.name : undefined);
    return canonical ? { ...f, name: canonical, canonical } : { ...f };
  });
  const warnings: ImportWarning[] = [...unknownValues].map(([key, info]) => {
    const [field, value] = key.split('\u0000');
    const allowed = canonicalField(kind, field)?.values?.join(' / ') ?? '';
    return {
      file,
      featureId: info.first,
      code: 'value-unmapped',
      message: `${field} value "${value}" on ${info.count} feature(s) is not one of ${allowed}; map it in the field mapping`,
    };
  });
  if (derived) {
    outFields.push({ name: 'ZLDWDM', type: 'C', canonical: 'ZLDWDM' });
    warnings.push(derived);
  }
  return { features: mapped, fields: outFields, warnings };
}

/** NY/T 2539 plot codes (DKBM, 19 digits) begin with the 12-digit village: use it when no village field exists. */
function deriveVillageFromPlotCode(
  kind: LayerKind,
  features: Feature<Geometry | null, Properties>[],
  fieldMap: Record<string, string>,
  fields: readonly FieldInfo[],
  file: string,
): ImportWarning | null {
  const names = fields.map((f) => fieldMap[f.name] ?? f.name);
  if (kind !== 'plots' || names.includes('ZLDWDM') || !names.includes('DKBM')) return null;
  const codes = features.map((f) => f.properties.DKBM);
  if (codes.length === 0 || !codes.every((c) => typeof c === 'string' && /^\d{19}$/.test(c))) return null;
  for (const f of features) f.properties.ZLDWDM = (f.properties.DKBM as string).slice(0, 12);
  return { file, code: 'village-from-plot-code', message: 'no village field: ZLDWDM taken from the first 12 digits of DKBM (NY/T 2539 plot code)' };
}

function valueConverter(
  field: CanonicalField,
  userValues: Record<string, string>,
  unknown: Map<string, { count: number; first: string }>,
): (v: PropertyValue, featureId: string) => PropertyValue {
  switch (field.type) {
    case 'code':
      return (v) => {
        if (v === null || v === '') return null;
        const code = typeof v === 'number' ? codeFromNumber(field.name, v) : String(v).trim();
        // a 14-digit 发包方编码 (NY/T 2539 FBFBM) is village (12) + group (2)
        return (field.name === 'ZLDWDM' || field.name === 'CJDM') && /^\d{14}$/.test(code) ? code.slice(0, 12) : code;
      };
    case 'number':
      return (v) => {
        if (v === null || typeof v === 'number') return v;
        const n = Number(String(v).trim().replace(/,/g, ''));
        return String(v).trim() === '' || !Number.isFinite(n) ? null : n;
      };
    case 'enum': {
      const synonyms = VALUE_SYNONYMS[field.name] ?? {};
      return (v, featureId) => {
        if (v === null || v === '') return null;
        const text = String(v).trim();
        const mapped = userValues[text] ?? synonyms[text] ?? (field.values?.includes(text) ? text : undefined);
        if (mapped !== undefined) return mapped;
        const key = `${field.name}\u0000${text}`;
        const seen = unknown.get(key);
        if (seen) seen.count++;
        else unknown.set(key, { count: 1, first: featureId });
        return text;
      };
    }
    default:
      return (v) => v;
  }
}

/** Codes stored in numeric DBF fields: integers as text; 三调 land-class codes padded to 4 digits. */
function codeFromNumber(field: string, value: number): string {
  const text = Number.isInteger(value) ? String(value) : String(value);
  return field === 'DLBM' && /^\d{1,3}$/.test(text) ? text.padStart(4, '0') : text;
}
