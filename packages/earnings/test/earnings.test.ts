import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { asCaller, asService } from '@ap/db';
import { createApp } from '@ap/http';
import { captureHold, checkInvariants, creditRecharge, placeHold, transfer } from '@ap/ledger';
import { idempotencyKey, makeAdmin, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { checkPayouts, createEarningsService, earningsRoutes, kolkataDate, type EarningsConfig, type Mode } from '../src/index.js';

const CONFIG: EarningsConfig = { payoutMinPaise: 50_000, tdsBps: 1000 };

let stack: TestStack;
let app: Express;
let customer: SignedIn;
let admin: SignedIn;
beforeAll(async () => {
  stack = await testStack({ LOG_LEVEL: 'error' });
  app = appWith(createEarningsService({ pool: stack.db.pool, config: CONFIG }));
  customer = await signUp(stack.user, stack.db.pool, 'user');
  admin = await makeAdmin(stack, await signUp(stack.user, stack.db.pool, 'user'));
  await fund(customer, 100_000_000);
});
afterAll(() => stack.close());
afterEach(async () => {
  expect(await checkInvariants(stack.db.pool)).toEqual([]);
  expect(await checkPayouts(stack.db.pool)).toEqual([]);
});

function appWith(earnings: ReturnType<typeof createEarningsService>): Express {
  const p = stack.platform;
  return createApp({
    service: 'astrologer', title: 'earnings test', version: '0', pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: [], bodyLimit: '100kb', trustProxy: 'loopback', routes: earningsRoutes(earnings),
  });
}

// ---------------------------------------------------------------------------------------------------------
// Factories

const newAstrologer = () => signUp(stack.astrologer, stack.db.pool, 'astrologer');

function fund(who: SignedIn, amountPaise: number) {
  return asService(stack.db.pool, (tx) => creditRecharge(tx, { walletOwnerId: who.id, amountPaise, gstPaise: 0, paymentId: randomUUID() }));
}

async function insertConsultation(tx: import('@ap/db').Tx, astrologer: SignedIn, mode: Mode): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise) VALUES ($1, $2, $3, 'instant', 'completed', 100) RETURNING id`,
    [customer.id, astrologer.id, mode]);
  return rows[0]!.id;
}

/** A completed consultation charged now through the ledger's own hold and capture. */
function earn(astrologer: SignedIn, mode: Mode, pricePaise: number, commissionBps = 2000) {
  return asService(stack.db.pool, async (tx) => {
    const consultationId = await insertConsultation(tx, astrologer, mode);
    const { holdId } = await placeHold(tx, { walletOwnerId: customer.id, amountPaise: pricePaise, reference: { type: 'consultation', id: consultationId } });
    return captureHold(tx, { holdId, capturePaise: pricePaise, earningsOwnerId: astrologer.id, commissionBps });
  });
}

/** A capture and its commission dated in the past: the ledger's own two legs, inserted with an explicit created_at. */
function earnAt(astrologer: SignedIn, mode: Mode, grossPaise: number, commissionPaise: number, at: string) {
  return asService(stack.db.pool, async (tx) => {
    const consultationId = await insertConsultation(tx, astrologer, mode);
    const { rows } = await tx.query<{ kind: string; id: string }>(
      `SELECT kind, id FROM ledger_accounts WHERE (kind = 'user_wallet' AND owner_id = $1) OR (kind = 'astrologer_earnings' AND owner_id = $2)
          OR (kind = 'platform_revenue' AND owner_id IS NULL)`, [customer.id, astrologer.id]);
    const id = Object.fromEntries(rows.map((r) => [r.kind, r.id]));
    const insert = `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, reference_type, reference_id, created_at)
                    VALUES ($1, $2, $3, $4, 'consultation', $5, $6)`;
    await tx.query(insert, [id.user_wallet, id.astrologer_earnings, grossPaise, 'capture', consultationId, at]);
    await tx.query(insert, [id.astrologer_earnings, id.platform_revenue, commissionPaise, 'commission', consultationId, at]);
  });
}

// ---------------------------------------------------------------------------------------------------------
// HTTP helpers

const getEarnings = async (who: SignedIn, on = app) => (await request(on).get('/api/astrologer/earnings').set(who.auth).expect(200)).body;
const requestPayout = (who: SignedIn, body: object, key = idempotencyKey()) =>
  request(app).post('/api/astrologer/payouts').set(who.auth).set('Idempotency-Key', key).send(body);
const markPaid = (id: string, reference = 'UTR123456789') =>
  request(app).post(`/api/astrologer/admin/payouts/${id}/paid`).set(admin.auth).send({ reference });
const reject = (id: string, reason = 'bank details do not match') =>
  request(app).post(`/api/astrologer/admin/payouts/${id}/reject`).set(admin.auth).send({ reason });

const platformBalance = async (kind: 'payouts_pending' | 'gateway_clearing' | 'tax_payable') =>
  (await stack.db.pool.query<{ b: number }>(`SELECT balance_paise AS b FROM ledger_accounts WHERE kind = $1 AND owner_id IS NULL`, [kind])).rows[0]!.b;
const payoutLegs = async (payoutId: string) =>
  (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ledger_transfers WHERE reference_type = 'payout' AND reference_id = $1`, [payoutId])).rows[0]!.n;
const storedPayouts = async (who: SignedIn) =>
  (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM astrologer_payouts WHERE astrologer_id = $1`, [who.id])).rows[0]!.n;

/** An astrologer whose available earnings are exactly `netPaise` (captured at 20 % commission). */
async function astrologerWith(netPaise: number): Promise<SignedIn> {
  const astrologer = await newAstrologer();
  if (netPaise % 4 !== 0) throw new Error('pick a multiple of 4 paise');
  await earn(astrologer, 'chat', (netPaise / 4) * 5);
  expect((await getEarnings(astrologer)).balance.availablePaise).toBe(netPaise);
  return astrologer;
}

const zero = { grossPaise: 0, commissionPaise: 0, netPaise: 0 };

// ---------------------------------------------------------------------------------------------------------

describe('earnings', () => {
  it("splits today's captures and commissions per mode, exact to the paisa", async () => {
    const astrologer = await newAstrologer();
    await earn(astrologer, 'chat', 12_345, 2000); // commission 2469
    await earn(astrologer, 'chat', 1, 5000); // 0.5 p → 1 p: the astrologer keeps 0
    await earn(astrologer, 'call', 1_005, 2500); // 251.25 → 251
    await earn(astrologer, 'video', 333, 3333); // 110.99 → 111

    const body = await getEarnings(astrologer);
    expect(body.payoutRules).toEqual({ minPaise: CONFIG.payoutMinPaise, tdsBps: CONFIG.tdsBps });
    const today = {
      grossPaise: 13_684, commissionPaise: 2_832, netPaise: 10_852,
      byMode: {
        chat: { grossPaise: 12_346, commissionPaise: 2_470, netPaise: 9_876 },
        call: { grossPaise: 1_005, commissionPaise: 251, netPaise: 754 },
        video: { grossPaise: 333, commissionPaise: 111, netPaise: 222 },
      },
    };
    expect(body.timeZone).toBe('Asia/Kolkata');
    expect(body.today).toBe(kolkataDate(new Date()));
    expect(body.periods).toEqual({ today, thisWeek: today, thisMonth: today, allTime: today });
    expect(body.balance).toEqual({ balancePaise: 10_852, pendingPayoutsPaise: 0, availablePaise: 10_852 });
    expect(body.series).toHaveLength(30);
    expect(body.series.at(-1)).toEqual({ date: body.today, grossPaise: 13_684, commissionPaise: 2_832, netPaise: 10_852 });
    expect(body.series.slice(0, -1).every((p: typeof zero) => p.grossPaise === 0 && p.netPaise === 0)).toBe(true);
  });

  it('counts today, this week and this month by Asia/Kolkata dates, and charts the last 30 of them', async () => {
    const astrologer = await newAstrologer();
    // "Now" is Wednesday 18 March 2026, 12:00 in India (06:30 UTC); the week began on Monday the 16th.
    const frozen = appWith(createEarningsService({ pool: stack.db.pool, config: CONFIG, clock: () => new Date('2026-03-18T06:30:00Z') }));
    await earnAt(astrologer, 'chat', 10_000, 2_000, '2026-03-18T00:30:00+05:30'); // today (still the 17th in UTC)
    await earnAt(astrologer, 'call', 7_000, 1_400, '2026-03-17T23:59:59+05:30'); // yesterday: same UTC date as the one above
    await earnAt(astrologer, 'video', 5_000, 1_000, '2026-03-16T00:00:00+05:30'); // the first instant of this week
    await earnAt(astrologer, 'chat', 3_000, 600, '2026-03-15T23:00:00+05:30'); // last Sunday: this month, not this week
    await earnAt(astrologer, 'call', 2_000, 400, '2026-03-01T00:00:00+05:30'); // the first instant of this month
    await earnAt(astrologer, 'video', 1_000, 200, '2026-02-28T23:59:00+05:30'); // last month, inside the 30-day series
    await earnAt(astrologer, 'chat', 4_000, 800, '2026-01-10T12:00:00+05:30'); // before the series

    const body = await getEarnings(astrologer, frozen);
    const m = (grossPaise: number, commissionPaise: number) => ({ grossPaise, commissionPaise, netPaise: grossPaise - commissionPaise });
    expect(body.today).toBe('2026-03-18');
    expect(body.periods.today).toEqual({ ...m(10_000, 2_000), byMode: { chat: m(10_000, 2_000), call: zero, video: zero } });
    expect(body.periods.thisWeek).toEqual({ ...m(22_000, 4_400), byMode: { chat: m(10_000, 2_000), call: m(7_000, 1_400), video: m(5_000, 1_000) } });
    expect(body.periods.thisMonth).toEqual({ ...m(27_000, 5_400), byMode: { chat: m(13_000, 2_600), call: m(9_000, 1_800), video: m(5_000, 1_000) } });
    expect(body.periods.allTime).toEqual({ ...m(32_000, 6_400), byMode: { chat: m(17_000, 3_400), call: m(9_000, 1_800), video: m(6_000, 1_200) } });
    expect(body.balance).toEqual({ balancePaise: 25_600, pendingPayoutsPaise: 0, availablePaise: 25_600 });

    expect(body.series).toHaveLength(30);
    expect(body.series[0].date).toBe('2026-02-17');
    expect(body.series.at(-1).date).toBe('2026-03-18');
    const nonZero = body.series.filter((p: typeof zero) => p.grossPaise > 0);
    expect(nonZero).toEqual([
      { date: '2026-02-28', ...m(1_000, 200) }, { date: '2026-03-01', ...m(2_000, 400) }, { date: '2026-03-15', ...m(3_000, 600) },
      { date: '2026-03-16', ...m(5_000, 1_000) }, { date: '2026-03-17', ...m(7_000, 1_400) }, { date: '2026-03-18', ...m(10_000, 2_000) },
    ]);
  });

  it('is refused to customers (403) and to anonymous callers (401)', async () => {
    await request(app).get('/api/astrologer/earnings').set(customer.auth).expect(403);
    await request(app).get('/api/astrologer/earnings').expect(401);
  });
});

describe('payout requests', () => {
  it('reserves the gross at once and withholds 10% TDS rounded half up', async () => {
    const astrologer = await astrologerWith(100_008);
    const pendingBefore = await platformBalance('payouts_pending');
    const res = await requestPayout(astrologer, { amountPaise: 50_005 }).expect(201);
    expect(res.body).toMatchObject({ status: 'requested', grossPaise: 50_005, tdsPaise: 5_001, netPaise: 45_004, tdsBps: 1000, reference: null, decidedAt: null });
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 100_008, pendingPayoutsPaise: 50_005, availablePaise: 50_003 });
    expect((await platformBalance('payouts_pending')) - pendingBefore).toBe(50_005);
    // Earnings totals are captures and commissions only: a payout does not change them.
    expect((await getEarnings(astrologer)).periods.allTime.netPaise).toBe(100_008);
  });

  it('refuses amounts below the minimum, fractional, negative or not numbers (400) and more than available (409), storing nothing', async () => {
    const astrologer = await astrologerWith(60_000);
    for (const amountPaise of [49_999, 0, -50_000, 50_000.5, '50000', null]) {
      const res = await requestPayout(astrologer, { amountPaise }).expect(400);
      expect(res.body.errors[0].path).toBe('amountPaise');
    }
    await requestPayout(astrologer, {}).expect(400);
    const over = await requestPayout(astrologer, { amountPaise: 60_001 }).expect(409);
    expect(over.body).toMatchObject({ code: 'payout_exceeds_available', availablePaise: 60_000 });
    const noKey = await request(app).post('/api/astrologer/payouts').set(astrologer.auth).send({ amountPaise: 50_000 }).expect(400);
    expect(noKey.body.code).toBe('idempotency_key_required');

    expect(await storedPayouts(astrologer)).toBe(0);
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 60_000, pendingPayoutsPaise: 0, availablePaise: 60_000 });
  });

  it('lets exactly one of two parallel requests through when together they exceed the balance', async () => {
    const astrologer = await astrologerWith(80_000);
    const results = await Promise.all([requestPayout(astrologer, { amountPaise: 50_000 }), requestPayout(astrologer, { amountPaise: 50_000 })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await storedPayouts(astrologer)).toBe(1);
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 80_000, pendingPayoutsPaise: 50_000, availablePaise: 30_000 });
  });

  it('never over-reserves under a burst of parallel requests', async () => {
    const astrologer = await astrologerWith(260_000);
    const results = await Promise.all(Array.from({ length: 8 }, () => requestPayout(astrologer, { amountPaise: 50_000 })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(3);
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 260_000, pendingPayoutsPaise: 250_000, availablePaise: 10_000 });
  });

  it('returns the first payout for a replayed Idempotency-Key and refuses the key with another amount (422)', async () => {
    const astrologer = await astrologerWith(200_000);
    const key = idempotencyKey();
    const replies = await Promise.all(Array.from({ length: 5 }, () => requestPayout(astrologer, { amountPaise: 70_000 }, key)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(await storedPayouts(astrologer)).toBe(1);
    expect(await payoutLegs(replies[0]!.body.id)).toBe(1);
    expect((await requestPayout(astrologer, { amountPaise: 80_000 }, key).expect(422)).body.code).toBe('idempotency_key_reused');
    expect((await getEarnings(astrologer)).balance.availablePaise).toBe(130_000);
  });

  it('is refused to customers (403)', async () => {
    await requestPayout(customer, { amountPaise: 50_000 }).expect(403);
    await request(app).get('/api/astrologer/payouts').set(customer.auth).expect(403);
  });

  it('cannot take earnings below zero even if the service check were bypassed (database CHECK)', async () => {
    const astrologer = await astrologerWith(1_000);
    const attempt = asService(stack.db.pool, async (tx) => {
      const { rows } = await tx.query<{ kind: string; id: string }>(
        `SELECT kind, id FROM ledger_accounts WHERE (kind = 'astrologer_earnings' AND owner_id = $1) OR (kind = 'payouts_pending' AND owner_id IS NULL)`, [astrologer.id]);
      const id = Object.fromEntries(rows.map((r) => [r.kind, r.id]));
      await transfer(tx, { debit: id.astrologer_earnings!, credit: id.payouts_pending!, amountPaise: 1_001, kind: 'adjustment', reference: null });
    });
    await expect(attempt).rejects.toMatchObject({ code: '23514', constraint: 'ledger_accounts_earnings_non_negative' });
    expect((await getEarnings(astrologer)).balance.availablePaise).toBe(1_000);
  });
});

describe('admin payout decisions', () => {
  it('marks a payout paid once: net to gateway clearing, TDS to tax payable, however often it is repeated', async () => {
    const astrologer = await astrologerWith(100_008);
    const payout = (await requestPayout(astrologer, { amountPaise: 50_005 }).expect(201)).body;
    const [clearing, tax, pending] = await Promise.all([platformBalance('gateway_clearing'), platformBalance('tax_payable'), platformBalance('payouts_pending')]);

    const results = await Promise.all([markPaid(payout.id), markPaid(payout.id), markPaid(payout.id)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(new Set(results.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(results[0]!.body).toMatchObject({ id: payout.id, status: 'paid', reference: 'UTR123456789', astrologerId: astrologer.id, netPaise: 45_004, tdsPaise: 5_001 });
    await markPaid(payout.id).expect(200);

    expect(await payoutLegs(payout.id)).toBe(3);
    expect((await platformBalance('gateway_clearing')) - clearing).toBe(45_004);
    expect((await platformBalance('tax_payable')) - tax).toBe(5_001);
    expect((await platformBalance('payouts_pending')) - pending).toBe(-50_005);
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 50_003, pendingPayoutsPaise: 0, availablePaise: 50_003 });

    expect((await markPaid(payout.id, 'UTR-OTHER').expect(409)).body.code).toBe('payout_already_decided');
    expect((await reject(payout.id).expect(409)).body.code).toBe('payout_already_decided');
    expect(await payoutLegs(payout.id)).toBe(3);
  });

  it('rejects a payout once and returns the reserved gross to available earnings', async () => {
    const astrologer = await astrologerWith(60_000);
    const payout = (await requestPayout(astrologer, { amountPaise: 60_000 }).expect(201)).body;
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 60_000, pendingPayoutsPaise: 60_000, availablePaise: 0 });

    const results = await Promise.all([reject(payout.id), reject(payout.id)]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    expect(results[0]!.body).toMatchObject({ status: 'rejected', rejectReason: 'bank details do not match', reference: null });
    expect(await payoutLegs(payout.id)).toBe(2);
    expect((await getEarnings(astrologer)).balance).toEqual({ balancePaise: 60_000, pendingPayoutsPaise: 0, availablePaise: 60_000 });
    expect((await markPaid(payout.id).expect(409)).body.code).toBe('payout_already_decided');

    // The returned money can be requested again.
    await requestPayout(astrologer, { amountPaise: 60_000 }).expect(201);
  });

  it('lists payouts by status, oldest first, and answers 404 for an unknown payout', async () => {
    const astrologer = await astrologerWith(200_000);
    const first = (await requestPayout(astrologer, { amountPaise: 50_000 }).expect(201)).body;
    const second = (await requestPayout(astrologer, { amountPaise: 60_000 }).expect(201)).body;
    await markPaid(second.id).expect(200);

    const requested = (await request(app).get('/api/astrologer/admin/payouts').set(admin.auth).query({ limit: 100 }).expect(200)).body;
    expect(requested.items.every((p: { status: string }) => p.status === 'requested')).toBe(true);
    expect(requested.items.map((p: { id: string }) => p.id)).toContain(first.id);
    const times = requested.items.map((p: { requestedAt: string }) => p.requestedAt);
    expect([...times].sort()).toEqual(times);
    const paid = (await request(app).get('/api/astrologer/admin/payouts').set(admin.auth).query({ status: 'paid', limit: 100 }).expect(200)).body;
    expect(paid.items.find((p: { id: string }) => p.id === second.id)).toMatchObject({ astrologerId: astrologer.id, astrologerName: 'Test Person' });

    await markPaid(randomUUID()).expect(404);
    await reject(randomUUID()).expect(404);
    await request(app).get('/api/astrologer/admin/payouts').set(admin.auth).query({ status: 'pending' }).expect(400);
  });

  it('refuses the admin routes to astrologers and customers (403)', async () => {
    const astrologer = await astrologerWith(60_000);
    const payout = (await requestPayout(astrologer, { amountPaise: 50_000 }).expect(201)).body;
    for (const who of [astrologer, customer]) {
      await request(app).get('/api/astrologer/admin/payouts').set(who.auth).expect(403);
      await request(app).post(`/api/astrologer/admin/payouts/${payout.id}/paid`).set(who.auth).send({ reference: 'UTR1' }).expect(403);
      await request(app).post(`/api/astrologer/admin/payouts/${payout.id}/reject`).set(who.auth).send({ reason: 'no' }).expect(403);
    }
    expect(await payoutLegs(payout.id)).toBe(1);
    await reject(payout.id).expect(200);
  });
});

describe('payout history', () => {
  it("pages through the astrologer's own payouts, newest first, and never shows another's", async () => {
    const mine = await astrologerWith(200_000);
    const theirs = await astrologerWith(60_000);
    const ids: string[] = [];
    for (const amountPaise of [50_000, 60_000, 70_000]) ids.push((await requestPayout(mine, { amountPaise }).expect(201)).body.id);
    const other = (await requestPayout(theirs, { amountPaise: 50_000 }).expect(201)).body;

    const page1 = (await request(app).get('/api/astrologer/payouts').set(mine.auth).query({ limit: 2 }).expect(200)).body;
    expect(page1.items.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
    expect(page1.items[0]).not.toHaveProperty('astrologerId');
    const page2 = (await request(app).get('/api/astrologer/payouts').set(mine.auth).query({ limit: 2, cursor: page1.nextCursor }).expect(200)).body;
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0], grossPaise: 50_000 })], nextCursor: null });

    const theirList = (await request(app).get('/api/astrologer/payouts').set(theirs.auth).expect(200)).body;
    expect(theirList.items.map((p: { id: string }) => p.id)).toEqual([other.id]);
    await request(app).get('/api/astrologer/payouts').set(mine.auth).query({ cursor: 'not-a-cursor' }).expect(400);

    // RLS is the second wall: as the astrologer, the table itself shows only their own rows.
    const visible = await asCaller(stack.db.pool, { sub: theirs.id, role: 'authenticated' }, (tx) =>
      tx.query<{ astrologer_id: string }>('SELECT DISTINCT astrologer_id FROM astrologer_payouts'));
    expect(visible.rows).toEqual([{ astrologer_id: theirs.id }]);
  });
});
