/**
 * The page's link to the Shuidi server when it is served by one (`npm run serve`); under
 * `npm start` there is no server and nothing here does anything. It knows who is signed in, sends
 * the page's edit diffs to the server (the server checks role and township and may refuse), and
 * counts changes others made (server-sent events) so the page can offer to load them.
 */
import { create } from 'zustand';
import type { AuditEntry, Edit } from '../core/edits/index.ts';

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
}

export const useServerLink = create<ServerLinkState>(() => ({ mode: 'unknown', session: null, sending: 0, problem: null, othersChanges: 0 }));

interface ErrorReply {
  message?: string;
  messageEn?: string;
  detail?: string;
}

const problemOf = (status: number, body: ErrorReply | null): ServerProblem => ({
  zh: `${body?.message ?? `服务器返回 ${status}`}${body?.detail ? `（${body.detail}）` : ''}`,
  en: `${body?.messageEn ?? `The server answered ${status}`}${body?.detail ? ` (${body.detail})` : ''}`,
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const csrf = useServerLink.getState().session?.csrfToken;
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.startsWith('application/json') ? await response.json() : null };
}

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
export function editRequestOf(entry: AuditEntry): { edit: Edit; reason: string; clientId: string } | null {
  if (!entry.changes || !entry.layerId || !['edit', 'undo', 'redo'].includes(entry.action)) return null;
  return {
    edit: { year: entry.year, layerId: entry.layerId, plotIds: [...entry.plotIds], changes: entry.changes },
    reason: entry.reason,
    // The entry's hash names it uniquely: sending it again is applied once.
    clientId: entry.hash.slice(0, 40),
  };
}

/** Sends one local edit; a refusal is kept as the problem to show. */
export async function sendEdit(entry: AuditEntry): Promise<void> {
  const request = editRequestOf(entry);
  if (!request || !useServerLink.getState().session) return;
  useServerLink.setState((s) => ({ sending: s.sending + 1 }));
  try {
    const reply = await call('POST', '/api/edits', request);
    if (reply.status !== 200) useServerLink.setState({ problem: problemOf(reply.status, reply.body as ErrorReply) });
  } catch {
    useServerLink.setState({ problem: { zh: '无法连接服务器，修改未送达', en: 'The server cannot be reached; the change was not sent' } });
  } finally {
    useServerLink.setState((s) => ({ sending: s.sending - 1 }));
  }
}

/** Listens to the server's change feed; counts changes by other users. Returns a function that stops. */
export function listenForChanges(): () => void {
  const source = new EventSource('/api/events');
  source.addEventListener('change', (event) => {
    const data = JSON.parse((event as MessageEvent<string>).data) as { user: string };
    if (data.user !== useServerLink.getState().session?.user) useServerLink.setState((s) => ({ othersChanges: s.othersChanges + 1 }));
  });
  return () => source.close();
}
