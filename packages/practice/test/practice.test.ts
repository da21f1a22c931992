import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { asCaller, asService, type Tx } from '@ap/db';
import { createApp } from '@ap/http';
import { captureHold, checkInvariants, creditRecharge, placeHold } from '@ap/ledger';
import { makeAdmin, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { createPracticeService, practiceInsightRoutes } from '../src/index.js';

let stack: TestStack;
let app: Express;
let admin: SignedIn;
beforeAll(async () => {
  stack = await testStack({ LOG_LEVEL: 'error' });
  app = appAt(() => new Date());
  admin = await makeAdmin(stack, await signUp(stack.user, stack.db.pool, 'user'));
});
afterAll(() => stack.close());
afterEach(async () => {
  expect(await checkInvariants(stack.db.pool)).toEqual([]);
});

/** The practice routes over the test database, with "now" frozen where a test needs it. */
function appAt(clock: () => Date): Express {
  const p = stack.platform;
  return createApp({
    service: 'astrologer', title: 'practice test', version: '0', pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: [], bodyLimit: '100kb', trustProxy: 'loopback', routes: practiceInsightRoutes(createPracticeService({ pool: p.pool, clock })),
  });
}
const frozenAt = (iso: string) => appAt(() => new Date(iso));

// ---------------------------------------------------------------------------------------------------------
// Factories

type Mode = 'chat' | 'call' | 'video';

const newAstrologer = async (timeZone?: string) => {
  const a = await signUp(stack.astrologer, stack.db.pool, 'astrologer', { name: 'Pandit Test' });
  if (timeZone) {
    await asService(stack.db.pool, (tx) => tx.query(`INSERT INTO astrologer_availability (astrologer_id, time_zone) VALUES ($1, $2)`, [a.id, timeZone]));
  }
  return a;
};

async function newCustomer(name = 'Asha Client'): Promise<SignedIn> {
  const c = await signUp(stack.user, stack.db.pool, 'user', { name });
  await asService(stack.db.pool, (tx) => creditRecharge(tx, { walletOwnerId: c.id, amountPaise: 10_000_000, gstPaise: 0, paymentId: randomUUID() }));
  return c;
}

interface ConsultationSpec {
  mode?: Mode;
  kind?: 'instant' | 'scheduled';
  status: string;
  /** Instant: started_at; scheduled: the slot start. */
  at?: string;
  minutes?: number;
  requestedAt?: string;
  acceptedAt?: string | null;
  expiresAt?: string;
}

/** A consultation row as the bookings and sessions capabilities leave it (a precondition: its history). */
async function consultation(tx: Tx, customer: SignedIn, astrologer: SignedIn, s: ConsultationSpec): Promise<string> {
  const kind = s.kind ?? 'instant';
  const at = s.at ? new Date(s.at) : new Date();
  const end = new Date(at.getTime() + (s.minutes ?? 10) * 60_000);
  const started = ['completed', 'active', 'in_progress'].includes(s.status);
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise, price_paise, scheduled_start, scheduled_end,
                                requested_at, accepted_at, started_at, ended_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
    [customer.id, astrologer.id, s.mode ?? 'chat', kind, s.status, kind === 'instant' ? 1000 : null, kind === 'scheduled' ? 50_000 : null,
      kind === 'scheduled' ? at : null, kind === 'scheduled' ? end : null, s.requestedAt ?? (s.at ?? new Date().toISOString()),
      s.acceptedAt !== undefined ? s.acceptedAt : started ? at : null, started && kind === 'instant' ? at : null,
      s.status === 'completed' && kind === 'instant' ? end : null, s.expiresAt ?? null]);
  return rows[0]!.id;
}

/** A completed session charged now through the ledger's own hold and capture (20 % commission). */
function sessionChargedNow(customer: SignedIn, astrologer: SignedIn, pricePaise: number, s: Partial<ConsultationSpec> = {}) {
  return asService(stack.db.pool, async (tx) => {
    const id = await consultation(tx, customer, astrologer, { status: 'completed', ...s });
    const { holdId } = await placeHold(tx, { walletOwnerId: customer.id, amountPaise: pricePaise, reference: { type: 'consultation', id } });
    await captureHold(tx, { holdId, capturePaise: pricePaise, earningsOwnerId: astrologer.id, commissionBps: 2000 });
    return id;
  });
}

/** A completed session charged in the past: the ledger's capture and commission legs, dated `at`. */
function sessionChargedAt(customer: SignedIn, astrologer: SignedIn, grossPaise: number, commissionPaise: number, at: string, s: Partial<ConsultationSpec> = {}) {
  return asService(stack.db.pool, async (tx) => {
    const id = await consultation(tx, customer, astrologer, { status: 'completed', at, ...s });
    const { rows } = await tx.query<{ kind: string; id: string }>(
      `SELECT kind, id FROM ledger_accounts WHERE (kind = 'user_wallet' AND owner_id = $1) OR (kind = 'astrologer_earnings' AND owner_id = $2)
          OR (kind = 'platform_revenue' AND owner_id IS NULL)`, [customer.id, astrologer.id]);
    const acct = Object.fromEntries(rows.map((r) => [r.kind, r.id]));
    const insert = `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, reference_type, reference_id, created_at)
                    VALUES ($1, $2, $3, $4, 'consultation', $5, $6)`;
    await tx.query(insert, [acct.user_wallet, acct.astrologer_earnings, grossPaise, 'capture', id, at]);
    await tx.query(insert, [acct.astrologer_earnings, acct.platform_revenue, commissionPaise, 'commission', id, at]);
    return id;
  });
}

const insertConsultation = (customer: SignedIn, astrologer: SignedIn, s: ConsultationSpec) =>
  asService(stack.db.pool, (tx) => consultation(tx, customer, astrologer, s));

function review(consultationId: string, customer: SignedIn, astrologer: SignedIn, rating: number, comment: string | null = null, at?: string) {
  return asService(stack.db.pool, (tx) => tx.query(
    `INSERT INTO reviews (consultation_id, user_id, astrologer_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()))`,
    [consultationId, customer.id, astrologer.id, rating, comment, at ?? null]));
}

const get = async (who: SignedIn, path: string, on = app) => {
  const res = await request(on).get(`/api/astrologer${path}`).set(who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};

// ---------------------------------------------------------------------------------------------------------

describe('dashboard', () => {
  it("shows presence, waiting requests, today's sessions and earnings, rating and recent reviews", async () => {
    const astrologer = await newAstrologer();
    const customer = await newCustomer('Meera Rao');
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET presence = 'online' WHERE id = $1`, [astrologer.id]));
    await insertConsultation(customer, astrologer, { status: 'requested', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    await insertConsultation(await newCustomer(), astrologer, { status: 'requested', expiresAt: new Date(Date.now() - 1_000).toISOString() }); // lapsed
    await insertConsultation(customer, astrologer, { kind: 'scheduled', status: 'pending', at: new Date(Date.now() + 86_400_000).toISOString() });
    const done = await sessionChargedNow(customer, astrologer, 12_500, { at: new Date().toISOString(), minutes: 13 });
    await review(done, customer, astrologer, 4, 'Very insightful');

    const body = await get(astrologer, '/dashboard');
    expect(body.presence).toBe('online');
    expect(body.timeZone).toBe('Asia/Kolkata');
    expect(body.pending.instantCount).toBe(1);
    expect(body.pending.scheduledCount).toBe(1);
    expect(body.pending.items.map((i: { kind: string }) => i.kind).sort()).toEqual(['instant', 'scheduled']);
    expect(body.pending.items[0].customerName).toBe('Meera Rao');
    expect(body.todaySessions.completed).toBe(1);
    expect(body.todaySessions.minutes).toBe(13);
    expect(body.todayEarnings).toEqual({ grossPaise: 12_500, commissionPaise: 2_500, netPaise: 10_000 });
    expect(body.rating).toEqual({ average: 4, count: 1 });
    expect(body.recentReviews).toEqual([expect.objectContaining({ rating: 4, comment: 'Very insightful', mode: 'chat' })]);
    expect(JSON.stringify(body)).not.toContain(customer.phone);
  });

  it('leaves hidden reviews out of the recent ones, and removed ratings out of the average', async () => {
    const astrologer = await newAstrologer();
    const customer = await newCustomer();
    const kept = await sessionChargedAt(customer, astrologer, 1_000, 200, '2026-11-01T10:00:00Z');
    const hidden = await sessionChargedAt(customer, astrologer, 1_000, 200, '2026-11-02T10:00:00Z');
    const removed = await sessionChargedAt(customer, astrologer, 1_000, 200, '2026-11-03T10:00:00Z');
    await review(kept, customer, astrologer, 5, 'Kind and clear');
    await review(hidden, customer, astrologer, 3, 'abusive words');
    await review(removed, customer, astrologer, 1, 'fake');
    await asService(stack.db.pool, async (tx) => {
      await tx.query(`UPDATE reviews SET hidden_at = now(), hidden_by = $2, hidden_reason = 'abuse' WHERE consultation_id = $1`, [hidden, admin.id]);
      await tx.query(`UPDATE reviews SET hidden_at = now(), hidden_by = $2, hidden_reason = 'fake', rating_removed = true WHERE consultation_id = $1`, [removed, admin.id]);
    });
    const body = await get(astrologer, '/dashboard');
    expect(body.rating).toEqual({ average: 4, count: 2 });
    expect(body.recentReviews.map((r: { comment: string }) => r.comment)).toEqual(['Kind and clear']);
  });

  it("counts today by the astrologer's own time zone, not UTC", async () => {
    const astrologer = await newAstrologer('America/New_York');
    const customer = await newCustomer();
    // 25 Nov 2026 22:00 in New York is 26 Nov 03:00 UTC: "today" there is still the 25th.
    const now = '2026-11-26T03:00:00Z';
    await sessionChargedAt(customer, astrologer, 1_000, 200, '2026-11-25T06:00:00Z'); // 01:00 on the 25th in New York: today
    await sessionChargedAt(customer, astrologer, 2_000, 400, '2026-11-25T04:30:00Z'); // 23:30 on the 24th in New York: yesterday
    const body = await get(astrologer, '/dashboard', frozenAt(now));
    expect(body.today).toBe('2026-11-25');
    expect(body.todaySessions.completed).toBe(1);
    expect(body.todayEarnings).toEqual({ grossPaise: 1_000, commissionPaise: 200, netPaise: 800 });
  });

  it('is served by the astrologer service, with the admin metrics', async () => {
    const astrologer = await newAstrologer();
    const res = await request(stack.astrologer).get('/api/astrologer/dashboard').set(astrologer.auth).expect(200);
    expect(res.body).toMatchObject({ presence: 'offline', status: 'pending', pending: { instantCount: 0, scheduledCount: 0 } });
    await request(stack.astrologer).get('/api/astrologer/admin/metrics').set(admin.auth).expect(200);
    const doc = (await request(stack.astrologer).get('/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/astrologer/dashboard', '/api/astrologer/clients', '/api/astrologer/clients/{userId}', '/api/astrologer/clients/{userId}/note',
      '/api/astrologer/analytics', '/api/astrologer/admin/metrics',
    ]));
  });

  it('is for astrologers only', async () => {
    const customer = await newCustomer();
    await request(app).get('/api/astrologer/dashboard').set(customer.auth).expect(403);
    await request(app).get('/api/astrologer/dashboard').expect(401);
  });
});

describe('clients', () => {
  it('lists the customers consulted with: sessions, last session, total spent, most recent first, never a phone', async () => {
    const astrologer = await newAstrologer();
    const regular = await newCustomer('Ravi Regular');
    const once = await newCustomer('Uma Once');
    const stranger = await newCustomer('Only Requested');
    await sessionChargedAt(regular, astrologer, 5_000, 1_000, '2026-10-01T10:00:00Z');
    await sessionChargedAt(regular, astrologer, 7_000, 1_400, '2026-11-01T10:00:00Z');
    await sessionChargedAt(once, astrologer, 3_000, 600, '2026-11-10T10:00:00Z');
    await insertConsultation(stranger, astrologer, { status: 'expired' });

    const body = await get(astrologer, '/clients');
    expect(body.items).toEqual([
      { userId: once.id, name: 'Uma Once', sessionCount: 1, firstSessionAt: '2026-11-10T10:00:00.000Z', lastSessionAt: '2026-11-10T10:00:00.000Z', totalSpentPaise: 3_000, hasNote: false },
      { userId: regular.id, name: 'Ravi Regular', sessionCount: 2, firstSessionAt: '2026-10-01T10:00:00.000Z', lastSessionAt: '2026-11-01T10:00:00.000Z', totalSpentPaise: 12_000, hasNote: false },
    ]);
    expect(body.nextCursor).toBeNull();
    const text = JSON.stringify(body);
    for (const c of [regular, once]) expect(text).not.toContain(c.phone);
  });

  it('pages with a cursor', async () => {
    const astrologer = await newAstrologer();
    const customers = [await newCustomer('A'), await newCustomer('B'), await newCustomer('C')];
    for (const [i, c] of customers.entries()) await sessionChargedAt(c, astrologer, 1_000, 200, `2026-11-0${i + 1}T10:00:00Z`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { name: string }[]; nextCursor: string | null } =
        await get(astrologer, `/clients?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['C', 'B', 'A']);
    await request(app).get('/api/astrologer/clients?cursor=nonsense').set(astrologer.auth).expect(400);
  });

  it("shows one client's sessions and keeps a private note only its writer can read", async () => {
    const astrologer = await newAstrologer();
    const other = await newAstrologer();
    const customer = await newCustomer('Kiran');
    const id = await sessionChargedAt(customer, astrologer, 5_000, 1_000, '2026-11-01T10:00:00Z', { minutes: 12 });

    const put = await request(app).put(`/api/astrologer/clients/${customer.id}/note`).set(astrologer.auth).send({ note: '  Prefers Hindi; Saturn questions  ' }).expect(200);
    expect(put.body.note).toBe('Prefers Hindi; Saturn questions');
    const again = await request(app).put(`/api/astrologer/clients/${customer.id}/note`).set(astrologer.auth).send({ note: 'Prefers Hindi; Saturn questions' }).expect(200);
    expect(Date.parse(again.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(put.body.updatedAt));

    const detail = await get(astrologer, `/clients/${customer.id}`);
    expect(detail).toMatchObject({ name: 'Kiran', sessionCount: 1, totalSpentPaise: 5_000, hasNote: true, note: 'Prefers Hindi; Saturn questions' });
    expect(detail.consultations).toEqual([{ id, kind: 'instant', mode: 'chat', status: 'completed', at: '2026-11-01T10:00:00.000Z', minutes: 12, spentPaise: 5_000 }]);
    expect(JSON.stringify(detail)).not.toContain(customer.phone);

    // Another astrologer: not their client, so no detail and no note; and the database shows them no notes either.
    await request(app).get(`/api/astrologer/clients/${customer.id}`).set(other.auth).expect(404);
    await request(app).put(`/api/astrologer/clients/${customer.id}/note`).set(other.auth).send({ note: 'x' }).expect(404);
    const claims = (who: SignedIn) => ({ sub: who.id, role: 'authenticated' as const, app_metadata: { roles: ['astrologer'] } });
    const visible = await asCaller(stack.db.pool, claims(other), (tx) => tx.query('SELECT * FROM astrologer_client_notes'));
    expect(visible.rows).toEqual([]);
    await expect(asCaller(stack.db.pool, claims(other), (tx) =>
      tx.query(`INSERT INTO astrologer_client_notes (astrologer_id, user_id, note) VALUES ($1, $2, 'sneaky')`, [other.id, customer.id])))
      .rejects.toThrow(/row-level security/);
    const asCustomer = await asCaller(stack.db.pool, { sub: customer.id, role: 'authenticated' }, (tx) => tx.query('SELECT * FROM astrologer_client_notes'));
    expect(asCustomer.rows).toEqual([]);

    // An empty note deletes it.
    const cleared = await request(app).put(`/api/astrologer/clients/${customer.id}/note`).set(astrologer.auth).send({ note: ' ' }).expect(200);
    expect(cleared.body).toEqual({ note: null, updatedAt: null });
    expect((await get(astrologer, `/clients/${customer.id}`)).hasNote).toBe(false);
  });

  it('refuses an unknown customer and unknown fields', async () => {
    const astrologer = await newAstrologer();
    await request(app).get(`/api/astrologer/clients/${randomUUID()}`).set(astrologer.auth).expect(404);
    await request(app).put(`/api/astrologer/clients/${randomUUID()}/note`).set(astrologer.auth).send({ note: 'x', extra: 1 }).expect(400);
  });
});

describe('analytics', () => {
  it('buckets sessions, minutes, net earnings, rating, repeat clients and acceptance per local day', async () => {
    const zone = 'Asia/Kolkata';
    const astrologer = await newAstrologer(zone);
    const a = await newCustomer(), b = await newCustomer();
    // 1 Nov 23:30 in India is 1 Nov 18:00 UTC; 2 Nov 00:30 in India is still 1 Nov in UTC (19:00).
    const first = await sessionChargedAt(a, astrologer, 10_000, 2_000, '2026-11-01T23:30:00+05:30', { minutes: 15, requestedAt: '2026-11-01T23:29:00+05:30' });
    await sessionChargedAt(a, astrologer, 6_000, 1_200, '2026-11-02T00:30:00+05:30', { minutes: 5, requestedAt: '2026-11-02T00:29:00+05:30' });
    await sessionChargedAt(b, astrologer, 4_000, 800, '2026-11-02T10:00:00+05:30', { kind: 'scheduled', minutes: 30, requestedAt: '2026-10-30T10:00:00+05:30' });
    await insertConsultation(b, astrologer, { status: 'rejected', requestedAt: '2026-11-02T11:00:00+05:30' });
    await insertConsultation(b, astrologer, { status: 'expired', requestedAt: '2026-11-02T12:00:00+05:30' });
    await insertConsultation(b, astrologer, { status: 'cancelled', requestedAt: '2026-11-02T13:00:00+05:30' }); // withdrawn: not counted
    await review(first, a, astrologer, 5, null, '2026-11-02T09:00:00+05:30');

    const body = await get(astrologer, '/analytics?from=2026-11-01&to=2026-11-03&bucket=day');
    expect(body.timeZone).toBe(zone);
    expect(body.buckets.map((x: { start: string }) => x.start)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    const [d1, d2, d3] = body.buckets;
    expect(d1).toMatchObject({ sessions: 1, minutes: 15, earnings: { grossPaise: 10_000, commissionPaise: 2_000, netPaise: 8_000 }, clients: 1, repeatClients: 0, repeatClientRate: 0 });
    expect(d1.requests).toEqual({ accepted: 1, declined: 0, expired: 0 });
    expect(d2).toMatchObject({ sessions: 2, minutes: 35, earnings: { netPaise: 8_000 }, clients: 2, repeatClients: 1, repeatClientRate: 0.5, rating: { average: 5, count: 1 } });
    expect(d2.requests).toEqual({ accepted: 1, declined: 1, expired: 1 });
    expect(d2.acceptanceRate).toBeCloseTo(1 / 3);
    expect(d3).toMatchObject({ sessions: 0, minutes: 0, repeatClientRate: null, acceptanceRate: null, rating: { average: null, count: 0 } });
    // Totals from the same rows: client a came back, b did not; the scheduled booking was requested before `from`.
    expect(body.totals).toMatchObject({ sessions: 3, minutes: 50, earnings: { grossPaise: 20_000, netPaise: 16_000 }, clients: 2, repeatClients: 1, repeatClientRate: 0.5 });
    expect(body.totals.requests).toEqual({ accepted: 2, declined: 1, expired: 1 });
    expect(body.totals.acceptanceRate).toBe(0.5);

    // The same history in UTC: both of a's sessions fall on 1 November.
    const utc = await get(astrologer, '/analytics?from=2026-11-01&to=2026-11-02&bucket=day&tz=UTC');
    expect(utc.buckets[0]).toMatchObject({ sessions: 2, minutes: 20, clients: 1, repeatClients: 1 });
  });

  it('groups by ISO week and by month, and defaults to the last 30 local days', async () => {
    const astrologer = await newAstrologer('Europe/London');
    const c = await newCustomer();
    await sessionChargedAt(c, astrologer, 1_000, 100, '2026-10-25T00:30:00+01:00'); // Sunday, British Summer Time's last day
    await sessionChargedAt(c, astrologer, 1_000, 100, '2026-10-26T00:30:00Z'); // Monday: the next week
    const weeks = await get(astrologer, '/analytics?from=2026-10-20&to=2026-11-02&bucket=week');
    expect(weeks.buckets.map((w: { start: string; sessions: number }) => [w.start, w.sessions])).toEqual([['2026-10-19', 1], ['2026-10-26', 1], ['2026-11-02', 0]]);
    const months = await get(astrologer, '/analytics?from=2026-09-15&to=2026-11-02&bucket=month');
    expect(months.buckets.map((m: { start: string; sessions: number }) => [m.start, m.sessions])).toEqual([['2026-09-01', 0], ['2026-10-01', 2], ['2026-11-01', 0]]);

    const recent = await get(astrologer, '/analytics', frozenAt('2026-11-02T12:00:00Z'));
    expect(recent).toMatchObject({ from: '2026-10-04', to: '2026-11-02', bucket: 'day', timeZone: 'Europe/London' });
    expect(recent.buckets).toHaveLength(30);
    expect(recent.totals.sessions).toBe(2);
  });

  it('refuses a backwards or too long range and an unknown zone', async () => {
    const astrologer = await newAstrologer();
    await request(app).get('/api/astrologer/analytics?from=2026-11-02&to=2026-11-01').set(astrologer.auth).expect(400);
    await request(app).get('/api/astrologer/analytics?from=2020-01-01&to=2026-11-01&bucket=day').set(astrologer.auth).expect(400);
    await request(app).get('/api/astrologer/analytics?tz=Mars/Olympus').set(astrologer.auth).expect(400);
  });
});

describe('admin metrics', () => {
  it('reports completion rate, GMV and platform revenue, active users and astrologer performance from the database', async () => {
    const now = new Date();
    const metricsApp = appAt(() => now);
    const before = (await request(metricsApp).get('/api/astrologer/admin/metrics?days=30&limit=500').set(admin.auth).expect(200)).body;

    const star = await newAstrologer();
    const customer = await newCustomer();
    await asService(stack.db.pool, (tx) => tx.query(`UPDATE astrologers SET display_name = 'Star Performer', status = 'approved', approved_at = now() WHERE id = $1`, [star.id]));
    const done = await sessionChargedNow(customer, star, 10_000, { minutes: 10, at: new Date(now.getTime() - 3_600_000).toISOString() });
    await review(done, customer, star, 5);
    await insertConsultation(customer, star, { status: 'rejected' });
    await insertConsultation(customer, star, { status: 'cancelled' });

    const after = (await request(appAt(() => new Date())).get('/api/astrologer/admin/metrics?days=30&limit=500').set(admin.auth).expect(200)).body;
    expect(after.consultations.completed - before.consultations.completed).toBe(1);
    expect(after.consultations.declined - before.consultations.declined).toBe(1);
    expect(after.consultations.cancelled - before.consultations.cancelled).toBe(1);
    expect(after.revenue.gmvPaise - before.revenue.gmvPaise).toBe(10_000);
    expect(after.revenue.platformRevenuePaise - before.revenue.platformRevenuePaise).toBe(2_000);
    expect(after.activeUsers.customers7d).toBeGreaterThanOrEqual(1);
    expect(after.activeUsers.astrologers30d).toBeGreaterThanOrEqual(1);
    const row = after.astrologers.find((a: { id: string }) => a.id === star.id);
    expect(row).toEqual({
      id: star.id, displayName: 'Star Performer', status: 'approved', sessions: 1, minutes: 10, grossPaise: 10_000, netPaise: 8_000,
      rating: { average: 5, count: 1 }, acceptanceRate: 0.5,
    });
  });

  it('counts a customer seen 10 days ago as active in 30 days, not in 7', async () => {
    await newCustomer(); // signs in now: a refresh token
    // Ten days after everything this file records (its fixed dates end on 26 November 2026).
    const later = new Date(Math.max(Date.now(), Date.parse('2026-11-27T00:00:00Z')) + 10 * 86_400_000);
    const body = (await request(appAt(() => later)).get('/api/astrologer/admin/metrics').set(admin.auth).expect(200)).body;
    expect(body.activeUsers.customers7d).toBe(0);
    expect(body.activeUsers.astrologers7d).toBe(0);
    expect(body.activeUsers.customers30d).toBeGreaterThanOrEqual(1);
    expect(body.activeUsers.astrologers30d).toBeGreaterThanOrEqual(1);
  });

  it('is for admins only', async () => {
    const astrologer = await newAstrologer();
    await request(app).get('/api/astrologer/admin/metrics').set(astrologer.auth).expect(403);
  });
});
