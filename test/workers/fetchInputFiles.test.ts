/**
 * A job worker fetches the files it is given by URL into the job's input: the bytes as served,
 * beside the files it was given; a failed answer fails the job, naming the file in Chinese first.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { fetchInputFiles } from '../../src/workers/fetchInputFiles.ts';

afterEach(() => vi.unstubAllGlobals());

describe('fetchInputFiles', () => {
  test('puts each fetched file beside the given ones, and leaves an input without URLs alone', async () => {
    const served: Record<string, Uint8Array<ArrayBuffer>> = { 'http://h/sample/plots.zip': new Uint8Array([1, 2, 3]), 'http://h/sample/wells.zip': new Uint8Array([9]) };
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(served[url]);
    });
    const input = { kind: 'plots', files: { 'given.csv': new Uint8Array([7]) } };
    const out = await fetchInputFiles(input, { 'plots.zip': 'http://h/sample/plots.zip', 'wells.zip': 'http://h/sample/wells.zip' }) as typeof input;
    expect(asked.sort()).toEqual(Object.keys(served).sort());
    expect(out.kind).toBe('plots');
    expect(Object.keys(out.files).sort()).toEqual(['given.csv', 'plots.zip', 'wells.zip']);
    expect([...out.files['plots.zip' as keyof typeof out.files]]).toEqual([1, 2, 3]);
    expect(input.files).toEqual({ 'given.csv': new Uint8Array([7]) }); // the input is not changed
    expect(await fetchInputFiles(input, undefined)).toBe(input);
  });

  test('an answer that is not OK fails the job, naming the file and the status', async () => {
    vi.stubGlobal('fetch', async () => new Response('missing', { status: 404 }));
    const failed = fetchInputFiles({}, { 'plots.zip': 'http://h/sample/plots.zip' });
    await expect(failed).rejects.toThrow('plots.zip：下载失败（HTTP 404）');
    await expect(failed).rejects.toMatchObject({ messageEn: expect.stringContaining('plots.zip: download failed (HTTP 404)') });
  });

  test('a request that fails names the file; a cancelled one stays a cancellation', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(fetchInputFiles({}, { 'villages.zip': 'http://h/v.zip' })).rejects.toThrow('villages.zip：下载失败（Failed to fetch）');
    const controller = new AbortController();
    controller.abort();
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      if (init.signal?.aborted) throw new DOMException('aborted', 'AbortError');
      return new Response('');
    });
    await expect(fetchInputFiles({}, { 'villages.zip': 'http://h/v.zip' }, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
