import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPool, type Pool } from '@ap/db';
import { checkInvariants, createLedgerService, splitCapture, type LedgerService } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { accountBalance, make, platformBalance, settle } from './make.js';

// Real parallel transactions: 20 connections at once, each call its own transaction, all on the same rows.
const CONNECTIONS = 20;

let db: TestDb;
let pool: Pool;
let ledger: LedgerService;
beforeAll(async () => {
  db = await testDb();
  pool = createPool({ connectionString: db.url, max: CONNECTIONS });
  ledger = createLedgerService({ pool });
});
afterEach(async () => {
  expect(await checkInvariants(pool)).toEqual([]);
});
afterAll(async () => {
  await pool.end();
  await db.close();
});

const codes = (errors: unknown[]) => errors.map((e) => (e as { code?: string }).code ?? String(e));

async function session(fundPaise: number) {
  const { userId, paymentId } = await make.fundedUser(pool, fundPaise);
  const astrologerId = await make.astrologer(pool);
  const consultationId = await make.consultation(pool, userId, astrologerId);
  return { userId, paymentId, astrologerId, reference: { type: 'consultation' as const, id: consultationId } };
}

describe('under concurrency', () => {
  it('lets exactly 10 of 100 parallel ₹10 holds through on a ₹100 wallet', async () => {
    const s = await session(10_000);
    const { fulfilled, rejected } = await settle(Array.from({ length: 100 }, () =>
      ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference })));
    expect(fulfilled).toHaveLength(10);
    expect(codes(rejected)).toEqual(Array(90).fill('insufficient_balance'));
    expect(await ledger.balance(s.userId)).toEqual({ balancePaise: 10_000, heldPaise: 10_000, availablePaise: 0, currency: 'INR' });
    await Promise.all(fulfilled.map((h) => ledger.releaseHold(h.holdId)));
    expect(await ledger.balance(s.userId)).toMatchObject({ heldPaise: 0, availablePaise: 10_000 });
  });

  it('lets exactly 10 of 100 parallel ₹10 spends (hold, then capture) through, to the paisa', async () => {
    const s = await session(10_000);
    const revenue = await platformBalance(pool, 'platform_revenue');
    const spend = async () => {
      const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
      return ledger.captureHold({ holdId, capturePaise: 1_000, earningsOwnerId: s.astrologerId, commissionBps: 3333 });
    };
    const { fulfilled, rejected } = await settle(Array.from({ length: 100 }, spend));
    expect(fulfilled).toHaveLength(10);
    expect(codes(rejected)).toEqual(Array(90).fill('insufficient_balance'));
    const { earningsPaise, platformPaise } = splitCapture(1_000, 3333);
    expect(await ledger.balance(s.userId)).toMatchObject({ balancePaise: 0, heldPaise: 0 });
    expect(await accountBalance(pool, s.astrologerId, 'astrologer_earnings')).toEqual({ balance: 10 * earningsPaise, held: 0 });
    expect(await platformBalance(pool, 'platform_revenue')).toBe(revenue + 10 * platformPaise);
  });

  it('credits a payment reported 10 times at once exactly once', async () => {
    const userId = await make.user(pool);
    const input = { walletOwnerId: userId, amountPaise: 25_000, gstPaise: 4_500, paymentId: randomUUID() };
    const tax = await platformBalance(pool, 'tax_payable');
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.creditRecharge(input)));
    expect(results.filter((r) => r.newlyCredited)).toHaveLength(1);
    expect(results.every((r) => r.amountPaise === 25_000 && r.gstPaise === 4_500)).toBe(true);
    expect((await ledger.balance(userId)).balancePaise).toBe(25_000);
    expect(await platformBalance(pool, 'tax_payable')).toBe(tax + 4_500);
    const { rows } = await pool.query(`SELECT kind FROM ledger_transfers WHERE reference_id = $1 ORDER BY kind`, [input.paymentId]);
    expect(rows).toEqual([{ kind: 'gst' }, { kind: 'recharge' }]);
  });

  it('refunds a recharge asked 10 times at once exactly once', async () => {
    const { userId, paymentId } = await make.fundedUser(pool, 8_000);
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.refundRecharge({ paymentId })));
    expect(results.filter((r) => r.newlyRefunded)).toHaveLength(1);
    expect((await ledger.balance(userId)).balancePaise).toBe(0);
  });

  it('lets either a refund or a hold have the money, never both', async () => {
    for (let i = 0; i < 10; i++) {
      const s = await session(5_000);
      const [refund, hold] = await Promise.allSettled([
        ledger.refundRecharge({ paymentId: s.paymentId }),
        ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 5_000, reference: s.reference }),
      ]);
      expect([refund.status, hold.status].sort()).toEqual(['fulfilled', 'rejected']);
      const after = await ledger.balance(s.userId);
      expect(after).toMatchObject(refund.status === 'fulfilled' ? { balancePaise: 0, heldPaise: 0 } : { balancePaise: 5_000, heldPaise: 5_000 });
      if (hold.status === 'fulfilled') await ledger.releaseHold(hold.value.holdId);
    }
  });

  it('settles a hold once when capture and release race', async () => {
    const s = await session(100_000);
    const revenue = await platformBalance(pool, 'platform_revenue');
    let captured = 0;
    for (let i = 0; i < 20; i++) {
      const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 5_000, reference: s.reference });
      const [capture, release] = await Promise.all([
        ledger.captureHold({ holdId, capturePaise: 3_000, earningsOwnerId: s.astrologerId, commissionBps: 2000 }),
        ledger.releaseHold(holdId),
      ]);
      expect(capture).toEqual(release);
      expect([3_000, 0]).toContain(capture.capturedPaise);
      expect(capture.capturedPaise + capture.releasedPaise).toBe(5_000);
      captured += capture.capturedPaise;
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ledger_transfers WHERE hold_id = $1`, [holdId]);
      expect(rows[0].n).toBe(capture.capturedPaise ? 2 : 0);
    }
    expect(await ledger.balance(s.userId)).toMatchObject({ balancePaise: 100_000 - captured, heldPaise: 0 });
    expect(await platformBalance(pool, 'platform_revenue')).toBe(revenue + captured / 5);
  });

  it('keeps every sum exact under a mixed storm of recharges, holds, captures, releases and refunds', async () => {
    const customers = await Promise.all(Array.from({ length: 5 }, () => make.user(pool)));
    const astrologerId = await make.astrologer(pool);
    const consultations = await Promise.all(customers.map((c) => make.consultation(pool, c, astrologerId)));
    const before = {
      revenue: await platformBalance(pool, 'platform_revenue'), tax: await platformBalance(pool, 'tax_payable'),
      clearing: await platformBalance(pool, 'gateway_clearing'), earnings: (await accountBalance(pool, astrologerId, 'astrologer_earnings')).balance,
    };
    const paid = new Map<string, { amount: number; gst: number }>();
    const refunded = new Set<string>();
    let capturedTotal = 0;
    let commissionTotal = 0;

    const customerStorm = async (c: number) => {
      const userId = customers[c]!;
      const reference = { type: 'consultation' as const, id: consultations[c]! };
      for (let round = 0; round < 12; round++) {
        const amount = 1_000 + 137 * round + c;
        const gst = Math.round(amount * 0.18);
        const paymentId = randomUUID();
        await Promise.all([
          ledger.creditRecharge({ walletOwnerId: userId, amountPaise: amount, gstPaise: gst, paymentId }),
          ledger.creditRecharge({ walletOwnerId: userId, amountPaise: amount, gstPaise: gst, paymentId }),
        ]);
        paid.set(paymentId, { amount, gst });
        const holds = await settle(Array.from({ length: 3 }, (_, k) => ledger.placeHold({ walletOwnerId: userId, amountPaise: 700 + 31 * k, reference })));
        await Promise.all(holds.fulfilled.map(async (h, k) => {
          const capture = (k * 211 + round * 17) % (h.amountPaise + 1);
          const [result] = await Promise.all([
            ledger.captureHold({ holdId: h.holdId, capturePaise: capture, earningsOwnerId: astrologerId, commissionBps: 2500 }),
            k === 0 ? ledger.releaseHold(h.holdId) : Promise.resolve(null),
          ]);
          capturedTotal += result.capturedPaise;
          commissionTotal += result.platformPaise;
        }));
        if (round % 4 === 3) {
          const r = await ledger.refundRecharge({ paymentId }).catch((e: { code?: string }) => {
            if (e.code === 'refund_exceeds_balance') return null;
            throw e;
          });
          if (r?.newlyRefunded) refunded.add(paymentId);
        }
      }
    };
    await Promise.all(customers.map((_, c) => customerStorm(c)));

    const credited = [...paid].filter(([id]) => !refunded.has(id));
    const rechargeTotal = credited.reduce((sum, [, p]) => sum + p.amount, 0);
    const gstTotal = credited.reduce((sum, [, p]) => sum + p.gst, 0);
    const wallets = await Promise.all(customers.map((c) => ledger.balance(c)));
    expect(wallets.reduce((sum, w) => sum + w.balancePaise, 0)).toBe(rechargeTotal - capturedTotal);
    expect(wallets.every((w) => w.heldPaise === 0)).toBe(true);
    expect(await platformBalance(pool, 'tax_payable')).toBe(before.tax + gstTotal);
    expect(await platformBalance(pool, 'gateway_clearing')).toBe(before.clearing - rechargeTotal - gstTotal);
    expect(await platformBalance(pool, 'platform_revenue')).toBe(before.revenue + commissionTotal);
    expect((await accountBalance(pool, astrologerId, 'astrologer_earnings')).balance).toBe(before.earnings + capturedTotal - commissionTotal);
  });
});
