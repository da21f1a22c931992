import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService } from '@ap/db';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { enqueueJob, findPendingJobs, startJobRunner } from '../src/index.js';

let db: TestDb;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

const NOW = new Date('2026-12-06T12:00:00Z');
const enqueue = (name: string, payload: Record<string, unknown>, runAt = NOW, singletonKey?: string) =>
  asService(db.pool, (tx) => enqueueJob(tx, { name, payload, runAt, ...(singletonKey ? { singletonKey } : {}) }));

describe('durable jobs', () => {
  it('runs each due job exactly once across concurrent runners, and none before its time', async () => {
    for (let i = 0; i < 40; i++) await enqueue('count', { i });
    await enqueue('count', { i: 'later' }, new Date(NOW.getTime() + 60_000));
    const seen: unknown[] = [];
    const handlers = { count: async (_tx: unknown, p: Record<string, unknown>) => void seen.push(p.i) };
    const runners = Array.from({ length: 4 }, () => startJobRunner({ pool: db.pool, handlers, log: () => undefined, pollIntervalMs: 60_000, concurrency: 2, now: () => NOW }));
    await Promise.all(runners.map((r) => r.drain()));
    await Promise.all(runners.map((r) => r.stop()));
    expect(seen).toHaveLength(40);
    expect(new Set(seen).size).toBe(40);
    expect(await findPendingJobs(db.pool, 'count')).toHaveLength(1);
  });

  it('undoes a failed attempt and retries it later with backoff', async () => {
    await enqueue('flaky', { n: 1 });
    let calls = 0;
    const runner = startJobRunner({
      pool: db.pool, log: () => undefined, pollIntervalMs: 60_000, now: () => NOW,
      handlers: {
        flaky: async (tx) => {
          calls += 1;
          await tx.query(`INSERT INTO jobs (name, payload, run_at) VALUES ('side_effect', '{}', now())`);
          throw new Error('boom');
        },
      },
    });
    await runner.drain();
    await runner.stop();
    expect(calls).toBe(1);
    const [job] = await findPendingJobs(db.pool, 'flaky');
    expect(job).toMatchObject({ attempts: 1 });
    expect(job!.runAt.getTime()).toBe(NOW.getTime() + 5_000);
    expect(await findPendingJobs(db.pool, 'side_effect')).toEqual([]);
    const { rows } = await db.pool.query(`SELECT last_error FROM jobs WHERE id = $1`, [job!.id]);
    expect(rows[0].last_error).toBe('boom');
  });

  it('keeps one pending job per singleton key', async () => {
    expect(await enqueue('timer', { a: 1 }, NOW, 'k1')).not.toBeNull();
    expect(await enqueue('timer', { a: 2 }, NOW, 'k1')).toBeNull();
    expect(await findPendingJobs(db.pool, 'timer')).toHaveLength(1);
  });
});
