/**
 * Sign-in and the server's state, in the header, only when the page is served by the Shuidi
 * server. Signed in, the page loads the project from the server, sends every edit, undo and redo
 * to it, and offers to load what others changed.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useEditStore } from '../../state/editStore.ts';
import { detectServer, fetchProjectFile, listenForChanges, sendEdit, signIn, signOut, useServerLink } from '../../state/serverLink.ts';
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

export function ServerBar() {
  const t = useT();
  const { mode, session, sending, problem, othersChanges } = useServerLink();
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
