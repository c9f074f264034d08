/**
 * The one edit path: every change to plot attributes is an Edit, a diff
 * applied by `applyEdit`; its inverse (`invertEdit`) is what undo applies. Edits are plain data,
 * so they are stored in history, the audit log and project files, and can be replayed.
 */
import type { PropertyValue } from '../types.ts';
import type { OverrideTable } from './overrideTable.ts';

/** One field of one plot, before and after. */
export interface FieldChange {
  before: PropertyValue;
  after: PropertyValue;
  /**
   * Whether the year held its own value for the field before / after the edit. False means the
   * effective value is the layer's own. Kept so that apply-then-invert restores the overrides
   * exactly, and so that setting a value back to the layer's drops the override.
   */
  overriddenBefore: boolean;
  overriddenAfter: boolean;
}

/** plotId → field → change */
export type EditChanges = Readonly<Record<string, Readonly<Record<string, FieldChange>>>>;

export interface Edit {
  year: number;
  layerId: string;
  /** the plots the edit changes, in the order they were given (= keys of changes) */
  plotIds: readonly string[];
  changes: EditChanges;
}

/** Per year (as a string key) → per layer id → plotId → overridden properties. */
export type OverridesByYear = Readonly<Record<string, Readonly<Record<string, OverrideTable>>>>;

/** JSON form of OverridesByYear (year → layerId → plotId → properties), for files and storage. */
export type PlainOverrides = Record<string, Record<string, Record<string, Record<string, PropertyValue>>>>;

export class EditConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditConflictError';
  }
}
