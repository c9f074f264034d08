/**
 * Zip a {filename: bytes} map (fflate). The entries' timestamps are fixed, so the same files
 * always give the same bytes (the sample county's determinism test relies on it).
 */
import { zipSync, type Zippable } from 'fflate';

export interface ZipOptions {
  /** deflate level 0–9 (default 6) */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  /** entry timestamp; default 2024-01-01 00:00 (DOS time has no time zone) */
  mtime?: Date;
}

const FIXED_MTIME = new Date(2024, 0, 1, 0, 0, 0);

export function zipFiles(files: Readonly<Record<string, Uint8Array>>, options: ZipOptions = {}): Uint8Array {
  const level = options.level ?? 6;
  const mtime = options.mtime ?? FIXED_MTIME;
  const entries: Zippable = {};
  for (const name of Object.keys(files).sort()) entries[name] = [files[name], { level, mtime }];
  return zipSync(entries);
}
