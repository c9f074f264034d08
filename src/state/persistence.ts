/**
 * Autosave in IndexedDB: the project (layers, tables, years), the edits (overrides, history,
 * user name, selection), the audit log and other stores' slots (e.g. reconciliation marks) are
 * saved as they change and restored on load. An edit, undo or redo is written at once (in the
 * task that made it, with strict durability), and the panels say "done" only when editsSaved()
 * resolves; everything else is debounced (while the page opens, until the map first shows the
 * county: mapColoured.ts afterOpening) and flushed when the page is hidden or closed. Storage errors (quota full, private mode) go to `usePersistenceStore` for the
 * page to show; they are never swallowed.
 *
 * Layout of database "shuidi" v1:
 *   kv      key → value: 'project' (meta + layer ids in order), 'edits', 'slot:<name>'
 *   layers  layer id → layer head, and [layer id, generation, i] → chunk i of its features
 *           (see persistLayers.ts; a whole Layer under its id is the older format, still read)
 *   audit   seq → AuditEntry (append-only: entries are written once, as recorded)
 *
 * A save takes a snapshot of what is dirty, writes the features of added or replaced layers in
 * chunks (one chunk per task, so the page never freezes on a big layer), then commits the project
 * meta, layer heads, edits, audit entries and slots in one transaction, then deletes the chunks
 * the commit made unused. A reload at any moment restores the last committed save, whole.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { create } from 'zustand';
import type { Layer, LayerKind } from '../core/types.ts';
import { overridesFromPlain, overridesToPlain, type AuditEntry, type PlainOverrides } from '../core/edits/index.ts';
import { useProjectStore, type ProjectState } from './projectStore.ts';
import { afterOpening } from './mapColoured.ts';
import { editSnapshot, useEditStore, type EditSnapshot } from './editStore.ts';
import {
  FEATURES_PER_CHUNK,
  LAYERS_STORE,
  advanceGenerations,
  deleteGenerations,
  deleteHeadsChunks,
  deleteOrphanChunks,
  isLayerHead,
  markStored,
  putLayerHeads,
  readLayers,
  writeLayers,
  type LayerHead,
  type StoredGeneration,
} from './persistLayers.ts';
import { openDisplayCache, readDisplay, restoreDisplays, storeDisplays, type EarlyDisplay } from './displayCache.ts';
import { hintSaved } from './savedHint.ts';

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
  /** kept in this browser's storage only, never in a project file (e.g. the edits not yet sent) */
  local?: boolean;
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
  /** The layers of the last commit, by id (compared by identity: layers are never mutated). */
  layers: Map<string, Layer>;
  /** Which chunk generation each committed layer uses (null: old one-record format). */
  generations: Map<string, StoredGeneration>;
  auditLength: number;
  auditHead: string | null;
  dirty: Set<string>;
  timer: ReturnType<typeof setTimeout> | null;
  chain: Promise<void>;
  unsubscribe: (() => void)[];
  debounceMs: number;
  featuresPerChunk: number;
}

let saver: Saver | null = null;

function projectMeta(s: ProjectState): ProjectMeta {
  const { projectName, isSample, tables, years, year } = s;
  return { projectName, isSample, tables, years, year, layerIds: s.layers.map((l) => l.id) };
}

interface AuditPlan {
  clear: boolean;
  from: number;
  entries: readonly AuditEntry[];
  head: string | null;
}

/** What one save commits, taken at its start so that the commit is one consistent state. */
interface Snapshot {
  meta?: ProjectMeta;
  layers?: Map<string, Layer>;
  edits?: SavedEdits;
  audit?: AuditPlan;
  slots: [key: string, value: unknown][];
}

function takeSnapshot(sv: Saver, dirty: ReadonlySet<string>): Snapshot {
  const snapshot: Snapshot = { slots: [] };
  if (dirty.has('project')) {
    const project = useProjectStore.getState();
    snapshot.meta = projectMeta(project);
    snapshot.layers = new Map(project.layers.map((l) => [l.id, l]));
  }
  if (dirty.has('edits')) {
    const { audit, overrides, ...rest } = editSnapshot();
    snapshot.edits = { ...rest, overrides: overridesToPlain(overrides) };
    snapshot.audit = planAudit(sv, audit);
  }
  for (const slot of slots) if (dirty.has(`slot:${slot.name}`)) snapshot.slots.push([`slot:${slot.name}`, slot.snapshot()]);
  return snapshot;
}

/** Appends new entries; rewrites the log only when it was replaced (a project file opened). */
function planAudit(sv: Saver, audit: readonly AuditEntry[]): AuditPlan {
  const from = sv.auditLength;
  const continues = audit.length >= from && (from === 0 || audit[from - 1]?.hash === sv.auditHead);
  return { clear: !continues, from: continues ? from : 0, entries: audit, head: audit.length ? audit[audit.length - 1].hash : null };
}

/** Saves what is dirty; on failure the parts stay dirty, so the next save tries them again. */
async function save(sv: Saver): Promise<void> {
  const dirty = new Set(sv.dirty);
  sv.dirty.clear();
  if (dirty.size === 0) return;
  try {
    await saveSnapshot(sv, takeSnapshot(sv, dirty));
  } catch (error) {
    for (const part of dirty) sv.dirty.add(part);
    throw error;
  }
}

async function saveSnapshot(sv: Saver, snapshot: Snapshot): Promise<void> {
  // a layer in the old one-record format is rewritten in chunks at the first save
  const changed = snapshot.layers ? [...snapshot.layers.values()].filter((l) => sv.layers.get(l.id) !== l || sv.generations.get(l.id) === null) : [];
  const heads = await writeLayers(sv.db, changed, sv.featuresPerChunk);
  try {
    await commit(sv, snapshot, heads);
  } catch (error) {
    await deleteHeadsChunks(sv.db, heads);
    throw error;
  }
  const unused = afterCommit(sv, snapshot, heads);
  for (const [id, head] of heads) {
    const layer = snapshot.layers?.get(id);
    if (layer) markStored(layer.features, head.generation);
  }
  usePersistenceStore.setState({ lastSavedAt: new Date().toISOString() });
  hintSaved();
  // the map-ready GeoJSON of the layers just committed, for the next opening: a failure costs
  // that opening time only, so it is neither awaited nor reported
  if (snapshot.layers && heads.size) void storeDisplays(snapshot.layers, new Map([...heads].map(([id, head]) => [id, head.generation]))).catch(() => undefined);
  await deleteGenerations(sv.db, unused);
}

/** The one transaction that switches from the previous save to this one. */
async function commit(sv: Saver, snapshot: Snapshot, heads: ReadonlyMap<string, LayerHead>): Promise<void> {
  // strict: the transaction completes only once the data is on disk, so "saved" means saved
  const tx = sv.db.transaction(['kv', LAYERS_STORE, 'audit'], 'readwrite', { durability: 'strict' });
  const kv = tx.objectStore('kv');
  const removed = snapshot.layers ? [...sv.generations.keys()].filter((id) => !snapshot.layers?.has(id)) : [];
  const writes = await putLayerHeads(tx, heads, removed);
  if (snapshot.meta) writes.push(kv.put(snapshot.meta, 'project'));
  if (snapshot.edits) writes.push(kv.put(snapshot.edits, 'edits'));
  if (snapshot.audit) {
    const { clear, from, entries } = snapshot.audit;
    const audit = tx.objectStore('audit');
    if (clear) writes.push(audit.clear());
    for (let i = from; i < entries.length; i++) writes.push(audit.put(entries[i], i));
  }
  for (const [key, value] of snapshot.slots) writes.push(kv.put(value, key));
  tx.commit(); // no more requests: commit now rather than when the page next yields
  await Promise.all([...writes, tx.done]);
}

/** Records what is now committed; returns the chunk generations nothing points at any more. */
function afterCommit(sv: Saver, snapshot: Snapshot, heads: ReadonlyMap<string, LayerHead>): [string, string][] {
  const unused = advanceGenerations(sv.generations, heads, snapshot.layers);
  if (snapshot.layers) sv.layers = snapshot.layers;
  if (snapshot.audit) {
    sv.auditLength = snapshot.audit.entries.length;
    sv.auditHead = snapshot.audit.head;
  }
  return unused;
}

function schedule(sv: Saver, part: string, debounceMs: number): void {
  sv.dirty.add(part);
  if (sv.timer !== null) return;
  // While the page opens, the map and the accounting have the processor: a debounced save (the
  // county just loaded, say) waits until the county is first shown coloured. An edit, undo or redo
  // does not wait (it flushes at once, and what is pending goes with it), nor does a hidden or
  // closed page. The timer stays set meanwhile, so no second wait is scheduled.
  const timer: ReturnType<typeof setTimeout> = setTimeout(() => {
    void afterOpening().then(() => {
      if (sv.timer !== timer) return; // flushed meanwhile
      sv.timer = null;
      void flush();
    });
  }, debounceMs);
  sv.timer = timer;
}

/**
 * Saves everything pending now (also called on pagehide / visibilitychange). On pagehide this is
 * best effort: the browser may end the page before a big layer's chunks are all written, and then
 * the previous save is what a reload restores (never a mix). While the page is hidden the chunks
 * are written back to back, without waiting for timers, to give it the best chance.
 */
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

/**
 * Resolves once every change made so far is committed to IndexedDB (or its failure reported).
 * The edit panels wait for it before saying an edit is done: a reload, a closed tab or a killed
 * browser right after that loses nothing.
 */
export function editsSaved(): Promise<void> {
  return saver ? saver.chain : Promise.resolve();
}

/**
 * The map GeoJSON of the saved layers of these kinds, read from the layers' heads alone (no
 * feature is read), so the map can start on it while the project itself is read back. Each comes
 * with the stored generation it was made from: the map keeps drawing it only for a restored layer
 * of that very generation (src/ui/map/MapView.tsx). Nothing saved, or nothing kept: none.
 */
export async function peekSavedDisplays(kinds: readonly LayerKind[], open: () => Promise<IDBPDatabase> = () => openShuidiDb()): Promise<EarlyDisplay[]> {
  openDisplayCache(); // both databases open at once
  const db = await open();
  try {
    const tx = db.transaction(['kv', LAYERS_STORE], 'readonly');
    const meta = (await tx.objectStore('kv').get('project')) as ProjectMeta | undefined;
    const heads: LayerHead[] = [];
    for (const id of meta?.layerIds ?? []) {
      // a head is small (a layer still in the old one-record format is read whole, and left)
      const record: unknown = await tx.objectStore(LAYERS_STORE).get(id);
      if (isLayerHead(record) && kinds.includes(record.layer.kind)) heads.push(record);
    }
    await tx.done;
    const found = await Promise.all(heads.map(async (head) => {
      const display = await readDisplay(head.layer.id, head.generation).catch(() => undefined);
      return display ? { id: head.layer.id, kind: head.layer.kind, generation: head.generation, display } : null;
    }));
    return found.filter((entry) => entry !== null) satisfies EarlyDisplay[];
  } finally {
    db.close();
  }
}

interface Restored {
  restored: boolean;
  layers: Map<string, Layer>;
  generations: Map<string, StoredGeneration>;
  audit: AuditEntry[];
}

/** Reads the last committed save in one transaction (so it is one save, whole), then applies it. */
async function restore(db: IDBPDatabase): Promise<Restored> {
  const tx = db.transaction(['kv', LAYERS_STORE, 'audit'], 'readonly');
  const meta = (await tx.objectStore('kv').get('project')) as ProjectMeta | undefined;
  if (!meta) return { restored: false, layers: new Map(), generations: new Map(), audit: [] };
  const audit = ((await tx.objectStore('audit').getAll()) as AuditEntry[]) ?? [];
  const { layers, generations } = await readLayers(tx, meta.layerIds);
  const edits = (await tx.objectStore('kv').get('edits')) as SavedEdits | undefined;
  const slotValues: [PersistedSlot, unknown][] = [];
  for (const slot of slots) slotValues.push([slot, await tx.objectStore('kv').get(`slot:${slot.name}`)]);
  await tx.done;

  // the layers' map GeoJSON saved with these very generations: the map's workers draw from it
  await restoreDisplays(layers, generations).catch(() => undefined);
  const { layerIds: _ids, ...project } = meta;
  useProjectStore.getState().setProject({ ...project, layers: [...layers.values()] });
  useEditStore.getState().load({ ...(edits ?? {}), overrides: overridesFromPlain(edits?.overrides ?? {}), audit });
  for (const [slot, value] of slotValues) if (value !== undefined) slot.restore(value);
  return { restored: true, layers, generations, audit };
}

export interface PersistenceOptions {
  debounceMs?: number;
  /** Features per stored chunk (default FEATURES_PER_CHUNK); tests use small chunks. */
  featuresPerChunk?: number;
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
  let restored: Restored;
  try {
    db = await (options.open ?? (() => openShuidiDb()))();
    restored = await restore(db);
  } catch (error) {
    report(error);
    return false;
  }
  // chunks left by an interrupted write go while the page opens (the accounting is not kept
  // waiting); every save waits for it, so it never takes a save's new chunks for leftovers
  const cleanedUp = deleteOrphanChunks(db, restored.generations).then(
    () => undefined,
    (error: unknown) => report(error), // only space is lost; saving still works
  );
  const last = restored.audit[restored.audit.length - 1];
  const featuresPerChunk = Math.max(1, Math.floor(options.featuresPerChunk ?? FEATURES_PER_CHUNK));
  const { layers, generations } = restored;
  const sv: Saver = { db, layers, generations, auditLength: restored.audit.length, auditHead: last ? last.hash : null, dirty: new Set(), timer: null, chain: cleanedUp, unsubscribe: [], debounceMs, featuresPerChunk };
  saver = sv;
  sv.unsubscribe.push(
    useProjectStore.subscribe((s, prev) => {
      if (s.layers !== prev.layers || s.tables !== prev.tables || s.years !== prev.years || s.year !== prev.year || s.projectName !== prev.projectName || s.isSample !== prev.isSample) {
        schedule(sv, 'project', debounceMs);
      }
    }),
    useEditStore.subscribe((s, prev) => {
      if (s.overrides !== prev.overrides || s.audit !== prev.audit || s.history !== prev.history) {
        // an edit, undo or redo is written at once, in this very task: see editsSaved()
        sv.dirty.add('edits');
        void flush();
      } else if (s.userName !== prev.userName || s.selection !== prev.selection) {
        schedule(sv, 'edits', debounceMs);
      }
    }),
    ...slots.map((slot) => slot.subscribe(() => schedule(sv, `slot:${slot.name}`, debounceMs))),
  );
  // nothing saved yet, or layers in the old one-record format to rewrite in chunks
  if (!restored.restored || [...generations.values()].includes(null)) schedule(sv, 'project', debounceMs);
  // what was just restored is what is stored: the page may say so before the next save
  if (restored.restored) usePersistenceStore.setState({ lastSavedAt: new Date().toISOString() });
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
  await Promise.all([tx.objectStore('kv').clear(), tx.objectStore(LAYERS_STORE).clear(), tx.objectStore('audit').clear(), tx.done]);
  sv.layers = new Map();
  sv.generations = new Map();
  sv.auditLength = 0;
  sv.auditHead = null;
}

/** Every registered slot's snapshot by name (project files carry them as "marks"). */
export function slotSnapshots(): Record<string, unknown> {
  return Object.fromEntries(slots.filter((slot) => !slot.local).map((slot) => [slot.name, slot.snapshot()]));
}

/** Restores the slots named in `values` (from a project file). */
export function restoreSlots(values: Record<string, unknown> | null | undefined): void {
  if (!values || typeof values !== 'object') return;
  for (const slot of slots) if (!slot.local && values[slot.name] !== undefined) slot.restore(values[slot.name]);
}
