/**
 * Zip entries inflated by Node's zlib (native; fflate, the page's, took about three times as
 * long), for src/io/read/zip.ts `useHostInflate`: never past an entry's declared size — one byte
 * more is returned to say it inflates past it.
 */
import { inflateRawSync } from 'node:zlib';
import type { RawInflate } from '../src/io/read/zip.ts';

export const nodeRawInflate: RawInflate = (data, maxBytes) => {
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return new Uint8Array(maxBytes + 1);
    throw error;
  }
};
