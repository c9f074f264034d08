/**
 * Autosave in IndexedDB: the project (layers, tables, years), the edits (overrides, history,
 * user name, selection), the audit log and other stores' slots (e.g. reconciliation marks) are
 * saved as they change — debounced, and flushed at once when the page is hidden or closed — and
 * restored on load. Storage errors (quota full, private mode) go to `usePersistenceStore` for the
 * page to show; they are never swallowed.
 *
 * Layout of database "shuidi" v1:
 *   kv      key → value: 'project' (meta + layer ids in order), 'edits', 'slot:<name>'
 *   layers  layer id → Layer (written only when a layer is added or replaced)
 *   audit   seq → AuditEntry (append-only: entries are written once, as recorded)
 */
import { openDB, type IDBPDatabase } from 'idb';
import { create } from 'zustand';
import type { Layer } from '../core/types.ts';
import { overridesFromPlain, overridesToPlain, type AuditEntry, type PlainOverrides } from '../core/edits/index.ts';
import { useProjectStore, type ProjectState } from './projectStore.ts';
import { editSnapshot, useEditStore, type EditSnapshot } from './editStore.ts';

export const DB_NAME = 'shuidi';
const DB_VERSION = 1;
const DEBOUNCE_MS = 300;

export type StorageErrorKind = 'quota' | 'unavailable' | 'other';

export interface PersistenceStatus {
  error: { kind: StorageErrorKind; message: string } | null;
  lastSavedAt: string | null;
  clearError(): void;
}

export const usePersistenceStore = create<PersistenceStatus>((set) => ({
  error: null,
  lastSavedAt: null,
  clearError: () => set({ error: null }),
}));

/** Another store that wants its state kept: a JSON-able snapshot, restored on load. */
export interface PersistedSlot {
  name: string;
  snapshot(): unknown;
  restore(value: unknown): void;
  subscribe(onChange: () => void): () => void;
}

const slots: PersistedSlot[] = [];

export function registerPersistedSlot(slot: PersistedSlot): void {
  if (slots.some((s) => s.name === slot.name)) return;
  slots.push(slot);
  if (saver) void attachLateSlot(saver, slot);
}

/** A slot registered after startup (a lazily loaded module): restore it, then save its changes. */
async function attachLateSlot(sv: Saver, slot: PersistedSlot): Promise<void> {
  try {
    const value = await sv.db.get('kv', `slot:${slot.name}`);
    if (value !== undefined) slot.restore(value);
  } catch (error) {
    report(error);
  }
  if (saver === sv) sv.unsubscribe.push(slot.subscribe(() => schedule(sv, `slot:${slot.name}`, sv.debounceMs)));
}

type ProjectMeta = Pick<ProjectState, 'projectName' | 'isSample' | 'tables' | 'years' | 'year'> & { layerIds: string[] };
type SavedEdits = Omit<EditSnapshot, 'overrides' | 'audit'> & { overrides: PlainOverrides };

export function classifyStorageError(error: unknown): { kind: StorageErrorKind; message: string } {
  const name = (error as { name?: string })?.name ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return { kind: 'quota', message };
  if (name === 'SecurityError' || name === 'InvalidStateError' || /indexedDB is not defined|not allowed|private/i.test(message)) {
    return { kind: 'unavailable', message };
  }
  return { kind: 'other', message: name ? `${name}: ${message}` : message };
}

function report(error: unknown): void {
  console.error('storage:', error);
  usePersistenceStore.setState({ error: classifyStorageError(error) });
}

export const openShuidiDb = (name = DB_NAME): Promise<IDBPDatabase> =>
  openDB(name, DB_VERSION, {
    upgrade(db) {
      db.createObjectStore('kv');
      db.createObjectStore('layers');
      db.createObjectStore('audit');
    },
  });

interface Saver {
  db: IDBPDatabase;
  layers: Map<string, Layer>;
  auditLength: number;
  auditHead: string | null;
  dirty: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  chain: Promise<void>;
  unsubscribe: (() => void)[];
  debounceMs: number;
}

let saver: Saver | null = null;

function projectMeta(s: ProjectState): ProjectMeta {
  const { projectName, isSample, tables, years, year } = s;
  return { projectName, isSample, tables, years, year, layerIds: s.layers.map((l) => l.id) };
}

/** Writes what is dirty in one transaction, so a crash never leaves half a save. */
async function save(sv: Saver): Promise<void> {
  const dirty = new Set(sv.dirty);
  sv.dirty.clear();
  if (dirty.size === 0) return;
  const tx = sv.db.transaction(['kv', 'layers', 'audit'], 'readwrite');
  const writes: Promise<unknown>[] = [];
  if (dirty.has('project')) {
    const project = useProjectStore.getState();
    writes.push(tx.objectStore('kv').put(projectMeta(project), 'project'));
    const wanted = new Map(project.layers.map((l) => [l.id, l]));
    for (const [id, layer] of wanted) if (sv.layers.get(id) !== layer) writes.push(tx.objectStore('layers').put(layer, id));
    for (const id of sv.layers.keys()) if (!wanted.has(id)) writes.push(tx.objectStore('layers').delete(id));
    sv.layers = wanted;
  }
  if (dirty.has('edits')) {
    const { audit, overrides, ...rest } = editSnapshot();
    writes.push(tx.objectStore('kv').put({ ...rest, overrides: overridesToPlain(overrides) } satisfies SavedEdits, 'edits'));
    writes.push(...saveAudit(sv, tx.objectStore('audit'), audit));
  }
  for (const slot of slots) if (dirty.has(`slot:${slot.name}`)) writes.push(tx.objectStore('kv').put(slot.snapshot(), `slot:${slot.name}`));
  await Promise.all([...writes, tx.done]);
  usePersistenceStore.setState({ lastSavedAt: new Date().toISOString() });
}

/** Appends new entries; rewrites the log only when it was replaced (a project file opened). */
function saveAudit(sv: Saver, store: { put(v: unknown, k: number): Promise<unknown>; clear(): Promise<unknown> }, audit: readonly AuditEntry[]): Promise<unknown>[] {
  const writes: Promise<unknown>[] = [];
  let from = sv.auditLength;
  const continues = audit.length >= from && (from === 0 || audit[from - 1]?.hash === sv.auditHead);
  if (!continues) {
    writes.push(store.clear());
    from = 0;
  }
  for (let i = from; i < audit.length; i++) writes.push(store.put(audit[i], i));
  sv.auditLength = audit.length;
  sv.auditHead = audit.length ? audit[audit.length - 1].hash : null;
  return writes;
}

function schedule(sv: Saver, part: string, debounceMs: number): void {
  sv.dirty.add(part);
  if (sv.timer !== null) return;
  sv.timer = setTimeout(() => {
    sv.timer = null;
    void flush();
  }, debounceMs);
}

/** Saves everything pending now (also called on pagehide / visibilitychange). */
export function flush(): Promise<void> {
  const sv = saver;
  if (!sv) return Promise.resolve();
  if (sv.timer !== null) {
    clearTimeout(sv.timer);
    sv.timer = null;
  }
  sv.chain = sv.chain.then(() => save(sv)).catch(report);
  return sv.chain;
}

async function restore(db: IDBPDatabase): Promise<{ restored: boolean; layers: Map<string, Layer>; audit: AuditEntry[] }> {
  const meta = (await db.get('kv', 'project')) as ProjectMeta | undefined;
  const layers = new Map<string, Layer>();
  const audit = ((await db.getAll('audit')) as AuditEntry[]) ?? [];
  if (!meta) return { restored: false, layers, audit: [] };
  for (const id of meta.layerIds) {
    const layer = (await db.get('layers', id)) as Layer | undefined;
    if (layer) layers.set(id, layer);
  }
  const { layerIds: _ids, ...project } = meta;
  useProjectStore.getState().setProject({ ...project, layers: [...layers.values()] });
  const edits = (await db.get('kv', 'edits')) as SavedEdits | undefined;
  useEditStore.getState().load({ ...(edits ?? {}), overrides: overridesFromPlain(edits?.overrides ?? {}), audit });
  for (const slot of slots) {
    const value = await db.get('kv', `slot:${slot.name}`);
    if (value !== undefined) slot.restore(value);
  }
  return { restored: true, layers, audit };
}

export interface PersistenceOptions {
  debounceMs?: number;
  open?: () => Promise<IDBPDatabase>;
}

/**
 * Restores the saved project (if any), then saves every change. Returns true when a saved
 * project was restored. On a storage failure the page keeps working and shows the error.
 */
export async function startPersistence(options: PersistenceOptions = {}): Promise<boolean> {
  if (saver) return false;
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  let db: IDBPDatabase;
  let restored: Awaited<ReturnType<typeof restore>>;
  try {
    db = await (options.open ?? (() => openShuidiDb()))();
    restored = await restore(db);
  } catch (error) {
    report(error);
    return false;
  }
  const last = restored.audit[restored.audit.length - 1];
  const sv: Saver = { db, layers: restored.layers, auditLength: restored.audit.length, auditHead: last ? last.hash : null, dirty: new Set(), timer: null, chain: Promise.resolve(), unsubscribe: [], debounceMs };
  saver = sv;
  sv.unsubscribe.push(
    useProjectStore.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.tables !== prev.tables || s.years !== prev.years || s.year !== prev.year || s.projectName !== prev.projectName || s.isSample !== prev.isSample) {
        schedule(sv, 'project', debounceMs);
      }
    }),
    useEditStore.subscribe((s, prev) => {
      if (s.overrides !== prev.overrides || s.audit !== prev.audit || s.history !== prev.history || s.userName !== prev.userName || s.selection !== prev.selection) {
        schedule(sv, 'edits', debounceMs);
      }
    }),
    ...slots.map((slot) => slot.subscribe(() => schedule(sv, `slot:${slot.name}`, debounceMs))),
  );
  if (!restored.restored) schedule(sv, 'project', debounceMs);
  // what was just restored is what is stored: the page may say so before the next save
  else usePersistenceStore.setState({ lastSavedAt: new Date().toISOString() });
  listenForPageHide(sv);
  return restored.restored;
}

function listenForPageHide(sv: Saver): void {
  const g = globalThis as { addEventListener?: typeof addEventListener; removeEventListener?: typeof removeEventListener; document?: Document };
  if (!g.addEventListener || !g.document) return;
  const onHide = () => void flush();
  const onVisibility = () => {
    if (g.document?.visibilityState === 'hidden') void flush();
  };
  g.addEventListener('pagehide', onHide);
  g.document.addEventListener('visibilitychange', onVisibility);
  sv.unsubscribe.push(() => {
    g.removeEventListener?.('pagehide', onHide);
    g.document?.removeEventListener('visibilitychange', onVisibility);
  });
}

/** Stops saving (pending changes are flushed first) and closes the database. */
export async function stopPersistence(): Promise<void> {
  const sv = saver;
  if (!sv) return;
  await flush();
  for (const off of sv.unsubscribe) off();
  saver = null;
  sv.db.close();
}

/** Forgets everything saved (for "new project"); the stores are left as they are. */
export async function clearSaved(): Promise<void> {
  const sv = saver;
  if (!sv) return;
  await flush();
  const tx = sv.db.transaction(['kv', 'layers', 'audit'], 'readwrite');
  await Promise.all([tx.objectStore('kv').clear(), tx.objectStore('layers').clear(), tx.objectStore('audit').clear(), tx.done]);
  sv.layers = new Map();
  sv.auditLength = 0;
  sv.auditHead = null;
}

/** Every registered slot's snapshot by name (project files carry them as "marks"). */
export function slotSnapshots(): Record<string, unknown> {
  return Object.fromEntries(slots.map((slot) => [slot.name, slot.snapshot()]));
}

/** Restores the slots named in `values` (from a project file). */
export function restoreSlots(values: Record<string, unknown> | null | undefined): void {
  if (!values || typeof values !== 'object') return;
  for (const slot of slots) if (values[slot.name] !== undefined) slot.restore(values[slot.name]);
}
