import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPool, loadMigrations, migrate, MigrationError, MIGRATIONS_DIR, type Pool } from '@ap/db';
import { emptyDb, type TestDb } from '../../../test/support/db.js';

// Every test gets its own empty database and its own folder of migration files; both are removed afterwards.
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDb(): Promise<TestDb> {
  const db = await emptyDb();
  cleanups.push(() => db.close());
  return db;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ap-migrations-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFiles(dir, files);
  return dir;
}

async function writeFiles(dir: string, files: Record<string, string>) {
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function recorded(pool: Pool): Promise<Array<{ name: string; checksum: string }>> {
  const { rows } = await pool.query<{ name: string; checksum: string }>('SELECT name, checksum FROM app_meta.schema_migrations ORDER BY name');
  return rows;
}

async function tableExists(pool: Pool, name: string): Promise<boolean> {
  const { rows } = await pool.query<{ found: boolean }>('SELECT to_regclass($1) IS NOT NULL AS found', [name]);
  return rows[0]!.found;
}

const FIRST = '20260101000000_create_steps.sql';
const SECOND = '20260101000100_second_step.sql';
const THIRD = '20260215093000_third_step.sql';

const threeSteps = {
  // written out of order on purpose: the directory listing order must not matter
  [THIRD]: `INSERT INTO steps (name) VALUES ('third');`,
  [FIRST]: `CREATE TABLE steps (seq serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO steps (name) VALUES ('first');`,
  [SECOND]: `INSERT INTO steps (name) VALUES ('second');`,
};

describe('migrate()', () => {
  it('applies files in file-name order', async () => {
    const db = await freshDb();
    const dir = await migrationsDir(threeSteps);
    const log: string[] = [];

    const result = await migrate(db.pool, { dir, log: (m) => log.push(m) });

    expect(result).toEqual({ applied: [FIRST, SECOND, THIRD], skipped: 0 });
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM steps ORDER BY seq');
    expect(rows.map((r) => r.name)).toEqual(['first', 'second', 'third']);
    expect(log).toEqual([`applied ${FIRST}`, `applied ${SECOND}`, `applied ${THIRD}`]);
  });

  it('records each applied file with the sha256 of its content', async () => {
    const db = await freshDb();
    const dir = await migrationsDir(threeSteps);

    await migrate(db.pool, { dir });

    expect(await recorded(db.pool)).toEqual([
      { name: FIRST, checksum: sha256(threeSteps[FIRST]) },
      { name: SECOND, checksum: sha256(threeSteps[SECOND]) },
      { name: THIRD, checksum: sha256(threeSteps[THIRD]) },
    ]);
  });

  it('applies nothing on a second run', async () => {
    const db = await freshDb();
    const dir = await migrationsDir(threeSteps);
    await migrate(db.pool, { dir });

    const again = await migrate(db.pool, { dir });

    expect(again).toEqual({ applied: [], skipped: 3 });
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM steps');
    expect(rows[0]!.n).toBe(3);
  });

  it('applies only the files added since the last run', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST] });
    await migrate(db.pool, { dir });
    await writeFiles(dir, { [SECOND]: threeSteps[SECOND] });

    const result = await migrate(db.pool, { dir });

    expect(result).toEqual({ applied: [SECOND], skipped: 1 });
    expect((await recorded(db.pool)).map((r) => r.name)).toEqual([FIRST, SECOND]);
  });

  it('runs each file in one transaction: a failing file leaves none of its statements behind and is not recorded', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({
      [FIRST]: threeSteps[FIRST],
      // the first statement succeeds, the second fails
      [SECOND]: `CREATE TABLE half_done (id int);\nINSERT INTO steps (name) VALUES ('second');\nSELECT 1 / 0;`,
      [THIRD]: threeSteps[THIRD],
    });

    const failure = migrate(db.pool, { dir });

    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(new RegExp(`${SECOND} failed: division by zero`));
    expect(await tableExists(db.pool, 'half_done')).toBe(false);
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM steps ORDER BY seq');
    expect(rows.map((r) => r.name)).toEqual(['first']);
    expect((await recorded(db.pool)).map((r) => r.name)).toEqual([FIRST]);
  });

  it('applies a failed file once it is fixed, without re-running the earlier ones', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST], [SECOND]: `SELECT 1 / 0;` });
    await expect(migrate(db.pool, { dir })).rejects.toBeInstanceOf(MigrationError);
    await writeFiles(dir, { [SECOND]: threeSteps[SECOND] });

    const result = await migrate(db.pool, { dir });

    expect(result).toEqual({ applied: [SECOND], skipped: 1 });
    const { rows } = await db.pool.query<{ name: string }>('SELECT name FROM steps ORDER BY seq');
    expect(rows.map((r) => r.name)).toEqual(['first', 'second']);
  });

  it('refuses to run when an applied file was edited, and applies nothing else in that run', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST] });
    await migrate(db.pool, { dir });
    await writeFiles(dir, {
      [FIRST]: `${threeSteps[FIRST]}\n-- a harmless-looking comment is still an edit`,
      [SECOND]: `CREATE TABLE never_created (id int);`,
    });

    const refusal = migrate(db.pool, { dir });

    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(new RegExp(`${FIRST} was edited`));
    expect(await tableExists(db.pool, 'never_created')).toBe(false);
    expect(await recorded(db.pool)).toEqual([{ name: FIRST, checksum: sha256(threeSteps[FIRST]) }]);
  });

  it('refuses to run when an applied file is missing from the folder', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST], [SECOND]: threeSteps[SECOND] });
    await migrate(db.pool, { dir });
    await unlink(path.join(dir, SECOND));
    await writeFiles(dir, { [THIRD]: threeSteps[THIRD] });

    const refusal = migrate(db.pool, { dir });

    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(new RegExp(`${SECOND} was applied but is missing`));
    expect((await recorded(db.pool)).map((r) => r.name)).toEqual([FIRST, SECOND]);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM steps');
    expect(rows[0]!.n).toBe(2);
  });

  it.each([
    ['a short timestamp', '2026010100_init.sql'],
    ['upper-case letters', '20260101000000_Init.sql'],
    ['a dash instead of an underscore', '20260101000000-init.sql'],
    ['no name after the timestamp', '20260101000000.sql'],
  ])('rejects a migration file name with %s, before touching the database', async (_, badName) => {
    const db = await freshDb();
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST], [badName]: `SELECT 1;` });

    const refusal = migrate(db.pool, { dir });

    await expect(refusal).rejects.toBeInstanceOf(MigrationError);
    await expect(refusal).rejects.toThrow(badName);
    expect(await tableExists(db.pool, 'app_meta.schema_migrations')).toBe(false);
    expect(await tableExists(db.pool, 'steps')).toBe(false);
  });

  it('ignores files that are not .sql', async () => {
    const dir = await migrationsDir({ [FIRST]: threeSteps[FIRST], 'README.md': '# notes', '.gitkeep': '' });

    const migrations = await loadMigrations(dir);

    expect(migrations.map((m) => m.name)).toEqual([FIRST]);
  });

  it('applies each file exactly once when six instances start at the same moment', async () => {
    const db = await freshDb();
    const dir = await migrationsDir({
      // the sleep keeps the first instance inside the migration while the others arrive
      [FIRST]: `CREATE TABLE boots (id serial PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());\nSELECT pg_sleep(0.2);`,
      [SECOND]: `INSERT INTO boots DEFAULT VALUES;`,
    });
    const pools = Array.from({ length: 6 }, () => createPool({ connectionString: db.url, max: 1 }));
    cleanups.push(() => Promise.all(pools.map((p) => p.end())));

    const results = await Promise.all(pools.map((p) => migrate(p, { dir })));

    const applied = results.flatMap((r) => r.applied).sort();
    expect(applied).toEqual([FIRST, SECOND]);
    // Each file is applied by one instance; which one may differ per file (the lock is per transaction).
    for (const r of results) expect(r.applied.length + r.skipped).toBe(2);
    expect((await recorded(db.pool)).map((r) => r.name)).toEqual([FIRST, SECOND]);
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM boots');
    expect(rows[0]!.n).toBe(1);
  });

  it('applies the real supabase/migrations to an empty database, then nothing on a second run', async () => {
    const db = await freshDb();
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();

    const first = await migrate(db.pool);
    const second = await migrate(db.pool);

    expect(files.length).toBeGreaterThan(0);
    expect(first).toEqual({ applied: files, skipped: 0 });
    expect(second).toEqual({ applied: [], skipped: files.length });
    expect(await tableExists(db.pool, 'public.ledger_transfers')).toBe(true);
  });
});
