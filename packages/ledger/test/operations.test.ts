import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@ap/core';
import { asService } from '@ap/db';
import { checkInvariants, createLedgerService, creditRecharge, placeHold, releaseHold, transfer, type LedgerService } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { accountBalance, make, platformBalance } from './make.js';

let db: TestDb;
let ledger: LedgerService;
beforeAll(async () => {
  db = await testDb();
  ledger = createLedgerService({ pool: db.pool });
});
afterEach(async () => {
  expect(await checkInvariants(db.pool)).toEqual([]);
});
afterAll(() => db.close());

const domainError = (code: string, extra: Record<string, unknown> = {}) =>
  expect.objectContaining({ name: 'DomainError', code, extra: expect.objectContaining(extra) });

describe('accounts', () => {
  it('finds the wallet a new customer got from the trigger', async () => {
    const userId = await make.user(db.pool);
    const { rows } = await db.pool.query(`SELECT id FROM ledger_accounts WHERE owner_id = $1 AND kind = 'user_wallet'`, [userId]);
    expect(await ledger.ensureAccount(userId, 'user_wallet')).toBe(rows[0].id);
  });

  it('creates a missing account once, however many ask at the same time', async () => {
    const identityId = await make.identity(db.pool, 'user'); // no users row yet, so no wallet
    const ids = await Promise.all(Array.from({ length: 5 }, () => ledger.ensureAccount(identityId, 'user_wallet')));
    expect(new Set(ids).size).toBe(1);
    const { rows } = await db.pool.query(`SELECT id FROM ledger_accounts WHERE owner_id = $1`, [identityId]);
    expect(rows).toEqual([{ id: ids[0] }]);
  });

  it('reports an empty wallet as zero, in rupees of India', async () => {
    const userId = await make.user(db.pool);
    expect(await ledger.balance(userId)).toEqual({ balancePaise: 0, heldPaise: 0, availablePaise: 0, currency: 'INR' });
  });

  it('answers 404 for the balance of an unknown owner', async () => {
    await expect(ledger.balance(randomUUID())).rejects.toEqual(domainError('account_not_found'));
  });
});

describe('transfer', () => {
  it('refuses to take a wallet below what it holds', async () => {
    const { userId } = await make.fundedUser(db.pool, 1_000);
    const astrologerId = await make.astrologer(db.pool);
    const wallet = await ledger.ensureAccount(userId, 'user_wallet');
    const earnings = await ledger.ensureAccount(astrologerId, 'astrologer_earnings');
    await ledger.placeHold({ walletOwnerId: userId, amountPaise: 600, reference: { type: 'consultation', id: await make.consultation(db.pool, userId, astrologerId) } })
      .then((h) => ledger.releaseHold(h.holdId));
    await expect(ledger.transfer({ debit: wallet, credit: earnings, amountPaise: 1_001, kind: 'adjustment', reference: null }))
      .rejects.toEqual(domainError('insufficient_balance', { shortfallPaise: 1 }));
    await ledger.transfer({ debit: wallet, credit: earnings, amountPaise: 1_000, kind: 'adjustment', reference: null });
    await ledger.transfer({ debit: earnings, credit: wallet, amountPaise: 1_000, kind: 'adjustment', reference: null });
    expect((await ledger.balance(userId)).balancePaise).toBe(1_000);
  });

  it('refuses a non-positive or fractional amount before touching the database', async () => {
    const a = randomUUID();
    const b = randomUUID();
    for (const amountPaise of [0, -5, 1.5]) {
      await expect(ledger.transfer({ debit: a, credit: b, amountPaise, kind: 'adjustment', reference: null })).rejects.toThrow();
    }
  });
});

describe('recharge', () => {
  it('credits the wallet with the amount and tax payable with the GST', async () => {
    const userId = await make.user(db.pool);
    const tax = await platformBalance(db.pool, 'tax_payable');
    const clearing = await platformBalance(db.pool, 'gateway_clearing');
    const paymentId = randomUUID();
    expect(await ledger.creditRecharge({ walletOwnerId: userId, amountPaise: 50_000, gstPaise: 9_000, paymentId }))
      .toEqual({ paymentId, walletOwnerId: userId, amountPaise: 50_000, gstPaise: 9_000, newlyCredited: true });
    expect(await ledger.balance(userId)).toEqual({ balancePaise: 50_000, heldPaise: 0, availablePaise: 50_000, currency: 'INR' });
    expect(await platformBalance(db.pool, 'tax_payable')).toBe(tax + 9_000);
    expect(await platformBalance(db.pool, 'gateway_clearing')).toBe(clearing - 59_000);
  });

  it('credits a payment once, however often it is reported', async () => {
    const userId = await make.user(db.pool);
    const input = { walletOwnerId: userId, amountPaise: 10_000, gstPaise: 1_800, paymentId: randomUUID() };
    await ledger.creditRecharge(input);
    expect(await ledger.creditRecharge(input)).toEqual({ ...input, newlyCredited: false });
    expect((await ledger.balance(userId)).balancePaise).toBe(10_000);
  });

  it('refuses the same payment with another amount or wallet', async () => {
    const userId = await make.user(db.pool);
    const otherId = await make.user(db.pool);
    const input = { walletOwnerId: userId, amountPaise: 10_000, gstPaise: 1_800, paymentId: randomUUID() };
    await ledger.creditRecharge(input);
    await expect(ledger.creditRecharge({ ...input, amountPaise: 20_000 })).rejects.toEqual(domainError('payment_credit_mismatch'));
    await expect(ledger.creditRecharge({ ...input, walletOwnerId: otherId })).rejects.toEqual(domainError('payment_credit_mismatch'));
    expect((await ledger.balance(otherId)).balancePaise).toBe(0);
  });

  it('is refused by the database itself a second time, even bypassing the service', async () => {
    const { userId, paymentId } = await make.fundedUser(db.pool, 1_000);
    const wallet = await ledger.ensureAccount(userId, 'user_wallet');
    await expect(asService(db.pool, async (tx) => {
      const clearing = (await tx.query(`SELECT id FROM ledger_accounts WHERE kind = 'gateway_clearing'`)).rows[0].id;
      await tx.query(`INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, reference_type, reference_id)
                      VALUES ($1, $2, 1000, 'recharge', 'payment', $3)`, [clearing, wallet, paymentId]);
    })).rejects.toThrow(/ledger_transfers_payment_once_idx/);
  });

  it('posts no GST transfer when none was charged', async () => {
    const userId = await make.user(db.pool);
    const paymentId = randomUUID();
    await ledger.creditRecharge({ walletOwnerId: userId, amountPaise: 700, gstPaise: 0, paymentId });
    const { rows } = await db.pool.query(`SELECT kind FROM ledger_transfers WHERE reference_id = $1`, [paymentId]);
    expect(rows).toEqual([{ kind: 'recharge' }]);
  });
});

describe('recharge refund', () => {
  it('reverses the amount and the GST, once', async () => {
    const { userId, paymentId } = await make.fundedUser(db.pool, 10_000);
    const tax = await platformBalance(db.pool, 'tax_payable');
    const first = await ledger.refundRecharge({ paymentId, memo: 'customer asked' });
    expect(first).toEqual({ paymentId, walletOwnerId: userId, amountPaise: 10_000, gstPaise: 1_800, newlyRefunded: true });
    expect(await ledger.refundRecharge({ paymentId })).toEqual({ ...first, newlyRefunded: false });
    expect((await ledger.balance(userId)).balancePaise).toBe(0);
    expect(await platformBalance(db.pool, 'tax_payable')).toBe(tax - 1_800);
  });

  it('is refused when the money was spent or is held', async () => {
    const { userId, paymentId } = await make.fundedUser(db.pool, 10_000);
    const astrologerId = await make.astrologer(db.pool);
    const { holdId } = await ledger.placeHold({ walletOwnerId: userId, amountPaise: 2_500, reference: { type: 'consultation', id: await make.consultation(db.pool, userId, astrologerId) } });
    await expect(ledger.refundRecharge({ paymentId })).rejects.toEqual(domainError('refund_exceeds_balance', { shortfallPaise: 2_500 }));
    await ledger.releaseHold(holdId);
    await ledger.refundRecharge({ paymentId });
  });

  it('answers 404 for a payment never credited', async () => {
    await expect(ledger.refundRecharge({ paymentId: randomUUID() })).rejects.toEqual(domainError('payment_not_credited'));
  });
});

describe('holds', () => {
  async function session(fundPaise: number) {
    const { userId } = await make.fundedUser(db.pool, fundPaise);
    const astrologerId = await make.astrologer(db.pool);
    const consultationId = await make.consultation(db.pool, userId, astrologerId);
    return { userId, astrologerId, consultationId, reference: { type: 'consultation' as const, id: consultationId } };
  }

  it('reserves funds, lowering what is available but not the balance', async () => {
    const s = await session(10_000);
    const hold = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 4_000, reference: s.reference });
    expect(hold).toEqual({ holdId: expect.any(String), amountPaise: 4_000, availablePaise: 6_000 });
    expect(await ledger.balance(s.userId)).toEqual({ balancePaise: 10_000, heldPaise: 4_000, availablePaise: 6_000, currency: 'INR' });
    await ledger.releaseHold(hold.holdId);
  });

  it('refuses a hold larger than the available balance, with the shortfall', async () => {
    const s = await session(1_000);
    const first = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 700, reference: s.reference });
    const err = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 500, reference: s.reference }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'payment_required', code: 'insufficient_balance', extra: { shortfallPaise: 200 } });
    await ledger.releaseHold(first.holdId);
  });

  it('captures into earnings and platform revenue and releases the rest', async () => {
    const s = await session(10_000);
    const revenue = await platformBalance(db.pool, 'platform_revenue');
    const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 5_000, reference: s.reference });
    const settled = await ledger.captureHold({ holdId, capturePaise: 3_001, earningsOwnerId: s.astrologerId, commissionBps: 3000 });
    expect(settled).toEqual({
      holdId, walletOwnerId: s.userId, consultationId: s.consultationId, amountPaise: 5_000, capturedPaise: 3_001, releasedPaise: 1_999,
      earningsPaise: 2_101, platformPaise: 900, earningsOwnerId: s.astrologerId, settledAt: expect.any(String),
    });
    expect(await ledger.balance(s.userId)).toMatchObject({ balancePaise: 6_999, heldPaise: 0, availablePaise: 6_999 });
    expect(await accountBalance(db.pool, s.astrologerId, 'astrologer_earnings')).toEqual({ balance: 2_101, held: 0 });
    expect(await platformBalance(db.pool, 'platform_revenue')).toBe(revenue + 900);
  });

  it('returns the same settlement when a settled hold is captured or released again', async () => {
    const s = await session(10_000);
    const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 5_000, reference: s.reference });
    const first = await ledger.captureHold({ holdId, capturePaise: 2_000, earningsOwnerId: s.astrologerId, commissionBps: 2500 });
    expect(await ledger.captureHold({ holdId, capturePaise: 5_000, earningsOwnerId: s.astrologerId, commissionBps: 0 })).toEqual(first);
    expect(await ledger.releaseHold(holdId)).toEqual(first);
    expect((await ledger.balance(s.userId)).balancePaise).toBe(8_000);
  });

  it('returns from a capture exactly the settlement that reading it back gives, for a part, all or nothing', async () => {
    const s = await session(10_000);
    for (const [capturePaise, commissionBps] of [[700, 3000], [1_000, 10_000], [1_000, 0], [0, 3000]] as const) {
      const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
      const settled = await ledger.captureHold({ holdId, capturePaise, earningsOwnerId: s.astrologerId, commissionBps });
      expect(await ledger.releaseHold(holdId)).toEqual(settled); // a settled hold answers from the database
    }
  });

  it('captures the whole hold, or nothing at all', async () => {
    const s = await session(10_000);
    const a = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
    const b = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
    expect(await ledger.captureHold({ holdId: a.holdId, capturePaise: 1_000, earningsOwnerId: s.astrologerId, commissionBps: 10_000 }))
      .toMatchObject({ capturedPaise: 1_000, releasedPaise: 0, earningsPaise: 0, platformPaise: 1_000 });
    expect(await ledger.captureHold({ holdId: b.holdId, capturePaise: 0, earningsOwnerId: s.astrologerId, commissionBps: 3000 }))
      .toMatchObject({ capturedPaise: 0, releasedPaise: 1_000, earningsPaise: 0, platformPaise: 0 });
    expect((await ledger.balance(s.userId)).balancePaise).toBe(9_000);
  });

  it('refuses to capture more than was held', async () => {
    const s = await session(10_000);
    const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
    await expect(ledger.captureHold({ holdId, capturePaise: 1_001, earningsOwnerId: s.astrologerId, commissionBps: 3000 }))
      .rejects.toEqual(domainError('capture_exceeds_hold'));
    expect((await ledger.releaseHold(holdId)).releasedPaise).toBe(1_000);
  });

  it('answers 404 for an unknown hold', async () => {
    await expect(ledger.releaseHold(randomUUID())).rejects.toEqual(domainError('hold_not_found'));
  });

  it('settles in the caller\'s transaction, together with the consultation\'s end', async () => {
    const s = await session(10_000);
    const { holdId } = await ledger.placeHold({ walletOwnerId: s.userId, amountPaise: 1_000, reference: s.reference });
    await expect(asService(db.pool, async (tx) => {
      await tx.query(`UPDATE consultations SET status = 'completed' WHERE id = $1`, [s.consultationId]);
      await releaseHold(tx, holdId);
      throw new Error('crash before commit');
    })).rejects.toThrow('crash before commit');
    expect(await ledger.balance(s.userId)).toMatchObject({ heldPaise: 1_000 });
    await asService(db.pool, async (tx) => {
      await tx.query(`UPDATE consultations SET status = 'completed' WHERE id = $1`, [s.consultationId]);
      await releaseHold(tx, holdId);
    });
    expect(await ledger.balance(s.userId)).toMatchObject({ heldPaise: 0 });
  });
});

describe('transactions', () => {
  it('lists the history newest first with signed amounts, running balance, references and GST', async () => {
    const userId = await make.user(db.pool);
    const astrologerId = await make.astrologer(db.pool);
    const consultationId = await make.consultation(db.pool, userId, astrologerId);
    const pay1 = randomUUID();
    const pay2 = randomUUID();
    await ledger.creditRecharge({ walletOwnerId: userId, amountPaise: 10_000, gstPaise: 1_800, paymentId: pay1 });
    const { holdId } = await ledger.placeHold({ walletOwnerId: userId, amountPaise: 4_000, reference: { type: 'consultation', id: consultationId } });
    await ledger.captureHold({ holdId, capturePaise: 3_000, earningsOwnerId: astrologerId, commissionBps: 3000 });
    await ledger.creditRecharge({ walletOwnerId: userId, amountPaise: 5_000, gstPaise: 900, paymentId: pay2 });
    await ledger.refundRecharge({ paymentId: pay2 });

    const page = await ledger.transactions(userId);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map(({ id, createdAt, ...rest }) => rest)).toEqual([
      { type: 'refund', amountPaise: -5_000, balanceAfterPaise: 7_000, reference: { type: 'payment', id: pay2 }, memo: null, gst: { gstPaise: 900, totalPaise: 5_900 } },
      { type: 'recharge', amountPaise: 5_000, balanceAfterPaise: 12_000, reference: { type: 'payment', id: pay2 }, memo: null, gst: { gstPaise: 900, totalPaise: 5_900 } },
      { type: 'capture', amountPaise: -3_000, balanceAfterPaise: 7_000, reference: { type: 'consultation', id: consultationId }, memo: null, gst: null },
      { type: 'recharge', amountPaise: 10_000, balanceAfterPaise: 10_000, reference: { type: 'payment', id: pay1 }, memo: null, gst: { gstPaise: 1_800, totalPaise: 11_800 } },
    ]);

    const earnings = await ledger.transactions(astrologerId, {}, 'astrologer_earnings');
    expect(earnings.items.map((e) => [e.type, e.amountPaise, e.balanceAfterPaise])).toEqual([['commission', -900, 2_100], ['capture', 3_000, 3_000]]);
  });

  it('pages by cursor without gaps or repeats', async () => {
    const userId = await make.user(db.pool);
    for (let i = 1; i <= 7; i++) await ledger.creditRecharge({ walletOwnerId: userId, amountPaise: i * 100, gstPaise: 0, paymentId: randomUUID() });
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await ledger.transactions(userId, { limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.amountPaise));
      expect(page.items.length).toBeLessThanOrEqual(3);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([700, 600, 500, 400, 300, 200, 100]);
  });

  it('refuses a forged cursor as invalid', async () => {
    const userId = await make.user(db.pool);
    await expect(ledger.transactions(userId, { cursor: 'bm9wZQ' })).rejects.toEqual(domainError('invalid_cursor'));
    await expect(ledger.transactions(userId, { cursor: Buffer.from('[-4]').toString('base64url') })).rejects.toEqual(domainError('invalid_cursor'));
  });
});

describe('operations in a caller\'s transaction', () => {
  it('commit or vanish with the caller\'s other writes', async () => {
    const userId = await make.user(db.pool);
    await expect(asService(db.pool, async (tx) => {
      await creditRecharge(tx, { walletOwnerId: userId, amountPaise: 1_000, gstPaise: 180, paymentId: randomUUID() });
      throw new Error('order update failed');
    })).rejects.toThrow('order update failed');
    expect((await ledger.balance(userId)).balancePaise).toBe(0);
  });

  it('use one primitive for any posting', async () => {
    const { userId } = await make.fundedUser(db.pool, 500);
    const astrologerId = await make.astrologer(db.pool);
    const consultationId = await make.consultation(db.pool, userId, astrologerId);
    const { holdId } = await asService(db.pool, (tx) => placeHold(tx, { walletOwnerId: userId, amountPaise: 500, reference: { type: 'consultation', id: consultationId } }));
    await expect(asService(db.pool, async (tx) => transfer(tx, {
      debit: await ledger.ensureAccount(userId, 'user_wallet'), credit: await ledger.ensureAccount(astrologerId, 'astrologer_earnings'),
      amountPaise: 1, kind: 'adjustment', reference: null,
    }))).rejects.toEqual(domainError('insufficient_balance', { shortfallPaise: 1 }));
    await ledger.releaseHold(holdId);
  });
});
