import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Pool } from '@ap/db';
import { testStack, type TestStack } from '../../../test/support/app.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { people } from '../../../test/support/people.js';

// DATABASE_READ_URL points at a database of its own, cloned before the test writes anything: a replica that has
// not replayed the primary's latest changes yet. What the API shows tells which of the two each request read.
let replica: TestDb;
let stack: TestStack;
const make = people(() => stack.db.pool, () => stack.platform);

beforeAll(async () => {
  replica = await testDb();
  stack = await testStack({ DATABASE_READ_URL: replica.url });
});
afterAll(async () => {
  await stack.close();
  await replica.close();
});

/** Replays an astrologer written to the primary onto the replica (what streaming replication would do). */
async function replicate(id: string) {
  const { rows: [identity] } = await stack.db.pool.query('SELECT id, kind, phone, roles FROM identities WHERE id = $1', [id]);
  const { rows: [astrologer] } = await stack.db.pool.query(
    'SELECT id, display_name, status, approved_at, presence, price_chat_paise, price_call_paise, price_video_paise FROM astrologers WHERE id = $1', [id]);
  await replica.pool.query('INSERT INTO identities (id, kind, phone, roles) VALUES ($1, $2, $3, $4)', Object.values(identity!));
  await replica.pool.query(
    `INSERT INTO astrologers (id, display_name, status, approved_at, presence, price_chat_paise, price_call_paise, price_video_paise)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, Object.values(astrologer!));
}

const search = (q: string) => request(stack.user).get('/api/user/astrologers').query({ q }).expect(200);
const countFavorites = async (pool: Pool, userId: string) =>
  (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM favorites WHERE user_id = $1', [userId])).rows[0]!.n;

describe('DATABASE_READ_URL', () => {
  it('gives the platform a read pool of its own, and the main pool as the read pool without it', async () => {
    expect(stack.platform.readPool).not.toBe(stack.platform.pool);
    const plain = await testStack();
    try {
      expect(plain.platform.readPool).toBe(plain.platform.pool);
    } finally {
      await plain.close();
    }
  });

  it('reads search and profiles from the replica: an astrologer not replayed there yet is not listed', async () => {
    const astro = await make.astrologer({}, { name: 'Acharya Lagging' });

    expect((await search('Lagging')).body.items).toEqual([]);
    await request(stack.user).get(`/api/user/astrologers/${astro.id}`).expect(404);

    await replicate(astro.id);
    expect((await search('Lagging')).body.items.map((c: { id: string }) => c.id)).toEqual([astro.id]);
    const detail = await request(stack.user).get(`/api/user/astrologers/${astro.id}`).expect(200);
    expect(detail.body.displayName).toBe('Acharya Lagging');
  });

  it('opens its connections to the replica under the read pool application name', async () => {
    await search('anything');
    expect(stack.platform.readPool.totalCount).toBeGreaterThan(0);
    expect(stack.platform.readPool.options.connectionString).toBe(replica.url);
    // Connected directly, the server shows them; a transaction pooler (npm run test:pgbouncer) does not pass the name on.
    if (replica.url !== replica.directUrl) return;
    const { rows } = await replica.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'anytime-pooja-test-read'`, [replica.name]);
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it('writes to the primary, and reads a caller\'s own favorites back from it at once', async () => {
    const astro = await make.astrologer({}, { name: 'Jyotishi Followed' });
    await replicate(astro.id);
    const customer = await make.customer(0);

    await request(stack.user).post('/api/user/favorites').set(customer.auth).send({ astrologerId: astro.id }).expect(200);

    expect(await countFavorites(stack.db.pool, customer.id)).toBe(1);
    expect(await countFavorites(replica.pool, customer.id)).toBe(0);
    const mine = await request(stack.user).get('/api/user/favorites').set(customer.auth).expect(200);
    expect(mine.body.items.map((c: { id: string }) => c.id)).toEqual([astro.id]);
    // The card comes from the replica; whether the caller follows it, from the primary.
    expect((await request(stack.user).get('/api/user/astrologers').set(customer.auth).query({ q: 'Followed' }).expect(200)).body.items)
      .toEqual([expect.objectContaining({ id: astro.id, isFavorite: true })]);
  });
});
