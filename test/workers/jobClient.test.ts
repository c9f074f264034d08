/**
 * Cancelling a job stops the work: a job that does not stop within the grace time (one deep in a
 * synchronous step never reads its signal) has its worker terminated, and the next job gets a
 * fresh worker; a job that stops by itself leaves the worker running.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';

class FakeWorker {
  static created: FakeWorker[] = [];
  terminated = false;
  posted: unknown[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  constructor() {
    FakeWorker.created.push(this);
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
}

describe('jobClient', () => {
  beforeEach(() => {
    FakeWorker.created = [];
    vi.stubGlobal('Worker', FakeWorker);
    vi.resetModules();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  test('a cancelled job that does not stop has its worker terminated, and the next job runs in a new one', async () => {
    const { runJob, CANCEL_GRACE_MS } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const running = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const first = FakeWorker.created[0];
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'CancelledError' });
    expect(first.posted.at(-1)).toMatchObject({ type: 'cancel' });
    expect(first.terminated).toBe(false);
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    expect(first.terminated).toBe(true);
    void runJob('importLayer', { files: {} }).catch(() => undefined);
    expect(FakeWorker.created).toHaveLength(2);
    expect(FakeWorker.created[1].terminated).toBe(false);
  });

  test('a cancelled job that stops by itself leaves the worker running', async () => {
    const { runJob, CANCEL_GRACE_MS } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const job = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const worker = FakeWorker.created[0];
    const id = (worker.posted[0] as { id: number }).id;
    controller.abort();
    await expect(job).rejects.toMatchObject({ name: 'CancelledError' });
    worker.onmessage?.({ data: { type: 'error', id, name: 'CancelledError', message: 'cancelled' } });
    vi.advanceTimersByTime(CANCEL_GRACE_MS * 4);
    expect(worker.terminated).toBe(false);
  });

  test('another job in the stopped worker fails with a message saying so, in Chinese and English', async () => {
    const { runJob, CANCEL_GRACE_MS } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const cancelled = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const bystander = runJob('previewImport', { files: {} });
    controller.abort();
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    await expect(cancelled).rejects.toMatchObject({ name: 'CancelledError' });
    await expect(bystander).rejects.toMatchObject({ name: 'WorkerStopped', message: expect.stringMatching(/后台任务被停止/), messageEn: expect.stringMatching(/was stopped/) });
  });

  test('an InputError from the worker keeps its English text for the language switch', async () => {
    const { runJob } = await import('../../src/workers/jobClient.ts');
    const job = runJob('importLayer', { files: {} });
    const worker = FakeWorker.created[0];
    const id = (worker.posted[0] as { id: number }).id;
    worker.onmessage?.({ data: { type: 'error', id, name: 'InputError', message: 'a.shp：文件是空的（0 字节）', messageEn: 'a.shp: the file is empty (0 bytes)' } });
    await expect(job).rejects.toMatchObject({ name: 'InputError', message: 'a.shp：文件是空的（0 字节）', messageEn: 'a.shp: the file is empty (0 bytes)' });
  });

  test('reconcile\'s layers go to the worker once and are named by a key after; a new layer goes again; beyond six the oldest are forgotten; a new worker gets them again', async () => {
    const { runJob, CANCEL_GRACE_MS } = await import('../../src/workers/jobClient.ts');
    const layer = (name: string) => ({ id: name, name, kind: 'plots', features: { type: 'FeatureCollection', features: [] } }) as never;
    const [villages, plots, survey] = [layer('v'), layer('p'), layer('s')];
    const input = (p: unknown) => ({ villages, plots: p, survey, forest: null, settings: {} }) as never;
    void runJob('reconcile', input(plots)).catch(() => undefined);
    const worker = FakeWorker.created[0];
    const first = worker.posted[0] as { input: Record<string, unknown>; keep: Record<string, string>; kept?: unknown };
    expect(Object.keys(first.keep).sort()).toEqual(['plots', 'survey', 'villages']);
    expect(first.input.survey).toBe(survey);
    void runJob('reconcile', input(plots)).catch(() => undefined);
    const second = worker.posted[1] as { input: Record<string, unknown>; keep?: unknown; kept: Record<string, string> };
    expect(second.keep).toBeUndefined();
    expect(second.kept).toEqual(first.keep);
    expect(second.input.survey).toBeUndefined();
    expect(second.input.settings).toEqual({});
    // a new plots layer (another import, or edits made into a new object) is sent, the others named
    void runJob('reconcile', input(layer('p2'))).catch(() => undefined);
    const third = worker.posted[2] as { keep: Record<string, string>; kept: Record<string, string> };
    expect(Object.keys(third.keep)).toEqual(['plots']);
    expect(Object.keys(third.kept).sort()).toEqual(['survey', 'villages']);
    for (let k = 3; k < 7; k++) void runJob('reconcile', input(layer(`p${k}`))).catch(() => undefined);
    const forget = worker.posted.filter((m) => (m as { type: string }).type === 'forget') as { keys: string[] }[];
    expect(forget.flatMap((m) => m.keys)).toEqual([first.keep.plots, third.keep.plots]);
    // other jobs send their input as it is
    void runJob('importLayer', { files: {} }).catch(() => undefined);
    expect(worker.posted.at(-1)).toMatchObject({ type: 'run', job: 'importLayer', input: { files: {} } });
    expect((worker.posted.at(-1) as { keep?: unknown }).keep).toBeUndefined();
    // a cancelled job that does not stop replaces the worker: the new one is sent every layer again
    const controller = new AbortController();
    void runJob('reconcile', input(plots), { signal: controller.signal }).catch(() => undefined);
    controller.abort();
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    void runJob('reconcile', input(plots)).catch(() => undefined);
    const fresh = FakeWorker.created[1].posted[0] as { keep: Record<string, string>; kept?: unknown };
    expect(Object.keys(fresh.keep).sort()).toEqual(['plots', 'survey', 'villages']);
    expect(fresh.kept).toBeUndefined();
  });
  test('the side lane has a worker of its own: a stopped main worker leaves its jobs running; it ends when told, once idle', async () => {
    const { runJob, closeLane, pendingJobCount, CANCEL_GRACE_MS } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const main = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const side = runJob('importForMap', { files: {} }, { lane: 'side' });
    expect(FakeWorker.created).toHaveLength(2);
    const [mainWorker, sideWorker] = FakeWorker.created;
    expect(mainWorker.posted).toHaveLength(1);
    expect(sideWorker.posted[0]).toMatchObject({ type: 'run', job: 'importForMap' });
    controller.abort();
    vi.advanceTimersByTime(CANCEL_GRACE_MS + 1);
    await expect(main).rejects.toMatchObject({ name: 'CancelledError' });
    expect(mainWorker.terminated).toBe(true);
    expect(sideWorker.terminated).toBe(false);
    // not while a job is in it
    closeLane('side');
    expect(sideWorker.terminated).toBe(false);
    expect(pendingJobCount()).toBe(1);
    const id = (sideWorker.posted[0] as { id: number }).id;
    sideWorker.onmessage?.({ data: { type: 'result', id, result: { layers: [], display: [] } } });
    await expect(side).resolves.toMatchObject({ layers: [] });
    closeLane('side');
    expect(sideWorker.terminated).toBe(true);
    // the next side job gets a new worker
    void runJob('importForMap', { files: {} }, { lane: 'side' }).catch(() => undefined);
    expect(FakeWorker.created).toHaveLength(3);
  });
  test('files to fetch go to the worker as URLs of the page; an early part of a result reaches onPartial before the result', async () => {
    vi.stubGlobal('document', { baseURI: 'http://h/app/index.html' });
    const { runJob } = await import('../../src/workers/jobClient.ts');
    const partials: unknown[] = [];
    const running = runJob('account', { year: 2025, quotas: [], caps: [] }, { fetchFiles: { 'plots.zip': './sample/plots.zip' }, onPartial: (p) => partials.push(p) });
    const worker = FakeWorker.created[0];
    const sent = worker.posted[0] as { id: number; fetch?: Record<string, string> };
    expect(sent.fetch).toEqual({ 'plots.zip': 'http://h/app/sample/plots.zip' });
    const shares = { year: 2025, units: [] };
    worker.onmessage?.({ data: { type: 'partial', id: sent.id, partial: shares } });
    expect(partials).toEqual([shares]);
    worker.onmessage?.({ data: { type: 'result', id: sent.id, result: { done: true } } });
    await expect(running).resolves.toEqual({ done: true });
    expect(partials).toHaveLength(1);
    // without files to fetch, the message carries none
    void runJob('importLayer', { files: {} }).catch(() => undefined);
    expect(worker.posted[1]).not.toHaveProperty('fetch');
  });
});
