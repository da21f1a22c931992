import { asCaller, type JwtClaims } from '@ap/db';
import { validate } from '@readme/openapi-parser';
import { createApp, type AnyRoute } from '@ap/http';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomPhone, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { astrologerAvailabilityRoutes, createAvailabilityService, publicSlotRoutes, type AvailabilityService } from '../src/index.js';

// Frozen clock: Sunday noon in Kolkata; 2026-12-07 is the Monday after.
const NOW = new Date('2026-12-06T12:00:00+05:30');

let stack: TestStack;
let service: AvailabilityService;
let astroApp: Express;
let userApp: Express;

function appFor(name: 'astrologer' | 'user', routes: AnyRoute[]): Express {
  const p = stack.platform;
  return createApp({
    service: name, title: `availability ${name}`, version: 'test', routes,
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
  });
}

beforeAll(async () => {
  stack = await testStack();
  service = createAvailabilityService({ pool: stack.platform.pool, now: () => NOW });
  astroApp = appFor('astrologer', astrologerAvailabilityRoutes(service));
  userApp = appFor('user', publicSlotRoutes(service));
});
afterAll(() => stack.close());

const make = {
  astrologer: async (status: 'pending' | 'approved' | 'suspended' = 'approved'): Promise<SignedIn> => {
    const a = await signUp(stack.astrologer, stack.db.pool, 'astrologer', { name: 'Pandit Ji' });
    if (status !== 'pending') await stack.db.pool.query(`UPDATE astrologers SET status = $2, approved_at = now() WHERE id = $1`, [a.id, status]);
    return a;
  },
  customer: async (): Promise<string> => {
    const { rows } = await stack.db.pool.query<{ id: string }>(
      `INSERT INTO identities (kind, phone, roles) VALUES ('user', $1, '{user}') RETURNING id`, [randomPhone()]);
    await stack.db.pool.query(`INSERT INTO users (id, name) VALUES ($1, 'Customer')`, [rows[0]!.id]);
    return rows[0]!.id;
  },
  consultation: async (astrologerId: string, o: { start: string; end: string; status?: string; kind?: 'scheduled' | 'instant' }) => {
    const userId = await make.customer();
    const kind = o.kind ?? 'scheduled';
    await stack.db.pool.query(
      `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise, price_paise, scheduled_start, scheduled_end)
       VALUES ($1, $2, 'call', $3, $4, $5, $6, $7, $8)`,
      [userId, astrologerId, kind, o.status ?? 'booked', kind === 'instant' ? 2500 : null, 50_000, o.start, o.end]);
  },
};

const settings = (over: Record<string, unknown> = {}) => ({
  timeZone: 'Asia/Kolkata',
  weekly: { mon: [{ start: '10:00', end: '12:00' }], tue: [{ start: '10:00', end: '12:00' }] },
  overrides: [],
  slotMinutes: 60, pricePaise: 50_000, bufferMinutes: 0, minNoticeMinutes: 120, horizonDays: 30,
  ...over,
});

const put = (a: SignedIn, body: unknown) => request(astroApp).put('/api/astrologer/availability').set(a.auth).send(body as object);
const get = (a: SignedIn) => request(astroApp).get('/api/astrologer/availability').set(a.auth);
const slots = (id: string, query: Record<string, string> = {}) => request(userApp).get(`/api/user/astrologers/${id}/slots`).query(query);
const starts = (body: { slots: { start: string }[] }) => body.slots.map((s) => s.start);
const claimsOf = async (a: SignedIn): Promise<JwtClaims> => (await stack.platform.verifyToken(a.accessToken)).claims;

describe('availability settings', () => {
  it('starts with the defaults when never saved', async () => {
    const a = await make.astrologer('pending');
    const res = await get(a).expect(200);
    expect(res.body).toEqual({
      timeZone: 'Asia/Kolkata', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, overrides: [],
      slotMinutes: 30, pricePaise: 0, bufferMinutes: 0, minNoticeMinutes: 120, horizonDays: 30,
    });
  });

  it('replaces every setting and reads them back, days without hours listed empty', async () => {
    const a = await make.astrologer('pending');
    const body = settings({ timeZone: 'America/New_York', bufferMinutes: 15, overrides: [{ date: '2026-12-25', ranges: [] }] });
    const res = await put(a, body).expect(200);
    const expected = { ...body, weekly: { ...body.weekly, wed: [], thu: [], fri: [], sat: [], sun: [] } };
    expect(res.body).toEqual(expected);
    expect((await get(a).expect(200)).body).toEqual(expected);
  });

  it('is for astrologers only', async () => {
    const customer = await signUp(stack.user, stack.db.pool, 'user');
    const res = await request(astroApp).put('/api/astrologer/availability').set(customer.auth).send(settings()).expect(403);
    expect(res.body.code).toBe('wrong_role');
    await request(astroApp).get('/api/astrologer/availability').expect(401);
  });

  const bad: [string, Record<string, unknown>, string][] = [
    ['overlapping ranges', { weekly: { mon: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '13:00' }] } }, 'weekly.mon.1'],
    ['a range ending before it starts', { weekly: { tue: [{ start: '12:00', end: '09:00' }] } }, 'weekly.tue.0'],
    ['a malformed time', { weekly: { wed: [{ start: '9:00', end: '12:00' }] } }, 'weekly.wed.0.start'],
    ['an unknown weekday', { weekly: { funday: [] } }, 'weekly.funday'],
    ['overlapping ranges in an override', { overrides: [{ date: '2026-12-25', ranges: [{ start: '09:00', end: '10:00' }, { start: '09:30', end: '11:00' }] }] }, 'overrides.0.ranges.1'],
    ['two overrides for one date', { overrides: [{ date: '2026-12-25', ranges: [] }, { date: '2026-12-25', ranges: [{ start: '09:00', end: '10:00' }] }] }, 'overrides.1.date'],
    ['an impossible override date', { overrides: [{ date: '2026-02-30', ranges: [] }] }, 'overrides.0.date'],
    ['a slot length outside 15/30/45/60', { slotMinutes: 20 }, 'slotMinutes'],
    ['a zone that is not IANA', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a fixed offset for a zone', { timeZone: '+05:30' }, 'timeZone'],
    ['a negative price', { pricePaise: -1 }, 'pricePaise'],
    ['a fractional price', { pricePaise: 10.5 }, 'pricePaise'],
    ['a buffer over 120 minutes', { bufferMinutes: 121 }, 'bufferMinutes'],
    ['a notice over a week', { minNoticeMinutes: 10_081 }, 'minNoticeMinutes'],
    ['a horizon of 0 days', { horizonDays: 0 }, 'horizonDays'],
    ['a horizon over 90 days', { horizonDays: 91 }, 'horizonDays'],
    ['a missing slot length', { slotMinutes: undefined }, 'slotMinutes'],
    ['an unknown field', { astrologerId: '00000000-0000-4000-8000-000000000000' }, 'astrologerId'],
  ];

  it.each(bad)('refuses %s, naming the field, and stores nothing', async (_name, change, path) => {
    const a = await make.astrologer();
    await put(a, settings()).expect(200);
    const before = (await get(a)).body;
    const res = await put(a, settings(change)).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
    expect((await get(a)).body).toEqual(before);
  });

  it('lets an astrologer write only their own row, even going around the API', async () => {
    const owner = await make.astrologer();
    const other = await make.astrologer();
    const fresh = await make.astrologer();
    await put(owner, settings()).expect(200);
    const claims = await claimsOf(other);

    const updated = await asCaller(stack.db.pool, claims, (tx) =>
      tx.query(`UPDATE astrologer_availability SET price_paise = 1 WHERE astrologer_id = $1`, [owner.id]));
    expect(updated.rowCount).toBe(0);
    await expect(asCaller(stack.db.pool, claims, (tx) =>
      tx.query(`INSERT INTO astrologer_availability (astrologer_id) VALUES ($1)`, [fresh.id]))).rejects.toThrow(/row-level security/);

    expect((await get(owner)).body.pricePaise).toBe(50_000);
    expect((await get(fresh)).body.pricePaise).toBe(0);
  });

  it('keeps a pending astrologer\'s settings private', async () => {
    const a = await make.astrologer('pending');
    await put(a, settings()).expect(200);
    const seen = await asCaller(stack.db.pool, null, (tx) => tx.query('SELECT 1 FROM astrologer_availability WHERE astrologer_id = $1', [a.id]));
    expect(seen.rowCount).toBe(0);
  });
});

describe('public slots', () => {
  it('follow the weekly hours, a day off and extra hours', async () => {
    const a = await make.astrologer();
    await put(a, settings({
      overrides: [{ date: '2026-12-08', ranges: [] }, { date: '2026-12-09', ranges: [{ start: '16:00', end: '17:00' }] }],
    })).expect(200);

    const res = await slots(a.id, { from: '2026-12-07', to: '2026-12-09' }).expect(200);
    expect(res.body).toEqual({
      astrologerId: a.id, timeZone: 'Asia/Kolkata',
      slots: [
        { start: '2026-12-07T10:00:00+05:30', end: '2026-12-07T11:00:00+05:30', pricePaise: 50_000, durationMinutes: 60 },
        { start: '2026-12-07T11:00:00+05:30', end: '2026-12-07T12:00:00+05:30', pricePaise: 50_000, durationMinutes: 60 },
        { start: '2026-12-09T16:00:00+05:30', end: '2026-12-09T17:00:00+05:30', pricePaise: 50_000, durationMinutes: 60 },
      ],
    });
    // the Tuesday after is an ordinary Tuesday again
    expect(starts((await slots(a.id, { from: '2026-12-15', to: '2026-12-15' }).expect(200)).body))
      .toEqual(['2026-12-15T10:00:00+05:30', '2026-12-15T11:00:00+05:30']);
    // default window: today and the next six days
    expect(starts((await slots(a.id).expect(200)).body))
      .toEqual(['2026-12-07T10:00:00+05:30', '2026-12-07T11:00:00+05:30', '2026-12-09T16:00:00+05:30']);
  });

  it('render in the viewer\'s zone, with dates read in that zone', async () => {
    const a = await make.astrologer();
    await put(a, settings()).expect(200);
    const res = await slots(a.id, { from: '2026-12-06', to: '2026-12-06', tz: 'America/New_York' }).expect(200);
    expect(res.body.timeZone).toBe('America/New_York');
    expect(res.body.slots.map((s: { start: string; end: string }) => [s.start, s.end])).toEqual([
      ['2026-12-06T23:30:00-05:00', '2026-12-07T00:30:00-05:00'],
    ]);
  });

  it('leave out the time of live scheduled consultations only', async () => {
    const a = await make.astrologer();
    await put(a, settings({ weekly: { mon: [{ start: '10:00', end: '15:00' }] } })).expect(200);
    await make.consultation(a.id, { start: '2026-12-07T11:00:00+05:30', end: '2026-12-07T12:00:00+05:30', status: 'booked' });
    await make.consultation(a.id, { start: '2026-12-07T13:30:00+05:30', end: '2026-12-07T14:00:00+05:30', status: 'requested' });
    await make.consultation(a.id, { start: '2026-12-07T10:00:00+05:30', end: '2026-12-07T11:00:00+05:30', status: 'cancelled' });
    await make.consultation(a.id, { start: '2026-12-07T12:00:00+05:30', end: '2026-12-07T13:00:00+05:30', status: 'active', kind: 'instant' });

    expect(starts((await slots(a.id, { from: '2026-12-07', to: '2026-12-07' }).expect(200)).body))
      .toEqual(['2026-12-07T10:00:00+05:30', '2026-12-07T12:00:00+05:30', '2026-12-07T14:00:00+05:30']);
  });

  it('exist only for approved astrologers', async () => {
    const pending = await make.astrologer('pending');
    const suspended = await make.astrologer('suspended');
    for (const a of [pending, suspended]) {
      await put(a, settings()).expect(200);
      expect((await slots(a.id).expect(404)).body.code).toBe('astrologer_not_found');
      await expect(service.nextFreeSlots(a.id, 3)).rejects.toMatchObject({ code: 'astrologer_not_found' });
    }
    expect((await slots('00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('astrologer_not_found');
    // not even to the astrologer themself
    await request(userApp).get(`/api/user/astrologers/${pending.id}/slots`).set(pending.auth).expect(404);
  });

  it('are empty for an approved astrologer who has not set hours', async () => {
    const a = await make.astrologer();
    expect((await slots(a.id).expect(200)).body.slots).toEqual([]);
  });

  it('refuse a window over 31 days, naming to', async () => {
    const a = await make.astrologer();
    await slots(a.id, { from: '2026-12-07', to: '2027-01-06' }).expect(200);
    const res = await slots(a.id, { from: '2026-12-07', to: '2027-01-07' }).expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ in: 'query', path: 'to' })]);
    await slots(a.id, { from: '2026-12-07', to: '2026-12-06' }).expect(400);
  });

  it.each([
    [{ tz: 'Mars/Olympus' }, 'tz'],
    [{ from: '07-12-2026' }, 'from'],
    [{ to: 'tomorrow' }, 'to'],
    [{ limit: '5' }, 'limit'],
  ])('refuse the query %o, naming %s', async (query, path) => {
    const a = await make.astrologer();
    const res = await slots(a.id, query).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  it('give the profile page the next free slots', async () => {
    const a = await make.astrologer();
    await put(a, settings({ timeZone: 'Asia/Kolkata', weekly: { tue: [{ start: '10:00', end: '12:00' }] } })).expect(200);
    await make.consultation(a.id, { start: '2026-12-08T10:00:00+05:30', end: '2026-12-08T11:00:00+05:30' });
    expect((await service.nextFreeSlots(a.id, 3, 'Europe/London')).map((s) => s.start))
      .toEqual(['2026-12-08T05:30:00+00:00', '2026-12-15T04:30:00+00:00', '2026-12-15T05:30:00+00:00']);
  });
});

describe('API description', () => {
  it.each(['astrologer', 'user'] as const)('documents the %s routes as valid OpenAPI 3.1', async (name) => {
    const doc = (await request(name === 'user' ? userApp : astroApp).get('/openapi.json').expect(200)).body;
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(Object.keys(doc.paths)).toEqual([name === 'user' ? '/api/user/astrologers/{id}/slots' : '/api/astrologer/availability']);
  });
});
