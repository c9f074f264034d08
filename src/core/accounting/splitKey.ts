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

type Hasher = ReturnType<typeof sha256.create>;

/** A part is its tag, its byte length and its bytes: no two different inputs hash the same stream. */
function part(hash: Hasher, tag: string, bytes: Uint8Array): void {
  const head = utf8ToBytes(`${tag}:${bytes.byteLength};`);
  hash.update(head);
  hash.update(bytes);
}

const view = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function packed(hash: Hasher, tag: string, layer: PackedLayer | null | undefined): void {
  if (!layer) return part(hash, `${tag}:none`, new Uint8Array(0));
  part(hash, `${tag}:coords`, view(layer.coords));
  part(hash, `${tag}:rings`, view(layer.ringStarts));
  part(hash, `${tag}:polygons`, view(layer.polygonStarts));
  part(hash, `${tag}:features`, view(layer.featureStarts));
}

const features = (list: readonly Feature<Geometry | null, Properties>[] | null | undefined): string =>
  list ? JSON.stringify(list.map((f) => [f.geometry, f.properties ?? {}])) : 'none';

export function splitKey(input: SplitKeyInput, salt: string): string {
  const hash = sha256.create();
  part(hash, 'version', utf8ToBytes(`${SPLIT_KEY_VERSION}|${salt}|${input.villagesFile ?? ''}`));
  part(hash, 'villages', utf8ToBytes(features(input.villages)));
  packed(hash, 'plots', input.plots);
  packed(hash, 'forest', input.forest);
  part(hash, 'wells', utf8ToBytes(features(input.wells)));
  return bytesToHex(hash.digest());
}
