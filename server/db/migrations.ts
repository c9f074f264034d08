/**
 * The schema, as numbered migrations applied in order on start. A migration is never edited once
 * released: a change is a new number. Each runs in its own transaction together with its row in
 * schema_migrations; on PostgreSQL an advisory lock keeps two servers starting at once from
 * applying the same migration twice.
 */
import type { Database } from './database.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, project, edits, audit log',
    sql: `
      CREATE TABLE users (
        id serial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL,
        township text,
        password_hash text NOT NULL,
        disabled boolean NOT NULL DEFAULT false,
        created_at text NOT NULL
      );
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at text NOT NULL,
        last_seen_at text NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE TABLE layers (
        id text PRIMARY KEY,
        kind text NOT NULL,
        meta jsonb NOT NULL,
        features jsonb NOT NULL,
        updated_at text NOT NULL,
        updated_by text NOT NULL
      );
      -- One row per plot of a plots layer: its township and village (from ZLDWDM), for scope checks.
      CREATE TABLE plots (
        layer_id text NOT NULL REFERENCES layers(id) ON DELETE CASCADE,
        plot_id text NOT NULL,
        village text NOT NULL,
        township text NOT NULL,
        props jsonb NOT NULL,
        PRIMARY KEY (layer_id, plot_id)
      );
      CREATE INDEX plots_township ON plots(layer_id, township);
      CREATE TABLE project_tables (
        name text PRIMARY KEY,
        csv text NOT NULL,
        updated_at text NOT NULL,
        updated_by text NOT NULL
      );
      CREATE TABLE overrides (
        year integer NOT NULL,
        layer_id text NOT NULL,
        plot_id text NOT NULL,
        props jsonb NOT NULL,
        PRIMARY KEY (year, layer_id, plot_id)
      );
      CREATE TABLE audit_log (
        seq integer PRIMARY KEY,
        time text NOT NULL,
        user_name text NOT NULL,
        action text NOT NULL,
        year integer,
        layer_id text,
        plot_ids jsonb NOT NULL,
        changes jsonb,
        reason text NOT NULL,
        detail text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      );
      -- The single row every write locks first: it serialises appends to the chain.
      CREATE TABLE audit_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq integer NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO audit_head VALUES (1, -1, '${'0'.repeat(64)}');
      -- Edits sent with a client id are applied once: a retry gets the first answer back.
      CREATE TABLE applied_edits (
        user_id integer NOT NULL,
        client_id text NOT NULL,
        audit_seq integer NOT NULL,
        PRIMARY KEY (user_id, client_id)
      );
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$;
      CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    `,
  },
  {
    version: 2,
    name: 'project metadata (name, years, settings of an imported project file)',
    sql: `
      CREATE TABLE project_meta (
        key text PRIMARY KEY,
        value jsonb NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'township review round: rounds, comments, proposals, sign-offs',
    sql: `
      CREATE TABLE review_rounds (
        year integer PRIMARY KEY,
        opened_by text NOT NULL,
        opened_at text NOT NULL
      );
      CREATE TABLE review_comments (
        id serial PRIMARY KEY,
        year integer NOT NULL,
        township text NOT NULL,
        target_kind text NOT NULL,
        target_id text NOT NULL,
        text text NOT NULL,
        author text NOT NULL,
        created_at text NOT NULL
      );
      CREATE INDEX review_comments_year ON review_comments(year, township);
      CREATE TABLE review_proposals (
        id serial PRIMARY KEY,
        year integer NOT NULL,
        township text NOT NULL,
        layer_id text NOT NULL,
        plot_id text NOT NULL,
        field text NOT NULL,
        value text NOT NULL,
        reason text NOT NULL,
        author text NOT NULL,
        created_at text NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        decided_by text,
        decided_at text,
        audit_seq integer
      );
      CREATE INDEX review_proposals_year ON review_proposals(year, township);
      CREATE TABLE review_signoffs (
        year integer NOT NULL,
        township text NOT NULL,
        signer text NOT NULL,
        signed_at text NOT NULL,
        reviewed_hash text NOT NULL,
        PRIMARY KEY (year, township)
      );
    `,
  },
  {
    version: 4,
    name: 'the water bureau\'s allocation of a year\'s caps to townships and villages',
    sql: `
      CREATE TABLE cap_allocations (
        year integer PRIMARY KEY,
        basis_year integer NOT NULL,
        rows jsonb NOT NULL,
        saved_by text NOT NULL,
        saved_at text NOT NULL,
        audit_seq integer NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'reviewers\' marks on reconciliation findings, and the published report',
    sql: `
      CREATE TABLE finding_marks (
        key text PRIMARY KEY,
        kind text NOT NULL,
        village text NOT NULL,
        status text NOT NULL,
        reason text NOT NULL,
        marked_by text NOT NULL,
        marked_at text NOT NULL,
        audit_seq integer NOT NULL
      );
      CREATE INDEX finding_marks_village ON finding_marks(village);
      -- the reconciliation report the natural resources bureau published (one, the latest)
      CREATE TABLE findings_report (
        id integer PRIMARY KEY CHECK (id = 1),
        report jsonb NOT NULL,
        published_by text NOT NULL,
        published_at text NOT NULL,
        audit_seq integer NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'township review packages: made for a township without network, and their returns',
    sql: `
      CREATE TABLE review_packages (
        package_id text PRIMARY KEY,
        year integer NOT NULL,
        township text NOT NULL,
        base_hash text NOT NULL,
        content text NOT NULL,
        made_by text NOT NULL,
        made_at text NOT NULL,
        return_hash text,
        returned_by text,
        returned_at text,
        result text
      );
      ALTER TABLE review_comments ADD COLUMN via_package text;
      ALTER TABLE review_comments ADD COLUMN received_by text;
      ALTER TABLE review_proposals ADD COLUMN via_package text;
      ALTER TABLE review_proposals ADD COLUMN received_by text;
      ALTER TABLE review_signoffs ADD COLUMN via_package text;
      ALTER TABLE review_signoffs ADD COLUMN received_by text;
    `,
  },
];

export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      if (db.kind === 'postgresql') await tx.query('SELECT pg_advisory_xact_lock(7453201)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows.length) return false;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** Splits on `;` at line ends outside $$ … $$ bodies (enough for our own migrations). */
function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (/^\s*--/.test(line)) continue;
    current += line + '\n';
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
