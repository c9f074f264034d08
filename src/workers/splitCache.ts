/**
 * The accounting's split cache in the browser, in the IndexedDB database "shuidi-cache" (cacheDb.ts). Entries
 * are keyed by the content hash of the split's inputs (core/accounting/splitKey.ts) salted with
 * the URL of this worker's bundle, whose file name carries the hash of its code, so a new build
 * never reads a split an older one made. The newest KEEP_SPLITS entries are kept.
 */
import { cacheDb, putKeepingNewest } from './cacheDb.ts';
import type { AccountingSplit } from '../core/accounting/types.ts';
import { runAccount, type AccountInput, type AccountOutput, type SplitCache } from '../jobs/account.ts';
import type { JobContext } from '../core/types.ts';
import type { Digest } from '../core/accounting/splitKey.ts';
import { bytesToHex } from '@noble/hashes/utils.js';

const SPLITS = 'splits';
/** key → when it was saved: small, so pruning never reads a split */
const SAVED_AT = 'savedAt';
const KEEP_SPLITS = 3;

/** The cache, or undefined where there is no IndexedDB (Node, a browser that refuses storage). */
export function browserSplitCache(): SplitCache | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  return {
    salt: typeof location === 'undefined' ? '' : location.href,
    digest: nativeSha256(),
    async get(key) {
      return (await (await cacheDb()).get(SPLITS, key)) as AccountingSplit | undefined;
    },
    async put(key, split) {
      const db = await cacheDb();
      // the value is cloned here, before the job hands the split's buffers to the page; the
      // write then completes on its own and a failure only costs the next opening its time
      putKeepingNewest(db, SPLITS, SAVED_AT, key, split, KEEP_SPLITS).catch(() => undefined);
    },
  };
}

/**
 * SHA-256 by the browser (WebCrypto): the key hashes the county's packed geometry, ~10 MB for the
 * sample, which a JavaScript SHA-256 took 0.2 s over. The parts are copied into one buffer first
 * (digest takes one). Undefined where there is no WebCrypto (an insecure origin).
 */
export function nativeSha256(): Digest | undefined {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  return async (parts) => {
    let length = 0;
    for (const p of parts) length += p.byteLength;
    const all = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', all)));
  };
}

/** The `account` job of the page's worker: the same job, with its split kept in IndexedDB. */
export const accountWithSplitCache = (input: AccountInput, context: JobContext = {}): Promise<AccountOutput> =>
  runAccount(input, context, undefined, browserSplitCache());
