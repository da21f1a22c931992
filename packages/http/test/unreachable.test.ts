// A database that cannot be reached (or drops the connection mid-request) is a 503 database_unreachable with no
// stack, not a 500: the errors are real ones from pg, against a closed port and a backend terminated mid-query.
import net from 'node:net';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '@ap/db';
import { errorHandler, isDatabaseUnreachable } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';

let db: TestDb;
beforeAll(async () => { db = await testDb(); });
afterAll(() => db?.close());

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

function appOn(run: () => Promise<unknown>) {
  const app = express();
  app.get('/x', async (_req, res) => { await run(); res.json({ ok: true }); });
  app.use(errorHandler);
  return app;
}

describe('database unreachable', () => {
  it('answers 503 problem+json when the pool cannot connect', async () => {
    const pool: Pool = createPool({ connectionString: `postgres://postgres:x@127.0.0.1:${await closedPort()}/none`, max: 1 });
    try {
      const err = await pool.query('SELECT 1').catch((e: unknown) => e);
      expect(isDatabaseUnreachable(err)).toBe(true);
      const res = await request(appOn(() => pool.query('SELECT 1'))).get('/x').expect(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'database_unreachable' });
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
    } finally {
      await pool.end();
    }
  });

  // Through PgBouncer (the CI run that sets DATABASE_DIRECT_URL) the terminated backend is the pooler's server
  // connection, not the one this pool holds; the direct runs (embedded and server) cover it.
  it.skipIf(!!process.env.DATABASE_DIRECT_URL)('answers 503 when the connection is terminated mid-query, and the pool recovers', async () => {
    const pool = createPool({ connectionString: db.url, max: 1 });
    try {
      const { rows } = await pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const app = appOn(async () => {
        // The query's failure is taken at once: it can arrive before pg_terminate_backend's own answer does, and a
        // rejection nobody is listening to yet would be reported as unhandled.
        const running = pool.query('SELECT pg_sleep(5)').then(() => null, (err: unknown) => err);
        await db.pool.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
        const failure = await running;
        if (failure) throw failure;
      });
      const res = await request(app).get('/x').expect(503);
      expect(res.body.code).toBe('database_unreachable');
      // The broken client left the pool: the next query gets a fresh connection.
      await expect(pool.query('SELECT 1 AS one')).resolves.toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await pool.end();
    }
  });

  it('leaves other errors alone', () => {
    expect(isDatabaseUnreachable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnreachable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnreachable(Object.assign(new Error('admin shutdown'), { code: '57P01' }))).toBe(true);
  });
});
