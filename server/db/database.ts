/**
 * One database interface over two engines: embedded PGlite (PostgreSQL compiled to WebAssembly,
 * kept in a data folder) and a real PostgreSQL reached through `pg`. The rest of the server
 * speaks only this interface, so both run the same SQL, the same migrations and the same code.
 *
 * Conventions that keep the two drivers returning the same JavaScript values: integers are
 * `integer` (pg returns bigint as text), times are ISO 8601 text, JSON goes in as a string cast
 * with `::jsonb` (pg would turn a JS array into a PostgreSQL array).
 */
import { mkdirSync } from 'node:fs';

export type DatabaseKind = 'pglite' | 'postgresql';

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements at once, without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite in `dataDir` */
  url?: string;
  dataDir?: string;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url);
  if (!options.dataDir) throw new Error('openDatabase: a data folder or a DATABASE_URL is needed');
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const wrap = (q: { query: typeof db.query }): Queryable => ({
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await q.query<Row>(sql, params ? [...params] : undefined)).rows;
    },
  });
  return {
    kind: 'pglite',
    ...wrap(db),
    transaction: (work) => db.transaction((tx) => work(wrap(tx))),
    exec: async (sql) => {
      await db.exec(sql);
    },
    close: () => db.close(),
  };
}

async function openPostgres(url: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client's connection error must not bring the server down; the next query reconnects.
  pool.on('error', (error) => console.error(`PostgreSQL: ${error.message}`));
  await pool.query('SELECT 1');
  return {
    kind: 'postgresql',
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await pool.query(sql, params ? [...params] : undefined)).rows as Row[];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: async <Row>(sql: string, params?: readonly unknown[]) => (await client.query(sql, params ? [...params] : undefined)).rows as Row[] });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    close: () => pool.end(),
  };
}
