import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, asService, type JwtClaims, type Pool, type Tx } from '@ap/db';
import { testDb, type TestDb } from '../../../test/support/db.js';

const DENIED = /row-level security|permission denied/;

let db: TestDb;
let pool: Pool;

// ---------------------------------------------------------------------------------------------------------
// Factories: service-role inserts with defaults, overrides and unique values.

const randomPhone = () => `+91${randomInt(6, 10)}${String(randomInt(0, 1e9)).padStart(9, '0')}`;

const make = {
  async identity(kind: 'user' | 'astrologer'): Promise<string> {
    return asService(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id', [kind, randomPhone(), [kind]]);
      return rows[0]!.id;
    });
  },
  async user(name = 'Test User'): Promise<string> {
    const id = await make.identity('user');
    await asService(pool, (tx) => tx.query('INSERT INTO users (id, name) VALUES ($1, $2)', [id, name]));
    return id;
  },
  async astrologer(opts: { status?: 'pending' | 'approved' | 'suspended'; name?: string } = {}): Promise<string> {
    const id = await make.identity('astrologer');
    const status = opts.status ?? 'approved';
    await asService(pool, (tx) => tx.query(
      `INSERT INTO astrologers (id, display_name, status, approved_at, price_chat_paise)
       VALUES ($1, $2, $3, CASE WHEN $3 = 'approved' THEN now() END, 2000)`,
      [id, opts.name ?? 'Test Astrologer', status]));
    return id;
  },
  async consultation(userId: string, astrologerId: string, status = 'completed'): Promise<string> {
    return asService(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise)
         VALUES ($1, $2, 'chat', 'instant', $3, 2000) RETURNING id`, [userId, astrologerId, status]);
      return rows[0]!.id;
    });
  },
  async message(consultationId: string, senderId: string, body = 'namaste'): Promise<string> {
    return asService(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        'INSERT INTO messages (consultation_id, sender_id, client_msg_id, body) VALUES ($1, $2, $3, $4) RETURNING id',
        [consultationId, senderId, randomUUID(), body]);
      return rows[0]!.id;
    });
  },
  async notification(recipientId: string): Promise<string> {
    return asService(pool, async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO notifications (recipient_id, kind, title) VALUES ($1, 'test', 'Hello') RETURNING id`, [recipientId]);
      return rows[0]!.id;
    });
  },
};

const accountOf = async (ownerId: string, kind = 'user_wallet'): Promise<string> => {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM ledger_accounts WHERE owner_id = $1 AND kind = $2', [ownerId, kind]);
  return rows[0]!.id;
};
const platformAccount = async (kind: 'gateway_clearing' | 'platform_revenue' | 'tax_payable'): Promise<string> => {
  const { rows } = await pool.query<{ id: string }>('SELECT id FROM ledger_accounts WHERE kind = $1 AND owner_id IS NULL', [kind]);
  return rows[0]!.id;
};
const post = (tx: Tx, from: string, to: string, amountPaise: number, kind = 'adjustment') =>
  tx.query('INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind) VALUES ($1, $2, $3, $4) RETURNING id',
    [from, to, amountPaise, kind]);

// ---------------------------------------------------------------------------------------------------------
// Callers. Every caller transaction is rolled back, so one test's writes never leak into another's.

const customer = (sub: string): JwtClaims => ({ sub, role: 'authenticated', app_metadata: { roles: ['user'] } });
const astrologer = (sub: string): JwtClaims => ({ sub, role: 'authenticated', app_metadata: { roles: ['astrologer'] } });

class Rollback { constructor(readonly value: unknown) {} }

async function as<T>(claims: JwtClaims | null, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    await asCaller(pool, claims, async (tx) => { throw new Rollback(await fn(tx)); });
  } catch (err) {
    if (err instanceof Rollback) return err.value as T;
    throw err;
  }
  throw new Error('unreachable');
}

const ids = async (claims: JwtClaims | null, sql: string, params: unknown[] = []): Promise<string[]> =>
  as(claims, async (tx) => (await tx.query<{ id: string }>(sql, params)).rows.map((r) => r.id).sort());

const affected = async (claims: JwtClaims | null, sql: string, params: unknown[] = []): Promise<number | null> =>
  as(claims, async (tx) => (await tx.query(sql, params)).rowCount);

// ---------------------------------------------------------------------------------------------------------
// The cast: customers A and B; approved astrologers X and Y; pending astrologer P. A consulted X (one completed,
// one active); B consulted Y twice and reviewed the first.

let A: string, B: string, X: string, Y: string, P: string;
let cAX: string, cAXActive: string, cBY: string, cBYUnreviewed: string;
let msgAX: string, msgXA: string, msgBY: string, msgYB: string;
let reviewBY: string;
let noteA: string, noteB: string;
let walletA: string, walletB: string, earningsX: string, earningsY: string;
let holdA: string, holdB: string;

beforeAll(async () => {
  db = await testDb();
  pool = db.pool;
  [A, B, X, Y, P] = await Promise.all([make.user('Asha'), make.user('Bala'), make.astrologer({ name: 'Xavier' }), make.astrologer({ name: 'Yamini' }), make.astrologer({ status: 'pending', name: 'Pending' })]);
  [cAX, cAXActive, cBY, cBYUnreviewed] = await Promise.all([make.consultation(A, X), make.consultation(A, X, 'active'), make.consultation(B, Y), make.consultation(B, Y)]);
  [msgAX, msgXA, msgBY, msgYB] = await Promise.all([make.message(cAX, A), make.message(cAX, X), make.message(cBY, B), make.message(cBY, Y)]);
  [noteA, noteB] = await Promise.all([make.notification(A), make.notification(B)]);
  [walletA, walletB, earningsX, earningsY] = await Promise.all([accountOf(A), accountOf(B), accountOf(X, 'astrologer_earnings'), accountOf(Y, 'astrologer_earnings')]);
  const gateway = await platformAccount('gateway_clearing');

  await asService(pool, async (tx) => {
    await tx.query(`INSERT INTO specialties (slug, name) VALUES ('vedic', 'Vedic'), ('tarot', 'Tarot'), ('numerology', 'Numerology')`);
    await tx.query(`INSERT INTO astrologer_specialties VALUES ($1, 'vedic'), ($2, 'tarot'), ($3, 'numerology')`, [X, Y, P]);
    reviewBY = (await tx.query<{ id: string }>(
      `INSERT INTO reviews (consultation_id, user_id, astrologer_id, rating, comment) VALUES ($1, $2, $3, 4, 'good') RETURNING id`, [cBY, B, Y])).rows[0]!.id;
    await tx.query('INSERT INTO favorites (user_id, astrologer_id) VALUES ($1, $2), ($3, $4)', [A, X, B, Y]);
    await post(tx, gateway, walletA, 50_000, 'recharge');
    await post(tx, gateway, walletB, 30_000, 'recharge');
    await post(tx, walletA, earningsX, 4_000, 'capture');
    await post(tx, walletB, earningsY, 6_000, 'capture');
    const hold = `INSERT INTO ledger_holds (account_id, amount_paise, reference_type, reference_id) VALUES ($1, $2, 'consultation', $3) RETURNING id`;
    holdA = (await tx.query<{ id: string }>(hold, [walletA, 1_000, cAXActive])).rows[0]!.id;
    holdB = (await tx.query<{ id: string }>(hold, [walletB, 2_000, cBY])).rows[0]!.id;

    const phoneA = (await tx.query<{ phone: string }>('SELECT phone FROM identities WHERE id = $1', [A])).rows[0]!.phone;
    await tx.query(`INSERT INTO otp_codes (phone, kind, code_hash, expires_at) VALUES ($1, 'user', 'hash', now() + interval '5 minutes')`, [phoneA]);
    await tx.query(`INSERT INTO refresh_tokens (identity_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '30 days')`, [A, randomUUID(), randomUUID()]);
    await tx.query(`INSERT INTO sms_outbox (to_phone, body, provider) VALUES ($1, 'Your code is 123456', 'console')`, [phoneA]);
    await tx.query(`INSERT INTO idempotency_keys (identity_id, key, request_hash) VALUES ($1, $2, 'h')`, [A, randomUUID()]);
  });
});
afterAll(() => db.close());

// ---------------------------------------------------------------------------------------------------------

describe('row level security', () => {
  it('is enabled on every table in the public schema', async () => {
    const { rows } = await pool.query<{ relname: string }>(
      `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT c.relrowsecurity`);
    expect(rows.map((r) => r.relname)).toEqual([]);
  });

  it('keeps the app_meta schema out of reach of authenticated callers', async () => {
    await expect(as(customer(A), (tx) => tx.query('SELECT * FROM app_meta.schema_migrations'))).rejects.toThrow(/permission denied/);
  });
});

describe('identities (phone numbers)', () => {
  it('shows a caller their own identity and no one else’s', async () => {
    expect(await ids(customer(A), 'SELECT id FROM identities')).toEqual([A]);
  });

  it('never shows an astrologer the phone number of a customer they consulted', async () => {
    expect(await ids(astrologer(X), 'SELECT id FROM identities WHERE id = $1', [A])).toEqual([]);
  });

  it('refuses to let a caller change their own roles', async () => {
    await expect(affected(customer(A), `UPDATE identities SET roles = '{user,admin}' WHERE id = $1`, [A])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller create an identity', async () => {
    await expect(affected(customer(A), `INSERT INTO identities (kind, phone, roles) VALUES ('user', $1, '{admin}')`, [randomPhone()])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller delete an identity', async () => {
    await expect(affected(customer(A), 'DELETE FROM identities WHERE id = $1', [B])).rejects.toThrow(DENIED);
  });
});

describe('users (customer profiles)', () => {
  it('shows a customer their own profile only', async () => {
    expect(await ids(customer(A), 'SELECT id FROM users')).toEqual([A]);
  });

  it('shows an astrologer no customer profile, not even a client’s', async () => {
    expect(await ids(astrologer(X), 'SELECT id FROM users')).toEqual([]);
  });

  it('lets a customer edit their own profile', async () => {
    expect(await affected(customer(A), `UPDATE users SET name = 'Asha Devi' WHERE id = $1`, [A])).toBe(1);
  });

  it('changes no row when a customer edits another customer’s profile', async () => {
    expect(await affected(customer(A), `UPDATE users SET name = 'hijacked' WHERE id = $1`, [B])).toBe(0);
  });

  it('refuses to let a customer delete a profile', async () => {
    await expect(affected(customer(A), 'DELETE FROM users WHERE id = $1', [B])).rejects.toThrow(DENIED);
  });

  it('refuses to let a customer create a profile', async () => {
    await expect(affected(customer(A), `INSERT INTO users (id, name) VALUES ($1, 'x')`, [X])).rejects.toThrow(DENIED);
  });

  it('refuses to let a customer rewrite their own created_at', async () => {
    await expect(affected(customer(A), `UPDATE users SET created_at = now() - interval '10 years' WHERE id = $1`, [A])).rejects.toThrow(DENIED);
  });
});

describe('astrologers', () => {
  it('shows customers approved astrologers and hides unapproved ones', async () => {
    expect(await ids(customer(A), 'SELECT id FROM astrologers')).toEqual([X, Y].sort());
  });

  it('shows a pending astrologer their own profile', async () => {
    expect(await ids(astrologer(P), 'SELECT id FROM astrologers WHERE id = $1', [P])).toEqual([P]);
  });

  it('hides a pending astrologer from other astrologers', async () => {
    expect(await ids(astrologer(X), 'SELECT id FROM astrologers WHERE id = $1', [P])).toEqual([]);
  });

  it('lets an astrologer edit their own bio and prices', async () => {
    expect(await affected(astrologer(X), `UPDATE astrologers SET bio = 'Vedic since 1999', price_chat_paise = 3000 WHERE id = $1`, [X])).toBe(1);
  });

  it('changes no row when an astrologer edits another astrologer', async () => {
    expect(await affected(astrologer(X), `UPDATE astrologers SET bio = 'hijacked', price_chat_paise = 1 WHERE id = $1`, [Y])).toBe(0);
  });

  it('changes no row when a customer edits an astrologer', async () => {
    expect(await affected(customer(A), `UPDATE astrologers SET bio = 'hijacked' WHERE id = $1`, [X])).toBe(0);
  });

  it.each([
    ['status', `status = 'approved'`],
    ['approved_at', 'approved_at = now()'],
    ['verified', 'verified = true'],
    ['rating_avg', 'rating_avg = 5'],
    ['rating_count', 'rating_count = 1000'],
  ])('refuses to let an astrologer set their own %s', async (_, assignment) => {
    await expect(affected(astrologer(P), `UPDATE astrologers SET ${assignment} WHERE id = $1`, [P])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller create an astrologer profile', async () => {
    const id = await make.identity('astrologer');
    await expect(affected(astrologer(id), `INSERT INTO astrologers (id, display_name) VALUES ($1, 'x')`, [id])).rejects.toThrow(DENIED);
  });

  it('refuses to let an astrologer delete a profile', async () => {
    await expect(affected(astrologer(X), 'DELETE FROM astrologers WHERE id = $1', [X])).rejects.toThrow(DENIED);
  });
});

describe('astrologer_specialties', () => {
  it('shows the specialties of approved astrologers only', async () => {
    const { rows } = await as(customer(A), (tx) => tx.query<{ astrologer_id: string }>('SELECT astrologer_id FROM astrologer_specialties'));
    expect(rows.map((r) => r.astrologer_id).sort()).toEqual([X, Y].sort());
  });

  it('shows a pending astrologer their own specialties', async () => {
    const { rows } = await as(astrologer(P), (tx) => tx.query<{ specialty_slug: string }>('SELECT specialty_slug FROM astrologer_specialties WHERE astrologer_id = $1', [P]));
    expect(rows.map((r) => r.specialty_slug)).toEqual(['numerology']);
  });

  it('lets an astrologer add a specialty to their own profile', async () => {
    expect(await affected(astrologer(X), `INSERT INTO astrologer_specialties VALUES ($1, 'tarot')`, [X])).toBe(1);
  });

  it('refuses to let an astrologer add a specialty to another astrologer', async () => {
    await expect(affected(astrologer(X), `INSERT INTO astrologer_specialties VALUES ($1, 'vedic')`, [Y])).rejects.toThrow(DENIED);
  });

  it('changes no row when an astrologer removes another astrologer’s specialty', async () => {
    expect(await affected(astrologer(X), 'DELETE FROM astrologer_specialties WHERE astrologer_id = $1', [Y])).toBe(0);
  });

  it('refuses to let a caller create a specialty', async () => {
    await expect(affected(astrologer(X), `INSERT INTO specialties (slug, name) VALUES ('palmistry', 'Palmistry')`)).rejects.toThrow(DENIED);
  });
});

describe('consultations', () => {
  it('shows a customer their own consultations only', async () => {
    expect(await ids(customer(A), 'SELECT id FROM consultations')).toEqual([cAX, cAXActive].sort());
  });

  it('shows an astrologer their own consultations only', async () => {
    expect(await ids(astrologer(Y), 'SELECT id FROM consultations')).toEqual([cBY, cBYUnreviewed].sort());
  });

  it('refuses to let a party change a consultation’s state', async () => {
    await expect(affected(customer(A), `UPDATE consultations SET status = 'cancelled' WHERE id = $1`, [cAXActive])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller create a consultation', async () => {
    await expect(affected(customer(A),
      `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise) VALUES ($1, $2, 'chat', 'instant', 'completed', 0)`, [A, Y]))
      .rejects.toThrow(DENIED);
  });

  it('refuses to let a caller delete a consultation', async () => {
    await expect(affected(customer(A), 'DELETE FROM consultations WHERE id = $1', [cAX])).rejects.toThrow(DENIED);
  });
});

describe('messages', () => {
  it('shows both parties the messages of their consultation and none of another pair’s', async () => {
    expect(await ids(customer(A), 'SELECT id FROM messages')).toEqual([msgAX, msgXA].sort());
    expect(await ids(astrologer(X), 'SELECT id FROM messages')).toEqual([msgAX, msgXA].sort());
  });

  it('shows an outsider none of a consultation’s messages', async () => {
    expect(await ids(customer(B), 'SELECT id FROM messages WHERE consultation_id = $1', [cAX])).toEqual([]);
  });

  it('lets a party send a message as themselves', async () => {
    expect(await affected(customer(A), `INSERT INTO messages (consultation_id, sender_id, client_msg_id, body) VALUES ($1, $2, $3, 'hi')`, [cAX, A, randomUUID()])).toBe(1);
  });

  it('refuses a message sent in the name of the other party', async () => {
    await expect(affected(customer(A), `INSERT INTO messages (consultation_id, sender_id, client_msg_id, body) VALUES ($1, $2, $3, 'forged')`, [cAX, X, randomUUID()]))
      .rejects.toThrow(DENIED);
  });

  it('refuses a message into a consultation the sender is not party to', async () => {
    await expect(affected(customer(A), `INSERT INTO messages (consultation_id, sender_id, client_msg_id, body) VALUES ($1, $2, $3, 'intruding')`, [cBY, A, randomUUID()]))
      .rejects.toThrow(DENIED);
  });

  it('lets the recipient mark a message read', async () => {
    expect(await affected(customer(A), 'UPDATE messages SET read_at = now() WHERE id = $1', [msgXA])).toBe(1);
  });

  it('changes no row when the sender marks their own message read', async () => {
    expect(await affected(customer(A), 'UPDATE messages SET read_at = now() WHERE id = $1', [msgAX])).toBe(0);
  });

  it('changes no row when an outsider marks another pair’s messages read', async () => {
    expect(await affected(customer(A), 'UPDATE messages SET read_at = now() WHERE id = ANY($1)', [[msgBY, msgYB]])).toBe(0);
  });

  it('refuses to let a party rewrite a message body', async () => {
    await expect(affected(customer(A), `UPDATE messages SET body = 'edited' WHERE id = $1`, [msgAX])).rejects.toThrow(DENIED);
  });

  it('refuses to let a party delete a message', async () => {
    await expect(affected(customer(A), 'DELETE FROM messages WHERE id = $1', [msgAX])).rejects.toThrow(DENIED);
  });
});

describe('reviews', () => {
  const insertReview = `INSERT INTO reviews (consultation_id, user_id, astrologer_id, rating) VALUES ($1, $2, $3, 5)`;

  it('are public, even to anonymous visitors', async () => {
    expect(await ids(null, 'SELECT id FROM reviews')).toEqual([reviewBY]);
  });

  it('lets a customer review their own completed consultation', async () => {
    expect(await affected(customer(A), insertReview, [cAX, A, X])).toBe(1);
  });

  it('refuses a review written in another customer’s name', async () => {
    await expect(affected(customer(A), insertReview, [cAX, B, X])).rejects.toThrow(DENIED);
  });

  it('refuses a review of another customer’s consultation', async () => {
    await expect(affected(customer(A), insertReview, [cBYUnreviewed, A, Y])).rejects.toThrow(DENIED);
  });

  it('refuses a review of a consultation that is not completed', async () => {
    await expect(affected(customer(A), insertReview, [cAXActive, A, X])).rejects.toThrow(DENIED);
  });

  it('refuses a review aimed at an astrologer other than the consultation’s', async () => {
    await expect(affected(customer(A), insertReview, [cAX, A, Y])).rejects.toThrow(DENIED);
  });

  it('changes no row when a customer edits another customer’s review', async () => {
    expect(await affected(customer(A), 'UPDATE reviews SET rating = 1 WHERE id = $1', [reviewBY])).toBe(0);
  });

  it('refuses to let the reviewed astrologer delete a review', async () => {
    await expect(affected(astrologer(Y), 'DELETE FROM reviews WHERE id = $1', [reviewBY])).rejects.toThrow(DENIED);
  });
});

describe('favorites', () => {
  it('shows a customer their own favorites only', async () => {
    const { rows } = await as(customer(A), (tx) => tx.query<{ user_id: string; astrologer_id: string }>('SELECT user_id, astrologer_id FROM favorites'));
    expect(rows).toEqual([{ user_id: A, astrologer_id: X }]);
  });

  it('lets a customer add a favorite of their own', async () => {
    expect(await affected(customer(A), 'INSERT INTO favorites (user_id, astrologer_id) VALUES ($1, $2)', [A, Y])).toBe(1);
  });

  it('refuses a favorite added to another customer’s list', async () => {
    await expect(affected(customer(A), 'INSERT INTO favorites (user_id, astrologer_id) VALUES ($1, $2)', [B, X])).rejects.toThrow(DENIED);
  });

  it('changes no row when a customer removes another customer’s favorite', async () => {
    expect(await affected(customer(A), 'DELETE FROM favorites WHERE user_id = $1', [B])).toBe(0);
  });
});

describe('notifications', () => {
  it('shows a caller their own notifications only', async () => {
    expect(await ids(customer(A), 'SELECT id FROM notifications')).toEqual([noteA]);
  });

  it('lets a caller mark their own notification read', async () => {
    expect(await affected(customer(A), 'UPDATE notifications SET read_at = now() WHERE id = $1', [noteA])).toBe(1);
  });

  it('changes no row when a caller marks another’s notification read', async () => {
    expect(await affected(customer(A), 'UPDATE notifications SET read_at = now() WHERE id = $1', [noteB])).toBe(0);
  });

  it('refuses to let a caller rewrite a notification', async () => {
    await expect(affected(customer(A), `UPDATE notifications SET title = 'edited' WHERE id = $1`, [noteA])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller create a notification', async () => {
    await expect(affected(customer(A), `INSERT INTO notifications (recipient_id, kind, title) VALUES ($1, 'spam', 'Spam')`, [B])).rejects.toThrow(DENIED);
  });

  it('refuses to let a caller delete a notification', async () => {
    await expect(affected(customer(A), 'DELETE FROM notifications WHERE id = $1', [noteA])).rejects.toThrow(DENIED);
  });
});

describe('ledger visibility', () => {
  it('shows a customer their own wallet and no other account', async () => {
    expect(await ids(customer(A), 'SELECT id FROM ledger_accounts')).toEqual([walletA]);
  });

  it('shows an astrologer their own earnings account and no other account', async () => {
    expect(await ids(astrologer(X), 'SELECT id FROM ledger_accounts')).toEqual([earningsX]);
  });

  it('shows a customer only the transfers touching their wallet', async () => {
    const rows = await as(customer(A), async (tx) =>
      (await tx.query<{ debit_account_id: string; credit_account_id: string }>('SELECT debit_account_id, credit_account_id FROM ledger_transfers')).rows);
    expect(rows).toHaveLength(2);
    for (const t of rows) expect([t.debit_account_id, t.credit_account_id]).toContain(walletA);
  });

  it('shows an astrologer only the transfers into their earnings', async () => {
    const rows = await as(astrologer(Y), async (tx) =>
      (await tx.query<{ debit_account_id: string; credit_account_id: string; amount_paise: number }>('SELECT debit_account_id, credit_account_id, amount_paise FROM ledger_transfers')).rows);
    expect(rows).toEqual([{ debit_account_id: walletB, credit_account_id: earningsY, amount_paise: 6_000 }]);
  });

  it('shows a customer their own holds only', async () => {
    expect(await ids(customer(A), 'SELECT id FROM ledger_holds')).toEqual([holdA]);
    expect(await ids(customer(B), 'SELECT id FROM ledger_holds')).toEqual([holdB]);
  });

  it('refuses to let a customer post a transfer', async () => {
    await expect(as(customer(A), (tx) => post(tx, walletB, walletA, 100))).rejects.toThrow(DENIED);
  });

  it('refuses to let a customer change their own balance', async () => {
    await expect(affected(customer(A), 'UPDATE ledger_accounts SET balance_paise = 10000000 WHERE id = $1', [walletA])).rejects.toThrow(DENIED);
  });

  it('refuses to let a customer release their own hold', async () => {
    await expect(affected(customer(A), `DELETE FROM ledger_holds WHERE id = $1`, [holdA])).rejects.toThrow(DENIED);
  });
});

describe('service-only tables', () => {
  const SERVICE_ONLY = ['otp_codes', 'refresh_tokens', 'sms_outbox', 'idempotency_keys'];

  it('hold rows for the caller (so the checks below hide something real)', async () => {
    for (const table of SERVICE_ONLY) {
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(rows[0]!.n, table).toBeGreaterThan(0);
    }
  });

  it.each(SERVICE_ONLY)('%s cannot be read by an authenticated caller, even its owner', async (table) => {
    await expect(as(customer(A), (tx) => tx.query(`SELECT * FROM ${table}`))).rejects.toThrow(DENIED);
  });

  it.each(SERVICE_ONLY)('%s cannot be deleted from by an authenticated caller', async (table) => {
    await expect(as(customer(A), (tx) => tx.query(`DELETE FROM ${table}`))).rejects.toThrow(DENIED);
  });

  it.each([
    ['otp_codes', `INSERT INTO otp_codes (phone, kind, code_hash, expires_at) VALUES ('+919800000000', 'user', 'h', now())`],
    ['refresh_tokens', `INSERT INTO refresh_tokens (identity_id, family_id, token_hash, expires_at) VALUES (auth.uid(), gen_random_uuid(), 'h', now())`],
    ['sms_outbox', `INSERT INTO sms_outbox (to_phone, body, provider) VALUES ('+919800000000', 'b', 'console')`],
    ['idempotency_keys', `INSERT INTO idempotency_keys (identity_id, key, request_hash) VALUES (auth.uid(), 'key-12345678', 'h')`],
  ])('%s cannot be written by an authenticated caller, even for themselves', async (_, sql) => {
    await expect(as(customer(A), (tx) => tx.query(sql))).rejects.toThrow(DENIED);
  });

  it.each([
    ['otp_codes', 'UPDATE otp_codes SET failed_attempts = 0'],
    ['refresh_tokens', 'UPDATE refresh_tokens SET revoked_at = NULL'],
    ['sms_outbox', `UPDATE sms_outbox SET body = 'x'`],
    ['idempotency_keys', `UPDATE idempotency_keys SET request_hash = 'x'`],
  ])('%s cannot be updated by an authenticated caller', async (_, sql) => {
    await expect(as(customer(A), (tx) => tx.query(sql))).rejects.toThrow(DENIED);
  });
});

describe('anonymous visitors', () => {
  it('see approved astrologers only', async () => {
    expect(await ids(null, 'SELECT id FROM astrologers')).toEqual([X, Y].sort());
  });

  it('see the specialty catalogue and the specialties of approved astrologers', async () => {
    const slugs = await as(null, async (tx) => (await tx.query<{ slug: string }>('SELECT slug FROM specialties ORDER BY slug')).rows.map((r) => r.slug));
    expect(slugs).toEqual(['numerology', 'tarot', 'vedic']);
    const links = await as(null, async (tx) => (await tx.query<{ astrologer_id: string }>('SELECT astrologer_id FROM astrologer_specialties')).rows.map((r) => r.astrologer_id).sort());
    expect(links).toEqual([X, Y].sort());
  });

  it.each(['identities', 'users', 'consultations', 'messages', 'notifications', 'favorites', 'ledger_accounts'])('cannot read %s', async (table) => {
    await expect(as(null, (tx) => tx.query(`SELECT * FROM ${table}`))).rejects.toThrow(DENIED);
  });
});

describe('ledger constraints', () => {
  it('refuses a transfer that would take a wallet below zero', async () => {
    const user = await make.user();
    const wallet = await accountOf(user);
    const gateway = await platformAccount('gateway_clearing');
    const revenue = await platformAccount('platform_revenue');
    await asService(pool, (tx) => post(tx, gateway, wallet, 1_000, 'recharge'));

    await expect(asService(pool, (tx) => post(tx, wallet, revenue, 1_001))).rejects.toThrow(/violates check constraint/);

    const { rows } = await pool.query<{ balance_paise: number }>('SELECT balance_paise FROM ledger_accounts WHERE id = $1', [wallet]);
    expect(rows[0]!.balance_paise).toBe(1_000);
  });

  it('refuses a transfer that would spend funds reserved by a hold', async () => {
    const user = await make.user();
    const wallet = await accountOf(user);
    const gateway = await platformAccount('gateway_clearing');
    const revenue = await platformAccount('platform_revenue');
    await asService(pool, async (tx) => {
      await post(tx, gateway, wallet, 1_000, 'recharge');
      const consultation = await tx.query<{ id: string }>(
        `INSERT INTO consultations (user_id, astrologer_id, mode, kind, status, rate_paise)
         VALUES ($1, $2, 'chat', 'instant', 'active', 100) RETURNING id`, [user, await make.astrologer()]);
      await tx.query(`INSERT INTO ledger_holds (account_id, amount_paise, reference_type, reference_id) VALUES ($1, 600, 'consultation', $2)`,
        [wallet, consultation.rows[0]!.id]);
    });

    await expect(asService(pool, (tx) => post(tx, wallet, revenue, 401))).rejects.toThrow(/violates check constraint/);
    await expect(asService(pool, (tx) => post(tx, wallet, revenue, 400))).resolves.toBeDefined();
  });

  it('refuses to update a transfer, even as the service role', async () => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM ledger_transfers LIMIT 1');
    await expect(asService(pool, (tx) => tx.query('UPDATE ledger_transfers SET amount_paise = 1 WHERE id = $1', [rows[0]!.id]))).rejects.toThrow(/immutable/);
  });

  it('refuses to delete a transfer, even as the service role', async () => {
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM ledger_transfers LIMIT 1');
    await expect(asService(pool, (tx) => tx.query('DELETE FROM ledger_transfers WHERE id = $1', [rows[0]!.id]))).rejects.toThrow(/immutable/);
  });

  it('keeps every account balance equal to the sum of its transfers', async () => {
    const [user, astro] = await Promise.all([make.user(), make.astrologer()]);
    const [wallet, earnings] = await Promise.all([accountOf(user), accountOf(astro, 'astrologer_earnings')]);
    const [gateway, revenue, tax] = await Promise.all([platformAccount('gateway_clearing'), platformAccount('platform_revenue'), platformAccount('tax_payable')]);
    await asService(pool, async (tx) => {
      await post(tx, gateway, wallet, 10_000, 'recharge');
      await post(tx, gateway, tax, 1_800, 'gst');
      await post(tx, wallet, earnings, 3_000, 'capture');
      await post(tx, earnings, revenue, 600, 'commission');
      await post(tx, wallet, earnings, 1_500, 'capture');
    });

    const { rows } = await pool.query<{ id: string; balance_paise: number; net: number }>(`
      SELECT a.id, a.balance_paise,
             (SELECT coalesce(sum(amount_paise), 0) FROM ledger_transfers WHERE credit_account_id = a.id)
           - (SELECT coalesce(sum(amount_paise), 0) FROM ledger_transfers WHERE debit_account_id = a.id) AS net
      FROM ledger_accounts a`);
    for (const account of rows) expect(account.balance_paise, account.id).toBe(Number(account.net));
    const balances = new Map(rows.map((r) => [r.id, r.balance_paise]));
    expect(balances.get(wallet)).toBe(5_500);
    expect(balances.get(earnings)).toBe(3_900);
    expect(rows.reduce((sum, r) => sum + r.balance_paise, 0)).toBe(0);
  });
});
