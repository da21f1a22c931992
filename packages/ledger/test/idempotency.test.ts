import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '@ap/core';
import { createPool, type Pool } from '@ap/db';
import { checkInvariants, createLedgerService, creditRecharge, hashRequest, placeHold, withIdempotency, type LedgerService } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { make, settle } from './make.js';

let db: TestDb;
let pool: Pool;
let ledger: LedgerService;
beforeAll(async () => {
  db = await testDb();
  pool = createPool({ connectionString: db.url, max: 20 });
  ledger = createLedgerService({ pool });
});
afterEach(async () => {
  expect(await checkInvariants(pool)).toEqual([]);
});
afterAll(async () => {
  await pool.end();
  await db.close();
});

const newKey = () => randomBytes(12).toString('hex');

async function customerWithSession(fundPaise: number) {
  const { userId } = await make.fundedUser(pool, fundPaise);
  const astrologerId = await make.astrologer(pool);
  const consultationId = await make.consultation(pool, userId, astrologerId);
  return { userId, body: { walletOwnerId: userId, amountPaise: 1_000, reference: { type: 'consultation' as const, id: consultationId } } };
}

describe('withIdempotency', () => {
  it('runs the operation once and replays its first result', async () => {
    const { userId, body } = await customerWithSession(10_000);
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest({ route: 'POST /holds', body }) };
    let runs = 0;
    const hold = () => withIdempotency(pool, scope, (tx) => { runs++; return placeHold(tx, body); });
    const first = await hold();
    expect(await hold()).toEqual(first);
    expect(runs).toBe(1);
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 1_000 });
    await ledger.releaseHold(first.holdId);
  });

  it('refuses the same key with different parameters', async () => {
    const { userId, body } = await customerWithSession(10_000);
    const key = newKey();
    const first = await withIdempotency(pool, { identityId: userId, key, requestHash: hashRequest(body) }, (tx) => placeHold(tx, body));
    const other = { ...body, amountPaise: 2_000 };
    const err = await withIdempotency(pool, { identityId: userId, key, requestHash: hashRequest(other) }, (tx) => placeHold(tx, other)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({ kind: 'unprocessable', code: 'idempotency_key_reused' });
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 1_000 });
    await ledger.releaseHold(first.holdId);
  });

  it('executes one of 20 parallel uses of a key and gives all 20 the same response', async () => {
    const { userId, body } = await customerWithSession(10_000);
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest(body) };
    let runs = 0;
    const responses = await Promise.all(Array.from({ length: 20 }, () =>
      withIdempotency(pool, scope, (tx) => { runs++; return placeHold(tx, body); })));
    expect(runs).toBe(1);
    expect(new Set(responses.map((r) => JSON.stringify(r))).size).toBe(1);
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ledger_holds WHERE reference_id = $1`, [body.reference.id]);
    expect(rows[0].n).toBe(1);
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 1_000 });
    await ledger.releaseHold(responses[0]!.holdId);
  });

  it('stores a refusal too, and replays it without running again', async () => {
    const { userId, body } = await customerWithSession(500);
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest(body) };
    let runs = 0;
    const hold = () => withIdempotency(pool, scope, (tx) => { runs++; return placeHold(tx, body); });
    const first = await hold().catch((e: unknown) => e);
    const replay = await hold().catch((e: unknown) => e);
    expect(first).toMatchObject({ kind: 'payment_required', code: 'insufficient_balance', extra: { shortfallPaise: 500 } });
    expect(replay).toBeInstanceOf(DomainError);
    expect(replay).toMatchObject({ kind: 'payment_required', code: 'insufficient_balance', message: (first as Error).message, extra: { shortfallPaise: 500 } });
    expect(runs).toBe(1);
  });

  it('undoes the writes of a refused operation while keeping the refusal', async () => {
    const { userId, body } = await customerWithSession(10_000);
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest(body) };
    const err = await withIdempotency(pool, scope, async (tx) => {
      await placeHold(tx, body);
      throw new DomainError('conflict', 'session_already_started', 'too late');
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'session_already_started' });
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 0 });
    const { rows } = await pool.query(`SELECT response FROM idempotency_keys WHERE identity_id = $1 AND key = $2`, [userId, scope.key]);
    expect(rows[0].response).toMatchObject({ ok: false, error: { code: 'session_already_started' } });
  });

  it('forgets a key whose operation crashed, so the client can retry', async () => {
    const { userId, body } = await customerWithSession(10_000);
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest(body) };
    await expect(withIdempotency(pool, scope, async (tx) => {
      await placeHold(tx, body);
      throw new Error('connection reset');
    })).rejects.toThrow('connection reset');
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 0 });
    const retried = await withIdempotency(pool, scope, (tx) => placeHold(tx, body));
    expect(await ledger.balance(userId)).toMatchObject({ heldPaise: 1_000 });
    await ledger.releaseHold(retried.holdId);
  });

  it('keeps one identity\'s keys apart from another\'s', async () => {
    const a = await make.user(pool);
    const b = await make.user(pool);
    const key = newKey();
    expect(await withIdempotency(pool, { identityId: a, key, requestHash: 'x' }, async () => ({ who: 'a' }))).toEqual({ who: 'a' });
    expect(await withIdempotency(pool, { identityId: b, key, requestHash: 'y' }, async () => ({ who: 'b' }))).toEqual({ who: 'b' });
  });

  it('refuses keys shorter than 8 or longer than 200 characters', async () => {
    const a = await make.user(pool);
    for (const key of ['short', 'k'.repeat(201)]) {
      await expect(withIdempotency(pool, { identityId: a, key, requestHash: 'x' }, async () => 1)).rejects.toMatchObject({ code: 'invalid_idempotency_key' });
    }
  });

  it('returns the stored JSON even to the first caller', async () => {
    const a = await make.user(pool);
    const scope = { identityId: a, key: newKey(), requestHash: 'x' };
    const first = await withIdempotency(pool, scope, async () => ({ at: new Date('2026-01-01T00:00:00Z'), nothing: undefined }));
    expect(first).toEqual({ at: '2026-01-01T00:00:00.000Z' });
    expect(await withIdempotency(pool, scope, async () => ({ other: true }))).toEqual(first);
  });
});

describe('hashRequest', () => {
  it('ignores the order of object keys but not of array items', () => {
    expect(hashRequest({ a: 1, b: { c: 2, d: [1, 2] } })).toBe(hashRequest({ b: { d: [1, 2], c: 2 }, a: 1 }));
    expect(hashRequest({ d: [1, 2] })).not.toBe(hashRequest({ d: [2, 1] }));
    expect(hashRequest({ amountPaise: 100 })).not.toBe(hashRequest({ amountPaise: 101 }));
  });
});

describe('idempotent recharge credit under parallel retries', () => {
  it('moves money once for 20 parallel requests with one key', async () => {
    const userId = await make.user(pool);
    const body = { walletOwnerId: userId, amountPaise: 3_000, gstPaise: 540, paymentId: randomUUID() };
    const scope = { identityId: userId, key: newKey(), requestHash: hashRequest(body) };
    const { fulfilled, rejected } = await settle(Array.from({ length: 20 }, () =>
      withIdempotency(pool, scope, (tx) => creditRecharge(tx, body))));
    expect(rejected).toEqual([]);
    expect(fulfilled.every((r) => r.newlyCredited)).toBe(true);
    expect((await ledger.balance(userId)).balancePaise).toBe(3_000);
  });
});
