/**
 * `npm run cli -- <command> [options]`: runs scripts/cli.ts from its bundle in dist-cli/
 * (scripts/buildCli.mjs), rebuilt first when a source is newer.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliBundle } from './buildCli.mjs';

await import(pathToFileURL(join(await cliBundle(), 'cli.mjs')).href);
