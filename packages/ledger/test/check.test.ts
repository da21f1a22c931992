import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService } from '@ap/db';
import { checkInvariants, checkLedger, createLedgerService, type LedgerService } from '../src/index.js';
import { testDb, type TestDb } from '../../../test/support/db.js';
import { make } from './make.js';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let db: TestDb;
let ledger: LedgerService;
beforeAll(async () => {
  db = await testDb();
  ledger = createLedgerService({ pool: db.pool });
});
afterAll(() => db.close());

/** Runs scripts/ledger-check.ts as `npm run ledger:check` would. */
async function ledgerCheck(env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  const { DATABASE_URL: _, ...rest } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/ledger-check.ts'], { cwd: REPO_ROOT, env: { ...rest, ...env } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const codes = async () => (await checkInvariants(db.pool)).map((v) => `${v.invariant}:${v.code}`).sort();

async function activeSession(fundPaise: number) {
  const { userId } = await make.fundedUser(db.pool, fundPaise);
  const astrologerId = await make.astrologer(db.pool);
  const consultationId = await make.consultation(db.pool, userId, astrologerId);
  const { holdId } = await ledger.placeHold({ walletOwnerId: userId, amountPaise: fundPaise, reference: { type: 'consultation', id: consultationId } });
  return { userId, astrologerId, consultationId, holdId };
}

describe('checkInvariants on a sound ledger', () => {
  it('finds nothing wrong after real activity', async () => {
    const s = await activeSession(5_000);
    await ledger.captureHold({ holdId: s.holdId, capturePaise: 2_000, earningsOwnerId: s.astrologerId, commissionBps: 3000 });
    await make.fundedUser(db.pool, 1_234);
    expect(await checkInvariants(db.pool)).toEqual([]);
    expect(await checkLedger(db.pool)).toMatchObject({ violations: [], transfers: 6, holds: 1 });
  });

  it('the ledger:check script prints the summary and exits 0', async () => {
    const { accounts, transfers } = await checkLedger(db.pool);
    const run = await ledgerCheck({ DATABASE_URL: db.url });
    expect(run).toMatchObject({ code: 0, stdout: `ledger: 5 invariants hold over ${accounts} accounts, ${transfers} transfers\n` });
  });

  it('the script exits 2 without DATABASE_URL', async () => {
    const run = await ledgerCheck({});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/DATABASE_URL is not set/);
  });
});

describe('checkInvariants reports what was broken on purpose', () => {
  it('an active hold for a consultation that has ended (invariant 5)', async () => {
    const s = await activeSession(1_000);
    await db.pool.query(`UPDATE consultations SET status = 'completed' WHERE id = $1`, [s.consultationId]);
    const violations = await checkInvariants(db.pool);
    expect(violations).toEqual([{ invariant: 5, code: 'held_after_end', subjectId: s.holdId, message: `hold ${s.holdId}: consultation ${s.consultationId} is completed` }]);
    await ledger.releaseHold(s.holdId);
    expect(await checkInvariants(db.pool)).toEqual([]);
  });

  it('a balance changed behind the ledger\'s back (invariants 1 and 3)', async () => {
    const { userId } = await make.fundedUser(db.pool, 1_000);
    await asService(db.pool, (tx) => tx.query(`UPDATE ledger_accounts SET balance_paise = balance_paise + 1 WHERE owner_id = $1`, [userId]));
    expect(await codes()).toEqual(['1:balances_do_not_sum_to_zero', '3:balance_mismatch']);
    await asService(db.pool, (tx) => tx.query(`UPDATE ledger_accounts SET balance_paise = balance_paise - 1 WHERE owner_id = $1`, [userId]));
    expect(await checkInvariants(db.pool)).toEqual([]);
  });

  it('a held amount that no hold explains (invariant 3)', async () => {
    const { userId } = await make.fundedUser(db.pool, 1_000);
    await db.pool.query(`UPDATE ledger_accounts SET held_paise = 300 WHERE owner_id = $1`, [userId]);
    expect(await codes()).toEqual(['3:held_mismatch']);
    await db.pool.query(`UPDATE ledger_accounts SET held_paise = 0 WHERE owner_id = $1`, [userId]);
    expect(await checkInvariants(db.pool)).toEqual([]);
  });

  // From here on the damage cannot be undone (transfers and settled holds are immutable): the rest of the file
  // runs on a broken ledger, and each test expects its own violation among the others.
  it('a recharge that names no payment (invariant 4)', async () => {
    const userId = await make.user(db.pool);
    await db.pool.query(
      `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind)
       SELECT g.id, w.id, 500, 'recharge' FROM ledger_accounts g, ledger_accounts w WHERE g.kind = 'gateway_clearing' AND w.owner_id = $1`, [userId]);
    expect(await codes()).toEqual(['4:recharge_without_payment']);
  });

  it('a hold marked captured with no money moved (invariant 5)', async () => {
    const s = await activeSession(800);
    await db.pool.query(`UPDATE ledger_holds SET captured_paise = 800, status = 'settled', settled_at = now() WHERE id = $1`, [s.holdId]);
    expect(await codes()).toEqual(['4:recharge_without_payment', '5:capture_not_transferred']);
  });

  it('a wallet below zero once its CHECK is gone (invariant 2)', async () => {
    const userId = await make.user(db.pool);
    await db.pool.query(`ALTER TABLE ledger_accounts DROP CONSTRAINT ledger_accounts_check1`);
    await db.pool.query(
      `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind)
       SELECT w.id, r.id, 100, 'adjustment' FROM ledger_accounts w, ledger_accounts r WHERE w.owner_id = $1 AND r.kind = 'platform_revenue'`, [userId]);
    expect(await codes()).toEqual(['2:negative_available_balance', '4:recharge_without_payment', '5:capture_not_transferred']);
  });

  it('the ledger:check script prints each violation and exits 1', async () => {
    const run = await ledgerCheck({ DATABASE_URL: db.url });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^invariant 2 negative_available_balance: wallet .+: balance -100 − held 0 < 0$/m);
    expect(run.stderr).toMatch(/^invariant 4 recharge_without_payment: /m);
    expect(run.stderr).toMatch(/^invariant 5 capture_not_transferred: /m);
    expect(run.stderr).toMatch(/^ledger: 3 violation\(s\) over \d+ accounts, \d+ transfers$/m);
  });
});
