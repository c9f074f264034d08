/**
 * Verifying the stored edits against the log: the audit log is replayed from nothing (each
 * edit, undo and redo applies its recorded diff, a new year copies the year it names) and the
 * result is compared with the overrides the project holds, and each first change of a plot's
 * field with the layer's own value. A status changed in storage without an entry in the log, or a
 * layer value changed under the log, is named.
 */
import type { Layer, PropertyValue } from '../types.ts';
import type { AuditEntry } from './auditChain.ts';
import { applyEdit } from './applyEdit.ts';
import { copyYear } from './years.ts';
import { tableEntries } from './overrideTable.ts';
import { baseProperties } from './effective.ts';
import { EditConflictError, type OverridesByYear } from './types.ts';

export interface ReplayDifference {
  year: string;
  layerId: string;
  plotId: string;
  field: string;
  /** what the project holds (or the layer, for a layer difference) */
  stored: PropertyValue | undefined;
  /** what the log says */
  replayed: PropertyValue | undefined;
  where: 'overrides' | 'layer';
}

export type ReplayCheck =
  | { ok: true; entries: number }
  | { ok: false; conflictAt: number | null; message: string; differences: ReplayDifference[] };

const MAX_DIFFERENCES = 50;

export function replayAudit(chain: readonly AuditEntry[]): { overrides: OverridesByYear; conflictAt: number | null; message: string } {
  let overrides: OverridesByYear = {};
  for (const entry of chain) {
    try {
      if (entry.changes && entry.layerId !== null && (entry.action === 'edit' || entry.action === 'undo' || entry.action === 'redo')) {
        overrides = applyEdit(overrides, { year: entry.year, layerId: entry.layerId, plotIds: entry.plotIds, changes: entry.changes });
      } else if (entry.action === 'new-year') {
        const from = /(\d{4})/.exec(entry.detail);
        overrides = copyYear(overrides, from ? Number(from[1]) : null, entry.year);
      }
    } catch (error) {
      if (!(error instanceof EditConflictError) && !(error instanceof Error)) throw error;
      return { overrides, conflictAt: entry.seq, message: `entry ${entry.seq} does not follow from the entries before it (${error.message})` };
    }
  }
  return { overrides, conflictAt: null, message: '' };
}

function flatten(overrides: OverridesByYear): Map<string, PropertyValue> {
  const out = new Map<string, PropertyValue>();
  for (const [year, layers] of Object.entries(overrides)) {
    for (const [layerId, table] of Object.entries(layers)) {
      for (const [plotId, properties] of tableEntries(table)) {
        for (const [field, value] of Object.entries(properties)) out.set(JSON.stringify([year, layerId, plotId, field]), value);
      }
    }
  }
  return out;
}

/** Replays `chain` and compares with the stored overrides and the layers' own values. */
export function verifyStoredEdits(chain: readonly AuditEntry[], stored: OverridesByYear, layers: readonly Layer[]): ReplayCheck {
  const replay = replayAudit(chain);
  const differences: ReplayDifference[] = [];
  const want = flatten(replay.overrides);
  const have = flatten(stored);
  for (const key of new Set([...want.keys(), ...have.keys()])) {
    if (differences.length >= MAX_DIFFERENCES) break;
    if (want.get(key) === have.get(key) && want.has(key) === have.has(key)) continue;
    const [year, layerId, plotId, field] = JSON.parse(key) as string[];
    differences.push({ year, layerId, plotId, field, stored: have.get(key), replayed: want.get(key), where: 'overrides' });
  }
  differences.push(...layerDifferences(chain, layers, MAX_DIFFERENCES - differences.length));
  if (replay.conflictAt === null && differences.length === 0) return { ok: true, entries: chain.length };
  const message = replay.conflictAt !== null ? replay.message : `${differences.length} stored values differ from what the log records`;
  return { ok: false, conflictAt: replay.conflictAt, message, differences };
}

/** Where the log says a field still had the layer's own value, the layer must hold that value. */
function layerDifferences(chain: readonly AuditEntry[], layers: readonly Layer[], max: number): ReplayDifference[] {
  const out: ReplayDifference[] = [];
  const byId = new Map(layers.map((l) => [l.id, l]));
  const seen = new Set<string>();
  for (const entry of chain) {
    const layer = entry.layerId === null ? undefined : byId.get(entry.layerId);
    if (!layer || !entry.changes || entry.action !== 'edit') continue;
    for (const [plotId, fields] of Object.entries(entry.changes)) {
      const feature = baseProperties(layer, plotId);
      if (!feature) continue;
      for (const [field, change] of Object.entries(fields)) {
        const key = `${layer.id}|${plotId}|${field}`;
        if (change.overriddenBefore || seen.has(key)) continue;
        seen.add(key);
        const own = feature[field] ?? null;
        if (String(own ?? '') !== String(change.before ?? '') && out.length < max) {
          out.push({ year: String(entry.year), layerId: layer.id, plotId, field, stored: own, replayed: change.before, where: 'layer' });
        }
      }
    }
  }
  return out;
}
