import { asService, type Pool } from '@ap/db';
import { DEMO, seedAstrologers, SPECIALTIES } from './seed-data.js';

/**
 * Idempotent demo data: specialties, an admin, a demo customer with wallet credit, 32 approved astrologers.
 * Identities are keyed by phone; a second run inserts nothing twice and leaves user edits alone.
 */
export async function seed(pool: Pool): Promise<{ astrologers: number }> {
  const astrologers = seedAstrologers();
  await asService(pool, async (tx) => {
    await tx.query(
      `INSERT INTO specialties (slug, name) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT (slug) DO NOTHING`,
      [SPECIALTIES.map((s) => s[0]), SPECIALTIES.map((s) => s[1])],
    );

    const ensureIdentity = async (kind: 'user' | 'astrologer', phone: string, roles: string[]) => {
      const { rows } = await tx.query<{ id: string; inserted: boolean }>(
        `WITH ins AS (INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) ON CONFLICT (kind, phone) DO NOTHING RETURNING id)
         SELECT id, true AS inserted FROM ins UNION ALL SELECT id, false FROM identities WHERE kind = $1 AND phone = $2`,
        [kind, phone, roles],
      );
      return rows[0]!;
    };

    const admin = await ensureIdentity('user', DEMO.admin.phone, ['user', 'admin']);
    if (admin.inserted) await tx.query('INSERT INTO users (id, name, language) VALUES ($1, $2, $3)', [admin.id, DEMO.admin.name, 'en']);

    const customer = await ensureIdentity('user', DEMO.customer.phone, ['user']);
    if (customer.inserted) {
      await tx.query(
        `INSERT INTO users (id, name, email, gender, language, birth_date, birth_time, birth_place, birth_lat, birth_lon, birth_tz)
         VALUES ($1, $2, 'priya@example.in', 'female', 'hi', '1994-08-17', '06:45', 'Jaipur, Rajasthan', 26.9124, 75.7873, 'Asia/Kolkata')`,
        [customer.id, DEMO.customer.name],
      );
      // Demo credit enters through the promotional account, as a balanced transfer like any other money.
      await tx.query(
        `INSERT INTO ledger_transfers (debit_account_id, credit_account_id, amount_paise, kind, memo)
         SELECT p.id, w.id, $2, 'promo', 'demo welcome credit'
           FROM ledger_accounts p, ledger_accounts w
          WHERE p.kind = 'promotional' AND w.kind = 'user_wallet' AND w.owner_id = $1`,
        [customer.id, DEMO.customerWalletPaise],
      );
    }

    for (const a of astrologers) {
      const identity = await ensureIdentity('astrologer', a.phone, ['astrologer']);
      if (!identity.inserted) continue;
      await tx.query(
        `INSERT INTO astrologers (id, display_name, bio, languages, experience_years, gender, city, lat, lon,
                                  price_chat_paise, price_call_paise, price_video_paise, status, verified, presence,
                                  rating_avg, rating_count, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'approved', $13, $14, $15, $16, now())`,
        [identity.id, a.displayName, a.bio, a.languages, a.experienceYears, a.gender, a.city, a.lat, a.lon,
          a.priceChatPaise, a.priceCallPaise, a.priceVideoPaise, a.verified, a.presence, a.ratingAvg, a.ratingCount],
      );
      await tx.query(
        'INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT $1, unnest($2::text[])',
        [identity.id, a.specialties],
      );
    }
  });
  return { astrologers: astrologers.length };
}
