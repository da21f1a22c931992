import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { loadMigrations, migrate, MIGRATIONS_DIR } from './migrator.js';
import type { Pool, PoolClient } from './pool.js';

/**
 * Logical backups without pg_dump (none here matches the embedded PostgreSQL 17): the applied migration list, then
 * every table's rows as JSON lines, in one gzip file. Restore rebuilds the schema from the same migration files and
 * loads the rows with triggers and foreign-key checks off (session_replication_role = replica: the ledger's balance
 * triggers must not run again over rows that already hold their effect), all in one transaction.
 *
 * Line 1 is the header; each table is {"$table"} + one line per row + {"$end", rows, checksum}; the last line is
 * {"$complete": true, sequences} (a file without it was cut short). A table's checksum is the md5 of its rows' JSON text in sorted order, computed by
 * the server on both sides, so a restore is checked against the database the backup was read from.
 */
const FORMAT = 'anytime-pooja-backup';
const SCHEMAS = ['public', 'app_meta'];
const SKIP = new Set(['app_meta.schema_migrations']); // rebuilt by the migrator from the header's list
const BATCH = 500;

export interface BackupManifest {
  format: typeof FORMAT;
  version: 1;
  createdAt: string;
  migrations: { name: string; checksum: string }[];
}

export interface TableSummary {
  table: string;
  rows: number;
  checksum: string;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const qualified = (table: string) => table.split('.').map(quoteIdent).join('.');

async function listTables(db: PoolClient): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = ANY($1) ORDER BY 1`, [SCHEMAS]);
  return rows.map((r) => r.name).filter((t) => !SKIP.has(t));
}

/** Columns a restore can write: not generated, not dropped. */
async function writableColumns(db: PoolClient, table: string): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
      ORDER BY attnum`, [qualified(table)]);
  return rows.map((r) => r.name);
}

async function tableChecksum(db: PoolClient, table: string): Promise<TableSummary> {
  const { rows } = await db.query<{ rows: number; checksum: string }>(
    `SELECT count(*)::int AS rows, coalesce(md5(string_agg(j, E'\\n' ORDER BY j)), '') AS checksum
       FROM (SELECT row_to_json(t)::text AS j FROM ${qualified(table)} t) x`);
  return { table, ...rows[0]! };
}

async function listSequences(db: PoolClient): Promise<{ name: string; lastValue: string | null; isCalled: boolean }[]> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'S' AND n.nspname = ANY($1) ORDER BY 1`, [SCHEMAS]);
  const out = [];
  for (const { name } of rows) {
    const { rows: [s] } = await db.query<{ last_value: string; is_called: boolean }>(`SELECT last_value::text, is_called FROM ${qualified(name)}`);
    out.push({ name, lastValue: s!.last_value, isCalled: s!.is_called });
  }
  return out;
}

async function assertSeesEveryRow(db: PoolClient) {
  const { rows } = await db.query<{ ok: boolean }>('SELECT rolsuper OR rolbypassrls AS ok FROM pg_roles WHERE rolname = current_user');
  if (!rows[0]?.ok) throw new BackupError('the database user must be a superuser or have BYPASSRLS: row level security would hide rows from a backup');
}

/** Writes a backup of the database behind pool to file; returns what it holds, per table. */
export async function backupDatabase(pool: Pool, file: string): Promise<TableSummary[]> {
  const client = await pool.connect();
  const gzip = createGzip();
  const out = createWriteStream(file, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  const summaries: TableSummary[] = [];
  try {
    await assertSeesEveryRow(client);
    // One snapshot for every table: the ledger's transfers and balances are read as of the same instant.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows: migrations } = await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM app_meta.schema_migrations ORDER BY name');
    const manifest: BackupManifest = { format: FORMAT, version: 1, createdAt: new Date().toISOString(), migrations };
    await write(manifest);
    for (const table of await listTables(client)) {
      await write({ $table: table, columns: await writableColumns(client, table) });
      await client.query(`DECLARE rows_out NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${qualified(table)} t`);
      for (;;) {
        const { rows } = await client.query<{ j: string }>(`FETCH ${BATCH} FROM rows_out`);
        for (const r of rows) if (!gzip.write(`${r.j}\n`)) await once(gzip, 'drain');
        if (rows.length < BATCH) break;
      }
      await client.query('CLOSE rows_out');
      const summary = await tableChecksum(client, table);
      summaries.push(summary);
      await write({ $end: table, rows: summary.rows, checksum: summary.checksum });
    }
    await write({ $complete: true, sequences: await listSequences(client) });
    await client.query('COMMIT');
    gzip.end();
    await finished(out);
    return summaries;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    gzip.destroy();
    out.destroy();
    throw err;
  } finally {
    client.release();
  }
}

/** Whether the database holds anything: any table in our schemas (a fresh one has none). */
export async function isEmptyDatabase(pool: Pool): Promise<boolean> {
  const { rows } = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND n.nspname = ANY($1)`, [SCHEMAS]);
  return rows[0]!.n === 0;
}

async function* lines(file: string): AsyncGenerator<string> {
  const input = createReadStream(file).pipe(createGunzip());
  yield* createInterface({ input, crlfDelay: Infinity });
}

/**
 * Restores a backup into the database behind pool: applies the backup's migrations (exactly those, from the files
 * in migrationsDir, which must be unchanged), then replaces every table's rows with the backup's, in one
 * transaction that is rolled back unless each table's row count and checksum equal the backup's. A database that is
 * not empty is refused unless force (its rows are replaced; its migrations must be the backup's).
 */
export async function restoreDatabase(
  pool: Pool, file: string, opts: { force?: boolean; migrationsDir?: string; log?: (msg: string) => void } = {},
): Promise<TableSummary[]> {
  const log = opts.log ?? (() => undefined);
  const it = lines(file)[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const r = await it.next();
    if (r.done) throw new BackupError('the backup file ends early (incomplete or truncated)');
    return r.value;
  };
  const manifest = JSON.parse(await next()) as BackupManifest;
  if (manifest.format !== FORMAT || manifest.version !== 1) throw new BackupError('not an anytime-pooja backup (version 1)');
  if (!(await isEmptyDatabase(pool)) && !opts.force) {
    throw new BackupError('the target database is not empty; restore into a new database, or pass --force to replace its rows');
  }

  // The schema: the backup's migrations, exactly, from files that must not have changed since.
  const onDisk = new Map((await loadMigrations(opts.migrationsDir ?? MIGRATIONS_DIR)).map((m) => [m.name, m]));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ap-restore-'));
  try {
    for (const m of manifest.migrations) {
      const file = onDisk.get(m.name);
      if (!file) throw new BackupError(`migration ${m.name} of the backup is not in ${opts.migrationsDir ?? MIGRATIONS_DIR}`);
      if (file.checksum !== m.checksum) throw new BackupError(`migration ${m.name} differs from the one the backup was taken with`);
      await copyFile(path.join(opts.migrationsDir ?? MIGRATIONS_DIR, m.name), path.join(dir, m.name));
    }
    const { applied } = await migrate(pool, { dir });
    log(`schema: ${applied.length} migrations applied, ${manifest.migrations.length - applied.length} already there`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const { rows: extra } = await pool.query<{ name: string }>('SELECT name FROM app_meta.schema_migrations WHERE NOT name = ANY($1)', [manifest.migrations.map((m) => m.name)]);
  if (extra.length) throw new BackupError(`the target has migrations the backup has not: ${extra.map((r) => r.name).join(', ')}`);

  const client = await pool.connect();
  const summaries: TableSummary[] = [];
  try {
    await client.query('BEGIN');
    // Triggers and foreign-key checks off for this transaction only (rows arrive table by table, with their effects).
    await client.query(`SET LOCAL session_replication_role = replica`);
    const tables = await listTables(client);
    if (tables.length) await client.query(`TRUNCATE ${tables.map(qualified).join(', ')}`);
    for (;;) {
      const head = JSON.parse(await next()) as { $table?: string; columns?: string[]; sequences?: { name: string; lastValue: string; isCalled: boolean }[]; $complete?: boolean };
      if (head.$complete) {
        for (const s of head.sequences ?? []) await client.query('SELECT setval($1::regclass, $2::bigint, $3)', [qualified(s.name), s.lastValue, s.isCalled]);
        break;
      }
      const table = head.$table!;
      if (!tables.includes(table)) throw new BackupError(`table ${table} of the backup does not exist after its migrations`);
      const cols = head.columns!.map(quoteIdent).join(', ');
      const insert = `INSERT INTO ${qualified(table)} (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(null::${qualified(table)}, $1::json)`;
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length) await client.query(insert, [`[${batch.join(',')}]`]);
        batch = [];
      };
      let end: { $end: string; rows: number; checksum: string };
      for (;;) {
        const line = await next();
        if (line.startsWith('{"$end":')) {
          end = JSON.parse(line) as typeof end;
          break;
        }
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
      const got = await tableChecksum(client, table);
      if (got.rows !== end.rows || got.checksum !== end.checksum) {
        throw new BackupError(`${table}: restored ${got.rows} rows (checksum ${got.checksum}), the backup has ${end.rows} (${end.checksum})`);
      }
      summaries.push(got);
    }
    await client.query('COMMIT');
    log(`data: ${summaries.length} tables, ${summaries.reduce((n, s) => n + s.rows, 0)} rows, every checksum equal to the backup's`);
    return summaries;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** sha256 of a file, for the backup's log line. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
