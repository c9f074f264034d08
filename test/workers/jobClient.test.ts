/**
 * Cancelling a job stops the work: the worker is terminated (a job deep in one synchronous step
 * never reads its signal), and the next job gets a fresh worker.
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
  });
  afterEach(() => vi.unstubAllGlobals());

  test('cancel terminates the worker, and the next job runs in a new one', async () => {
    const { runJob } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const running = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const first = FakeWorker.created[0];
    controller.abort();
    await expect(running).rejects.toMatchObject({ name: 'CancelledError' });
    expect(first.terminated).toBe(true);
    void runJob('importLayer', { files: {} }).catch(() => undefined);
    expect(FakeWorker.created).toHaveLength(2);
    expect(FakeWorker.created[1].terminated).toBe(false);
  });

  test('another job in the stopped worker fails with a message saying so, in Chinese and English', async () => {
    const { runJob } = await import('../../src/workers/jobClient.ts');
    const controller = new AbortController();
    const cancelled = runJob('importLayer', { files: {} }, { signal: controller.signal });
    const bystander = runJob('previewImport', { files: {} });
    controller.abort();
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
