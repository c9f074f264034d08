/**
 * How `npm run cli` starts the CLI (package.json's "cli" script, without npm itself), for
 * benchmarks that time it as a child process. A young generation of 64 MB semi-spaces: the
 * overlays allocate many short-lived objects, and the default 16 MB cost 6–10 % more CPU in
 * garbage collection (50k-plot reconcile: 21.6 s vs 19.2 s CPU).
 */
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;

export function cliInvocation(): { command: string; args: string[] } {
  return { command: process.execPath, args: ['--max-semi-space-size=64', join(ROOT, 'scripts/cli.mjs')] };
}
