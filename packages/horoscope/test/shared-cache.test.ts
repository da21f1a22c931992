import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { memoryStore, redisStore } from '@ap/catalogue';
import { Redis } from 'ioredis';
import { testStack, type TestStack } from '../../../test/support/app.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { people } from '../../../test/support/people.js';
import { externalProvider, type ExternalConfig, type SharedStore } from '../src/index.js';

// The external horoscope API's answers shared between instances (Redis in production, REDIS_URL here; the
// in-process store stands in when the run has no Redis), and public horoscope reads from DATABASE_READ_URL.
let server: Server;
let base: string;
let calls = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    calls++;
    const url = new URL(req.url!, 'http://x');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { text: `API: ${url.searchParams.get('sign')} ${url.searchParams.get('day')}` } }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  calls = 0;
});

const config = (shared?: SharedStore): ExternalConfig => ({
  urlTemplate: `${base}/{period}?sign={sign}&day={date}`, apiKeyHeader: 'X-Api-Key', textPath: 'data.text',
  timeoutMs: 500, cacheSeconds: 60, breakerFailures: 3, breakerCooldownSeconds: 30, ...(shared ? { shared } : {}),
});

const redis = process.env.REDIS_URL ? new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 }) : null;
afterAll(() => redis?.quit());

describe(`external horoscope texts shared by instances (${redis ? 'Redis' : 'in-process store'})`, () => {
  const sharedStore = async (): Promise<SharedStore> => {
    if (!redis) return memoryStore(100);
    if (redis.status === 'wait') await redis.connect();
    return redisStore(redis, { prefix: `test:horoscope:${randomUUID()}:` });
  };

  it('asks the API once for two instances: the second reads the first one\'s answer from the shared store', async () => {
    const shared = await sharedStore();
    const a = externalProvider(config(shared));
    const b = externalProvider(config(shared));
    const first = await a.text('leo', 'daily', '2026-11-25');
    // The write to the store is not awaited by the reader; wait until it has landed.
    for (let i = 0; i < 50 && (await shared.get('leo|daily|2026-11-25')) === undefined; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await b.text('leo', 'daily', '2026-11-25')).toEqual(first);
    expect(await b.text('leo', 'daily', '2026-11-25')).toEqual(first);
    expect(calls).toBe(1);
    expect(a.stats()).toEqual({ memory: 0, shared: 0, api: 1 });
    expect(b.stats()).toEqual({ memory: 1, shared: 1, api: 0 });
  });

  it('asks the API when the shared store fails, and still answers', async () => {
    const broken: SharedStore = { get: () => Promise.reject(new Error('redis down')), set: () => Promise.reject(new Error('redis down')) };
    const p = externalProvider(config(broken));
    await expect(p.text('virgo', 'daily', '2026-11-25')).resolves.toEqual({ en: 'API: virgo 2026-11-25', hi: null });
    expect(calls).toBe(1);
    expect(p.stats().api).toBe(1);
  });

  it('ignores a stored value that is not a text', async () => {
    const shared = memoryStore(10);
    await shared.set('libra|daily|2026-11-25', { en: 42 }, 60);
    await expect(externalProvider(config(shared)).text('libra', 'daily', '2026-11-25')).resolves.toEqual({ en: 'API: libra 2026-11-25', hi: null });
    expect(calls).toBe(1);
  });
});

describe('horoscope reads and DATABASE_READ_URL', () => {
  let replica: TestDb;
  let stack: TestStack;
  beforeAll(async () => {
    replica = await testDb();
    stack = await testStack({
      DATABASE_READ_URL: replica.url,
      HOROSCOPE_PROVIDER: 'external', HOROSCOPE_API_URL: `${base}/{period}?sign={sign}&day={date}`, HOROSCOPE_API_TEXT_PATH: 'data.text',
    });
  });
  afterAll(async () => {
    await stack.close();
    await replica.close();
  });

  it('answers a just-published text to its author from the primary; public reads see it once the replica has it', async () => {
    const astrologer = await people(() => stack.db.pool, () => stack.platform).astrologer({}, { name: 'Pandit Replica' });
    const text = { en: 'A calm week for Taurus: finish what you started.', hi: 'वृषभ के लिए शांत सप्ताह।' };
    const published = await request(stack.user).post('/api/user/horoscope/published').set(astrologer.auth)
      .send({ sign: 'taurus', period: 'weekly', date: '2026-11-25', text }).expect(200);
    expect(published.body).toMatchObject({ source: 'published', text });

    // The replica has not replayed the row yet: the public read is the provider's text.
    const before = await request(stack.user).get('/api/user/horoscope').query({ sign: 'taurus', period: 'weekly', date: '2026-11-25' }).expect(200);
    expect(before.body.source).toBe('external');

    const { rows } = await stack.db.pool.query('SELECT * FROM horoscope_texts WHERE author_id = $1', [astrologer.id]);
    expect(rows).toHaveLength(1);
    await copyRows(replica, 'identities', await stack.db.pool.query('SELECT id, kind, phone, roles FROM identities WHERE id = $1', [astrologer.id]).then((r) => r.rows));
    await copyRows(replica, 'horoscope_texts', rows);

    const after = await request(stack.user).get('/api/user/horoscope').query({ sign: 'taurus', period: 'weekly', date: '2026-11-25' }).expect(200);
    expect(after.body).toMatchObject({ source: 'published', text, author: { name: 'Pandit Replica' } });
  });

  it('counts where external texts came from on /metrics', async () => {
    await request(stack.user).get('/api/user/horoscope').query({ sign: 'aries', date: '2026-11-20' }).expect(200);
    await request(stack.user).get('/api/user/horoscope').query({ sign: 'aries', date: '2026-11-20' }).expect(200);
    const metrics = (await request(stack.user).get('/metrics').expect(200)).text;
    expect(metrics).toMatch(/horoscope_external_texts_total\{source="api"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/horoscope_external_texts_total\{source="memory"[^}]*\} [1-9]/);
  });
});

/** Replays rows written to the primary onto the replica (what streaming replication would do). */
async function copyRows(db: TestDb, table: string, rows: Record<string, unknown>[]) {
  for (const row of rows) {
    const cols = Object.keys(row);
    await db.pool.query(
      `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
      cols.map((c) => row[c]),
    );
  }
}
