/**
 * `npm run serve [-- --port P] [--host H] [--data DIR] [--static DIR] [--cert F --key F] [--trust-proxy]`
 *
 * Starts the Shuidi server and prints its address once it is ready. Defaults: 127.0.0.1, a free
 * port, ./shuidi-data (embedded PGlite); DATABASE_URL=postgres://… selects PostgreSQL.
 * SHUIDI_ADMIN_PASSWORD sets the first administrator's password (user `admin`), else one is
 * generated and printed once. The built app is served from ./dist (built first when missing).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './server.ts';

function fail(zh: string, en: string): never {
  process.stderr.write(`${zh}\n${en}\n`);
  process.exit(1);
}

async function ensureBuilt(staticDir: string): Promise<void> {
  if (existsSync(resolve(staticDir, 'index.html'))) return;
  process.stdout.write('正在构建前端 (vite build) / building the app…\n');
  const { build } = await import('vite');
  await build({ logLevel: 'warn', build: { outDir: staticDir } });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        data: { type: 'string', default: './shuidi-data' },
        static: { type: 'string', default: 'dist' },
        cert: { type: 'string' },
        key: { type: 'string' },
        'trust-proxy': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    fail(`参数错误：${(error as Error).message}`, `Bad option: ${(error as Error).message}`);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`端口无效：${values.port}`, `Bad port: ${values.port}`);
  if (Boolean(values.cert) !== Boolean(values.key)) fail('--cert 与 --key 须同时给出', '--cert and --key go together');
  await ensureBuilt(values.static);
  const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  const server = await startServer({
    host: values.host,
    port,
    dataDir: resolve(values.data),
    databaseUrl: process.env.DATABASE_URL || undefined,
    staticDir: resolve(values.static),
    adminPassword: process.env.SHUIDI_ADMIN_PASSWORD || undefined,
    tls: values.cert && values.key ? { certFile: values.cert, keyFile: values.key } : undefined,
    trustProxy: values['trust-proxy'],
    version,
  });
  if (server.generatedAdminPassword) {
    process.stdout.write(`首次启动：已创建管理员 admin，密码（仅显示这一次）：${server.generatedAdminPassword}\n`);
    process.stdout.write(`First start: administrator "admin" created; its password (shown only this once): ${server.generatedAdminPassword}\n`);
  }
  process.stdout.write(`水地 Shuidi 服务已启动 (${server.db.kind}) / server ready:\n${server.url}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => fail(`服务启动失败：${error instanceof Error ? error.message : String(error)}`, 'The server could not start.'));
