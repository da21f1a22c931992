import { fromMicros, isUuid, toMicros, type Queryable, type TimeKey } from '@ap/db';
import type { AdminAstrologer, AstrologerCard, SearchQuery } from './schemas.js';

/** The card every list shows (catalogue, favorites, nearby), selected from astrologers aliased `a`. */
export const CARD_COLUMNS = `
  a.id, a.display_name AS "displayName", a.photo_url AS "photoUrl", a.bio,
  coalesce((SELECT json_agg(json_build_object('slug', s.slug, 'name', s.name) ORDER BY s.name)
              FROM astrologer_specialties x JOIN specialties s ON s.slug = x.specialty_slug
             WHERE x.astrologer_id = a.id), '[]') AS specialties,
  a.languages, a.experience_years AS "experienceYears", a.gender, a.city,
  a.rating_avg::float8 AS "ratingAvg", a.rating_count AS "ratingCount",
  a.price_chat_paise AS "priceChatPaise", a.price_call_paise AS "priceCallPaise", a.price_video_paise AS "priceVideoPaise",
  a.presence, a.verified, is_favorite(a.id) AS "isFavorite"`;

type SortName = NonNullable<SearchQuery['sort']>;

/**
 * Each sort is a keyset: the ORDER BY columns (all in one direction, ending with the unique id) double as the
 * cursor, so a page boundary never moves when rows are inserted before it (no OFFSET).
 */
const SORT_KEYS: Record<SortName, { columns: string[]; types: string[]; dir: 'ASC' | 'DESC' }> = {
  relevance: { columns: ['a.score', 'a.rating_avg::float8', 'a.id'], types: ['float8', 'float8', 'uuid'], dir: 'DESC' },
  rating: { columns: ['a.rating_avg::float8', 'a.rating_count', 'a.id'], types: ['float8', 'int', 'uuid'], dir: 'DESC' },
  price: { columns: ['a.price', 'a.id'], types: ['bigint', 'uuid'], dir: 'ASC' },
  experience: { columns: ['a.experience_years', 'a.id'], types: ['int', 'uuid'], dir: 'DESC' },
  popularity: { columns: ['a.rating_count', 'a.id'], types: ['int', 'uuid'], dir: 'DESC' },
};

export const sortKeyShape = (sort: SortName) => SORT_KEYS[sort].types.map((t) => (t === 'uuid' ? 'string' : 'number') as 'string' | 'number');

const KEY_VALUE: Record<string, (v: string | number) => boolean> = {
  uuid: isUuid,
  int: (v) => Number.isInteger(v) && Math.abs(v as number) <= 2 ** 31 - 1,
  bigint: (v) => Number.isSafeInteger(v),
  float8: (v) => Number.isFinite(v),
};

/** Whether a decoded cursor key casts cleanly to the sort's column types: a forged one must be a 400, never a SQL error. */
export const isSortKey = (sort: SortName, key: (string | number)[]) =>
  key.length === SORT_KEYS[sort].types.length && key.every((v, i) => KEY_VALUE[SORT_KEYS[sort].types[i]!]!(v));

export interface SearchRow extends AstrologerCard {
  sortKey: (string | number)[];
}

/** Splits free text into at most 6 lowercase words. */
export const searchTokens = (q: string | undefined) =>
  (q ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 6);

export async function searchApproved(db: Queryable, q: SearchQuery & { sort: SortName }, after: (string | number)[] | null): Promise<SearchRow[]> {
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const where = [`a.status = 'approved'`];
  const tokens = searchTokens(q.q);
  // Each query word must match the full-text document, as itself (also as a prefix) or as any known word that
  // resembles it (pg_trgm similarity against the lexicon: typo tolerance). Keyword hits (name, specialty,
  // language, city) rank above words found only in the bio.
  const scores: string[] = [];
  for (const t of tokens) {
    const word = p(t);
    // A scalar subquery: expanded once per request (an InitPlan), not once per row.
    const query = `(SELECT search_expand(${word}))`;
    where.push(`a.search_tsv @@ ${query}`);
    scores.push(`word_similarity(${word}, a.search_text) + ts_rank(a.search_tsv, ${query})`);
  }
  const score = scores.length ? `round((${scores.join(' + ')})::numeric, 4)::float8` : '0::float8';
  const mode = q.mode ?? 'chat';
  const price = `a.price_${mode}_paise`;
  if (q.mode || q.sort === 'price' || q.minPricePaise !== undefined || q.maxPricePaise !== undefined) where.push(`${price} > 0`);
  if (q.minPricePaise !== undefined) where.push(`${price} >= ${p(q.minPricePaise)}`);
  if (q.maxPricePaise !== undefined) where.push(`${price} <= ${p(q.maxPricePaise)}`);
  if (q.specialty) {
    where.push(`EXISTS (SELECT 1 FROM astrologer_specialties x WHERE x.astrologer_id = a.id AND x.specialty_slug = ANY(${p(q.specialty.split(','))}::text[]))`);
  }
  if (q.language) where.push(`EXISTS (SELECT 1 FROM unnest(a.languages) l WHERE lower(l) = lower(${p(q.language)}))`);
  if (q.minRating !== undefined) where.push(`a.rating_avg >= ${p(q.minRating)}`);
  if (q.gender) where.push(`a.gender = ${p(q.gender)}`);
  if (q.online !== undefined) where.push(q.online ? `a.presence = 'online'` : `a.presence <> 'online'`);

  const key = SORT_KEYS[q.sort];
  const keyset = after
    ? `WHERE (${key.columns.join(', ')}) ${key.dir === 'DESC' ? '<' : '>'} (${after.map((v, i) => `${p(v)}::${key.types[i]}`).join(', ')})`
    : '';
  const { rows } = await db.query<AstrologerCard & { k: (string | number)[] }>(
    `WITH a AS (
       SELECT a.*, ${score} AS score, ${price} AS price FROM astrologers a WHERE ${where.join(' AND ')}
     )
     SELECT ${CARD_COLUMNS}, json_build_array(${key.columns.join(', ')}) AS k
       FROM a ${keyset}
      ORDER BY ${key.columns.map((c) => `${c} ${key.dir}`).join(', ')}
      LIMIT ${p(q.limit + 1)}`,
    params,
  );
  return rows.map(({ k, ...card }) => ({ ...card, sortKey: k }));
}

/** In one round trip: the cache version of an astrologer ('.'-joined, as ReadCache.readAt takes it) and their live presence. */
export async function findLiveState(db: Queryable, id: string): Promise<{ versions: string; presence: AstrologerCard['presence'] | null }> {
  const { rows } = await db.query<{ v: string[]; presence: AstrologerCard['presence'] | null }>(
    'SELECT catalogue_versions_of(ARRAY[$1::text]) AS v, (SELECT p.presence FROM astrologer_presence_of(ARRAY[$1::uuid]) p) AS presence', [id]);
  return { versions: rows[0]!.v.join('.'), presence: rows[0]!.presence };
}

/** In one round trip: cache versions of keys ('.'-joined) and the live presence of the given astrologers. */
export async function findVersionsAndPresence(db: Queryable, keys: string[], ids: string[]) {
  const { rows } = await db.query<{ v: string[]; p: Record<string, AstrologerCard['presence']> }>(
    `SELECT catalogue_versions_of($1::text[]) AS v, coalesce((SELECT json_object_agg(p.id, p.presence) FROM astrologer_presence_of($2::uuid[]) p), '{}') AS p`,
    [keys, ids]);
  return { versions: rows[0]!.v.join('.'), presence: rows[0]!.p };
}

export async function findApprovedCard(db: Queryable, id: string): Promise<AstrologerCard | null> {
  const { rows } = await db.query<AstrologerCard>(`SELECT ${CARD_COLUMNS} FROM astrologers a WHERE a.id = $1 AND a.status = 'approved'`, [id]);
  return rows[0] ?? null;
}

/** The latest visible reviews with the astrologer's reply; a review hidden by a moderator is left out for everyone. */
export async function listReviews(db: Queryable, astrologerId: string, limit: number) {
  const { rows } = await db.query<{ id: string; rating: number; comment: string | null; createdAt: Date; reply: string | null; repliedAt: Date | null }>(
    `SELECT id, rating, comment, created_at AS "createdAt", reply, replied_at AS "repliedAt"
       FROM reviews WHERE astrologer_id = $1 AND hidden_at IS NULL ORDER BY created_at DESC, id DESC LIMIT $2`,
    [astrologerId, limit],
  );
  return rows.map(({ reply, repliedAt, ...r }) => ({
    ...r, createdAt: r.createdAt.toISOString(), reply: reply && repliedAt ? { text: reply, repliedAt: repliedAt.toISOString() } : null,
  }));
}

/** How many ratings of each star count (kept by the reviews trigger of the feedback migration). */
export async function findRatingDistribution(db: Queryable, astrologerId: string) {
  const { rows } = await db.query<{ 1: number; 2: number; 3: number; 4: number; 5: number }>(
    `SELECT rating_1_count AS "1", rating_2_count AS "2", rating_3_count AS "3", rating_4_count AS "4", rating_5_count AS "5"
       FROM astrologers WHERE id = $1`,
    [astrologerId],
  );
  return rows[0] ?? { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
}

export async function findUnknownSpecialties(db: Queryable, slugs: string[]): Promise<string[]> {
  const { rows } = await db.query<{ slug: string }>(
    `SELECT x AS slug FROM unnest($1::text[]) AS x WHERE NOT EXISTS (SELECT 1 FROM specialties s WHERE s.slug = x)`,
    [slugs],
  );
  return rows.map((r) => r.slug);
}

/**
 * created_at as whole microseconds since the epoch: exact (a JS Date would round it to milliseconds), and any safe
 * integer a forged cursor carries converts back to a timestamptz without error.
 */

export async function listByStatus(db: Queryable, status: string, limit: number, after: TimeKey | null): Promise<(AdminAstrologer & { cursorAt: number })[]> {
  const { rows } = await db.query<AdminAstrologer & { createdAt: Date; cursorAt: number }>(
    `SELECT ${CARD_COLUMNS}, a.status, a.created_at AS "createdAt", ${toMicros('a.created_at')} AS "cursorAt"
       FROM astrologers a
      WHERE a.status = $1 AND ($3::bigint IS NULL OR (a.created_at, a.id) > (${fromMicros('$3')}, $4::uuid))
      ORDER BY a.created_at, a.id
      LIMIT $2`,
    [status, limit, after?.[0] ?? null, after?.[1] ?? null],
  );
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function findForAdmin(db: Queryable, id: string): Promise<AdminAstrologer | null> {
  const { rows } = await db.query<AdminAstrologer & { createdAt: Date }>(
    `SELECT ${CARD_COLUMNS}, a.status, a.created_at AS "createdAt" FROM astrologers a WHERE a.id = $1`,
    [id],
  );
  const r = rows[0];
  return r ? { ...r, createdAt: r.createdAt.toISOString() } : null;
}

export async function setStatus(db: Queryable, id: string, status: 'approved' | 'suspended'): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE astrologers SET status = $2, approved_at = CASE WHEN $2 = 'approved' THEN coalesce(approved_at, now()) ELSE approved_at END,
            presence = CASE WHEN $2 = 'suspended' THEN 'offline' ELSE presence END
      WHERE id = $1`,
    [id, status],
  );
  return (rowCount ?? 0) > 0;
}

export async function setVerified(db: Queryable, id: string, verified: boolean): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE astrologers SET verified = $2 WHERE id = $1', [id, verified]);
  return (rowCount ?? 0) > 0;
}

export async function listSpecialties(db: Queryable): Promise<{ slug: string; name: string }[]> {
  const { rows } = await db.query<{ slug: string; name: string }>('SELECT slug, name FROM specialties ORDER BY name');
  return rows;
}

/** null when the slug or the name is taken. */
export async function insertSpecialty(db: Queryable, s: { slug: string; name: string }): Promise<{ slug: string; name: string } | null> {
  const { rows } = await db.query<{ slug: string; name: string }>(
    'INSERT INTO specialties (slug, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING slug, name',
    [s.slug, s.name],
  );
  return rows[0] ?? null;
}

/** Own presence only (RLS); `busy` belongs to live sessions and is never set or cleared here. */
export async function setPresence(db: Queryable, id: string, presence: 'online' | 'offline'): Promise<{ presence: string; status: string } | null> {
  const { rows } = await db.query<{ presence: string; status: string }>(
    `UPDATE astrologers SET presence = $2 WHERE id = $1 AND status = 'approved' AND presence <> 'busy' RETURNING presence, status`,
    [id, presence],
  );
  if (rows[0]) return rows[0];
  const cur = await db.query<{ presence: string; status: string }>('SELECT presence, status FROM astrologers WHERE id = $1', [id]);
  return cur.rows[0] ?? null;
}

export async function followerCount(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT my_follower_count() AS n');
  return rows[0]!.n;
}

export async function addFavorite(db: Queryable, userId: string, astrologerId: string): Promise<boolean> {
  const { rows } = await db.query<{ ok: boolean }>(
    `INSERT INTO favorites (user_id, astrologer_id)
     SELECT $1, a.id FROM astrologers a WHERE a.id = $2 AND a.status = 'approved'
     ON CONFLICT DO NOTHING RETURNING true AS ok`,
    [userId, astrologerId],
  );
  return rows.length > 0;
}

export async function removeFavorite(db: Queryable, userId: string, astrologerId: string) {
  await db.query('DELETE FROM favorites WHERE user_id = $1 AND astrologer_id = $2', [userId, astrologerId]);
}

export async function listFavorites(db: Queryable, userId: string, limit: number, after: TimeKey | null): Promise<(AstrologerCard & { cursorAt: number })[]> {
  const { rows } = await db.query<AstrologerCard & { cursorAt: number }>(
    `SELECT ${CARD_COLUMNS}, ${toMicros('f.created_at')} AS "cursorAt"
       FROM favorites f JOIN astrologers a ON a.id = f.astrologer_id
      WHERE f.user_id = $1 AND a.status = 'approved'
        AND ($3::bigint IS NULL OR (f.created_at, f.astrologer_id) < (${fromMicros('$3')}, $4::uuid))
      ORDER BY f.created_at DESC, f.astrologer_id DESC
      LIMIT $2`,
    [userId, limit, after?.[0] ?? null, after?.[1] ?? null],
  );
  return rows;
}
