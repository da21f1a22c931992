import type { Queryable } from '@ap/db';

export interface ChartRow {
  id: string;
  name: string;
  date: string;
  time: string;
  timeZone: string;
  utcOffsetMinutes: number | null;
  place: string | null;
  lat: number;
  lon: number;
  ayanamsa: 'lahiri' | 'raman' | 'kp';
  moonSign: string;
  createdAt: Date;
}

const CHART_COLUMNS = `id, name, to_char(birth_date, 'YYYY-MM-DD') AS date, to_char(birth_time, 'HH24:MI:SS') AS time,
  time_zone AS "timeZone", utc_offset_minutes::float8 AS "utcOffsetMinutes", place, lat, lon, ayanamsa, moon_sign AS "moonSign", created_at AS "createdAt"`;

export async function insertChart(
  db: Queryable,
  c: { userId: string; name: string; date: string; time: string; timeZone: string; utcOffsetMinutes: number | null; place: string | null; lat: number; lon: number; ayanamsa: string; bornAt: Date; moonSign: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO astro_charts (user_id, name, birth_date, birth_time, time_zone, utc_offset_minutes, place, lat, lon, ayanamsa, born_at, moon_sign)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
    [c.userId, c.name, c.date, c.time, c.timeZone, c.utcOffsetMinutes, c.place, c.lat, c.lon, c.ayanamsa, c.bornAt, c.moonSign],
  );
  return rows[0]!.id;
}

export async function findCharts(db: Queryable, userId: string, limit: number): Promise<ChartRow[]> {
  const { rows } = await db.query<ChartRow>(`SELECT ${CHART_COLUMNS} FROM astro_charts WHERE user_id = $1 ORDER BY created_at DESC, id LIMIT $2`, [userId, limit]);
  return rows;
}

export async function findChart(db: Queryable, userId: string, id: string): Promise<ChartRow | null> {
  const { rows } = await db.query<ChartRow>(`SELECT ${CHART_COLUMNS} FROM astro_charts WHERE user_id = $1 AND id = $2`, [userId, id]);
  return rows[0] ?? null;
}

export async function deleteChart(db: Queryable, userId: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM astro_charts WHERE user_id = $1 AND id = $2`, [userId, id]);
  return (rowCount ?? 0) > 0;
}

/** The moon sign of the customer's first saved chart, if any. */
export async function findOwnMoonSign(db: Queryable, userId: string): Promise<string | null> {
  const { rows } = await db.query<{ moonSign: string }>(
    `SELECT moon_sign AS "moonSign" FROM astro_charts WHERE user_id = $1 ORDER BY created_at LIMIT 1`, [userId]);
  return rows[0]?.moonSign ?? null;
}

/** Birth details from the customer's profile, when complete. */
export async function findProfileBirth(db: Queryable, userId: string) {
  const { rows } = await db.query<{ date: string; time: string; lat: number; lon: number; timeZone: string | null }>(
    `SELECT to_char(birth_date, 'YYYY-MM-DD') AS date, to_char(birth_time, 'HH24:MI:SS') AS time, birth_lat AS lat, birth_lon AS lon, birth_tz AS "timeZone"
     FROM users WHERE id = $1 AND birth_date IS NOT NULL AND birth_time IS NOT NULL AND birth_lat IS NOT NULL`, [userId]);
  return rows[0] ?? null;
}

export interface PublishedText { textEn: string; textHi: string | null; authorName: string }

export async function findPublished(db: Queryable, sign: string, period: string, start: string): Promise<PublishedText | null> {
  const { rows } = await db.query<PublishedText>(
    `SELECT text_en AS "textEn", text_hi AS "textHi", author_name AS "authorName" FROM horoscope_texts WHERE sign = $1 AND period = $2 AND period_start = $3`,
    [sign, period, start]);
  return rows[0] ?? null;
}

export async function upsertPublished(db: Queryable, t: { sign: string; period: string; start: string; textEn: string; textHi: string | null; authorId: string; authorName: string }) {
  await db.query(
    `INSERT INTO horoscope_texts (sign, period, period_start, text_en, text_hi, author_id, author_name) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (sign, period, period_start) DO UPDATE SET text_en = EXCLUDED.text_en, text_hi = EXCLUDED.text_hi,
       author_id = EXCLUDED.author_id, author_name = EXCLUDED.author_name, updated_at = now()`,
    [t.sign, t.period, t.start, t.textEn, t.textHi, t.authorId, t.authorName]);
}

/** Display name of an astrologer, or the name of a customer-side (admin) account. */
export async function findAuthorName(db: Queryable, id: string): Promise<string | null> {
  const { rows } = await db.query<{ name: string }>(
    `SELECT display_name AS name FROM astrologers WHERE id = $1 UNION ALL SELECT name FROM users WHERE id = $1 LIMIT 1`, [id]);
  return rows[0]?.name ?? null;
}
