/**
 * The page's link to the Shuidi server when it is served by one (`npm run serve`); under
 * `npm start` there is no server and nothing here does anything. It knows who is signed in, sends
 * the page's edit diffs to the server (the server checks role and township and may refuse), and
 * counts changes others made (server-sent events) so the page can offer to load them.
 *
 * Offline: every edit goes through a queue kept with the page's storage (slot "serverQueue"), sent
 * in order; while the server cannot be reached the page keeps working and the queue waits (retried
 * every few seconds and when the browser is back online). An edit the server answers 409 — a field
 * someone else changed since — stops the queue as a conflict shown with both values; the user keeps
 * theirs (the clashing fields are left out of the edit, the rest sent, then the server's state
 * loaded) or mine (the edit made again on their values). Nothing is dropped without the user's choice, nothing overwritten silently.
 */
import { create } from 'zustand';
import { editConflicts, plotIdOf, rebaseEdit, withoutConflicts, type AuditEntry, type CurrentOf, type Edit, type FieldConflict } from '../core/edits/index.ts';
import type { Properties } from '../core/types.ts';
import { registerPersistedSlot } from './persistence.ts';
import { tablesBeingEdited, useProjectStore } from './projectStore.ts';
import { useEditStore } from './editStore.ts';
import { useFindingsStore } from './findingsStore.ts';
import { FINDING_MARK_LABELS, type FindingMark } from '../core/reconcile/kindLabels.ts';

export interface ServerSession {
  user: string;
  displayName: string;
  role: string;
  roleLabel: string;
  township: string | null;
  csrfToken: string;
}

export interface ServerProblem {
  zh: string;
  en: string;
}

export interface ServerLinkState {
  /** unknown until checked; standalone under `npm start` */
  mode: 'unknown' | 'standalone' | 'server';
  session: ServerSession | null;
  /** edits sent and not yet answered */
  sending: number;
  /** the last refusal or failure, shown to the user */
  problem: ServerProblem | null;
  /** changes committed on the server by others since the project was last loaded */
  othersChanges: number;
  /** edits not yet acknowledged by the server, oldest first */
  queue: QueuedEdit[];
  /** false after a send failed for want of the server; true again once one gets through */
  reachable: boolean;
  /** the first queued edit clashes with someone else's change: the user chooses */
  conflict: EditConflict | null;
  /** the page should load the server's project once the queue is empty (after "keep theirs") */
  reloadWhenSent: boolean;
}

export interface EditRequest {
  edit: Edit;
  reason: string;
  clientId: string;
}

/** A reviewer's mark on a finding as the page made it: the mark it replaces and the new one. */
export interface MarkRequest {
  key: string;
  kind: string;
  villageCode: string;
  before: FindingMark | null;
  after: FindingMark | null;
  clientId: string;
}

export interface QueuedEdit {
  /** a plot edit; or, with `table`, a quota or cap table as saved in the page; or, with `mark`, a finding's mark */
  request?: EditRequest;
  table?: { name: 'quotas' | 'caps'; csv: string };
  mark?: MarkRequest;
  queuedAt: string;
  /** who made it: sent only under that user's session, never under another's */
  user?: string;
}

export interface EditConflict {
  request: EditRequest;
  fields: FieldConflict[];
  /** the server's values now, for "keep mine" (plotId → field → value and whether overridden) */
  current: Record<string, Record<string, { value: Properties[string]; overridden: boolean }>>;
}

export const useServerLink = create<ServerLinkState>(() => ({
  mode: 'unknown', session: null, sending: 0, problem: null, othersChanges: 0, queue: [], reachable: true, conflict: null, reloadWhenSent: false,
}));

interface ErrorReply {
  message?: string;
  messageEn?: string;
  detail?: string;
}

const problemOf = (status: number, body: ErrorReply | null): ServerProblem => ({
  zh: `${body?.message ?? `服务器返回 ${status}`}${body?.detail ? `（${body.detail}）` : ''}`,
  en: `${body?.messageEn ?? `The server answered ${status}`}${body?.detail ? ` (${body.detail})` : ''}`,
});

/** A JSON request to the server with the session's CSRF token (other stores' API calls go through it). */
export const serverCall = (method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> => call(method, path, body);

/** A refusal's message, Chinese and English, from an error reply. */
export const replyProblem = (status: number, body: unknown): ServerProblem => problemOf(status, body as ErrorReply);

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const csrf = useServerLink.getState().session?.csrfToken;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.startsWith('application/json') ? await response.json() : null };
}

/** Whether the county's server serves this page (its index.html carries the marker). */
export const servedByServer = (): boolean => !!globalThis.document?.querySelector('meta[name="shuidi-server"]');

/**
 * Whether a Shuidi server serves this page (it marks index.html with a meta tag, so `npm start`
 * makes no request at all), then who is signed in.
 */
export async function detectServer(): Promise<void> {
  if (!globalThis.document?.querySelector('meta[name="shuidi-server"]')) {
    useServerLink.setState({ mode: 'standalone' });
    return;
  }
  try {
    const session = await call('GET', '/api/session');
    useServerLink.setState({ mode: 'server', session: session.status === 200 ? (session.body as ServerSession) : null });
  } catch {
    useServerLink.setState({ mode: 'standalone' });
  }
}

export async function signIn(user: string, password: string): Promise<ServerProblem | null> {
  const reply = await call('POST', '/api/login', { user, password });
  if (reply.status !== 200) return problemOf(reply.status, reply.body as ErrorReply);
  useServerLink.setState({ session: reply.body as ServerSession, problem: null });
  return null;
}

export async function signOut(): Promise<void> {
  await call('POST', '/api/logout').catch(() => undefined);
  useServerLink.setState({ session: null, othersChanges: 0 });
}

/** The project as a project file, for the page's own "open project" path. */
export async function fetchProjectFile(): Promise<Uint8Array> {
  const response = await fetch('/api/project/file', { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`从服务器读取项目失败（HTTP ${response.status}）；请刷新页面或重新登录 / Could not read the project from the server (HTTP ${response.status})`);
  useServerLink.setState({ othersChanges: 0 });
  return new Uint8Array(await response.arrayBuffer());
}

/** The body the server's POST /api/edits takes for an entry of the page's audit log. */
export function editRequestOf(entry: AuditEntry): EditRequest | null {
  if (!entry.changes || !entry.layerId || !['edit', 'undo', 'redo'].includes(entry.action)) return null;
  return {
    edit: { year: entry.year, layerId: entry.layerId, plotIds: [...entry.plotIds], changes: entry.changes },
    reason: entry.reason,
    // The entry's hash names it uniquely: sending it again is applied once.
    clientId: entry.hash.slice(0, 40),
  };
}

/** Queues a quota or cap table saved in the page (the server checks the role and the table). */
export function sendTable(name: 'quotas' | 'caps', csv: string): Promise<void> {
  if (!useServerLink.getState().session) return Promise.resolve();
  const user = useServerLink.getState().session!.user;
  useServerLink.setState((s) => ({ queue: [...s.queue, { table: { name, csv }, queuedAt: new Date().toISOString(), user }] }));
  return flushQueue();
}

/** Queues a reviewer's mark on a finding made in the page (the server checks the role, and that `before` is still its mark). */
export function sendFindingMark(mark: Omit<MarkRequest, 'clientId'>): Promise<void> {
  const session = useServerLink.getState().session;
  if (!session) return Promise.resolve();
  const clientId = `mark-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
  useServerLink.setState((s) => ({ queue: [...s.queue, { mark: { ...mark, clientId }, queuedAt: new Date().toISOString(), user: session.user }] }));
  return flushQueue();
}

/** The marks on findings as the server holds them now, into the page (another reviewer marked one). */
async function loadServerMarks(): Promise<void> {
  const before = useFindingsStore.getState().marks;
  const reply = await call('GET', '/api/findings/marks').catch(() => null);
  if (!reply || reply.status !== 200) return;
  // a mark made here while the server answered is newer than its answer: then the next event loads them
  if (useServerLink.getState().queue.some((q) => q.mark) || useFindingsStore.getState().marks !== before) return;
  const marks = (reply.body as { marks?: Record<string, FindingMark & { by?: string }> }).marks ?? {};
  useFindingsStore.setState({ marks: Object.fromEntries(Object.entries(marks).map(([key, m]) => [key, { status: m.status, ...(m.reason ? { reason: m.reason } : {}), at: m.at }])) });
}

/**
 * The quota and cap tables as the server holds them now, into the page (another user saved one):
 * the figures follow. Only while none of this page's own table changes wait to be sent.
 */
async function loadServerTables(): Promise<boolean> {
  const [quotas, caps] = await Promise.all(['quotas', 'caps'].map((name) => call('GET', `/api/tables/${name}`).catch(() => null)));
  if (!quotas || !caps || quotas.status !== 200 || caps.status !== 200) return false;
  // ours waiting to be sent, or a cell being typed in: offered to load instead, nothing typed is lost
  if (useServerLink.getState().queue.some((q) => q.table) || tablesBeingEdited.size > 0) return false;
  const csv = (reply: { body: unknown }) => ((reply.body as { csv?: string | null }).csv ?? null);
  const tables = useProjectStore.getState().tables;
  const patch: Partial<typeof tables> = {};
  if (csv(quotas) !== null && csv(quotas) !== tables.quotasCsv) patch.quotasCsv = csv(quotas);
  if (csv(caps) !== null && csv(caps) !== tables.capsCsv) patch.capsCsv = csv(caps);
  if (Object.keys(patch).length) useProjectStore.getState().setTables(patch);
  return true;
}

/** Queues one local edit and sends the queue. */
export function sendEdit(entry: AuditEntry): Promise<void> {
  const request = editRequestOf(entry);
  const session = useServerLink.getState().session;
  if (!request || !session) return Promise.resolve();
  useServerLink.setState((s) => ({ queue: [...s.queue, { request, queuedAt: new Date().toISOString(), user: session.user }] }));
  return flushQueue();
}

const RETRY_MS = 3000;
let flushing: Promise<void> | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;

function retryLater(): void {
  if (retry) return;
  retry = setTimeout(() => {
    retry = null;
    void flushQueue();
  }, RETRY_MS);
}

/** Sends the queued edits in order until one is refused, clashes, or the server cannot be reached. */
export function flushQueue(): Promise<void> {
  flushing ??= sendQueued().finally(() => {
    flushing = null;
  });
  return flushing;
}

async function sendQueued(): Promise<void> {
  for (;;) {
    const { queue, conflict, session } = useServerLink.getState();
    if (!session || conflict || queue.length === 0) return;
    // made by someone else on this computer: it waits for that user, it is never sent in another's name
    const item = queue.find((q) => !q.user || q.user === session.user);
    if (!item) {
      const others = [...new Set(queue.map((q) => q.user))].join('、');
      useServerLink.setState({ problem: { zh: `本机还有 ${queue.length} 处未发送的修改属于用户 ${others}，请以该用户登录后发送`, en: `${queue.length} unsent change(s) on this computer belong to ${others}; sign in as that user to send them` } });
      return;
    }
    useServerLink.setState((s) => ({ sending: s.sending + 1 }));
    let reply;
    try {
      reply = item.table ? await call('PUT', `/api/tables/${item.table.name}`, { csv: item.table.csv })
        : item.mark ? await call('POST', '/api/findings/marks', item.mark)
        : await call('POST', '/api/edits', item.request);
    } catch {
      reply = null;
    } finally {
      useServerLink.setState((s) => ({ sending: s.sending - 1 }));
    }
    // no answer, or a proxy's "server not there": keep the edit and try again later
    if (!reply || reply.status === 502 || reply.status === 503 || reply.status === 504) {
      useServerLink.setState({ reachable: false });
      retryLater();
      return;
    }
    useServerLink.setState({ reachable: true });
    if (reply.status === 409 && item.request) {
      try {
        useServerLink.setState({ conflict: await conflictOf(item.request) });
      } catch {
        useServerLink.setState({ reachable: false });
        retryLater();
      }
      return;
    }
    const done = (s: ServerLinkState) => (s.queue[0] === item ? s.queue.slice(1) : s.queue.filter((q) => q !== item));
    if (reply.status === 409 && item.mark) {
      // someone else marked the finding since: theirs is shown in the page, ours is said and not sent
      const current = (reply.body as { current?: (FindingMark & { by?: string }) | null }).current ?? null;
      useFindingsStore.getState().mark(item.mark.key, current ? { status: current.status, ...(current.reason ? { reason: current.reason } : {}), at: current.at } : null);
      const theirs = current ? `“${FINDING_MARK_LABELS[current.status].zh}”（${current.by ?? ''}）` : '无标记';
      const theirsEn = current ? `"${FINDING_MARK_LABELS[current.status].en}" (${current.by ?? ''})` : 'no mark';
      const mine = item.mark.after ? `“${FINDING_MARK_LABELS[item.mark.after.status].zh}”` : '清除标记';
      useServerLink.setState((s) => ({
        queue: done(s),
        problem: { zh: `套核发现 ${item.mark!.key} 的标记已被他人改动，现为${theirs}；本机的${mine}未保存，请核对后重新标记`, en: `Finding ${item.mark!.key} was marked by someone else since, now ${theirsEn}; yours was not saved — check and mark again` },
      }));
      continue;
    }
    if (reply.status === 200) useServerLink.setState((s) => ({ queue: done(s) }));
    else {
      // refused for good (role, township, a plot the server does not have): said, not retried
      useServerLink.setState((s) => ({ queue: done(s), problem: problemOf(reply.status, reply.body as ErrorReply) }));
    }
  }
}

/** The server's values now for the plots of a clashing edit, and the fields that differ. */
async function conflictOf(request: EditRequest): Promise<EditConflict> {
  const { edit } = request;
  const reply = await call('GET', `/api/overrides?year=${edit.year}`);
  if (reply.status !== 200) throw new Error(`读取服务器当前值失败（HTTP ${reply.status}）/ could not read the current values (HTTP ${reply.status})`);
  const overrides = ((reply.body as { overrides?: Record<string, Record<string, Properties>> }).overrides ?? {})[edit.layerId] ?? {};
  const layer = useProjectStore.getState().layers.find((l) => l.id === edit.layerId);
  const base = new Map<string, Properties>();
  layer?.features.features.forEach((f, i) => base.set(plotIdOf(f, i), f.properties ?? {}));
  const current: EditConflict['current'] = {};
  for (const plotId of edit.plotIds) {
    current[plotId] = {};
    for (const field of Object.keys(edit.changes[plotId] ?? {})) {
      const own = overrides[plotId];
      const overridden = !!own && field in own;
      current[plotId][field] = { value: overridden ? own[field] : (base.get(plotId)?.[field] ?? null), overridden };
    }
  }
  return { request, fields: editConflicts(edit, currentOf(current)), current };
}

const currentOf = (current: EditConflict['current']): CurrentOf => (plotId, field) => current[plotId]?.[field] ?? { value: null, overridden: false };

/**
 * The user's choice on a conflict: "theirs" sends the edit without the clashing fields (and loads
 * the server's state once the queue is sent); "mine" sends it again made on their values.
 */
export function resolveConflict(choice: 'theirs' | 'mine'): Promise<void> {
  const { conflict } = useServerLink.getState();
  if (!conflict) return Promise.resolve();
  const rest = (s: ServerLinkState) => s.queue.filter((q) => q.request !== conflict.request);
  if (choice === 'theirs') {
    // the clashing fields keep their value; the rest of the edit still goes, as it was made
    const kept = withoutConflicts(conflict.request.edit, conflict.fields);
    const again: QueuedEdit[] = kept
      ? [{ request: { edit: kept, reason: `${conflict.request.reason}（冲突处保留他人的值）`.trim(), clientId: `${conflict.request.clientId.slice(0, 60)}-t` }, queuedAt: new Date().toISOString(), user: useServerLink.getState().session?.user }]
      : [];
    useServerLink.setState((s) => ({ conflict: null, queue: [...again, ...rest(s)], reloadWhenSent: true }));
  } else {
    const rebased = rebaseEdit(conflict.request.edit, currentOf(conflict.current));
    const again: QueuedEdit[] = rebased
      ? [{ request: { edit: rebased, reason: `${conflict.request.reason}（冲突后保留本人的值）`.trim(), clientId: `${conflict.request.clientId.slice(0, 60)}-m` }, queuedAt: new Date().toISOString(), user: useServerLink.getState().session?.user }]
      : [];
    useServerLink.setState((s) => ({ conflict: null, queue: [...again, ...rest(s)] }));
  }
  return flushQueue();
}

// the queue outlives a reload or a closed tab, like the edits it carries
registerPersistedSlot({
  name: 'serverQueue',
  local: true,
  snapshot: () => ({ queue: useServerLink.getState().queue }),
  restore: (value) => {
    const queue = (value as { queue?: unknown } | null)?.queue;
    if (Array.isArray(queue)) useServerLink.setState({ queue: queue as QueuedEdit[] });
  },
  subscribe: (onChange) => useServerLink.subscribe((s, prev) => {
    if (s.queue !== prev.queue) onChange();
  }),
});

if (typeof globalThis.addEventListener === 'function') globalThis.addEventListener('online', () => void flushQueue());

interface ChangeEventData {
  user: string;
  kind?: string;
  year?: number;
  layerId?: string;
  plotIds?: string[];
}

/**
 * Another user's plot edit, merged into the page as the server now holds those plots (the map and
 * the figures follow within a second or two). Only while this page has nothing of its own waiting:
 * otherwise, and for other kinds of change, it is counted and offered as "load others' changes".
 */
async function mergeOthersEdit(data: ChangeEventData): Promise<boolean> {
  const { queue, conflict } = useServerLink.getState();
  if (data.kind !== 'edit' || !data.layerId || !data.plotIds?.length || typeof data.year !== 'number' || queue.length || conflict) return false;
  const reply = await call('GET', `/api/overrides?year=${data.year}`).catch(() => null);
  if (!reply || reply.status !== 200) return false;
  const table = ((reply.body as { overrides?: Record<string, Record<string, Properties>> }).overrides ?? {})[data.layerId] ?? {};
  useEditStore.getState().mergeRemote(data.year, data.layerId, Object.fromEntries(data.plotIds.map((id) => [id, table[id] ?? null])));
  return true;
}

/** Listens to the server's change feed: others' plot edits merged, other changes counted. Returns a function that stops. */
export function listenForChanges(): () => void {
  const source = new EventSource('/api/events');
  source.addEventListener('change', (event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as ChangeEventData;
    // the review round's changes refresh its panel (reviewStore listens), for everyone
    if (data.kind === 'review' || data.kind === 'edit') globalThis.dispatchEvent?.(new CustomEvent('shuidi-review-change', { detail: data }));
    if (data.kind === 'review' || data.user === useServerLink.getState().session?.user) return;
    // another reviewer's mark: the server's marks into the page, unless ours are still waiting to be sent
    if (data.kind === 'mark' && !useServerLink.getState().queue.some((q) => q.mark)) {
      void loadServerMarks();
      return;
    }
    // another user's quota or cap table: taken at once (the figures follow), unless ours wait to be sent
    if (data.kind === 'table' && !useServerLink.getState().queue.some((q) => q.table)) {
      void loadServerTables().then((loaded) => {
        if (!loaded) useServerLink.setState((s) => ({ othersChanges: s.othersChanges + 1 }));
      });
      return;
    }
    void mergeOthersEdit(data).then((merged) => {
      if (!merged) useServerLink.setState((s) => ({ othersChanges: s.othersChanges + 1 }));
    });
  });
  // the feed (re)opens when the server is back: send what waited
  source.addEventListener('open', () => void flushQueue());
  return () => source.close();
}
