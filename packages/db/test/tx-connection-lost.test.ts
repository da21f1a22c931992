// A transaction whose connection is killed while it awaits something else (PostgreSQL restarting) must fail that
// transaction, not crash the process with an unhandled 'error' event; the pool then hands out a fresh connection.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPool, withTx } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';

let db: TestDb;
beforeAll(async () => { db = await testDb(); });
afterAll(() => db?.close());

it('survives the connection being terminated between two queries of a transaction', async () => {
  const pool = createPool({ connectionString: db.url, max: 1 });
  try {
    const result = withTx(pool, async (tx) => {
      const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      // The FATAL 57P01 arrives while no query runs (as while a handler awaits a provider's answer).
      await new Promise((r) => setTimeout(r, 300));
      await tx.query('SELECT 1');
    });
    await expect(result).rejects.toThrow();
    await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
  } finally {
    await pool.end();
  }
});
