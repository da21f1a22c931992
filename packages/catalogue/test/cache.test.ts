import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createAvailabilityService } from '@ap/availability';
import { asService } from '@ap/db';
import { createReadCache, memoryStore } from '../src/index.js';
import { testStack, type TestStack } from '../../../test/support/app.js';
import { people, type Person } from '../../../test/support/people.js';

// The read-through cache of public catalogue reads, on the store the run configures: Redis when REDIS_URL is set
// (REDIS_URL=redis://127.0.0.1:6379 npx vitest run packages/catalogue), else the in-process LRU. Every change
// below goes through the real writer (API or SQL) and must show on the very next read.

let stack: TestStack;
const who = people(() => stack.db.pool, () => stack.platform);
beforeAll(async () => {
  stack = await testStack();
});
afterAll(() => stack.close());

const tag = () => `Lang${randomBytes(4).toString('hex')}`;

/** catalogue_cache_requests_total{cache, result} from the user service's /metrics. */
async function counted(app: TestStack['user'], cache: 'search' | 'detail' | 'slots', result: 'hit' | 'miss' | 'bypass'): Promise<number> {
  const text = (await request(app).get('/metrics').expect(200)).text;
  const m = new RegExp(`^catalogue_cache_requests_total\\{cache="${cache}",result="${result}"[^}]*\\} (\\d+)`, 'm').exec(text);
  return m ? Number(m[1]) : 0;
}

/** An approved astrologer who speaks a language nobody else does, so a listing filtered on it is theirs alone. */
async function astrologerSpeaking(language: string, opts: { presence?: 'online' | 'offline' } = {}): Promise<Person> {
  const a = await who.astrologer({ chat: 2_000 }, { presence: opts.presence ?? 'offline', name: `Acharya ${language}` });
  await stack.db.pool.query('UPDATE astrologers SET languages = $2 WHERE id = $1', [a.id, [language]]);
  return a;
}

const list = async (query: Record<string, string>, auth: Record<string, string> = {}) =>
  (await request(stack.user).get('/api/user/astrologers').set(auth).query(query).expect(200)).body as {
    items: { id: string; displayName: string; bio: string; priceChatPaise: number; presence: string; isFavorite: boolean }[];
  };

const WEEK = { mon: [{ start: '00:00', end: '24:00' }], tue: [{ start: '00:00', end: '24:00' }], wed: [{ start: '00:00', end: '24:00' }],
  thu: [{ start: '00:00', end: '24:00' }], fri: [{ start: '00:00', end: '24:00' }], sat: [{ start: '00:00', end: '24:00' }], sun: [{ start: '00:00', end: '24:00' }] };
const availability = (pricePaise: number) => ({
  timeZone: 'Asia/Kolkata', slotMinutes: 60, pricePaise, bufferMinutes: 0, minNoticeMinutes: 60, horizonDays: 30, weekly: WEEK, overrides: [],
});

describe(`catalogue read-through cache (${process.env.REDIS_URL ? 'Redis' : 'in-process LRU'})`, () => {
  it('answers a repeated listing from the cache with the identical body', async () => {
    const lang = tag();
    await astrologerSpeaking(lang);
    const hits = await counted(stack.user, 'search', 'hit');
    const first = await request(stack.user).get('/api/user/astrologers').query({ language: lang }).expect(200);
    const second = await request(stack.user).get('/api/user/astrologers').query({ language: lang.toLowerCase() }).expect(200);
    expect(second.body).toEqual(first.body);
    expect(second.text).toBe(first.text);
    expect(await counted(stack.user, 'search', 'hit')).toBe(hits + 1);
  });

  it('answers a repeated profile page from the cache with the identical body', async () => {
    const a = await astrologerSpeaking(tag());
    const hits = await counted(stack.user, 'detail', 'hit');
    const first = await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200);
    const second = await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200);
    expect(second.text).toBe(first.text);
    expect(await counted(stack.user, 'detail', 'hit')).toBe(hits + 1);
  });

  it('shows a price change at once, in cards and in price filters', async () => {
    const lang = tag();
    const a = await astrologerSpeaking(lang);
    expect((await list({ language: lang })).items[0]!.priceChatPaise).toBe(2_000);
    expect((await list({ language: lang, maxPricePaise: '2500' })).items).toHaveLength(1);
    await request(stack.astrologer).put('/api/astrologer/profile').set(a.auth).send({ priceChatPaise: 3_000 }).expect(200);
    expect((await list({ language: lang })).items[0]!.priceChatPaise).toBe(3_000);
    expect((await list({ language: lang, maxPricePaise: '2500' })).items).toHaveLength(0);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.priceChatPaise).toBe(3_000);
  });

  it('shows a profile edit at once, in listings, text search and the profile page', async () => {
    const lang = tag();
    const a = await astrologerSpeaking(lang);
    const word = `zephyr${randomBytes(3).toString('hex')}`;
    await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200);
    expect((await list({ q: word })).items).toHaveLength(0);
    await request(stack.astrologer).put('/api/astrologer/profile').set(a.auth).send({ bio: `Reads ${word} charts`, displayName: 'Acharya Renamed' }).expect(200);
    expect((await list({ language: lang })).items[0]!.displayName).toBe('Acharya Renamed');
    expect((await list({ q: word })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.bio).toBe(`Reads ${word} charts`);
  });

  it('shows presence at once, on cached cards and in the online filter', async () => {
    const lang = tag();
    const a = await astrologerSpeaking(lang, { presence: 'offline' });
    expect((await list({ language: lang })).items[0]!.presence).toBe('offline');
    expect((await list({ language: lang, online: 'true' })).items).toHaveLength(0);
    await list({ language: lang }); // now certainly cached
    await request(stack.astrologer).put('/api/astrologer/status').set(a.auth).send({ presence: 'online' }).expect(200);
    expect((await list({ language: lang })).items[0]!.presence).toBe('online');
    expect((await list({ language: lang, online: 'true' })).items.map((c) => c.id)).toEqual([a.id]);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.presence).toBe('online');
    await stack.db.pool.query(`UPDATE astrologers SET presence = 'busy' WHERE id = $1`, [a.id]); // a session starting
    expect((await list({ language: lang })).items[0]!.presence).toBe('busy');
    expect((await list({ language: lang, online: 'true' })).items).toHaveLength(0);
  });

  it('hides a suspended astrologer at once', async () => {
    const lang = tag();
    const a = await astrologerSpeaking(lang);
    expect((await list({ language: lang })).items).toHaveLength(1);
    await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200);
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET status = 'suspended' WHERE id = $1`, [a.id]));
    expect((await list({ language: lang })).items).toHaveLength(0);
    await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(404);
  });

  it('shows new availability at once, in slots and the profile page', async () => {
    const a = await astrologerSpeaking(tag());
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots).toEqual([]);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.nextSlots).toEqual([]);
    await request(stack.astrologer).put('/api/astrologer/availability').set(a.auth).send(availability(50_000)).expect(200);
    const slots = (await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots as { pricePaise: number }[];
    expect(slots.length).toBeGreaterThan(100);
    expect(slots[0]!.pricePaise).toBe(50_000);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.nextSlots).toHaveLength(6);
    await request(stack.astrologer).put('/api/astrologer/availability').set(a.auth).send(availability(70_000)).expect(200);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots[0].pricePaise).toBe(70_000);
  });

  it('takes a booked slot out at once, and gives it back when the booking is cancelled', async () => {
    const a = await astrologerSpeaking(tag());
    await request(stack.astrologer).put('/api/astrologer/availability').set(a.auth).send(availability(50_000)).expect(200);
    const before = (await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots as { start: string; end: string }[];
    const hits = await counted(stack.user, 'slots', 'hit');
    await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200);
    expect(await counted(stack.user, 'slots', 'hit')).toBe(hits + 2); // its inputs and the rendered list
    const customer = await who.customer(0);
    const { rows: [booking] } = await stack.db.pool.query<{ id: string }>(
      `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, price_paise, scheduled_start, scheduled_end)
       VALUES ($1, $2, 'video', 'scheduled', 'booked', 50000, $3, $4) RETURNING id`,
      [customer.id, a.id, new Date(before[3]!.start), new Date(before[3]!.end)]);
    const after = (await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots as { start: string }[];
    expect(after.map((s) => s.start)).not.toContain(before[3]!.start);
    expect(after).toHaveLength(before.length - 1);
    const next = (await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.nextSlots as { start: string }[];
    expect(next.map((s) => s.start)).not.toContain(before[3]!.start);
    await stack.db.pool.query(`UPDATE consultations SET status = 'cancelled' WHERE id = $1`, [booking!.id]);
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}/slots`).expect(200)).body.slots).toHaveLength(before.length);
  });

  it('serves a slot list rendered earlier exactly as a fresh one, as the clock moves on', async () => {
    const a = await astrologerSpeaking(tag());
    await request(stack.astrologer).put('/api/astrologer/availability').set(a.auth).send(availability(50_000)).expect(200);
    let clock = Date.parse('2030-01-07T03:10:00Z');
    const cache = createReadCache({ db: stack.db.pool, store: memoryStore(100), ttlSeconds: 3600 });
    const cached = createAvailabilityService({ pool: stack.db.pool, cache, now: () => new Date(clock) });
    const direct = createAvailabilityService({ pool: stack.db.pool, now: () => new Date(clock) });
    const query = { from: '2030-01-07', to: '2030-01-09' };
    for (const step of [0, 40, 60, 600]) { // minutes: within the notice, past a slot, hours later (still the same day in Kolkata)
      clock += step * 60_000;
      const fresh = await direct.listSlots(a.id, query);
      expect(await cached.listSlots(a.id, query)).toEqual(fresh);
    }
    expect(cache.stats().slots.hit).toBeGreaterThanOrEqual(6);
  });

  it('shows a new review on the profile page at once', async () => {
    const a = await astrologerSpeaking(tag());
    expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.reviews).toEqual([]);
    const customer = await who.customer(0);
    await asService(stack.db.pool, async (tx) => {
      const { rows: [c] } = await tx.query<{ id: string }>(
        `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, price_paise, scheduled_start, scheduled_end, started_at, ended_at)
         VALUES ($1, $2, 'video', 'scheduled', 'completed', 50000, now() - interval '2 hours', now() - interval '1 hour', now() - interval '2 hours', now() - interval '1 hour')
         RETURNING id`, [customer.id, a.id]);
      await tx.query(`INSERT INTO reviews (consultation_id, user_id, astrologer_id, rating, comment) VALUES ($1, $2, $3, 5, 'Spot on')`, [c!.id, customer.id, a.id]);
    });
    const detail = (await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body;
    expect(detail.reviews.map((r: { comment: string }) => r.comment)).toEqual(['Spot on']);
  });

  it('never shows one customer\'s favorites to another caller, whatever the cache holds', async () => {
    const lang = tag();
    const a = await astrologerSpeaking(lang);
    const [fan, other] = [await who.customer(0), await who.customer(0)];
    await request(stack.user).post('/api/user/favorites').set(fan.auth).send({ astrologerId: a.id }).expect(200);
    for (let round = 0; round < 2; round++) { // the second round is served from the cache
      expect((await list({ language: lang }, fan.auth)).items[0]!.isFavorite).toBe(true);
      expect((await list({ language: lang })).items[0]!.isFavorite).toBe(false);
      expect((await list({ language: lang }, other.auth)).items[0]!.isFavorite).toBe(false);
      expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).set(fan.auth).expect(200)).body.isFavorite).toBe(true);
      expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).set(other.auth).expect(200)).body.isFavorite).toBe(false);
      expect((await request(stack.user).get(`/api/user/astrologers/${a.id}`).expect(200)).body.isFavorite).toBe(false);
    }
    await request(stack.user).delete(`/api/user/favorites/${a.id}`).set(fan.auth).expect(204);
    expect((await list({ language: lang }, fan.auth)).items[0]!.isFavorite).toBe(false);
  });
});

/** A loopback port with nothing listening: Redis "down" from the first request. */
const deadPort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

const redisReachable = async (url: string | undefined) => {
  if (!url) return false;
  const { hostname, port } = new URL(url);
  return new Promise<boolean>((resolve) => {
    const socket = net.connect(Number(port || 6379), hostname, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
};

const REDIS_UP = await redisReachable(process.env.REDIS_URL);
if (!REDIS_UP) console.log('catalogue cache: REDIS_URL unset or unreachable, so the Redis-going-away test is skipped (the in-process LRU is what ran)');

describe('when Redis is down', () => {
  it('keeps answering catalogue reads from the database (counted as bypass)', async () => {
    const down = await testStack({ REDIS_URL: `redis://127.0.0.1:${await deadPort()}` });
    try {
      const lang = tag();
      const a = await people(() => down.db.pool, () => down.platform).astrologer({ chat: 2_000 }, { presence: 'online' });
      await down.db.pool.query('UPDATE astrologers SET languages = $2 WHERE id = $1', [a.id, [lang]]);
      for (let i = 0; i < 3; i++) {
        const page = (await request(down.user).get('/api/user/astrologers').query({ language: lang }).expect(200)).body;
        expect(page.items.map((c: { id: string }) => c.id)).toEqual([a.id]);
        await request(down.user).get(`/api/user/astrologers/${a.id}`).expect(200);
      }
      expect(await counted(down.user, 'search', 'bypass')).toBe(3);
      expect(await counted(down.user, 'search', 'hit')).toBe(0);
    } finally {
      await down.close();
    }
  });

  it.runIf(REDIS_UP)('steps aside when Redis goes away mid-run, and answers from the database', async () => {
    const lang = tag();
    const live = await testStack({ REDIS_URL: process.env.REDIS_URL! });
    try {
      const a = await people(() => live.db.pool, () => live.platform).astrologer({ chat: 2_000 }, { presence: 'offline' });
      await live.db.pool.query('UPDATE astrologers SET languages = $2 WHERE id = $1', [a.id, [lang]]);
      await request(live.user).get('/api/user/astrologers').query({ language: lang }).expect(200);
      await request(live.user).get('/api/user/astrologers').query({ language: lang }).expect(200);
      expect(await counted(live.user, 'search', 'hit')).toBe(1);
      live.platform.redis!.disconnect();
      await live.db.pool.query('UPDATE astrologers SET price_chat_paise = 2500 WHERE id = $1', [a.id]);
      const page = (await request(live.user).get('/api/user/astrologers').query({ language: lang }).expect(200)).body;
      expect(page.items[0].priceChatPaise).toBe(2500);
      expect(await counted(live.user, 'search', 'bypass')).toBe(1);
    } finally {
      await live.close();
    }
  });
});

