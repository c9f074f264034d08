/**
 * Raw deflate inflated by the browser's own DecompressionStream (native zlib; fflate, in
 * JavaScript, took about four times as long over the sample's plots), for src/io/read/zip.ts
 * `inflateAhead`: never past maxBytes — one byte more is returned to say the entry inflates past
 * its declared size, and the stream is cancelled there.
 */
import type { AsyncRawInflate } from '../io/read/zip.ts';

export const nativeRawInflate: AsyncRawInflate = async (data, maxBytes) => {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const out = new Uint8Array(maxBytes + 1);
  let written = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (written + value.length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return out; // maxBytes + 1 bytes: past the declared size
    }
    out.set(value, written);
    written += value.length;
  }
  return out.subarray(0, written);
};

/** Whether this browser (or Node) has DecompressionStream with raw deflate. */
export function hasNativeInflate(): boolean {
  try {
    return typeof DecompressionStream === 'function' && new DecompressionStream('deflate-raw') instanceof DecompressionStream;
  } catch {
    return false;
  }
}
