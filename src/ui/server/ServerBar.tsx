/**
 * Sign-in and the server's state, in the header, only when the page is served by the Shuidi
 * server. Signed in, the page loads the project from the server, sends every edit, undo and redo
 * to it through the offline queue, merges others' plot edits as they come, offers to load their
 * other changes, and shows a conflict when an edit made offline clashes with someone else's.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useEditStore } from '../../state/editStore.ts';
import { detectServer, fetchProjectFile, flushQueue, listenForChanges, resolveConflict, sendEdit, signIn, signOut, useServerLink } from '../../state/serverLink.ts';
import { openProjectBytes } from '../edit/projectActions.ts';
import { useT } from '../i18n.ts';

async function loadFromServer(): Promise<void> {
  openProjectBytes(await fetchProjectFile(), '服务器项目 server project');
}

/**
 * Sends each entry the page appends to its audit log. When the log is replaced (a project
 * opened or loaded from the server) nothing of it is sent: those edits are not new.
 */
function useSendEdits(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    let seen = useEditStore.getState().audit;
    return useEditStore.subscribe((state) => {
      const audit = state.audit;
      if (audit === seen) return;
      const appended = audit.length > seen.length && (seen.length === 0 || audit[seen.length - 1]?.hash === seen[seen.length - 1].hash);
      if (appended) for (let i = seen.length; i < audit.length; i++) void sendEdit(audit[i]);
      seen = audit;
    });
  }, [active]);
}

function SignIn() {
  const t = useT();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const refused = await signIn(user, password);
    if (refused) {
      setProblem(t(refused.zh, refused.en));
      return;
    }
    setPassword('');
    useEditStore.getState().setUserName(user);
    // edits made offline before a reload go first; the server's project is loaded once they are in
    if (useServerLink.getState().queue.some((q) => !q.user || q.user === user)) {
      useServerLink.setState({ reloadWhenSent: true });
      void flushQueue();
      return;
    }
    await loadFromServer().catch((error: unknown) => setProblem(String(error)));
  };
  return (
    <form className="server-signin" data-testid="server-signin" onSubmit={submit}>
      <input aria-label={t('用户名', 'User')} placeholder={t('用户名', 'User')} value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" />
      <input aria-label={t('密码', 'Password')} placeholder={t('密码', 'Password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
      <button className="primary" type="submit" data-testid="server-signin-submit">
        {t('登录', 'Sign in')}
      </button>
      {problem && <span className="server-problem" role="alert">{problem}</span>}
    </form>
  );
}

const FIELD_NAMES: Record<string, string> = { ZT: '状态', ZZZW: '种植作物', GGFS: '灌溉方式', SYLX: '水源类型' };
const shown = (v: unknown) => (v === null || v === undefined || v === '' ? '（空）' : String(v));

/** Someone else changed a field an offline edit changes: both values, and the user's choice. */
function ConflictDialog() {
  const t = useT();
  const conflict = useServerLink((s) => s.conflict);
  if (!conflict) return null;
  const { edit } = conflict.request;
  return (
    <div className="dialog server-conflict" role="dialog" data-testid="server-conflict" aria-label={t('修改冲突', 'Conflicting change')}>
      <h2>{t('修改冲突', 'Conflicting change')}</h2>
      <p>
        {t(
          `你离线时（或同时）修改的 ${edit.year} 年 ${edit.plotIds.length} 块地中，有 ${conflict.fields.length} 处已被他人改过。请选择保留哪一方的值；未选择前，其后的修改暂不发送。`,
          `Of the ${edit.plotIds.length} plots (${edit.year}) you changed offline or at the same time, ${conflict.fields.length} field(s) were changed by someone else. Choose whose values to keep; later changes wait until you do.`,
        )}
      </p>
      <table className="data-table">
        <thead><tr><th>{t('地块', 'Plot')}</th><th>{t('字段', 'Field')}</th><th>{t('原值', 'Was')}</th><th>{t('对方的值', 'Theirs')}</th><th>{t('我的值', 'Mine')}</th></tr></thead>
        <tbody>
          {conflict.fields.slice(0, 200).map((f) => (
            <tr key={`${f.plotId}/${f.field}`} data-testid="server-conflict-row">
              <td>{f.plotId}</td><td>{t(FIELD_NAMES[f.field] ?? f.field, f.field)} <small className="muted">{f.field}</small></td>
              <td>{shown(f.base)}</td><td data-testid="conflict-theirs">{shown(f.theirs)}</td><td data-testid="conflict-mine">{shown(f.mine)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {conflict.fields.length > 200 && <p className="muted">{t(`只列出前 200 处，共 ${conflict.fields.length} 处`, `First 200 of ${conflict.fields.length} shown`)}</p>}
      <footer>
        <button data-testid="conflict-keep-theirs" onClick={() => void resolveConflict('theirs')}>{t('保留对方的值（其余修改照常发送）', 'Keep theirs (the rest of my change is sent)')}</button>{' '}
        <button className="primary" data-testid="conflict-keep-mine" onClick={() => void resolveConflict('mine')}>{t('保留我的值（覆盖对方，记入审计）', 'Keep mine (over theirs, audited)')}</button>
      </footer>
    </div>
  );
}

export function ServerBar() {
  const t = useT();
  const { mode, session, sending, problem, othersChanges, queue, reachable, reloadWhenSent } = useServerLink();
  // a session (sign-in, or a reload with one) sends what was queued offline
  useEffect(() => {
    if (mode === 'server' && session) void flushQueue();
  }, [mode, session]);
  // after "keep theirs", or edits sent after sign-in: the server's state once the queue is in
  const mineWaiting = queue.some((q) => !q.user || q.user === session?.user);
  useEffect(() => {
    if (!reloadWhenSent || mineWaiting || !session) return;
    useServerLink.setState({ reloadWhenSent: false });
    void loadFromServer();
  }, [reloadWhenSent, mineWaiting, session]);
  useEffect(() => {
    if (mode === 'unknown') void detectServer();
  }, [mode]);
  useSendEdits(mode === 'server' && session !== null);
  useEffect(() => (mode === 'server' && session ? listenForChanges() : undefined), [mode, session]);
  if (mode !== 'server') return null;
  if (!session) return <SignIn />;
  return (
    <span className="server-bar" data-testid="server-bar">
      <span data-testid="server-user">
        {session.displayName} · {t(session.roleLabel, session.role)}
        {session.township ? ` · ${session.township}` : ''}
      </span>
      {sending > 0 && <span>{t('正在同步…', 'Sending…')}</span>}
      {queue.length > 0 && (
        <span className={reachable ? 'muted' : 'server-problem'} data-testid="server-queue" data-count={queue.length}>
          {reachable
            ? t(`${queue.length} 处修改待发送`, `${queue.length} change(s) to send`)
            : t(`无法连接服务器：${queue.length} 处修改已保存在本机，恢复连接后自动发送`, `Server unreachable: ${queue.length} change(s) kept here, sent when it is back`)}
        </span>
      )}
      <ConflictDialog />
      {problem && (
        <span className="server-problem" role="alert" data-testid="server-problem">
          {t(problem.zh, problem.en)}
        </span>
      )}
      {othersChanges > 0 && (
        <button data-testid="server-reload" onClick={() => void loadFromServer()}>
          {t(`载入他人的 ${othersChanges} 处修改`, `Load ${othersChanges} change(s) by others`)}
        </button>
      )}
      <button onClick={() => void loadFromServer()}>{t('从服务器载入', 'Load from server')}</button>
      <button onClick={() => void signOut()}>{t('退出', 'Sign out')}</button>
    </span>
  );
}
