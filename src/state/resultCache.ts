/**
 * Accounting results kept in IndexedDB ("shuidi-results", src/workers/cacheDb.ts), so that a reopened
 * project shows its figures, and the map its colours, before the worker has had the county's
 * geometry handed to it again.
 *
 * Exactness: a result is kept under the hash of everything it is computed from — the stored
 * generations of the accounted layers (a generation holds exactly one content, geometry and
 * attributes: layers are never changed in place), the year's edits of the plots (the plots'
 * attributes as sent to the worker are the generation's, with these edits over them:
 * core/edits propertiesAccessor), the quota and cap rows, the year, the wells' readings year, the
 * file names in its messages, and the build (the page bundle's URL carries the hash of its code,
 * and so of the job worker's). Layers that are not stored yet have no generation, and then nothing
 * is kept or read. The development server's URLs carry no hash, so nothing is kept there either.
 * The key needs no feature to be read: it is taken before the attributes are encoded for the
 * worker, which then waits for the map (see accountingStore run).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { AccountingResult, CapRow, QuotaRow } from '../core/accounting/types.ts';
import type { Layer } from '../core/types.ts';
import { tableEntries, type OverrideTable } from '../core/edits/index.ts';
import { putKeepingNewest, resultsDb } from '../workers/cacheDb.ts';
import { storedGeneration } from './persistLayers.ts';

const RESULTS = 'results';
const SAVED_AT = 'savedAt';
/** Years × projects kept: a county's years, a few times over. */
const KEEP_RESULTS = 40;
/** Raised whenever what a key covers changes. */
const RESULT_KEY_VERSION = 2;

export interface ResultKeyInput {
  year: number;
  layers: { villages: Layer; plots: Layer; forest?: Layer | null; wells?: Layer | null };
  /** the year's edits of the plots layer (none: undefined) */
  plotEdits: OverrideTable | undefined;
  quotas: QuotaRow[];
  caps: CapRow[];
  wellsReadingsYear: number | null;
  files: Record<string, string | undefined>;
}

/** The build: the page bundle's own URL, hashed by the build (not by the development server). */
const buildSalt = (): string | null => (import.meta.env.DEV ? null : import.meta.url);

/** The result's key, or null when a layer is not stored (or in development). */
export function resultKey(input: ResultKeyInput, salt: string | null = buildSalt()): string | null {
  if (salt === null) return null;
  const generations: [string, string | null][] = [];
  for (const [role, layer] of Object.entries(input.layers)) {
    if (!layer) {
      generations.push([role, null]);
      continue;
    }
    const generation = storedGeneration(layer.features);
    if (!generation) return null;
    generations.push([role, `${layer.id}\u0000${generation}`]);
  }
  const hash = sha256.create();
  const part = (tag: string, bytes: Uint8Array) => {
    hash.update(utf8ToBytes(`${tag}:${bytes.byteLength};`));
    hash.update(bytes);
  };
  const json = (tag: string, value: unknown) => part(tag, utf8ToBytes(JSON.stringify(value)));
  json('head', { version: RESULT_KEY_VERSION, salt, year: input.year, wellsReadingsYear: input.wellsReadingsYear, files: input.files, generations });
  // by plot id, each edit's fields in their order: the same edits give the same bytes
  const edits = [...tableEntries(input.plotEdits)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  json('plotEdits', edits.map(([plotId, properties]) => [plotId, Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]));
  json('quotas', input.quotas);
  json('caps', input.caps);
  return bytesToHex(hash.digest());
}

/** The result kept under this key, if any (a storage failure reads as none). */
export async function readResult(key: string): Promise<AccountingResult | undefined> {
  try {
    return (await (await resultsDb()).get(RESULTS, key)) as AccountingResult | undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a result (best effort: a failure costs the next opening time only), and the newest few. */
export async function keepResultStored(key: string, result: AccountingResult): Promise<void> {
  try {
    await putKeepingNewest(await resultsDb(), RESULTS, SAVED_AT, key, result, KEEP_RESULTS);
  } catch {
    // nothing kept: the next opening computes the figures
  }
}
