/**
 * The page's queue of changes for the server: sent in order, each only under the session of the
 * user who made it (a colleague signing in on the same computer never sends them in their name),
 * kept while the server cannot be reached.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushQueue, useServerLink, type QueuedEdit } from '../../src/state/serverLink.ts';

const item = (user: string, plot: string): QueuedEdit => ({
  user,
  queuedAt: '2026-12-07T00:00:00Z',
  request: {
    edit: { year: 2025, layerId: 'plots', plotIds: [plot], changes: { [plot]: { ZT: { before: '种植', after: '休耕', overriddenBefore: false, overriddenAfter: true } } } },
    reason: '',
    clientId: `client-${plot}`,
  },
});
const session = (user: string) => ({ user, displayName: user, role: 'agriculture', roleLabel: '农业农村局', township: null, csrfToken: 't' });

afterEach(() => {
  vi.unstubAllGlobals();
  useServerLink.setState({ queue: [], session: null, problem: null, conflict: null, reachable: true });
});

describe('the queue of changes for the server', () => {
  it('sends only the signed-in user\'s changes, in order, and says whose are left', async () => {
    const sent: string[] = [];
    vi.stubGlobal('fetch', vi.fn(async (_path: string, init: { body: string }) => {
      sent.push(JSON.parse(init.body).edit.plotIds[0]);
      return new Response(JSON.stringify({ seq: 1, hash: 'h', duplicate: false }), { status: 200, headers: { 'content-type': 'application/json' } });
    }));
    useServerLink.setState({ session: session('lisi'), queue: [item('zhangsan', 'P1'), item('lisi', 'P2'), item('zhangsan', 'P3'), item('lisi', 'P4')] });
    await flushQueue();
    expect(sent).toEqual(['P2', 'P4']);
    expect(useServerLink.getState().queue.map((q) => q.request!.edit.plotIds[0])).toEqual(['P1', 'P3']);
    expect(useServerLink.getState().problem?.zh).toContain('zhangsan');
  });

  it('keeps everything while the server cannot be reached', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    }));
    useServerLink.setState({ session: session('lisi'), queue: [item('lisi', 'P2'), item('lisi', 'P4')] });
    await flushQueue();
    expect(useServerLink.getState().queue).toHaveLength(2);
    expect(useServerLink.getState().reachable).toBe(false);
  });
});
