/** How `npm run cli` starts the CLI (without npm itself), for benchmarks that time it as a child process. */
import { join } from 'node:path';

const ROOT = new URL('../', import.meta.url).pathname;

export function cliInvocation(): { command: string; args: string[] } {
  return { command: process.execPath, args: [join(ROOT, 'scripts/cli.mjs')] };
}
