import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { asService, createPool, type Pool, type PoolClient } from '@ap/db';
import { createApp, type AnyRoute } from '@ap/http';
import { availabilityRepo } from '@ap/availability';
import { checkInvariants, creditRecharge } from '@ap/ledger';
import { findPendingJobs } from '@ap/jobs';
import { idempotencyKey, randomPhone, testStack, type TestStack } from '../../../test/support/app.js';
import {
  BOOKING_JOBS, astrologerBookingRoutes, createBookingService, customerBookingRoutes, startBookingJobs, type BookingService,
} from '../src/index.js';

// Frozen clock: Sunday 2026-12-06 noon in Kolkata. Monday 10:00 is 22 h away (late-cancel zone), Tuesday 10:00 46 h.
const NOW = new Date('2026-12-06T12:00:00+05:30');
const MON_10 = '2026-12-07T10:00:00+05:30';
const MON_11 = '2026-12-07T11:00:00+05:30';
const TUE_10 = '2026-12-08T10:00:00+05:30';
const MINUTE = 60_000;

let stack: TestStack;
let clock: Date;
let service: BookingService;
let userApp: Express;
let astroApp: Express;

function appFor(name: 'astrologer' | 'user', routes: AnyRoute[]): Express {
  const p = stack.platform;
  return createApp({
    service: name, title: `bookings ${name}`, version: 'test', routes,
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
  });
}

beforeAll(async () => {
  stack = await testStack();
  clock = NOW;
  service = createBookingService({ pool: stack.platform.pool, now: () => clock });
  userApp = appFor('user', customerBookingRoutes(service));
  astroApp = appFor('astrologer', astrologerBookingRoutes(service));
});
afterAll(() => stack.close());
afterEach(async () => {
  clock = NOW;
  await expect(checkInvariants(stack.db.pool)).resolves.toEqual([]);
});

interface Party {
  id: string;
  auth: { Authorization: string };
}

const pool = () => stack.db.pool;

const make = {
  async identity(kind: 'user' | 'astrologer', name: string): Promise<Party & { phone: string }> {
    const phone = randomPhone();
    const { rows } = await pool().query<{ id: string }>(`INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id`, [kind, phone, [kind]]);
    const id = rows[0]!.id;
    if (kind === 'user') await pool().query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
    const token = await stack.platform.tokens.sign({ id, kind, roles: [kind] });
    return { id, phone, auth: { Authorization: `Bearer ${token}` } };
  },
  /** A customer whose wallet holds `paise`. */
  async customer(paise = 100_000, name = 'Asha Verma') {
    const c = await make.identity('user', name);
    if (paise > 0) {
      await asService(pool(), (tx) => creditRecharge(tx, { walletOwnerId: c.id, amountPaise: paise, gstPaise: 0, paymentId: randomUUID() }));
    }
    return c;
  },
  /** An approved astrologer bookable Mon and Tue 10:00–14:00 Kolkata, hour slots at `pricePaise`. */
  async astrologer(pricePaise = 50_000, status: 'approved' | 'suspended' = 'approved') {
    const a = await make.identity('astrologer', 'Pandit Ji');
    await pool().query(
      `INSERT INTO astrologers (id, display_name, status, approved_at, price_chat_paise, price_call_paise, price_video_paise)
       VALUES ($1, 'Pandit Ji', $2, now(), 2000, 3000, 4000)`, [a.id, status]);
    await pool().query(
      `INSERT INTO astrologer_availability (astrologer_id, time_zone, weekly, slot_minutes, price_paise, min_notice_minutes, horizon_days)
       VALUES ($1, 'Asia/Kolkata', $2, 60, $3, 120, 30)`,
      [a.id, JSON.stringify({ mon: [{ start: '10:00', end: '14:00' }], tue: [{ start: '10:00', end: '14:00' }] }), pricePaise]);
    return a;
  },
};

/** The pool, recording the text of every statement sent through it or its clients (one round trip each). */
function countingPool(real: Pool, statements: string[]): Pool {
  const record = (q: unknown) => statements.push(typeof q === 'string' ? q : String((q as { text?: unknown }).text));
  const wrap = (client: PoolClient): PoolClient =>
    new Proxy(client, {
      get(target, prop) {
        if (prop === 'query') return (q: unknown, ...rest: unknown[]) => (record(q), (target.query as (...a: unknown[]) => unknown)(q, ...rest));
        const v = Reflect.get(target, prop) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  return {
    query: (q: unknown, ...rest: unknown[]) => (record(q), (real.query as (...a: unknown[]) => unknown)(q, ...rest)),
    connect: async () => wrap(await real.connect()),
  } as unknown as Pool;
}

const book = (who: Party, body: object, key = idempotencyKey()) =>
  request(userApp).post('/api/user/consultations/book').set(who.auth).set('Idempotency-Key', key).send(body);
const setStatus = (who: Party, id: string, status: string) =>
  request(astroApp).put(`/api/astrologer/consultation/${id}/status`).set(who.auth).send({ status });
const cancel = (who: Party, id: string, key = idempotencyKey()) =>
  request(userApp).post(`/api/user/consultations/${id}/cancel`).set(who.auth).set('Idempotency-Key', key).send();

async function wallet(ownerId: string, kind: 'user_wallet' | 'astrologer_earnings' = 'user_wallet') {
  const { rows } = await pool().query<{ balance: number; held: number }>(
    'SELECT balance_paise AS balance, held_paise AS held FROM ledger_accounts WHERE owner_id = $1 AND kind = $2', [ownerId, kind]);
  return rows[0] ?? { balance: 0, held: 0 };
}
const revenue = async () => (await pool().query<{ b: number }>(`SELECT balance_paise AS b FROM ledger_accounts WHERE kind = 'platform_revenue'`)).rows[0]!.b;
const holdsOf = async (userId: string) =>
  (await pool().query(`SELECT h.* FROM ledger_holds h JOIN ledger_accounts a ON a.id = h.account_id WHERE a.owner_id = $1`, [userId])).rows;
const consultationsOf = async (userId: string) => (await pool().query('SELECT * FROM consultations WHERE user_id = $1', [userId])).rows;
const notificationsOf = async (id: string) =>
  (await pool().query<{ kind: string; title: string }>('SELECT kind, title FROM notifications WHERE recipient_id = $1 ORDER BY created_at', [id])).rows;

/** A booked, pending consultation of a fresh customer with a fresh astrologer. */
async function pendingBooking(slotStart = MON_10, pricePaise = 50_000) {
  const astrologer = await make.astrologer(pricePaise);
  const customer = await make.customer();
  const res = await book(customer, { astrologerId: astrologer.id, mode: 'call', slotStart }).expect(201);
  return { astrologer, customer, booking: res.body as { id: string } };
}

async function confirmedBooking(slotStart = MON_10, pricePaise = 50_000) {
  const b = await pendingBooking(slotStart, pricePaise);
  await setStatus(b.astrologer, b.booking.id, 'confirmed').expect(200);
  return b;
}

describe('booking a slot', () => {
  it('publishes the money rules before booking', async () => {
    const res = await request(userApp).get('/api/user/consultations/policy').expect(200);
    expect(res.body).toMatchObject({ requestTtlMinutes: 15, freeCancelHours: 24, lateCancelFeeBps: 5000, commissionBps: 3000, noShowGraceMinutes: 10 });
    expect(res.body.rules.length).toBeGreaterThan(0);
  });

  it('holds the price, creates the consultation pending, schedules its expiry and notifies the astrologer', async () => {
    const astrologer = await make.astrologer(50_000);
    const customer = await make.customer(80_000);
    const res = await book(customer, { astrologerId: astrologer.id, mode: 'video', slotStart: MON_10 }).expect(201);
    expect(res.body).toMatchObject({
      status: 'pending', mode: 'video', pricePaise: 50_000, slotStart: '2026-12-07T04:30:00.000Z', slotEnd: '2026-12-07T05:30:00.000Z',
      expiresAt: new Date(NOW.getTime() + 15 * MINUTE).toISOString(), astrologer: { id: astrologer.id, name: 'Pandit Ji' },
      money: { heldPaise: 50_000, capturedPaise: 0, releasedPaise: 0 },
    });
    expect(await wallet(customer.id)).toEqual({ balance: 80_000, held: 50_000 });
    const [hold] = await holdsOf(customer.id);
    expect(hold).toMatchObject({ reference_type: 'consultation', reference_id: res.body.id, amount_paise: 50_000, status: 'active' });
    expect(await notificationsOf(astrologer.id)).toEqual([{ kind: 'booking.requested', title: 'Asha Verma requested a video session' }]);
    const jobs = await findPendingJobs(pool(), BOOKING_JOBS.expire, { consultationId: res.body.id });
    expect(jobs.map((j) => j.runAt.toISOString())).toEqual([res.body.expiresAt]);
  });

  it('refuses a booking the wallet cannot cover with 402, the shortfall and where to recharge, storing nothing', async () => {
    const astrologer = await make.astrologer(50_000);
    const customer = await make.customer(20_000);
    const res = await book(customer, { astrologerId: astrologer.id, mode: 'chat', slotStart: MON_10 }).expect(402);
    expect(res.body).toMatchObject({ code: 'insufficient_balance', shortfallPaise: 30_000, recharge: { href: '/api/user/wallet/recharge', minimumPaise: 30_000 } });
    expect(await consultationsOf(customer.id)).toEqual([]);
    expect(await holdsOf(customer.id)).toEqual([]);
    expect(await wallet(customer.id)).toEqual({ balance: 20_000, held: 0 });
    expect(await notificationsOf(astrologer.id)).toEqual([]);
  });

  it.each([
    ['a time that is not a slot start', '2026-12-07T10:30:00+05:30', 409, 'slot_unavailable'],
    ['a day without hours', '2026-12-09T10:00:00+05:30', 409, 'slot_unavailable'],
    ['a slot in the past', '2026-11-30T10:00:00+05:30', 409, 'slot_unavailable'],
    ['a slot inside the minimum notice', '2026-12-06T13:00:00+05:30', 409, 'slot_unavailable'],
    ['a slot beyond the horizon', '2027-02-01T10:00:00+05:30', 409, 'slot_unavailable'],
  ])('refuses %s and leaves the ledger alone', async (_name, slotStart, status, code) => {
    const astrologer = await make.astrologer();
    const customer = await make.customer(100_000);
    const res = await book(customer, { astrologerId: astrologer.id, mode: 'call', slotStart }).expect(status);
    expect(res.body.code).toBe(code);
    expect(await holdsOf(customer.id)).toEqual([]);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
  });

  it('refuses a suspended or unknown astrologer with 404 and leaves the ledger alone', async () => {
    const suspended = await make.astrologer(50_000, 'suspended');
    const customer = await make.customer(100_000);
    expect((await book(customer, { astrologerId: suspended.id, mode: 'call', slotStart: MON_10 }).expect(404)).body.code).toBe('astrologer_not_found');
    await book(customer, { astrologerId: randomUUID(), mode: 'call', slotStart: MON_10 }).expect(404);
    expect(await holdsOf(customer.id)).toEqual([]);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
  });

  it('refuses a mode the astrologer does not offer with 400 naming the field, holding nothing', async () => {
    const astrologer = await make.astrologer();
    await pool().query('UPDATE astrologers SET price_video_paise = 0 WHERE id = $1', [astrologer.id]);
    const customer = await make.customer(100_000);
    const res = await book(customer, { astrologerId: astrologer.id, mode: 'video', slotStart: MON_10 }).expect(400);
    expect(res.body).toMatchObject({ code: 'mode_not_offered', errors: [{ path: 'mode' }] });
    expect(await holdsOf(customer.id)).toEqual([]);
  });

  it('no longer offers a slot once it is requested', async () => {
    const { astrologer } = await pendingBooking(MON_10);
    const other = await make.customer();
    expect((await book(other, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 }).expect(409)).body.code).toBe('slot_unavailable');
    await book(other, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_11 }).expect(201);
  });

  it('gives one slot to exactly one of 50 customers booking it at once; the others hold nothing', async () => {
    const astrologer = await make.astrologer(50_000);
    const customers = await Promise.all(Array.from({ length: 50 }, () => make.customer(60_000)));
    const replies = await Promise.all(customers.map((c) => book(c, { astrologerId: astrologer.id, mode: 'chat', slotStart: MON_10 })));
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(replies.filter((r) => r.status === 409).every((r) => r.body.code === 'slot_unavailable')).toBe(true);
    const winner = customers[replies.findIndex((r) => r.status === 201)]!;
    for (const c of customers) {
      expect(await holdsOf(c.id)).toHaveLength(c === winner ? 1 : 0);
      expect((await wallet(c.id)).held).toBe(c === winner ? 50_000 : 0);
    }
    const { rows } = await pool().query(`SELECT count(*)::int AS n FROM consultations WHERE astrologer_id = $1`, [astrologer.id]);
    expect(rows[0].n).toBe(1);
  });

  it('books once for one Idempotency-Key sent 20 times at once, answering each alike; another body with the key is 422', async () => {
    const astrologer = await make.astrologer(50_000);
    const customer = await make.customer(100_000);
    const key = idempotencyKey();
    const body = { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 };
    const replies = await Promise.all(Array.from({ length: 20 }, () => book(customer, body, key)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await consultationsOf(customer.id)).toHaveLength(1);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 50_000 });
    const reused = await book(customer, { ...body, slotStart: MON_11 }, key).expect(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
    await request(userApp).post('/api/user/consultations/book').set(customer.auth).send(body).expect(400);
  });

  it('cannot leave a hold behind when the consultation insert fails after the hold (one transaction)', async () => {
    const astrologer = await make.astrologer(50_000);
    const first = await make.customer();
    await book(first, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 }).expect(201);
    // A stale view of availability: the slot looks free, the hold is placed, then the exclusion constraint refuses the insert.
    const blind = createBookingService({
      pool: stack.platform.pool, now: () => clock,
      availability: { findBookableSettings: availabilityRepo.findBookableSettings, findBusyIntervals: async () => [] },
    });
    const customer = await make.customer(100_000);
    await expect(blind.book(customer, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 }, idempotencyKey()))
      .rejects.toMatchObject({ code: 'slot_unavailable' });
    expect(await holdsOf(customer.id)).toEqual([]);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
  });

  it('rolls back the hold and the consultation when a later step of the booking crashes', async () => {
    const astrologer = await make.astrologer(50_000);
    const customer = await make.customer(100_000);
    const crashing = createBookingService({
      pool: stack.platform.pool, now: () => clock,
      notify: async () => {
        throw new Error('simulated crash after the hold and the insert');
      },
    });
    const key = idempotencyKey();
    await expect(crashing.book(customer, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 }, key)).rejects.toThrow('simulated crash');
    expect(await holdsOf(customer.id)).toEqual([]);
    expect(await consultationsOf(customer.id)).toEqual([]);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    // Nothing was stored for the key either, so the client's retry books normally.
    expect((await book(customer, { astrologerId: astrologer.id, mode: 'call', slotStart: MON_10 }, key).expect(201)).body.status).toBe('pending');
  });
});

describe('status changes', () => {
  it('walks pending → confirmed → in_progress → completed, capturing the price with the commission exact to the paisa', async () => {
    const { astrologer, customer, booking } = await pendingBooking(MON_10, 33_333);
    const platformBefore = await revenue();
    const confirmed = await setStatus(astrologer, booking.id, 'confirmed').expect(200);
    expect(confirmed.body).toMatchObject({ status: 'confirmed', customer: { name: 'Asha Verma' } });
    expect(JSON.stringify(confirmed.body)).not.toContain(customer.phone);
    expect(await notificationsOf(customer.id)).toContainEqual({ kind: 'booking.confirmed', title: 'Pandit Ji confirmed your booking' });
    expect(await findPendingJobs(pool(), BOOKING_JOBS.remind, { consultationId: booking.id })).toHaveLength(1);

    await setStatus(astrologer, booking.id, 'in_progress').expect(409); // a day early
    clock = new Date(Date.parse(MON_10) - 2 * MINUTE);
    await setStatus(astrologer, booking.id, 'in_progress').expect(200);
    clock = new Date(Date.parse(MON_10) + 55 * MINUTE);
    const done = await setStatus(astrologer, booking.id, 'completed').expect(200);
    // 30 % of 33 333 = 9 999.9 → 10 000 to the platform; the astrologer earns the remaining 23 333.
    expect(done.body).toMatchObject({ status: 'completed', money: { heldPaise: 33_333, capturedPaise: 33_333, releasedPaise: 0 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000 - 33_333, held: 0 });
    expect(await wallet(astrologer.id, 'astrologer_earnings')).toEqual({ balance: 23_333, held: 0 });
    expect((await revenue()) - platformBefore).toBe(10_000);
    // A retried PUT of the same status answers with the booking, and moves no money again.
    await setStatus(astrologer, booking.id, 'completed').expect(200);
    expect(await wallet(astrologer.id, 'astrologer_earnings')).toEqual({ balance: 23_333, held: 0 });
  });

  it('releases everything when the astrologer declines a request, and tells the customer', async () => {
    const { astrologer, customer, booking } = await pendingBooking();
    const res = await setStatus(astrologer, booking.id, 'declined').expect(200);
    expect(res.body).toMatchObject({ status: 'declined', money: { capturedPaise: 0, releasedPaise: 50_000 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('booking.declined');
  });

  it('releases everything when the astrologer cancels a confirmed booking, and tells the customer', async () => {
    const { astrologer, customer, booking } = await confirmedBooking();
    const res = await setStatus(astrologer, booking.id, 'cancelled').expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'astrologer', money: { releasedPaise: 50_000 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('booking.cancelled');
  });

  it('releases everything on a no-show reported after the slot began (not before)', async () => {
    const { astrologer, customer, booking } = await confirmedBooking();
    expect((await setStatus(astrologer, booking.id, 'no_show').expect(409)).body.code).toBe('too_early');
    clock = new Date(Date.parse(MON_10) + 20 * MINUTE);
    await setStatus(astrologer, booking.id, 'no_show').expect(200);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect(await wallet(astrologer.id, 'astrologer_earnings')).toEqual({ balance: 0, held: 0 });
  });

  it.each([
    ['pending', 'in_progress'], ['pending', 'completed'], ['pending', 'no_show'],
    ['confirmed', 'completed'], ['confirmed', 'declined'], ['confirmed', 'confirmed_then_declined'],
    ['declined', 'confirmed'], ['completed', 'cancelled'],
  ])('refuses %s → %s with 409 invalid_transition and moves no money', async (from, to) => {
    const b = from === 'pending' || from === 'declined' ? await pendingBooking() : await confirmedBooking();
    const target = to === 'confirmed_then_declined' ? 'declined' : to;
    if (from === 'declined') await setStatus(b.astrologer, b.booking.id, 'declined').expect(200);
    if (from === 'completed') {
      clock = new Date(Date.parse(MON_10));
      await setStatus(b.astrologer, b.booking.id, 'in_progress').expect(200);
      await setStatus(b.astrologer, b.booking.id, 'completed').expect(200);
    }
    const before = await wallet(b.customer.id);
    const res = await setStatus(b.astrologer, b.booking.id, target).expect(409);
    expect(res.body).toMatchObject({ code: 'invalid_transition', from, to: target });
    expect(await wallet(b.customer.id)).toEqual(before);
  });

  it('hides a booking from every other astrologer (404) and moves no money', async () => {
    const { customer, booking } = await pendingBooking();
    const stranger = await make.astrologer();
    for (const status of ['confirmed', 'declined', 'cancelled']) {
      expect((await setStatus(stranger, booking.id, status).expect(404)).body.code).toBe('consultation_not_found');
    }
    await setStatus(stranger, randomUUID(), 'confirmed').expect(404);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 50_000 });
    expect((await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status).toBe('pending');
  });

  it('completes a booking in few round trips, and fewest while the ledger accounts are locked (every capture queues there)', async () => {
    const { astrologer, customer, booking } = await confirmedBooking(MON_10, 33_333);
    clock = new Date(Date.parse(MON_10) - 2 * MINUTE);
    await setStatus(astrologer, booking.id, 'in_progress').expect(200);
    clock = new Date(Date.parse(MON_10) + 55 * MINUTE);
    const statements: string[] = [];
    const counted = createBookingService({ pool: countingPool(stack.platform.pool, statements), now: () => clock });

    const done = await counted.changeStatus({ id: astrologer.id }, booking.id, 'completed');
    expect(done).toMatchObject({ status: 'completed', money: { heldPaise: 33_333, capturedPaise: 33_333, releasedPaise: 0 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000 - 33_333, held: 0 });
    // After the lock on wallet, earnings and platform revenue, up to COMMIT: lock the hold, settle it, two postings, move
    // the booking (returning it), notify, commit. Was 11 before postings stopped re-locking, the capture stopped reading
    // its settlement back and the status update started returning the row.
    const locked = statements.findIndex((q) => /FROM ledger_accounts[\s\S]*FOR UPDATE/.test(q));
    expect(locked).toBeGreaterThan(0);
    expect(statements.at(-1)).toBe('COMMIT');
    expect(statements.slice(locked + 1).length).toBeLessThanOrEqual(7);
    expect(statements.length).toBeLessThanOrEqual(16);
  });

  it('lets only the customer role change nothing but cancel; another customer gets 404', async () => {
    const { customer, booking } = await pendingBooking();
    const other = await make.customer();
    await cancel(other, booking.id).expect(404);
    await request(astroApp).put(`/api/astrologer/consultation/${booking.id}/status`).set(customer.auth).send({ status: 'confirmed' }).expect(403);
    await setStatus((await make.astrologer()), booking.id, 'expired').expect(400);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 50_000 });
  });
});

describe('customer cancellation', () => {
  it('is free for a request the astrologer has not confirmed', async () => {
    const { customer, booking, astrologer } = await pendingBooking(MON_10);
    const res = await cancel(customer, booking.id).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', cancelledBy: 'customer', money: { capturedPaise: 0, releasedPaise: 50_000 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect((await notificationsOf(astrologer.id)).map((n) => n.kind)).toContain('booking.cancelled');
  });

  it('is free for a confirmed booking at least 24 h ahead', async () => {
    const { customer, booking } = await confirmedBooking(TUE_10);
    clock = new Date(Date.parse(TUE_10) - 24 * 60 * MINUTE);
    await cancel(customer, booking.id).expect(200);
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
  });

  it('keeps 50 % of the price later than that, split with the commission exact to the paisa, and refunds the rest', async () => {
    const { customer, booking, astrologer } = await confirmedBooking(TUE_10, 33_333);
    clock = new Date(Date.parse(TUE_10) - 24 * 60 * MINUTE + 1);
    const platformBefore = await revenue();
    const res = await cancel(customer, booking.id).expect(200);
    // fee = 50 % of 33 333 = 16 666.5 → 16 667 (half up); commission 30 % of 16 667 = 5 000.1 → 5 000; refund 16 666.
    expect(res.body).toMatchObject({ status: 'cancelled', money: { heldPaise: 33_333, capturedPaise: 16_667, releasedPaise: 16_666 } });
    expect(await wallet(customer.id)).toEqual({ balance: 100_000 - 16_667, held: 0 });
    expect(await wallet(astrologer.id, 'astrologer_earnings')).toEqual({ balance: 11_667, held: 0 });
    expect((await revenue()) - platformBefore).toBe(5_000);
  });

  it('answers a retried cancel with the first answer and refuses a second cancel with 409', async () => {
    const { customer, booking } = await confirmedBooking(MON_10);
    const key = idempotencyKey();
    const replies = await Promise.all(Array.from({ length: 5 }, () => cancel(customer, booking.id, key)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([200]));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect((await cancel(customer, booking.id).expect(409)).body.code).toBe('invalid_transition');
    expect(await wallet(customer.id)).toEqual({ balance: 100_000 - 25_000, held: 0 });
  });
});

describe('timers', () => {
  it('expires an unanswered request and releases its hold', async () => {
    const { customer, booking, astrologer } = await pendingBooking();
    await service.runJob(BOOKING_JOBS.expire, { consultationId: booking.id });
    clock = new Date(NOW.getTime() + 16 * MINUTE);
    await service.runJob(BOOKING_JOBS.expire, { consultationId: booking.id });
    const row = (await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0];
    expect(row.status).toBe('expired');
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('booking.expired');
    // Too late to confirm now; and running the timer again changes nothing.
    expect((await setStatus(astrologer, booking.id, 'confirmed').expect(409)).body.code).toBe('invalid_transition');
    await service.runJob(BOOKING_JOBS.expire, { consultationId: booking.id });
  });

  it('refuses to confirm a request whose expiry has passed even before the timer ran', async () => {
    const { astrologer, booking } = await pendingBooking();
    clock = new Date(NOW.getTime() + 15 * MINUTE);
    expect((await setStatus(astrologer, booking.id, 'confirmed').expect(409)).body.code).toBe('request_expired');
  });

  it('keeps the expiry timer across a restart: a new pool and runner still fire it', async () => {
    const { customer, booking } = await pendingBooking();
    const url = stack.db.url;
    const later = () => new Date(NOW.getTime() + 20 * MINUTE);

    const poolA = createPool({ connectionString: url, max: 2 });
    const runnerA = startBookingJobs({ pool: poolA, service: createBookingService({ pool: poolA, now: () => NOW }), log: () => undefined, pollIntervalMs: 20, now: () => NOW });
    await new Promise((r) => setTimeout(r, 100));
    await runnerA.stop();
    await poolA.end(); // the process "dies" before the timer is due
    expect((await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status).toBe('pending');

    const poolB = createPool({ connectionString: url, max: 2 });
    const runnerB = startBookingJobs({ pool: poolB, service: createBookingService({ pool: poolB, now: later }), log: () => undefined, pollIntervalMs: 20, now: later });
    try {
      await expect.poll(async () => (await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status, { timeout: 5_000 })
        .toBe('expired');
    } finally {
      await runnerB.stop();
      await poolB.end();
    }
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect(await findPendingJobs(pool(), BOOKING_JOBS.expire, { consultationId: booking.id })).toEqual([]);
  });

  it('reminds both parties before a confirmed slot and closes it as a no-show (full refund) after the grace period', async () => {
    const { customer, booking, astrologer } = await confirmedBooking();
    const runner = startBookingJobs({ pool: pool(), service, log: () => undefined, pollIntervalMs: 60_000, now: () => clock });
    try {
      clock = new Date(Date.parse(MON_10) - 15 * MINUTE);
      expect(await runner.drain()).toBeGreaterThanOrEqual(1);
      expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('booking.reminder');
      expect((await notificationsOf(astrologer.id)).map((n) => n.kind)).toContain('booking.reminder');
      expect((await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status).toBe('confirmed');
      clock = new Date(Date.parse(MON_10) + 70 * MINUTE);
      await runner.drain();
    } finally {
      await runner.stop();
    }
    expect((await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status).toBe('no_show');
    expect(await wallet(customer.id)).toEqual({ balance: 100_000, held: 0 });
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('booking.no_show');
  });

  it('leaves a started session alone when its no-show timer fires', async () => {
    const { booking, astrologer } = await confirmedBooking();
    clock = new Date(Date.parse(MON_10));
    await setStatus(astrologer, booking.id, 'in_progress').expect(200);
    clock = new Date(Date.parse(MON_10) + 70 * MINUTE);
    await service.runJob(BOOKING_JOBS.noShow, { consultationId: booking.id });
    expect((await pool().query('SELECT status FROM consultations WHERE id = $1', [booking.id])).rows[0].status).toBe('in_progress');
    await setStatus(astrologer, booking.id, 'completed').expect(200);
  });
});

describe('listing bookings', () => {
  it('pages a customer\'s upcoming bookings soonest first, and past ones latest first', async () => {
    const astrologer = await make.astrologer(10_000);
    const customer = await make.customer(100_000);
    const starts = [MON_10, MON_11, TUE_10];
    const ids: string[] = [];
    for (const slotStart of starts) ids.push((await book(customer, { astrologerId: astrologer.id, mode: 'chat', slotStart }).expect(201)).body.id);
    await setStatus(astrologer, ids[1]!, 'declined').expect(200);

    const first = (await request(userApp).get('/api/user/consultations').query({ filter: 'upcoming', limit: 1 }).set(customer.auth).expect(200)).body;
    expect(first.items.map((b: { id: string }) => b.id)).toEqual([ids[0]]);
    const second = (await request(userApp).get('/api/user/consultations').query({ filter: 'upcoming', limit: 1, cursor: first.nextCursor }).set(customer.auth).expect(200)).body;
    expect(second.items.map((b: { id: string }) => b.id)).toEqual([ids[2]]);
    expect(second.nextCursor).toBeNull();
    const past = (await request(userApp).get('/api/user/consultations').query({ filter: 'past' }).set(customer.auth).expect(200)).body;
    expect(past.items.map((b: { id: string }) => b.id)).toEqual([ids[1]]);
    const all = (await request(userApp).get('/api/user/consultations').query({ filter: 'all', status: 'pending' }).set(customer.auth).expect(200)).body;
    expect(all.items.map((b: { id: string }) => b.id)).toEqual([ids[2], ids[0]]);
  });

  it("shows the astrologer their bookings with the customer's name and never the phone", async () => {
    const { astrologer, customer, booking } = await pendingBooking();
    const res = await request(astroApp).get('/api/astrologer/consultations').query({ filter: 'all' }).set(astrologer.auth).expect(200);
    expect(res.body.items).toHaveLength(1);
    expect(res.body.items[0]).toMatchObject({ id: booking.id, customer: { name: 'Asha Verma' }, status: 'pending' });
    expect(JSON.stringify(res.body)).not.toContain(customer.phone);
    expect(JSON.stringify(res.body)).not.toContain(customer.id);
    const stranger = await make.astrologer();
    expect((await request(astroApp).get('/api/astrologer/consultations').query({ filter: 'all' }).set(stranger.auth).expect(200)).body.items).toEqual([]);
  });
});

