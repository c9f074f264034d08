/** Making, applying and inverting edits. Pure; cost is O(changed plots). */
import type { Properties, PropertyValue } from '../types.ts';
import { getOverride, updateTable, type OverrideTable } from './overrideTable.ts';
import { EditConflictError, type Edit, type FieldChange, type OverridesByYear } from './types.ts';

const norm = (value: PropertyValue | undefined): PropertyValue => (value === undefined ? null : value);
const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

export interface MakeEditInput {
  year: number;
  layerId: string;
  plotIds: readonly string[];
  /** field → new value, the same for every plot */
  values: Readonly<Properties>;
  /** the layer's own properties of a plot (undefined for an unknown plot id) */
  baseOf(plotId: string): Readonly<Properties> | undefined;
  /** the year's current overrides for the layer */
  table: OverrideTable | undefined;
}

/**
 * The diff that sets `values` on every plot; only fields that actually change are recorded.
 * Returns null when nothing would change. Throws on an unknown plot id.
 * @example makeEdit({ year: 2025, layerId: 'plots', plotIds: ['D1'], values: { ZT: '休耕' }, baseOf, table })
 */
export function makeEdit(input: MakeEditInput): Edit | null {
  const changes: Record<string, Record<string, FieldChange>> = {};
  const plotIds: string[] = [];
  for (const plotId of new Set(input.plotIds)) {
    const base = input.baseOf(plotId);
    if (!base) throw new Error(`图层 ${input.layerId} 中没有编码为 ${plotId} 的地块 (no plot with id ${plotId})`);
    const override = getOverride(input.table, plotId);
    const fields: Record<string, FieldChange> = {};
    for (const field of Object.keys(input.values)) {
      const overriddenBefore = override !== undefined && has(override, field);
      const before = overriddenBefore ? norm(override[field]) : norm(base[field]);
      const after = norm(input.values[field]);
      if (before === after) continue;
      fields[field] = { before, after, overriddenBefore, overriddenAfter: after !== norm(base[field]) };
    }
    if (Object.keys(fields).length === 0) continue;
    changes[plotId] = fields;
    plotIds.push(plotId);
  }
  return plotIds.length ? { year: input.year, layerId: input.layerId, plotIds, changes } : null;
}

function applyToPlot(override: Readonly<Properties> | undefined, plotId: string, fields: Readonly<Record<string, FieldChange>>): Properties | null {
  const next: Properties = { ...(override ?? {}) };
  for (const field of Object.keys(fields)) {
    const change = fields[field];
    const present = override !== undefined && has(override, field);
    if (present !== change.overriddenBefore || (present && norm(override[field]) !== change.before)) {
      throw new EditConflictError(`plot ${plotId}, field ${field}: the edit expects ${String(change.before)}, found another value`);
    }
    if (change.overriddenAfter) next[field] = change.after;
    else delete next[field];
  }
  return Object.keys(next).length ? next : null;
}

/**
 * Applies an edit to the overrides of its year and layer; returns new overrides (the input is
 * not changed; untouched years, layers and plots are shared). Throws EditConflictError when the
 * current values are not the edit's `before` values.
 */
export function applyEdit(overrides: OverridesByYear, edit: Edit): OverridesByYear {
  const yearKey = String(edit.year);
  const layers = overrides[yearKey] ?? {};
  const table = layers[edit.layerId];
  const updates = new Map<string, Properties | null>();
  for (const plotId of edit.plotIds) {
    const fields = edit.changes[plotId];
    if (!fields) throw new EditConflictError(`plot ${plotId} is listed but has no changes`);
    updates.set(plotId, applyToPlot(getOverride(table, plotId), plotId, fields));
  }
  const nextTable = updateTable(table, updates);
  const nextLayers: Record<string, OverrideTable> = { ...layers, [edit.layerId]: nextTable };
  // Empty tables and years are dropped, so undoing everything gives back exactly the start.
  if (nextTable.size === 0) delete nextLayers[edit.layerId];
  const next: Record<string, Readonly<Record<string, OverrideTable>>> = { ...overrides, [yearKey]: nextLayers };
  if (Object.keys(nextLayers).length === 0) delete next[yearKey];
  return next;
}

/** The edit that undoes `edit`: before and after swapped. */
export function invertEdit(edit: Edit): Edit {
  const changes: Record<string, Record<string, FieldChange>> = {};
  for (const plotId of edit.plotIds) {
    const fields: Record<string, FieldChange> = {};
    for (const [field, c] of Object.entries(edit.changes[plotId])) {
      fields[field] = { before: c.after, after: c.before, overriddenBefore: c.overriddenAfter, overriddenAfter: c.overriddenBefore };
    }
    changes[plotId] = fields;
  }
  return { year: edit.year, layerId: edit.layerId, plotIds: [...edit.plotIds], changes };
}

/** Fields an edit touches (for "what changed" notices). */
export function editFields(edit: Edit): string[] {
  const fields = new Set<string>();
  for (const plotId of edit.plotIds) for (const field of Object.keys(edit.changes[plotId])) fields.add(field);
  return [...fields];
}
