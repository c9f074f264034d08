/**
 * Conflicts between an edit made offline and what the server holds now. An edit carries, per plot
 * and field, the value it was made on (`before`); the server applies it only while that is still
 * the current value. When someone else changed the field meanwhile, the user sees both values and
 * chooses: theirs (the edit is dropped) or mine (the edit is made again on their value, `rebaseEdit`).
 */
import type { PropertyValue } from '../types.ts';
import type { Edit, FieldChange } from './types.ts';

/** The value a plot's field has now, and whether the year overrides the layer for it. */
export interface CurrentValue {
  value: PropertyValue;
  overridden: boolean;
}

export type CurrentOf = (plotId: string, field: string) => CurrentValue;

export interface FieldConflict {
  plotId: string;
  field: string;
  /** the value the edit was made on */
  base: PropertyValue;
  /** the value now (someone else's) */
  theirs: PropertyValue;
  /** the edit's value */
  mine: PropertyValue;
}

const same = (a: PropertyValue, b: PropertyValue) => (a ?? null) === (b ?? null);

/** The fields whose current value is not what the edit was made on. */
export function editConflicts(edit: Edit, current: CurrentOf): FieldConflict[] {
  const out: FieldConflict[] = [];
  for (const plotId of edit.plotIds) {
    for (const [field, change] of Object.entries(edit.changes[plotId] ?? {})) {
      const now = current(plotId, field);
      if (!same(now.value, change.before)) out.push({ plotId, field, base: change.before, theirs: now.value, mine: change.after });
    }
  }
  return out;
}

/**
 * The same edit made on the current values ("keep mine"): every `before` becomes the value now, so
 * the server applies it over the other change, which stays in the audit log before it. A field
 * whose value now already equals mine is left out (nothing to change); an edit left empty is null.
 */
export function rebaseEdit(edit: Edit, current: CurrentOf): Edit | null {
  const changes: Record<string, Record<string, FieldChange>> = {};
  const plotIds: string[] = [];
  for (const plotId of edit.plotIds) {
    const fields: Record<string, FieldChange> = {};
    for (const [field, change] of Object.entries(edit.changes[plotId] ?? {})) {
      const now = current(plotId, field);
      if (same(now.value, change.after)) continue;
      fields[field] = { ...change, before: now.value, overriddenBefore: now.overridden };
    }
    if (Object.keys(fields).length) {
      changes[plotId] = fields;
      plotIds.push(plotId);
    }
  }
  return plotIds.length ? { year: edit.year, layerId: edit.layerId, plotIds, changes } : null;
}

/**
 * The edit without the clashing fields ("keep theirs" for those): the rest of it still applies as
 * it was made. Null when nothing is left.
 */
export function withoutConflicts(edit: Edit, conflicts: readonly FieldConflict[]): Edit | null {
  const clash = new Set(conflicts.map((c) => `${c.plotId}\u0000${c.field}`));
  const changes: Record<string, Record<string, FieldChange>> = {};
  const plotIds: string[] = [];
  for (const plotId of edit.plotIds) {
    const fields = Object.fromEntries(Object.entries(edit.changes[plotId] ?? {}).filter(([field]) => !clash.has(`${plotId}\u0000${field}`)));
    if (Object.keys(fields).length) {
      changes[plotId] = fields;
      plotIds.push(plotId);
    }
  }
  return plotIds.length ? { year: edit.year, layerId: edit.layerId, plotIds, changes } : null;
}
