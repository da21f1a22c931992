import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { asCaller, migrate, MIGRATIONS_DIR, type Pool } from '@ap/db';
import { emptyDb, testDb, type TestDb } from '../../../test/support/db.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function fresh(make: () => Promise<TestDb>): Promise<TestDb> {
  const db = await make();
  cleanups.push(() => db.close());
  return db;
}

/**
 * What a Supabase database has before our first migration: an `auth` schema owned by GoTrue's admin role with its
 * own users table and the uid()/role()/jwt() functions, the API roles (cluster-wide, already there from the run's
 * template), and the `supabase_realtime` publication.
 */
async function supabaseLike(pool: Pool) {
  await pool.query(`
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'supabase_auth_admin') THEN
        CREATE ROLE supabase_auth_admin NOLOGIN NOINHERIT;
      END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'anon') THEN CREATE ROLE anon NOLOGIN NOINHERIT; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'authenticated') THEN CREATE ROLE authenticated NOLOGIN NOINHERIT; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'service_role') THEN CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS; END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$;
    CREATE SCHEMA auth AUTHORIZATION supabase_auth_admin;
    CREATE TABLE auth.users (
      instance_id uuid, id uuid PRIMARY KEY, aud varchar(255), role varchar(255), email varchar(255), phone text UNIQUE,
      raw_app_meta_data jsonb, raw_user_meta_data jsonb, created_at timestamptz DEFAULT now(), updated_at timestamptz
    );
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT coalesce(nullif(current_setting('request.jwt.claim.sub', true), ''),
                      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub'))::uuid
    $$;
    CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT coalesce(nullif(current_setting('request.jwt.claim.role', true), ''),
                      (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role'))::text
    $$;
    CREATE FUNCTION auth.jwt() RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                      nullif(current_setting('request.jwt.claims', true), ''))::jsonb
    $$;
    COMMENT ON FUNCTION auth.uid() IS 'Deprecated. Use auth.jwt() -> ''sub'' instead.';
    ALTER FUNCTION auth.uid() OWNER TO supabase_auth_admin;
    ALTER FUNCTION auth.role() OWNER TO supabase_auth_admin;
    ALTER FUNCTION auth.jwt() OWNER TO supabase_auth_admin;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    CREATE PUBLICATION supabase_realtime;
  `);
}

const published = async (pool: Pool) =>
  (await pool.query<{ t: string }>(`SELECT tablename AS t FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1`)).rows.map((r) => r.t);

describe('migrations on a Supabase-like database', () => {
  it("apply over a pre-existing auth schema, keep Supabase's functions, and put messages and notifications in supabase_realtime", async () => {
    const { pool } = await fresh(emptyDb);
    await supabaseLike(pool);

    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
    const first = await migrate(pool);
    expect(first.applied).toEqual(files);
    expect((await migrate(pool)).applied).toEqual([]);

    // Supabase's own auth objects are untouched: same owner, same functions (our bootstrap only creates missing ones).
    const { rows: fns } = await pool.query<{ name: string; owner: string }>(
      `SELECT p.proname AS name, pg_get_userbyid(p.proowner) AS owner FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'auth' ORDER BY 1`,
    );
    expect(fns).toEqual([{ name: 'jwt', owner: 'supabase_auth_admin' }, { name: 'role', owner: 'supabase_auth_admin' }, { name: 'uid', owner: 'supabase_auth_admin' }]);
    expect((await pool.query(`SELECT obj_description('auth.uid'::regproc) AS c`)).rows[0].c).toMatch(/^Deprecated/);
    expect((await pool.query(`SELECT count(*)::int AS n FROM auth.users`)).rows[0].n).toBe(0);

    expect(await published(pool)).toEqual(['messages', 'notifications']);

    // RLS reads Supabase's auth.uid(): a notification is visible to its recipient only, as Realtime will check it.
    const me = randomUUID();
    const other = randomUUID();
    await pool.query(`INSERT INTO identities (id, kind, phone, roles) VALUES ($1, 'user', '+919812345601', '{user}'), ($2, 'user', '+919812345602', '{user}')`, [me, other]);
    await pool.query(`INSERT INTO notifications (recipient_id, kind, title) VALUES ($1, 'test', 'Hello')`, [me]);
    const seen = (sub: string) =>
      asCaller(pool, { sub, role: 'authenticated' }, async (tx) => (await tx.query('SELECT recipient_id FROM notifications')).rows.length);
    expect(await seen(me)).toBe(1);
    expect(await seen(other)).toBe(0);
  });

  it('the realtime migration is a no-op on plain PostgreSQL (no supabase_realtime publication)', async () => {
    const { pool } = await fresh(testDb);
    expect((await pool.query(`SELECT count(*)::int AS n FROM pg_publication WHERE pubname = 'supabase_realtime'`)).rows[0].n).toBe(0);
    const { rows } = await pool.query(`SELECT name FROM app_meta.schema_migrations WHERE name = '20261125140000_supabase_realtime.sql'`);
    expect(rows).toHaveLength(1);
  });

  it('leaves a publication FOR ALL TABLES alone', async () => {
    const { pool } = await fresh(emptyDb);
    await pool.query('CREATE PUBLICATION supabase_realtime FOR ALL TABLES');
    await migrate(pool);
    expect(await published(pool)).toEqual(expect.arrayContaining(['messages', 'notifications']));
  });
});
