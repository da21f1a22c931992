import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { asService } from '@ap/db';
import { createApp } from '@ap/http';
import { captureHold, checkInvariants, creditRecharge, ensureAccount, placeHold, transfer } from '@ap/ledger';
import { idempotencyKey, randomPhone, testStack, type TestStack } from '../../../test/support/app.js';
import { createFeedbackService, feedbackRoutes } from '../src/index.js';

const NOW = new Date('2026-12-06T12:00:00Z');
const DAY = 86_400_000;

let stack: TestStack;
let clock: Date;
let app: Express;

beforeAll(async () => {
  stack = await testStack();
  clock = NOW;
  const p = stack.platform;
  app = createApp({
    service: 'communication', title: 'feedback', version: 'test', routes: feedbackRoutes(createFeedbackService({ pool: p.pool, now: () => clock })),
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
  });
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
const API = '/api/communication/feedback';

const make = {
  async identity(kind: 'user' | 'astrologer', name: string, roles: string[] = [kind]): Promise<Party> {
    const { rows } = await pool().query<{ id: string }>(`INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id`, [kind, randomPhone(), roles]);
    const id = rows[0]!.id;
    if (kind === 'user') await pool().query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
    const token = await stack.platform.tokens.sign({ id, kind, roles: roles as ('user' | 'astrologer' | 'admin')[] });
    return { id, auth: { Authorization: `Bearer ${token}` } };
  },
  async customer(paise = 100_000, name = 'Asha Verma') {
    const c = await make.identity('user', name);
    if (paise > 0) await asService(pool(), (tx) => creditRecharge(tx, { walletOwnerId: c.id, amountPaise: paise, gstPaise: 0, paymentId: randomUUID() }));
    return c;
  },
  admin: () => make.identity('user', 'Admin', ['user', 'admin']),
  async astrologer(name = 'Pandit Ji') {
    const a = await make.identity('astrologer', name);
    await pool().query(`INSERT INTO astrologers (id, display_name, status, approved_at, price_chat_paise) VALUES ($1, $2, 'approved', now(), 2000)`, [a.id, name]);
    return a;
  },
  /**
   * A consultation in `status`; when completed, `pricePaise` was held from the customer's wallet and captured with
   * a 20% commission, exactly as bookings and sessions settle one.
   */
  async consultation(customer: Party, astrologer: Party, opts: { status?: string; kind?: 'instant' | 'scheduled'; pricePaise?: number } = {}) {
    const { status = 'completed', kind = 'scheduled', pricePaise = 50_000 } = opts;
    const id = randomUUID();
    const start = new Date(NOW.getTime() - DAY - Math.floor(Math.random() * 1e9));
    await pool().query(
      `INSERT INTO consultations (id, user_id, astrologer_id, mode, kind, status, rate_paise, price_paise, scheduled_start, scheduled_end, started_at, ended_at)
       VALUES ($1, $2, $3, 'call', $4, $5, $6, $7, $8, $9, $8, $9)`,
      [id, customer.id, astrologer.id, kind, status, kind === 'instant' ? 2000 : null, kind === 'scheduled' ? pricePaise : null,
        kind === 'scheduled' ? start : null, kind === 'scheduled' ? new Date(start.getTime() + 3_600_000) : null]);
    if (status === 'completed' && pricePaise > 0) {
      await asService(pool(), async (tx) => {
        const { holdId } = await placeHold(tx, { walletOwnerId: customer.id, amountPaise: pricePaise, reference: { type: 'consultation', id } });
        await captureHold(tx, { holdId, capturePaise: pricePaise, earningsOwnerId: astrologer.id, commissionBps: 2000 });
      });
    }
    return id;
  },
};

async function balanceOf(ownerId: string | null, kind: 'user_wallet' | 'astrologer_earnings' | 'platform_revenue' = 'user_wallet') {
  const { rows } = await pool().query<{ b: number }>(
    `SELECT balance_paise AS b FROM ledger_accounts WHERE kind = $2 AND owner_id IS NOT DISTINCT FROM $1`, [ownerId, kind]);
  return rows[0]?.b ?? 0;
}
const notificationsOf = async (id: string) =>
  (await pool().query<{ kind: string; title: string; data: Record<string, unknown> }>(
    'SELECT kind, title, data FROM notifications WHERE recipient_id = $1 ORDER BY created_at', [id])).rows;
async function aggregates(astrologerId: string) {
  const { rows } = await pool().query(
    `SELECT rating_avg::float8 AS avg, rating_count AS count, ARRAY[rating_1_count, rating_2_count, rating_3_count, rating_4_count, rating_5_count] AS dist
       FROM astrologers WHERE id = $1`, [astrologerId]);
  return rows[0] as { avg: number; count: number; dist: number[] };
}
async function recount(astrologerId: string) {
  const { rows } = await pool().query(
    `SELECT coalesce(round(avg(rating), 2), 0)::float8 AS avg, count(*)::int AS count,
            ARRAY(SELECT count(r2.*)::int FROM generate_series(1, 5) g LEFT JOIN reviews r2 ON r2.rating = g AND r2.astrologer_id = $1 AND NOT r2.rating_removed GROUP BY g ORDER BY g) AS dist
       FROM reviews WHERE astrologer_id = $1 AND NOT rating_removed`, [astrologerId]);
  return rows[0] as { avg: number; count: number; dist: number[] };
}

const review = (who: Party, body: object) => request(app).post(`${API}/reviews`).set(who.auth).send(body);

/** A fresh customer and astrologer with one completed, charged consultation between them. */
async function completedSession(opts: { kind?: 'instant' | 'scheduled'; pricePaise?: number } = {}) {
  const astrologer = await make.astrologer();
  const customer = await make.customer();
  const consultationId = await make.consultation(customer, astrologer, opts);
  return { astrologer, customer, consultationId };
}

describe('reviews', () => {
  it('lets the customer rate a completed consultation once and notifies the astrologer', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const res = await review(customer, { consultationId, rating: 4, comment: 'Clear and kind.' }).expect(201);
    expect(res.body).toMatchObject({ consultationId, astrologerId: astrologer.id, rating: 4, comment: 'Clear and kind.', hidden: false, reply: null, editedAt: null });
    expect(res.body.editableUntil).toBe(new Date(NOW.getTime() + 7 * DAY).toISOString());
    expect(await aggregates(astrologer.id)).toEqual({ avg: 4, count: 1, dist: [0, 0, 0, 1, 0] });
    expect(await notificationsOf(astrologer.id)).toEqual([expect.objectContaining({ kind: 'review.new', data: expect.objectContaining({ reviewId: res.body.id, rating: 4 }) })]);

    const again = await review(customer, { consultationId, rating: 1 }).expect(409);
    expect(again.body).toMatchObject({ code: 'already_reviewed', reviewId: res.body.id });
  });

  it('accepts a review of a completed instant session', async () => {
    const { customer, consultationId } = await completedSession({ kind: 'instant' });
    await review(customer, { consultationId, rating: 5 }).expect(201);
  });

  it('refuses a review of someone else’s session with 403', async () => {
    const { consultationId } = await completedSession();
    const stranger = await make.customer();
    const res = await review(stranger, { consultationId, rating: 5 }).expect(403);
    expect(res.body.code).toBe('not_your_consultation');
  });

  it('refuses a review of a session that is not completed with 409', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer();
    for (const status of ['confirmed', 'cancelled', 'no_show', 'active']) {
      const id = await make.consultation(customer, astrologer, { status, kind: status === 'active' ? 'instant' : 'scheduled' });
      const res = await review(customer, { consultationId: id, rating: 5 }).expect(409);
      expect(res.body).toMatchObject({ code: 'consultation_not_completed', status });
    }
  });

  it('answers bad input with 4xx, never 500', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    await review(customer, { consultationId: randomUUID(), rating: 5 }).expect(404);
    await review(customer, { consultationId, rating: 6 }).expect(400);
    await review(customer, { consultationId, rating: 0 }).expect(400);
    await review(customer, { consultationId, rating: 4.5 }).expect(400);
    await review(customer, { consultationId, rating: 5, comment: 'x'.repeat(2001) }).expect(400);
    await review(customer, { consultationId, rating: 5, userId: customer.id }).expect(400);
    await review(customer, { consultationId: 'nope', rating: 5 }).expect(400);
    await review(astrologer, { consultationId, rating: 5 }).expect(403);
    await request(app).post(`${API}/reviews`).send({ consultationId, rating: 5 }).expect(401);
    await request(app).patch(`${API}/reviews/not-a-uuid`).set(customer.auth).send({ rating: 3 }).expect(400);
    await request(app).patch(`${API}/reviews/${randomUUID()}`).set(customer.auth).send({}).expect(400);
    await request(app).get(`${API}/reviews?astrologerId=${astrologer.id}&cursor=garbage`).expect(400);
    await request(app).get(`${API}/reviews`).expect(400);
    await request(app).get(`${API}/reviews/mine?consultationIds=${'-'.repeat(36)}`).set(customer.auth).expect(400);
    await request(app).get(`${API}/reviews/mine?consultationIds=${consultationId},x`).set(customer.auth).expect(400);
    await request(app).get(`${API}/reviews/mine?consultationIds=${Array.from({ length: 51 }, () => randomUUID()).join(',')}`).set(customer.auth).expect(400);
    await request(app).get(`${API}/reviews/mine?consultationIds=${consultationId}`).set(customer.auth).expect(200);
  });

  it('stores exactly one review when the same customer submits twice at once', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => review(customer, { consultationId, rating: (i % 5) + 1 })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect((await aggregates(astrologer.id)).count).toBe(1);
  });

  it('lets the author edit for 7 days, then refuses', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const { body: r } = await review(customer, { consultationId, rating: 2, comment: 'Late.' }).expect(201);
    clock = new Date(NOW.getTime() + 6 * DAY);
    const edited = await request(app).patch(`${API}/reviews/${r.id}`).set(customer.auth).send({ rating: 5, comment: null }).expect(200);
    expect(edited.body).toMatchObject({ rating: 5, comment: null, editedAt: clock.toISOString() });
    expect(await aggregates(astrologer.id)).toEqual({ avg: 5, count: 1, dist: [0, 0, 0, 0, 1] });

    const stranger = await make.customer();
    expect((await request(app).patch(`${API}/reviews/${r.id}`).set(stranger.auth).send({ rating: 1 }).expect(403)).body.code).toBe('not_your_review');

    clock = new Date(NOW.getTime() + 7 * DAY);
    const late = await request(app).patch(`${API}/reviews/${r.id}`).set(customer.auth).send({ rating: 1 }).expect(409);
    expect(late.body.code).toBe('review_edit_window_closed');
  });

  it('lets the astrologer reply once and tells the customer', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const { body: r } = await review(customer, { consultationId, rating: 3 }).expect(201);
    const other = await make.astrologer('Other');
    await request(app).post(`${API}/reviews/${r.id}/reply`).set(other.auth).send({ reply: 'Not mine' }).expect(404);
    await request(app).post(`${API}/reviews/${r.id}/reply`).set(customer.auth).send({ reply: 'As customer' }).expect(403);
    const res = await request(app).post(`${API}/reviews/${r.id}/reply`).set(astrologer.auth).send({ reply: 'Thank you, come back anytime.' }).expect(201);
    expect(res.body).toMatchObject({ id: r.id, reply: { text: 'Thank you, come back anytime.' }, customerName: 'Asha' });
    expect((await request(app).post(`${API}/reviews/${r.id}/reply`).set(astrologer.auth).send({ reply: 'Again' }).expect(409)).body.code).toBe('already_replied');
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toEqual(['review.reply']);

    const list = await request(app).get(`${API}/astrologer/reviews?filter=all`).set(astrologer.auth).expect(200);
    expect(list.body.items).toEqual([expect.objectContaining({ id: r.id, reply: expect.objectContaining({ text: 'Thank you, come back anytime.' }) })]);
    expect((await request(app).get(`${API}/astrologer/reviews?filter=unreplied`).set(astrologer.auth).expect(200)).body.items).toEqual([]);
  });

  it('keeps the aggregates equal to a recount under many concurrent reviews of one astrologer', async () => {
    const astrologer = await make.astrologer();
    const sessions = await Promise.all(Array.from({ length: 40 }, async () => {
      const customer = await make.customer(60_000);
      return { customer, consultationId: await make.consultation(customer, astrologer) };
    }));
    const results = await Promise.all(sessions.map((s, i) => review(s.customer, { consultationId: s.consultationId, rating: (i * 7 % 5) + 1 })));
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    // and concurrent edits on top
    const edits = await Promise.all(results.slice(0, 15).map((r, i) =>
      request(app).patch(`${API}/reviews/${r.body.id}`).set(sessions[i]!.customer.auth).send({ rating: 5 })));
    expect(edits.every((r) => r.status === 200)).toBe(true);
    const stored = await aggregates(astrologer.id);
    expect(stored).toEqual(await recount(astrologer.id));
    expect(stored.count).toBe(40);
    expect(stored.dist.reduce((a, b) => a + b, 0)).toBe(40);
  });

  it('lists reviews publicly, newest first, by cursor, with the rating summary and without the author', async () => {
    const astrologer = await make.astrologer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const customer = await make.customer();
      clock = new Date(NOW.getTime() + i * 60_000);
      ids.push((await review(customer, { consultationId: await make.consultation(customer, astrologer), rating: i + 1, comment: `r${i}` }).expect(201)).body.id);
    }
    const first = await request(app).get(`${API}/reviews?astrologerId=${astrologer.id}&limit=3`).expect(200);
    expect(first.body.summary).toEqual({ ratingAvg: 3, ratingCount: 5, distribution: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1 } });
    expect(first.body.items.map((r: { id: string }) => r.id)).toEqual(ids.slice(2).reverse());
    expect(Object.keys(first.body.items[0]).sort()).toEqual(['comment', 'createdAt', 'editedAt', 'id', 'rating', 'reply']);
    const second = await request(app).get(`${API}/reviews?astrologerId=${astrologer.id}&limit=3&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.items.map((r: { id: string }) => r.id)).toEqual(ids.slice(0, 2).reverse());
    expect(second.body.nextCursor).toBeNull();
  });
});

describe('moderation', () => {
  it('hides a reported review from public lists while its rating still counts', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const { body: r } = await review(customer, { consultationId, rating: 1, comment: 'abusive words' }).expect(201);
    const reporter = await make.customer();
    const rep = await request(app).post(`${API}/reviews/${r.id}/report`).set(reporter.auth).send({ reason: 'abusive', note: 'insults' }).expect(201);
    expect(rep.body).toMatchObject({ reviewId: r.id, reason: 'abusive', status: 'open' });
    // a repeat is the same report; the astrologer may report too
    expect((await request(app).post(`${API}/reviews/${r.id}/report`).set(reporter.auth).send({ reason: 'spam' }).expect(201)).body.id).toBe(rep.body.id);
    await request(app).post(`${API}/reviews/${r.id}/report`).set(astrologer.auth).send({ reason: 'abusive' }).expect(201);
    await request(app).post(`${API}/reviews/${r.id}/report`).send({ reason: 'abusive' }).expect(401);
    await request(app).post(`${API}/reviews/${r.id}/report`).set(reporter.auth).send({ reason: 'rude' }).expect(400);

    const admin = await make.admin();
    await request(app).get(`${API}/admin/reports`).set(customer.auth).expect(403);
    const reports = await request(app).get(`${API}/admin/reports`).set(admin.auth).expect(200);
    expect(reports.body.items).toEqual([expect.objectContaining({ openReports: 2, reasons: ['abusive'], notes: ['insults'], review: expect.objectContaining({ id: r.id, comment: 'abusive words' }) })]);

    const hidden = await request(app).post(`${API}/admin/reviews/${r.id}/hide`).set(admin.auth).send({ reason: 'Insults' }).expect(200);
    expect(hidden.body).toMatchObject({ hidden: true, ratingRemoved: false, reportsClosed: 2, summary: { ratingCount: 1 } });
    await request(app).post(`${API}/admin/reviews/${r.id}/hide`).set(admin.auth).send({ reason: 'Again' }).expect(409);
    expect((await request(app).get(`${API}/admin/reports`).set(admin.auth).expect(200)).body.items).toEqual([]);

    const list = await request(app).get(`${API}/reviews?astrologerId=${astrologer.id}`).expect(200);
    expect(list.body.items).toEqual([]);
    expect(list.body.summary.ratingCount).toBe(1);
    const profile = await request(stack.user).get(`/api/user/astrologers/${astrologer.id}`).set(customer.auth).expect(200);
    expect(profile.body.reviews).toEqual([]);
    expect(profile.body.ratingCount).toBe(1);
    // the author sees it as hidden and can no longer change it
    const mine = await request(app).get(`${API}/reviews/mine?consultationIds=${consultationId}`).set(customer.auth).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: r.id, hidden: true })]);
    expect((await request(app).patch(`${API}/reviews/${r.id}`).set(customer.auth).send({ comment: 'nicer' }).expect(409)).body.code).toBe('review_hidden');
    await request(app).post(`${API}/reviews/${r.id}/report`).set(reporter.auth).send({ reason: 'abusive' }).expect(404);
  });

  it('stops counting a hidden review’s rating when the admin removes it', async () => {
    const { astrologer, customer, consultationId } = await completedSession();
    const { body: r } = await review(customer, { consultationId, rating: 1 }).expect(201);
    const admin = await make.admin();
    const res = await request(app).post(`${API}/admin/reviews/${r.id}/hide`).set(admin.auth).send({ reason: 'Retaliation', removeRating: true }).expect(200);
    expect(res.body).toMatchObject({ ratingRemoved: true, summary: { ratingAvg: 0, ratingCount: 0 } });
    expect(await aggregates(astrologer.id)).toEqual(await recount(astrologer.id));
  });

  it('dismisses reports without hiding the review', async () => {
    const { customer, consultationId } = await completedSession();
    const { body: r } = await review(customer, { consultationId, rating: 2, comment: 'meh' }).expect(201);
    await request(app).post(`${API}/reviews/${r.id}/report`).set(customer.auth).send({ reason: 'other' }).expect(201);
    const admin = await make.admin();
    const res = await request(app).post(`${API}/admin/reviews/${r.id}/dismiss-reports`).set(admin.auth).expect(200);
    expect(res.body).toMatchObject({ hidden: false, reportsClosed: 1 });
  });

  it('shows replies and the distribution on the profile and leaves hidden reviews out', async () => {
    const astrologer = await make.astrologer();
    const admin = await make.admin();
    const reviewIds: string[] = [];
    for (const rating of [5, 4, 1]) {
      const customer = await make.customer();
      reviewIds.push((await review(customer, { consultationId: await make.consultation(customer, astrologer), rating, comment: `${rating} stars` }).expect(201)).body.id);
    }
    await request(app).post(`${API}/reviews/${reviewIds[0]}/reply`).set(astrologer.auth).send({ reply: 'Thanks!' }).expect(201);
    await request(app).post(`${API}/admin/reviews/${reviewIds[2]}/hide`).set(admin.auth).send({ reason: 'abuse' }).expect(200);
    const profile = await request(stack.user).get(`/api/user/astrologers/${astrologer.id}`).expect(200);
    expect(profile.body).toMatchObject({ ratingAvg: 3.33, ratingCount: 3, ratingDistribution: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 1 } });
    expect(profile.body.reviews.map((r: { id: string }) => r.id).sort()).toEqual(reviewIds.slice(0, 2).sort());
    expect(profile.body.reviews.find((r: { id: string }) => r.id === reviewIds[0]).reply).toMatchObject({ text: 'Thanks!' });
  });
});

describe('disputes', () => {
  const dispute = (who: Party, consultationId: string) =>
    request(app).post(`${API}/disputes`).set(who.auth).send({ consultationId, reason: 'poor_quality', description: 'The call kept dropping.' });
  const resolve = (who: Party, id: string, body: object, key = idempotencyKey()) =>
    request(app).post(`${API}/admin/disputes/${id}/resolve`).set(who.auth).set('Idempotency-Key', key).send(body);

  it('opens one dispute per consultation of the customer’s own', async () => {
    const { customer, consultationId } = await completedSession();
    const res = await dispute(customer, consultationId).expect(201);
    expect(res.body).toMatchObject({ consultationId, status: 'open', reason: 'poor_quality', refundPaise: null });
    expect((await dispute(customer, consultationId).expect(409)).body).toMatchObject({ code: 'dispute_exists', disputeId: res.body.id });
    const stranger = await make.customer();
    await dispute(stranger, consultationId).expect(403);
    await dispute(customer, randomUUID()).expect(404);
    await request(app).post(`${API}/disputes`).set(customer.auth).send({ consultationId, reason: 'angry', description: 'x' }).expect(400);
    await request(app).post(`${API}/disputes`).set(customer.auth).send({ consultationId, reason: 'other', description: '   ' }).expect(400);
    const mine = await request(app).get(`${API}/disputes`).set(customer.auth).expect(200);
    expect(mine.body.items.map((d: { id: string }) => d.id)).toEqual([res.body.id]);
    expect((await request(app).get(`${API}/disputes`).set(stranger.auth).expect(200)).body.items).toEqual([]);
  });

  it('refunds in full from the astrologer’s earnings and the commission, and notifies both', async () => {
    const { astrologer, customer, consultationId } = await completedSession({ pricePaise: 50_000 });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    const before = { wallet: await balanceOf(customer.id), earnings: await balanceOf(astrologer.id, 'astrologer_earnings'), revenue: await balanceOf(null, 'platform_revenue') };
    expect(before.earnings).toBe(40_000);

    const queue = await request(app).get(`${API}/admin/disputes`).set(admin.auth).expect(200);
    expect(queue.body.items).toContainEqual(expect.objectContaining({ id: d.id, chargedPaise: 50_000, refundablePaise: 50_000, customer: { id: customer.id, name: 'Asha Verma' } }));

    const res = await resolve(admin, d.id, { action: 'refund', note: 'Sorry about the line.' }).expect(200);
    expect(res.body).toMatchObject({ status: 'refunded', refundPaise: 50_000, refundSource: 'earnings', refundablePaise: 0 });
    expect(await balanceOf(customer.id)).toBe(before.wallet + 50_000);
    expect(await balanceOf(astrologer.id, 'astrologer_earnings')).toBe(0);
    expect(await balanceOf(null, 'platform_revenue')).toBe(before.revenue - 10_000);
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toContain('refund.issued');
    expect((await notificationsOf(astrologer.id)).map((n) => n.kind)).toContain('dispute.refunded');
    const history = await request(stack.user).get('/api/user/wallet/transactions').set(customer.auth).expect(200);
    expect(history.body.items[0]).toMatchObject({ type: 'refund', amountPaise: 50_000, reference: { type: 'consultation', id: consultationId } });
    expect((await request(app).get(`${API}/disputes`).set(customer.auth).expect(200)).body.items[0]).toMatchObject({ status: 'refunded', refundPaise: 50_000 });
  });

  it('refunds part of the charge and refuses more than what was charged', async () => {
    const { astrologer, customer, consultationId } = await completedSession({ pricePaise: 30_000 });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    const tooMuch = await resolve(admin, d.id, { action: 'refund', amountPaise: 30_001 }).expect(409);
    expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_charge', refundablePaise: 30_000 });
    await resolve(admin, d.id, { action: 'refund', amountPaise: -5 }).expect(400);
    await resolve(admin, d.id, { action: 'refund', amountPaise: 10.5 }).expect(400);
    await resolve(admin, d.id, { action: 'reject' }).expect(400);
    await resolve(admin, d.id, { action: 'refund', amountPaise: 10_000, extra: 1 }).expect(400);
    const wallet = await balanceOf(customer.id);
    const res = await resolve(admin, d.id, { action: 'refund', amountPaise: 10_000 }).expect(200);
    expect(res.body).toMatchObject({ refundPaise: 10_000, refundSource: 'earnings' });
    expect(await balanceOf(customer.id)).toBe(wallet + 10_000);
    // 24,000 earned; 8,000 of the refund is the astrologer's part (2,000 was commission)
    expect(await balanceOf(astrologer.id, 'astrologer_earnings')).toBe(24_000 - 8_000);
  });

  it('refunds from platform revenue when the earnings were already paid out', async () => {
    const { astrologer, customer, consultationId } = await completedSession({ pricePaise: 20_000 });
    await asService(pool(), async (tx) => {
      const earnings = await ensureAccount(tx, astrologer.id, 'astrologer_earnings');
      const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE kind = 'gateway_clearing'`);
      await transfer(tx, { debit: earnings, credit: rows[0]!.id, amountPaise: 16_000, kind: 'adjustment', reference: null, memo: 'paid out' });
    });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    const revenue = await balanceOf(null, 'platform_revenue');
    const res = await resolve(admin, d.id, { action: 'refund' }).expect(200);
    expect(res.body).toMatchObject({ refundPaise: 20_000, refundSource: 'platform' });
    expect(await balanceOf(astrologer.id, 'astrologer_earnings')).toBe(0);
    expect(await balanceOf(null, 'platform_revenue')).toBe(revenue - 20_000);
  });

  it('refunds only what the customer paid, not free minutes paid by the promotional account', async () => {
    const { astrologer, customer, consultationId } = await completedSession({ kind: 'instant', pricePaise: 10_000 });
    await asService(pool(), async (tx) => {
      const earnings = await ensureAccount(tx, astrologer.id, 'astrologer_earnings');
      const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE kind = 'promotional'`);
      await transfer(tx, { debit: rows[0]!.id, credit: earnings, amountPaise: 5_000, kind: 'promo', reference: { type: 'consultation', id: consultationId } });
    });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    const queue = await request(app).get(`${API}/admin/disputes`).set(admin.auth).expect(200);
    expect(queue.body.items.find((x: { id: string }) => x.id === d.id)).toMatchObject({ chargedPaise: 10_000, refundablePaise: 10_000 });
    const wallet = await balanceOf(customer.id);
    await resolve(admin, d.id, { action: 'refund' }).expect(200);
    expect(await balanceOf(customer.id)).toBe(wallet + 10_000);
  });

  it('refunds exactly once under concurrent and repeated admin clicks', async () => {
    const { customer, consultationId } = await completedSession({ pricePaise: 40_000 });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const [a1, a2] = [await make.admin(), await make.admin()];
    const wallet = await balanceOf(customer.id);
    const key = idempotencyKey();
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => resolve(a1, d.id, { action: 'refund' }, key)),
      ...Array.from({ length: 4 }, () => resolve(a2, d.id, { action: 'refund' })),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
    const ok = results.filter((r) => r.status === 200);
    expect(new Set(ok.map((r) => r.body.status))).toEqual(new Set(['refunded']));
    expect(results.filter((r) => r.status === 409).every((r) => ['dispute_already_resolved', 'idempotency_key_pending'].includes(r.body.code))).toBe(true);
    expect(await balanceOf(customer.id)).toBe(wallet + 40_000);
    const refunds = await pool().query(`SELECT count(*)::int AS n FROM ledger_transfers WHERE kind = 'refund' AND reference_id = $1`, [consultationId]);
    expect(refunds.rows[0].n).toBe(1);
    // a later retry with the first key replays its first answer; a late rejection finds it resolved
    const replay = await resolve(a1, d.id, { action: 'refund' }, key);
    expect([200, 409]).toContain(replay.status);
    expect((await resolve(a2, d.id, { action: 'reject', note: 'too late' }).expect(409)).body.code).toBe('dispute_already_resolved');
    expect(await balanceOf(customer.id)).toBe(wallet + 40_000);
  });

  it('rejects with a note, tells the customer, and then refuses a refund', async () => {
    const { customer, consultationId } = await completedSession();
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    await resolve(customer, d.id, { action: 'reject', note: 'x' }).expect(403);
    await request(app).post(`${API}/admin/disputes/${d.id}/resolve`).set(admin.auth).send({ action: 'reject', note: 'x' }).expect(400);
    const res = await resolve(admin, d.id, { action: 'reject', note: 'The session ran its full length.' }).expect(200);
    expect(res.body).toMatchObject({ status: 'rejected', resolutionNote: 'The session ran its full length.', refundPaise: null });
    expect((await resolve(admin, d.id, { action: 'refund' }).expect(409)).body.code).toBe('dispute_already_resolved');
    expect((await notificationsOf(customer.id)).map((n) => n.kind)).toEqual(['dispute.rejected']);
    const open = await request(app).get(`${API}/admin/disputes?status=open`).set(admin.auth).expect(200);
    expect(open.body.items.map((x: { id: string }) => x.id)).not.toContain(d.id);
    const resolved = await request(app).get(`${API}/admin/disputes?status=resolved`).set(admin.auth).expect(200);
    expect(resolved.body.items.map((x: { id: string }) => x.id)).toContain(d.id);
    await resolve(admin, randomUUID(), { action: 'reject', note: 'x' }).expect(404);
  });

  it('has nothing to refund for a session that was never charged', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer();
    const consultationId = await make.consultation(customer, astrologer, { status: 'cancelled' });
    const { body: d } = await dispute(customer, consultationId).expect(201);
    const admin = await make.admin();
    expect((await resolve(admin, d.id, { action: 'refund' }).expect(409)).body.code).toBe('nothing_to_refund');
    await resolve(admin, d.id, { action: 'reject', note: 'Nothing was charged.' }).expect(200);
  });
});

describe('the communication service', () => {
  it('serves the feedback routes', async () => {
    const { astrologer } = await completedSession();
    const res = await request(stack.communication).get(`${API}/reviews?astrologerId=${astrologer.id}`).expect(200);
    expect(res.body).toMatchObject({ items: [], nextCursor: null });
  });

  it('documents them in its OpenAPI document', async () => {
    const res = await request(stack.communication).get('/openapi.json').expect(200);
    for (const path of ['/feedback/reviews', '/feedback/reviews/{id}/reply', '/feedback/disputes', '/feedback/admin/disputes/{id}/resolve', '/feedback/admin/reviews/{id}/hide']) {
      expect(Object.keys(res.body.paths)).toContain(`/api/communication${path}`);
    }
  });
});
