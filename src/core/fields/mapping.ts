/**
 * Field mapping: file field → canonical field, plus value mapping for enumerated fields.
 * The saved form (JSON, also `--fields mapping.json` on the CLI):
 *
 *   { "kind": "plots", "preset": "nyt2539",
 *     "fields": { "地块号": "DKBM", "状态": "ZT" },
 *     "values": { "ZT": { "1": "种植", "2": "退减", "3": "休耕" } } }
 *
 * Every key is optional. Fields not mapped keep their names; canonical names and the aliases in
 * presets.ts are recognised without a mapping.
 */
import { LAYER_KINDS, type LayerKind } from '../types.ts';
import { CANONICAL_FIELDS } from './canonicalFields.ts';
import { COMMON_ALIASES, PRESETS, type PresetId } from './presets.ts';

export interface FieldMapping {
  kind?: LayerKind;
  preset?: PresetId;
  /** file field → canonical field ("" or null: do not map this field) */
  fields?: Record<string, string | null>;
  /** canonical field → {file value → canonical value} */
  values?: Record<string, Record<string, string>>;
}

/** Validates parsed JSON as a FieldMapping; throws an Error naming the problem. */
export function parseFieldMapping(json: unknown): FieldMapping {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error('a field mapping must be a JSON object');
  const m = json as Record<string, unknown>;
  const out: FieldMapping = {};
  if (m.kind !== undefined) {
    if (!LAYER_KINDS.includes(m.kind as LayerKind)) throw new Error(`unknown layer kind "${String(m.kind)}" (one of ${LAYER_KINDS.join(', ')})`);
    out.kind = m.kind as LayerKind;
  }
  if (m.preset !== undefined) {
    if (!(String(m.preset) in PRESETS)) throw new Error(`unknown preset "${String(m.preset)}" (one of ${Object.keys(PRESETS).join(', ')})`);
    out.preset = m.preset as PresetId;
  }
  if (m.fields !== undefined) out.fields = stringRecord(m.fields, 'fields', true) as Record<string, string | null>;
  if (m.values !== undefined) {
    if (!m.values || typeof m.values !== 'object') throw new Error('"values" must be an object of objects');
    out.values = {};
    for (const [field, table] of Object.entries(m.values as Record<string, unknown>)) {
      out.values[field] = stringRecord(table, `values.${field}`, false) as Record<string, string>;
    }
  }
  return out;
}

function stringRecord(value: unknown, where: string, allowNull: boolean): Record<string, string | null> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`"${where}" must be an object`);
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'string' || (allowNull && v === null)) out[k] = v as string | null;
    else if (typeof v === 'number') out[k] = String(v);
    else throw new Error(`"${where}.${k}" must be a string`);
  }
  return out;
}

/** Canonical names (any kind) found among the file's fields, with the file field each came from. */
function findCanonical(kind: LayerKind, fieldNames: readonly string[], preset?: PresetId): Map<string, string> {
  const byUpper = new Map(fieldNames.map((n) => [n.toUpperCase(), n]));
  const found = new Map<string, string>();
  const presetAliases = preset ? PRESETS[preset].aliases : {};
  for (const c of CANONICAL_FIELDS[kind]) {
    const names = [c.name, ...(presetAliases[c.name] ?? []), ...(COMMON_ALIASES[c.name] ?? [])];
    const hit = names.map((n) => byUpper.get(n.toUpperCase())).find((n) => n !== undefined);
    if (hit !== undefined && ![...found.values()].includes(hit)) found.set(c.name, hit);
  }
  return found;
}

/** The kind a layer most likely is, from its field names and geometry. */
export function guessKind(fieldNames: readonly string[], geometryType: string | null): LayerKind {
  const has = (kind: LayerKind, name: string): boolean => findCanonical(kind, fieldNames).has(name);
  const point = geometryType === 'Point' || geometryType === 'MultiPoint';
  const line = geometryType === 'LineString' || geometryType === 'MultiLineString';
  if (has('survey', 'DLBM')) return 'survey';
  if (has('plots', 'DKBM') || has('plots', 'ZT')) return 'plots';
  if (has('forest', 'LZLX')) return 'forest';
  if (has('wells', 'JBM') || (point && has('wells', 'QSXKL'))) return 'wells';
  if (has('canals', 'QDDJ') || (line && has('canals', 'QDMC'))) return 'canals';
  const polygon = !point && !line;
  if (has('villages', 'CJDM') || has('villages', 'XZDM')) return 'villages';
  if (polygon && (has('villages', 'ZLDWMC') || has('villages', 'CJMC'))) return 'villages';
  return 'other';
}

/** The mapping to use: automatic recognition, then the preset, then the user's explicit choices. */
export function resolveFieldMapping(kind: LayerKind, fieldNames: readonly string[], mapping: FieldMapping = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [canonical, fileField] of findCanonical(kind, fieldNames, mapping.preset)) out[fileField] = canonical;
  for (const [fileField, canonical] of Object.entries(mapping.fields ?? {})) {
    if (!fieldNames.includes(fileField)) continue;
    for (const [f, c] of Object.entries(out)) if (c === canonical && f !== fileField) delete out[f];
    if (canonical) out[fileField] = canonical;
    else delete out[fileField];
  }
  for (const [f, c] of Object.entries(out)) if (f === c) delete out[f]; // already canonical
  return out;
}

/** A preset's value maps merged under the user's. */
export function resolveValueMapping(mapping: FieldMapping = {}): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  const preset = mapping.preset ? PRESETS[mapping.preset].values : {};
  for (const [field, table] of Object.entries(preset)) out[field] = { ...table };
  for (const [field, table] of Object.entries(mapping.values ?? {})) out[field] = { ...(out[field] ?? {}), ...table };
  return out;
}
