import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asService, type Tx } from '@ap/db';
import { testDb, type TestDb } from '../../../test/support/db.js';

let db: TestDb;
let wallet: string;
let consultation: string;
beforeAll(async () => {
  db = await testDb();
  await asService(db.pool, async (tx) => {
    const u = await tx.query<{ id: string }>(`INSERT INTO identities (kind, phone, roles) VALUES ('user', '+919811111111', '{user}') RETURNING id`);
    const a = await tx.query<{ id: string }>(`INSERT INTO identities (kind, phone, roles) VALUES ('astrologer', '+919822222222', '{astrologer}') RETURNING id`);
    await tx.query(`INSERT INTO users (id, name) VALUES ($1, 'U')`, [u.rows[0]!.id]);
    await tx.query(`INSERT INTO astrologers (id, display_name) VALUES ($1, 'A')`, [a.rows[0]!.id]);
    wallet = (await tx.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE owner_id = $1`, [u.rows[0]!.id])).rows[0]!.id;
    consultation = (await tx.query<{ id: string }>(
      `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise) VALUES ($1, $2, 'chat', 'instant', 'active', 100) RETURNING id`,
      [u.rows[0]!.id, a.rows[0]!.id])).rows[0]!.id;
    await tx.query(`INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind)
                    SELECT id, $1, 1000, 'recharge' FROM ledger_accounts WHERE kind = 'gateway_clearing'`, [wallet]);
  });
});
afterAll(() => db.close());

const held = async () => (await db.pool.query<{ held_paise: number }>('SELECT held_paise FROM ledger_accounts WHERE id = $1', [wallet])).rows[0]!.held_paise;
const placeHold = (tx: Tx, amount: number) =>
  tx.query<{ id: string }>(`INSERT INTO ledger_holds (account_id, amount_paise, reference_type, reference_id) VALUES ($1, $2, 'consultation', $3) RETURNING id`,
    [wallet, amount, consultation]).then((r) => r.rows[0]!.id);

describe('ledger holds', () => {
  it('reserve funds on the wallet and free them as they are captured or released', async () => {
    const hold = await asService(db.pool, (tx) => placeHold(tx, 700));
    expect(await held()).toBe(700);
    await asService(db.pool, (tx) => tx.query('UPDATE ledger_holds SET captured_paise = 300 WHERE id = $1', [hold]));
    expect(await held()).toBe(400);
    await asService(db.pool, (tx) => tx.query(`UPDATE ledger_holds SET released_paise = 400, status = 'settled', settled_at = now() WHERE id = $1`, [hold]));
    expect(await held()).toBe(0);
  });

  it('cannot reserve more than the available balance', async () => {
    await expect(asService(db.pool, (tx) => placeHold(tx, 1001))).rejects.toThrow(/violates check constraint/);
    expect(await held()).toBe(0);
  });

  it('cannot settle for other than the amount held, change once settled, or be deleted', async () => {
    const hold = await asService(db.pool, (tx) => placeHold(tx, 500));
    await expect(asService(db.pool, (tx) => tx.query(`UPDATE ledger_holds SET captured_paise = 100, status = 'settled', settled_at = now() WHERE id = $1`, [hold]))).rejects.toThrow(/check constraint/);
    await expect(asService(db.pool, (tx) => tx.query('UPDATE ledger_holds SET captured_paise = 600 WHERE id = $1', [hold]))).rejects.toThrow(/check constraint/);
    await asService(db.pool, (tx) => tx.query(`UPDATE ledger_holds SET released_paise = 500, status = 'settled', settled_at = now() WHERE id = $1`, [hold]));
    await expect(asService(db.pool, (tx) => tx.query('UPDATE ledger_holds SET released_paise = 0, captured_paise = 500 WHERE id = $1', [hold]))).rejects.toThrow(/settled hold cannot change/);
    await expect(asService(db.pool, (tx) => tx.query('DELETE FROM ledger_holds WHERE id = $1', [hold]))).rejects.toThrow(/never deleted/);
    expect(await held()).toBe(0);
  });
});
