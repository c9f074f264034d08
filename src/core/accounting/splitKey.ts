/**
 * The content key of phase 1 (the geometric split and the overlaps): SHA-256 over everything the
 * split reads — the villages' features (geometry and the code/name fields), the plots' and the
 * forest's packed geometry, the wells' features — plus a salt naming the code that computes it.
 * Equal keys mean the same split; any change of a coordinate, a code, a layer or the code's
 * version gives another key, so a kept split is never used for other inputs.
 *
 * @example
 *   const key = splitKey({ villages, plots: packLayer(plotGeometries), forest: null, wells: null }, 'build-1');
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Feature, Geometry, Properties } from '../types.ts';
import type { PackedLayer } from '../geometry/packedLayer.ts';

/** Raised whenever the split's output format or meaning changes (with the code's salt beside it). */
export const SPLIT_KEY_VERSION = 1;

export interface SplitKeyInput {
  villages: readonly Feature<Geometry | null, Properties>[];
  plots: PackedLayer;
  forest: PackedLayer | null | undefined;
  wells: readonly Feature<Geometry | null, Properties>[] | null | undefined;
  /** the villages' file name (it appears in the split's messages) */
  villagesFile?: string;
}

/** A part is its tag, its byte length and its bytes: no two different inputs hash the same stream. */
function part(parts: Uint8Array[], tag: string, bytes: Uint8Array): void {
  parts.push(utf8ToBytes(`${tag}:${bytes.byteLength};`), bytes);
}

const view = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function packed(parts: Uint8Array[], tag: string, layer: PackedLayer | null | undefined): void {
  if (!layer) return part(parts, `${tag}:none`, new Uint8Array(0));
  part(parts, `${tag}:coords`, view(layer.coords));
  part(parts, `${tag}:rings`, view(layer.ringStarts));
  part(parts, `${tag}:polygons`, view(layer.polygonStarts));
  part(parts, `${tag}:features`, view(layer.featureStarts));
}

const features = (list: readonly Feature<Geometry | null, Properties>[] | null | undefined): string =>
  list ? JSON.stringify(list.map((f) => [f.geometry, f.properties ?? {}])) : 'none';

/** The byte stream the key is the SHA-256 of, in order (views of the inputs' own buffers, not copies). */
export function splitKeyParts(input: SplitKeyInput, salt: string): Uint8Array[] {
  const parts: Uint8Array[] = [];
  part(parts, 'version', utf8ToBytes(`${SPLIT_KEY_VERSION}|${salt}|${input.villagesFile ?? ''}`));
  part(parts, 'villages', utf8ToBytes(features(input.villages)));
  packed(parts, 'plots', input.plots);
  packed(parts, 'forest', input.forest);
  part(parts, 'wells', utf8ToBytes(features(input.wells)));
  return parts;
}

/** SHA-256 of the parts one after another, as lowercase hex. */
export type Digest = (parts: readonly Uint8Array[]) => Promise<string>;

export function splitKey(input: SplitKeyInput, salt: string): string {
  const hash = sha256.create();
  for (const bytes of splitKeyParts(input, salt)) hash.update(bytes);
  return bytesToHex(hash.digest());
}

/** The same key through another SHA-256 (the browser's native one, say), else through splitKey's. */
export function splitKeyWith(input: SplitKeyInput, salt: string, digest?: Digest): Promise<string> {
  return digest ? digest(splitKeyParts(input, salt)) : Promise.resolve(splitKey(input, salt));
}
