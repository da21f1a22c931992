import type { Queryable } from '@ap/db';
import type { AdminAstrologer, AstrologerCard } from './schemas.js';

const CARD_COLUMNS = `
  a.id, a.display_name AS "displayName", a.photo_url AS "photoUrl", a.bio,
  coalesce((SELECT json_agg(json_build_object('slug', s.slug, 'name', s.name) ORDER BY s.name)
              FROM astrologer_specialties x JOIN specialties s ON s.slug = x.specialty_slug
             WHERE x.astrologer_id = a.id), '[]') AS specialties,
  a.languages, a.experience_years AS "experienceYears", a.gender, a.city,
  a.rating_avg::float8 AS "ratingAvg", a.rating_count AS "ratingCount",
  a.price_chat_paise AS "priceChatPaise", a.price_call_paise AS "priceCallPaise", a.price_video_paise AS "priceVideoPaise",
  a.presence, a.verified`;

export type RatingKey = [rating: number, count: number, id: string];

/** Approved astrologers, best rated first; keyset pagination on (rating, count, id). */
export async function listApproved(db: Queryable, limit: number, after: RatingKey | null): Promise<AstrologerCard[]> {
  const { rows } = await db.query<AstrologerCard>(
    `SELECT ${CARD_COLUMNS}
       FROM astrologers a
      WHERE a.status = 'approved'
        AND ($2::numeric IS NULL OR (a.rating_avg, a.rating_count, a.id) < ($2::numeric, $3::int, $4::uuid))
      ORDER BY a.rating_avg DESC, a.rating_count DESC, a.id DESC
      LIMIT $1`,
    [limit, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null],
  );
  return rows;
}

export type CreatedKey = [createdAt: string, id: string];

export async function listByStatus(db: Queryable, status: string, limit: number, after: CreatedKey | null): Promise<AdminAstrologer[]> {
  const { rows } = await db.query<AdminAstrologer & { createdAt: Date }>(
    `SELECT ${CARD_COLUMNS}, a.status, a.created_at AS "createdAt"
       FROM astrologers a
      WHERE a.status = $1 AND ($3::timestamptz IS NULL OR (a.created_at, a.id) > ($3::timestamptz, $4::uuid))
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

export async function listSpecialties(db: Queryable): Promise<{ slug: string; name: string }[]> {
  const { rows } = await db.query<{ slug: string; name: string }>('SELECT slug, name FROM specialties ORDER BY name');
  return rows;
}
