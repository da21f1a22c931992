import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, asService } from '@ap/db';
import { testDb, type TestDb } from '../../../test/support/db.js';

let db: TestDb;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

describe('request transactions', () => {
  it('run as authenticated with the exact claims, however they are quoted', async () => {
    const claims = { sub: '6f1c3a4e-8d2b-4c1a-9e5f-0a1b2c3d4e5f', role: 'authenticated' as const, app_metadata: { roles: ['user'], note: "O'Brien'); DROP TABLE users; --\\" } };
    const seen = await asCaller(db.pool, claims, async (tx) =>
      (await tx.query<{ role: string; uid: string; jwt: unknown }>('SELECT current_user AS role, auth.uid() AS uid, auth.jwt() AS jwt')).rows[0]);
    expect(seen).toEqual({ role: 'authenticated', uid: claims.sub, jwt: claims });
    expect((await db.pool.query(`SELECT to_regclass('public.users') IS NOT NULL AS ok`)).rows[0].ok).toBe(true);
  });

  it('run as anon without claims and as service_role for privileged work', async () => {
    const anon = await asCaller(db.pool, null, async (tx) => (await tx.query<{ r: string; uid: string | null }>('SELECT current_user AS r, auth.uid() AS uid')).rows[0]);
    expect(anon).toEqual({ r: 'anon', uid: null });
    const svc = await asService(db.pool, async (tx) => (await tx.query<{ r: string }>('SELECT current_user AS r')).rows[0]);
    expect(svc).toEqual({ r: 'service_role' });
  });

  it('leave no role or claims behind on the pooled connection', async () => {
    const client = await db.pool.connect();
    client.release();
    await asCaller(db.pool, { sub: '6f1c3a4e-8d2b-4c1a-9e5f-0a1b2c3d4e5f', role: 'authenticated' }, async () => undefined);
    const after = await db.pool.query<{ r: string; c: string | null }>(`SELECT current_user AS r, nullif(current_setting('request.jwt.claims', true), '') AS c`);
    expect(after.rows[0]).toEqual({ r: 'postgres', c: null });
  });

  it('roll back everything when the work fails', async () => {
    await expect(asService(db.pool, async (tx) => {
      await tx.query(`INSERT INTO specialties (slug, name) VALUES ('rollback-test', 'Rollback test')`);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await db.pool.query(`SELECT 1 FROM specialties WHERE slug = 'rollback-test'`)).rowCount).toBe(0);
  });
});
