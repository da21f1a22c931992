import type { Queryable } from '@ap/db';
import type { AstrologerProfile, UpdateAstrologerProfileInput, UpdateUserProfileInput, UserProfile } from './schemas.js';

const USER_COLUMNS: Record<keyof UpdateUserProfileInput, string> = {
  name: 'name', email: 'email', gender: 'gender', language: 'language', birthDate: 'birth_date', birthTime: 'birth_time',
  birthPlace: 'birth_place', birthLat: 'birth_lat', birthLon: 'birth_lon', birthTz: 'birth_tz',
};

const USER_SELECT = `
  SELECT u.id, i.phone, u.name, u.email, u.gender, u.language,
         u.birth_date AS "birthDate", to_char(u.birth_time, 'HH24:MI') AS "birthTime",
         u.birth_place AS "birthPlace", u.birth_lat AS "birthLat", u.birth_lon AS "birthLon", u.birth_tz AS "birthTz"
    FROM users u JOIN identities i ON i.id = u.id`;

/** Runs under the caller's RLS: a row that is not theirs is simply not found. */
export async function findUserProfile(db: Queryable, id: string): Promise<UserProfile | null> {
  const { rows } = await db.query<UserProfile>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Sets exactly the fields given (null clears one). Returns false when no row of the caller's matched. */
export async function updateUserProfile(db: Queryable, id: string, patch: UpdateUserProfileInput): Promise<boolean> {
  return updateColumns(db, 'users', id, USER_COLUMNS, patch);
}

const ASTROLOGER_COLUMNS: Record<Exclude<keyof UpdateAstrologerProfileInput, 'specialties'>, string> = {
  displayName: 'display_name', bio: 'bio', languages: 'languages', experienceYears: 'experience_years', gender: 'gender',
  city: 'city', priceChatPaise: 'price_chat_paise', priceCallPaise: 'price_call_paise', priceVideoPaise: 'price_video_paise',
  offersInPerson: 'offers_in_person', lat: 'lat', lon: 'lon',
};

export async function findAstrologerProfile(db: Queryable, id: string): Promise<AstrologerProfile | null> {
  const { rows } = await db.query<AstrologerProfile>(
    `SELECT a.id, i.phone, a.display_name AS "displayName", a.bio, a.languages, a.experience_years AS "experienceYears",
            a.gender, a.city, a.price_chat_paise AS "priceChatPaise", a.price_call_paise AS "priceCallPaise",
            a.price_video_paise AS "priceVideoPaise", a.status, a.verified, a.photo_url AS "photoUrl",
            a.offers_in_person AS "offersInPerson", a.presence, a.lat, a.lon,
            coalesce((SELECT array_agg(s.specialty_slug ORDER BY s.specialty_slug) FROM astrologer_specialties s
                       WHERE s.astrologer_id = a.id), '{}') AS specialties
       FROM astrologers a JOIN identities i ON i.id = a.id WHERE a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function updateAstrologerColumns(db: Queryable, id: string, patch: Omit<UpdateAstrologerProfileInput, 'specialties'>): Promise<boolean> {
  return updateColumns(db, 'astrologers', id, ASTROLOGER_COLUMNS, patch);
}

export async function findUnknownSpecialties(db: Queryable, slugs: string[]): Promise<string[]> {
  const { rows } = await db.query<{ slug: string }>(
    `SELECT x AS slug FROM unnest($1::text[]) AS x WHERE NOT EXISTS (SELECT 1 FROM specialties s WHERE s.slug = x)`,
    [slugs],
  );
  return rows.map((r) => r.slug);
}

export async function replaceSpecialties(db: Queryable, astrologerId: string, slugs: string[]) {
  await db.query('DELETE FROM astrologer_specialties WHERE astrologer_id = $1 AND NOT (specialty_slug = ANY($2::text[]))', [astrologerId, slugs]);
  await db.query(
    `INSERT INTO astrologer_specialties (astrologer_id, specialty_slug) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`,
    [astrologerId, slugs],
  );
}

async function updateColumns<K extends string>(
  db: Queryable, table: 'users' | 'astrologers', id: string, columns: Record<K, string>, patch: Partial<Record<K, unknown>>,
): Promise<boolean> {
  const keys = (Object.keys(patch) as K[]).filter((k) => patch[k] !== undefined && k in columns);
  if (keys.length === 0) return true;
  const sets = keys.map((k, i) => `${columns[k]} = $${i + 2}`);
  const { rowCount } = await db.query(`UPDATE ${table} SET ${sets.join(', ')} WHERE id = $1`, [id, ...keys.map((k) => patch[k])]);
  return (rowCount ?? 0) > 0;
}
