import { randomInt, randomUUID } from 'node:crypto';
import { asService, type Pool } from '@ap/db';
import { creditRecharge } from '../src/index.js';

const randomPhone = () => `+91${randomInt(6, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;

/** Factories: rows inserted directly (the wallet and earnings accounts come from the tables' triggers). */
let slots = 0;

export const make = {
  async identity(pool: Pool, kind: 'user' | 'astrologer'): Promise<string> {
    const { rows } = await pool.query<{ id: string }>(
      'INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id', [kind, randomPhone(), [kind]]);
    return rows[0]!.id;
  },
  async user(pool: Pool, name = 'Test Customer'): Promise<string> {
    const id = await make.identity(pool, 'user');
    await pool.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
    return id;
  },
  async astrologer(pool: Pool, name = 'Test Astrologer'): Promise<string> {
    const id = await make.identity(pool, 'astrologer');
    await pool.query(`INSERT INTO astrologers (id, display_name, status, approved_at) VALUES ($1, $2, 'approved', now())`, [id, name]);
    return id;
  },
  /**
   * A consultation for holds to reference: a scheduled one, each in its own hour (one astrologer cannot have two live
   * instant sessions, nor a customer two open ones, so many at once must be bookings). 'active' means in progress.
   */
  async consultation(pool: Pool, userId: string, astrologerId: string, status = 'active'): Promise<string> {
    const slot = ++slots;
    const { rows } = await pool.query<{ id: string }>(
      `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, price_paise, scheduled_start, scheduled_end)
       VALUES ($1, $2, 'chat', 'scheduled', $3, 1000, now() + make_interval(hours => $4), now() + make_interval(hours => $4, mins => 30)) RETURNING id`,
      [userId, astrologerId, status === 'active' ? 'in_progress' : status, slot]);
    return rows[0]!.id;
  },
  /** A customer whose wallet was recharged with `paise` (18 % GST on top) through a payment. */
  async fundedUser(pool: Pool, paise: number): Promise<{ userId: string; paymentId: string }> {
    const userId = await make.user(pool);
    const paymentId = randomUUID();
    await asService(pool, (tx) => creditRecharge(tx, { walletOwnerId: userId, amountPaise: paise, gstPaise: Math.round(paise * 0.18), paymentId }));
    return { userId, paymentId };
  },
};

export async function platformBalance(pool: Pool, kind: 'platform_revenue' | 'tax_payable' | 'gateway_clearing'): Promise<number> {
  const { rows } = await pool.query<{ balance_paise: number }>('SELECT balance_paise FROM ledger_accounts WHERE kind = $1 AND owner_id IS NULL', [kind]);
  return rows[0]!.balance_paise;
}

export async function accountBalance(pool: Pool, ownerId: string, kind: 'user_wallet' | 'astrologer_earnings'): Promise<{ balance: number; held: number }> {
  const { rows } = await pool.query<{ balance: number; held: number }>(
    'SELECT balance_paise AS balance, held_paise AS held FROM ledger_accounts WHERE owner_id = $1 AND kind = $2', [ownerId, kind]);
  return rows[0]!;
}

/** Waits for every promise and splits the outcomes into values and rejection reasons. */
export async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    fulfilled: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    rejected: results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : [])),
  };
}
