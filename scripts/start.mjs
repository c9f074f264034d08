// `npm start`: make sure the sample county exists, build the app, serve it on localhost.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { build, preview } from 'vite';
import { SECURITY_HEADERS } from './securityHeaders.mjs';

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: false });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (existsSync('scripts/generate-sample.ts')) run('npx', ['tsx', 'scripts/generate-sample.ts', '--if-missing']);
await build({ logLevel: 'warn' });
const port = Number(process.env.PORT ?? 4173);
const server = await preview({ preview: { port, host: '127.0.0.1', open: false, headers: SECURITY_HEADERS } });
console.log('\n水地 Shuidi is running (示例数据 sample county loaded on first open):');
server.printUrls();
console.log('Press Ctrl+C to stop.\n');
