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
                                  rating_avg, rating_count, approved_at, offers_in_person)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'approved', $13, $14, $15, $16, now(), $17)`,
        [identity.id, a.displayName, a.bio, a.languages, a.experienceYears, a.gender, a.city, a.lat, a.lon,
          a.priceChatPaise, a.priceCallPaise, a.priceVideoPaise, a.verified, a.presence, a.ratingAvg, a.ratingCount, a.offersInPerson],
      );
      await tx.query(
        'INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT $1, unnest($2::text[])',
        [identity.id, a.specialties],
      );
    }
  });
  return { astrologers: astrologers.length };
}

/** Deterministic PRNG (mulberry32), so the bulk catalogue is the same on every machine. */
function prng(seedValue: number) {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Tops the catalogue up to `total` approved astrologers (for benchmarks), in batches of set-based inserts.
 * Idempotent: generated numbers are fixed, so a second run only adds what is missing.
 */
export async function seedBulkAstrologers(pool: Pool, total: number, log: (m: string) => void = () => undefined): Promise<number> {
  const base = seedAstrologers();
  const extra = Math.max(0, total - base.length);
  const rand = prng(20261125);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const BATCH = 1000;
  let created = 0;
  for (let start = 0; start < extra; start += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, extra - start) }, (_, j) => {
      const i = start + j;
      const model = pick(base);
      const chat = (10 + Math.floor(rand() * 20) * 5) * 100;
      return {
        phone: `+9170${String(i).padStart(8, '0')}`,
        name: `${model.displayName.split(' ')[0]} ${['Sharma', 'Iyer', 'Joshi', 'Nair', 'Rao', 'Das', 'Gupta', 'Pillai'][i % 8]} ${i}`,
        bio: model.bio, languages: pick([model.languages, ['Hindi', 'English'], ['Tamil'], ['Bengali', 'Hindi']]),
        experience: 1 + Math.floor(rand() * 40), gender: model.gender, city: model.city, lat: model.lat, lon: model.lon,
        chat, call: chat + 500, video: rand() < 0.3 ? 0 : chat + 1500,
        rating: Math.round((3 + rand() * 2) * 100) / 100, count: Math.floor(rand() * 3000),
        verified: rand() < 0.6, presence: pick(['online', 'offline', 'offline', 'busy'] as const),
        specialties: [...new Set([pick(SPECIALTIES)[0], pick(SPECIALTIES)[0]])],
      };
    });
    created += await asService(pool, async (tx) => {
      const ids = await tx.query<{ id: string; phone: string }>(
        `INSERT INTO identities (kind, phone, roles) SELECT 'astrologer', p, '{astrologer}' FROM unnest($1::text[]) p
         ON CONFLICT (kind, phone) DO NOTHING RETURNING id, phone`,
        [rows.map((r) => r.phone)],
      );
      if (ids.rowCount === 0) return 0;
      const byPhone = new Map(ids.rows.map((r) => [r.phone, r.id]));
      const fresh = rows.filter((r) => byPhone.has(r.phone));
      const col = <K extends keyof (typeof fresh)[number]>(k: K) => fresh.map((r) => r[k]);
      await tx.query(
        `INSERT INTO astrologers (id, display_name, bio, languages, experience_years, gender, city, lat, lon, price_chat_paise,
                                  price_call_paise, price_video_paise, status, verified, presence, rating_avg, rating_count, approved_at)
         SELECT id, name, bio, string_to_array(langs, '|'), exp, g, city, lat, lon, chat, call, video, 'approved', ver, pres, rating, cnt, now()
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::float8[], $9::float8[],
                       $10::bigint[], $11::bigint[], $12::bigint[], $13::bool[], $14::text[], $15::numeric[], $16::int[])
             AS t(id, name, bio, langs, exp, g, city, lat, lon, chat, call, video, ver, pres, rating, cnt)`,
        [fresh.map((r) => byPhone.get(r.phone)), col('name'), col('bio'), fresh.map((r) => r.languages.join('|')), col('experience'),
          col('gender'), col('city'), col('lat'), col('lon'), col('chat'), col('call'), col('video'), col('verified'), col('presence'),
          col('rating'), col('count')],
      );
      await tx.query(
        `INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT id, s FROM unnest($1::uuid[], $2::text[]) AS t(id, s)`,
        [fresh.flatMap((r) => r.specialties.map(() => byPhone.get(r.phone))), fresh.flatMap((r) => r.specialties)],
      );
      return fresh.length;
    });
    log(`  ${Math.min(start + BATCH, extra)} / ${extra}`);
  }
  return created;
}
