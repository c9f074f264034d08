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
});
