/**
 * Files a job worker fetches itself (runJob's `fetchFiles`: name → absolute URL) go into the job
 * input's `files`, so their answers never wait for the page's main thread. A failed answer fails
 * the job with a message naming the file.
 */
export async function fetchInputFiles(input: unknown, urls: Record<string, string> | undefined, signal?: AbortSignal): Promise<unknown> {
  if (!urls) return input;
  const files: Record<string, unknown> = { ...((input as { files?: Record<string, unknown> } | null)?.files ?? {}) };
  await Promise.all(Object.entries(urls).map(async ([name, url]) => {
    const response = await fetch(url, { signal }).catch((error: unknown) => {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw downloadError(name, (error as Error)?.message ?? String(error));
    });
    if (!response.ok) throw downloadError(name, `HTTP ${response.status}`);
    files[name] = new Uint8Array(await response.arrayBuffer());
  }));
  return { ...(input as object), files };
}

function downloadError(name: string, why: string): Error & { messageEn: string } {
  return Object.assign(new Error(`${name}：下载失败（${why}），请检查网络后刷新页面重试`), {
    messageEn: `${name}: download failed (${why}); check the connection and reload the page`,
  });
}
