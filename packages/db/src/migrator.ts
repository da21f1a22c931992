import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pool } from './pool.js';

/** supabase/migrations at the repository root: the same files `supabase db push` deploys. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../supabase/migrations', import.meta.url));

// Any constant works; it only has to be the same for every instance of every service.
const LOCK_KEY = 7_310_2025;
const FILE_PATTERN = /^\d{14}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.sql')).sort();
  const bad = files.filter((f) => !FILE_PATTERN.test(f));
  if (bad.length) throw new MigrationError(`migration file names must be <14-digit timestamp>_<name>.sql: ${bad.join(', ')}`);
  return Promise.all(
    files.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

export interface MigrateResult {
  applied: string[];
  skipped: number;
}

/**
 * Applies pending migrations in file-name order, each file in its own transaction, recording its checksum.
 * Every transaction first takes a transaction-level advisory lock, so concurrent starts (several instances booting
 * at once) apply each file exactly once and in order: the others wait, then find it recorded. No session state is
 * used (the lock ends with its transaction), so this runs through a transaction-pooling PgBouncer too. Refuses to
 * run when an applied file was edited or removed, because the database would no longer match the code.
 */
export async function migrate(pool: Pool, opts: { dir?: string; log?: (msg: string) => void } = {}): Promise<MigrateResult> {
  const migrations = await loadMigrations(opts.dir);
  const client = await pool.connect();
  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const result = await fn();
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  };
  try {
    await locked(async () => {
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS app_meta;
        CREATE TABLE IF NOT EXISTS app_meta.schema_migrations (
          name text PRIMARY KEY,
          checksum text NOT NULL,
          applied_at timestamptz NOT NULL DEFAULT now()
        )`);
      const { rows } = await client.query<{ name: string; checksum: string }>(
        'SELECT name, checksum FROM app_meta.schema_migrations ORDER BY name',
      );
      const onDisk = new Map(migrations.map((m) => [m.name, m]));
      const problems: string[] = [];
      for (const row of rows) {
        const file = onDisk.get(row.name);
        if (!file) problems.push(`${row.name} was applied but is missing from ${opts.dir ?? MIGRATIONS_DIR}`);
        else if (file.checksum !== row.checksum) problems.push(`${row.name} was edited after it was applied (checksum differs); add a new migration instead`);
      }
      if (problems.length) throw new MigrationError(`refusing to migrate:\n  ${problems.join('\n  ')}`);
    });

    const applied: string[] = [];
    for (const m of migrations) {
      const ran = await locked(async () => {
        const { rowCount } = await client.query('SELECT 1 FROM app_meta.schema_migrations WHERE name = $1', [m.name]);
        if (rowCount) return false; // recorded before this run, or by a concurrent one while we waited for the lock
        try {
          await client.query(m.sql);
        } catch (err) {
          throw new MigrationError(`${m.name} failed: ${(err as Error).message}`);
        }
        await client.query('INSERT INTO app_meta.schema_migrations (name, checksum) VALUES ($1, $2)', [m.name, m.checksum]);
        return true;
      });
      if (!ran) continue;
      applied.push(m.name);
      opts.log?.(`applied ${m.name}`);
    }
    return { applied, skipped: migrations.length - applied.length };
  } finally {
    client.release();
  }
}
