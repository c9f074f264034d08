import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '../fixtures/io');
export const REAL = join(FIXTURES, 'real');

/** {name: bytes} of the files in `dir` whose name starts with `base.` (or equals `base`). */
export function loadFiles(dir: string, base: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const name of readdirSync(dir)) {
    if (name === base || name.startsWith(`${base}.`)) {
      if (name.endsWith('.json') && !base.endsWith('.json')) continue; // expected-output files of the suites
      if (name.endsWith('.zip') && !base.endsWith('.zip')) continue; // the zipped copy of the same layer
      out[name] = new Uint8Array(readFileSync(join(dir, name)));
    }
  }
  if (Object.keys(out).length === 0) throw new Error(`no fixture ${base} in ${dir}`);
  return Object.freeze(out);
}

export function loadFile(path: string): Record<string, Uint8Array> {
  return Object.freeze({ [path.split('/').pop()!]: new Uint8Array(readFileSync(path)) });
}
