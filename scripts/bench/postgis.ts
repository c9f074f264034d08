/**
 * A throw-away PostgreSQL + PostGIS cluster for reference values and the overlay comparison:
 * initdb in a temporary folder, listening on 127.0.0.1 only, stopped and deleted afterwards.
 * Needs Debian's postgresql-15-postgis-3. As root, the server runs as the `postgres` user.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';

export interface PostgisCluster {
  port: number;
  dir: string;
  /** runs SQL through psql (unaligned, tuples only) and returns its output */
  psql(sql: string): string;
  /** writes a file the server can read (for COPY … FROM 'file') and returns its path */
  writeServerFile(name: string, text: string): string;
  /** CPU seconds used so far by the server and its (live or finished) backends */
  serverCpuSeconds(): number;
  stop(): void;
}

export function postgisAvailable(): boolean {
  return existsSync(join(PG_BIN, 'initdb')) && existsSync('/usr/share/postgresql/15/extension/postgis.control');
}

export function startPostgis(port = 54400 + Math.floor(Math.random() * 500)): PostgisCluster {
  if (!postgisAvailable()) throw new Error('PostGIS is not installed (apt-get install -y postgresql-15-postgis-3)');
  const dir = mkdtempSync(join(tmpdir(), 'shuidi-pg-'));
  chmodSync(dir, 0o777);
  const asServer = (command: string, args: string[], input?: string): string => {
    const asRoot = process.getuid?.() === 0;
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    return execFileSync(file, argv, { input, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['pipe', 'pipe', 'pipe'] });
  };
  const data = join(dir, 'data');
  asServer(join(PG_BIN, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  asServer(join(PG_BIN, 'pg_ctl'), [
    '-D', data, '-l', join(dir, 'log'), '-w', 'start',
    '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=512MB -c work_mem=256MB`,
  ]);
  const psql = (sql: string) =>
    asServer(join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-f', '-'], sql);
  psql('CREATE EXTENSION postgis;');
  return {
    port,
    dir,
    psql,
    writeServerFile(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      chmodSync(path, 0o644);
      return path;
    },
    serverCpuSeconds: () => serverCpuSeconds(Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0])),
    stop() {
      try {
        asServer(join(PG_BIN, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * utime + stime + cutime + cstime of the postmaster and its live children, from /proc (Linux):
 * finished backends and parallel workers are counted in the postmaster's cutime once reaped.
 */
function serverCpuSeconds(postmasterPid: number): number {
  const ticksPerSecond = 100;
  const times = (pid: number): { ppid: number; ticks: number } | null => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14–17
      return { ppid: Number(fields[1]), ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) };
    } catch {
      return null;
    }
  };
  let ticks = times(postmasterPid)?.ticks ?? 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const child = times(Number(entry));
    if (child && child.ppid === postmasterPid) ticks += child.ticks;
  }
  return ticks / ticksPerSecond;
}
