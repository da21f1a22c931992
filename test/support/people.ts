import { randomUUID } from 'node:crypto';
import { asService, type Pool } from '@ap/db';
import { creditRecharge } from '@ap/ledger';
import type { Platform } from '@ap/platform';
import { randomPhone } from './app.js';

export interface Person {
  id: string;
  phone: string;
  token: string;
  auth: { Authorization: string };
}

/**
 * Factories for the people of a test, written straight to the database (sign-up itself is tested in the auth
 * package): a fresh identity per call, so tests never share an account. Money goes in through the ledger.
 */
export function people(pool: () => Pool, platform: () => Platform) {
  async function identity(kind: 'user' | 'astrologer', name: string, phone = randomPhone()): Promise<Person> {
    const { rows } = await pool().query<{ id: string }>(
      `INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id`, [kind, phone, [kind]]);
    const id = rows[0]!.id;
    if (kind === 'user') await pool().query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]);
    const token = await platform().tokens.sign({ id, kind, roles: [kind] });
    return { id, phone, token, auth: { Authorization: `Bearer ${token}` } };
  }

  return {
    identity,
    fund,
    /** A customer whose wallet holds `paise` (a verified recharge without GST). */
    async customer(paise = 100_000, opts: { name?: string; phone?: string } = {}): Promise<Person> {
      const c = await identity('user', opts.name ?? 'Asha Verma', opts.phone);
      if (paise > 0) await fund(c.id, paise);
      return c;
    },
    /** An approved astrologer, online, with per-minute prices (paise) for chat, call and video. */
    async astrologer(prices: { chat?: number; call?: number; video?: number } = {}, opts: { presence?: 'online' | 'offline'; name?: string } = {}): Promise<Person> {
      const name = opts.name ?? 'Pandit Ji';
      const a = await identity('astrologer', name);
      await pool().query(
        `INSERT INTO astrologers (id, display_name, status, approved_at, presence, price_chat_paise, price_call_paise, price_video_paise)
         VALUES ($1, $2, 'approved', now(), $3, $4, $5, $6)`,
        [a.id, name, opts.presence ?? 'online', prices.chat ?? 2_000, prices.call ?? 3_000, prices.video ?? 4_000]);
      return a;
    },
  };

  async function fund(ownerId: string, paise: number): Promise<void> {
    await asService(pool(), (tx) => creditRecharge(tx, { walletOwnerId: ownerId, amountPaise: paise, gstPaise: 0, paymentId: randomUUID() }));
  }
}

/** A ledger account's balance and held amount, straight from the table. */
export async function accountOf(pool: Pool, ownerId: string, kind: 'user_wallet' | 'astrologer_earnings' = 'user_wallet') {
  const { rows } = await pool.query<{ balance: number; held: number }>(
    'SELECT balance_paise::float8 AS balance, held_paise::float8 AS held FROM ledger_accounts WHERE owner_id = $1 AND kind = $2', [ownerId, kind]);
  return rows[0] ?? { balance: 0, held: 0 };
}

export async function platformBalance(pool: Pool, kind: 'platform_revenue' | 'promotional'): Promise<number> {
  const { rows } = await pool.query<{ b: number }>(`SELECT balance_paise::float8 AS b FROM ledger_accounts WHERE kind = $1 AND owner_id IS NULL`, [kind]);
  return rows[0]!.b;
}
