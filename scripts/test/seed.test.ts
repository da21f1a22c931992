import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb, type TestDb } from '../../test/support/db.js';
import { DEMO } from '../lib/seed-data.js';
import { seed } from '../lib/seed.js';

let db: TestDb;
beforeAll(async () => {
  db = await testDb();
});
afterAll(() => db.close());

const count = async (sql: string) => Number((await db.pool.query<{ n: string }>(sql)).rows[0]!.n);

describe('demo data', () => {
  it('is idempotent: a second run inserts nothing twice', async () => {
    await seed(db.pool);
    const snapshot = async () => [
      await count('SELECT count(*) AS n FROM identities'), await count('SELECT count(*) AS n FROM astrologer_specialties'),
      await count('SELECT count(*) AS n FROM ledger_transfers'), await count('SELECT count(*) AS n FROM specialties'),
    ];
    const first = await snapshot();
    await seed(db.pool);
    expect(await snapshot()).toEqual(first);
  });

  it('has 30+ approved astrologers with varied specialties, languages, prices and cities', async () => {
    expect(await count(`SELECT count(*) AS n FROM astrologers WHERE status = 'approved'`)).toBeGreaterThanOrEqual(30);
    expect(await count('SELECT count(DISTINCT specialty_slug) AS n FROM astrologer_specialties')).toBe(12);
    expect(await count('SELECT count(DISTINCT city) AS n FROM astrologers')).toBeGreaterThanOrEqual(10);
    expect(await count('SELECT count(DISTINCT price_chat_paise) AS n FROM astrologers')).toBeGreaterThanOrEqual(5);
    expect(await count('SELECT count(DISTINCT l) AS n FROM astrologers, unnest(languages) l')).toBeGreaterThanOrEqual(8);
  });

  it('gives the demo customer a wallet credited through a balanced transfer, and makes an admin', async () => {
    const { rows } = await db.pool.query(
      `SELECT a.balance_paise FROM ledger_accounts a JOIN identities i ON i.id = a.owner_id WHERE i.phone = $1 AND a.kind = 'user_wallet'`,
      [DEMO.customer.phone],
    );
    expect(rows[0].balance_paise).toBe(DEMO.customerWalletPaise);
    expect(await count('SELECT sum(balance_paise) AS n FROM ledger_accounts')).toBe(0);
    const admin = await db.pool.query(`SELECT roles FROM identities WHERE phone = $1 AND kind = 'user'`, [DEMO.admin.phone]);
    expect(admin.rows[0].roles).toEqual(['user', 'admin']);
  });
});

describe('bulk catalogue for benchmarks', () => {
  it('tops the catalogue up to the requested size, once', async () => {
    const { seedBulkAstrologers } = await import('../lib/seed.js');
    await seed(db.pool);
    const before = await count(`SELECT count(*) AS n FROM astrologers WHERE status = 'approved'`);
    expect(await seedBulkAstrologers(db.pool, before + 150)).toBe(150);
    expect(await seedBulkAstrologers(db.pool, before + 150)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM astrologers WHERE status = 'approved'`)).toBe(before + 150);
    expect(await count(`SELECT count(*) AS n FROM astrologers WHERE search_text = ''`)).toBe(0);
  });
});
