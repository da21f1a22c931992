import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';
import type { ConsultationMoney } from './rules.js';
import type { DisputeReason, RatingSummary, ReportReason } from './schemas.js';

// ---------------------------------------------------------------------------------------------------------
// Consultations (read only: their life cycle belongs to bookings and sessions)

export interface ConsultationRow {
  id: string;
  userId: string;
  astrologerId: string;
  status: string;
  astrologerName: string;
  customerName: string;
}

export async function findConsultation(db: Queryable, id: string): Promise<ConsultationRow | null> {
  const { rows } = await db.query<ConsultationRow>(
    `SELECT c.id, c.user_id AS "userId", c.astrologer_id AS "astrologerId", c.status,
            a.display_name AS "astrologerName", u.name AS "customerName"
       FROM consultations c JOIN astrologers a ON a.id = c.astrologer_id JOIN users u ON u.id = c.user_id
      WHERE c.id = $1`, [id]);
  return rows[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Reviews

export interface ReviewRow {
  id: string;
  consultationId: string;
  userId: string;
  astrologerId: string;
  rating: number;
  comment: string | null;
  createdAt: Date;
  editedAt: Date | null;
  reply: string | null;
  repliedAt: Date | null;
  hiddenAt: Date | null;
  ratingRemoved: boolean;
}

const REVIEW_COLUMNS = `r.id, r.consultation_id AS "consultationId", r.user_id AS "userId", r.astrologer_id AS "astrologerId",
  r.rating, r.comment, r.created_at AS "createdAt", r.edited_at AS "editedAt", r.reply, r.replied_at AS "repliedAt",
  r.hidden_at AS "hiddenAt", r.rating_removed AS "ratingRemoved"`;

/** Inserts the review unless the consultation has one; null when it already had. */
export async function insertReview(db: Queryable, r: { consultationId: string; userId: string; astrologerId: string; rating: number; comment: string | null; at: Date }): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(
    `INSERT INTO reviews AS r (consultation_id, user_id, astrologer_id, rating, comment, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6)
     ON CONFLICT (consultation_id) DO NOTHING
     RETURNING ${REVIEW_COLUMNS}`,
    [r.consultationId, r.userId, r.astrologerId, r.rating, r.comment, r.at]);
  return rows[0] ?? null;
}

export async function findReview(db: Queryable, id: string, opts: { lock?: boolean } = {}): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM reviews r WHERE r.id = $1${opts.lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function findReviewIdByConsultation(db: Queryable, consultationId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM reviews WHERE consultation_id = $1`, [consultationId]);
  return rows[0]?.id ?? null;
}

export async function updateReviewByAuthor(db: Queryable, id: string, change: { rating?: number; comment?: string | null }, at: Date): Promise<ReviewRow> {
  const { rows } = await db.query<ReviewRow>(
    `UPDATE reviews r SET rating = coalesce($2, r.rating), comment = CASE WHEN $3 THEN $4 ELSE r.comment END, edited_at = $5
      WHERE r.id = $1 RETURNING ${REVIEW_COLUMNS}`,
    [id, change.rating ?? null, change.comment !== undefined, change.comment ?? null, at]);
  return rows[0]!;
}

/** Sets the astrologer's reply once: null when the review already has one. */
export async function setReply(db: Queryable, id: string, reply: string, at: Date): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(
    `UPDATE reviews r SET reply = $2, replied_at = $3 WHERE r.id = $1 AND r.reply IS NULL RETURNING ${REVIEW_COLUMNS}`, [id, reply, at]);
  return rows[0] ?? null;
}

export async function hideReview(db: Queryable, id: string, h: { by: string; reason: string; removeRating: boolean; at: Date }): Promise<ReviewRow | null> {
  const { rows } = await db.query<ReviewRow>(
    `UPDATE reviews r SET hidden_at = $2, hidden_by = $3, hidden_reason = $4, rating_removed = $5
      WHERE r.id = $1 AND r.hidden_at IS NULL RETURNING ${REVIEW_COLUMNS}`,
    [id, h.at, h.by, h.reason, h.removeRating]);
  return rows[0] ?? null;
}

export async function findRatingSummary(db: Queryable, astrologerId: string): Promise<RatingSummary | null> {
  const { rows } = await db.query<{ avg: number; count: number; c1: number; c2: number; c3: number; c4: number; c5: number }>(
    `SELECT rating_avg::float8 AS avg, rating_count AS count, rating_1_count AS c1, rating_2_count AS c2, rating_3_count AS c3,
            rating_4_count AS c4, rating_5_count AS c5
       FROM astrologers WHERE id = $1`, [astrologerId]);
  const r = rows[0];
  return r ? { ratingAvg: r.avg, ratingCount: r.count, distribution: { 1: r.c1, 2: r.c2, 3: r.c3, 4: r.c4, 5: r.c5 } } : null;
}

type Keyed<T> = T & { cursorAt: number };

/** An astrologer's visible reviews, newest first. Runs as the caller: RLS hides hidden ones from the public too. */
export async function listVisibleReviews(db: Queryable, astrologerId: string, after: TimeKey | null, limit: number): Promise<Keyed<ReviewRow>[]> {
  const { rows } = await db.query<Keyed<ReviewRow>>(
    `SELECT r.id, r.rating, r.comment, r.created_at AS "createdAt", r.edited_at AS "editedAt", r.reply, r.replied_at AS "repliedAt",
            ${toMicros('r.created_at')} AS "cursorAt"
       FROM reviews r
      WHERE r.astrologer_id = $1 AND r.hidden_at IS NULL
        AND ($3::bigint IS NULL OR (r.created_at, r.id) < (${fromMicros('$3')}, $4::uuid))
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $2`,
    [astrologerId, limit, after?.[0] ?? null, after?.[1] ?? null]);
  return rows;
}

/** Reviews about one astrologer, hidden ones included, with the customer's name (service role). */
export async function listAstrologerReviews(db: Queryable, astrologerId: string, unrepliedOnly: boolean, after: TimeKey | null, limit: number): Promise<Keyed<ReviewRow & { customerName: string }>[]> {
  const { rows } = await db.query<Keyed<ReviewRow & { customerName: string }>>(
    `SELECT ${REVIEW_COLUMNS}, split_part(u.name, ' ', 1) AS "customerName", ${toMicros('r.created_at')} AS "cursorAt"
       FROM reviews r JOIN users u ON u.id = r.user_id
      WHERE r.astrologer_id = $1 AND (NOT $5 OR (r.reply IS NULL AND r.hidden_at IS NULL))
        AND ($3::bigint IS NULL OR (r.created_at, r.id) < (${fromMicros('$3')}, $4::uuid))
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $2`,
    [astrologerId, limit, after?.[0] ?? null, after?.[1] ?? null, unrepliedOnly]);
  return rows;
}

export async function listReviewsOfCustomer(db: Queryable, userId: string, consultationIds: string[]): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow>(
    `SELECT ${REVIEW_COLUMNS} FROM reviews r WHERE r.user_id = $1 AND r.consultation_id = ANY($2::uuid[]) ORDER BY r.created_at DESC`,
    [userId, consultationIds]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Reports

export interface ReportRow {
  id: string;
  reviewId: string;
  reason: ReportReason;
  status: 'open' | 'hidden' | 'dismissed';
  createdAt: Date;
}

/** One report per reporter and review: a repeat returns the first one. */
export async function insertReport(db: Queryable, r: { reviewId: string; reporterId: string; reason: ReportReason; note: string | null; at: Date }): Promise<ReportRow> {
  const cols = `id, review_id AS "reviewId", reason, status, created_at AS "createdAt"`;
  const { rows } = await db.query<ReportRow>(
    `INSERT INTO review_reports (review_id, reporter_id, reason, note, created_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (review_id, reporter_id) DO NOTHING RETURNING ${cols}`,
    [r.reviewId, r.reporterId, r.reason, r.note, r.at]);
  if (rows[0]) return rows[0];
  const existing = await db.query<ReportRow>(`SELECT ${cols} FROM review_reports WHERE review_id = $1 AND reporter_id = $2`, [r.reviewId, r.reporterId]);
  return existing.rows[0]!;
}

export async function closeReports(db: Queryable, reviewId: string, status: 'hidden' | 'dismissed', by: string, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE review_reports SET status = $2, resolved_by = $3, resolved_at = $4 WHERE review_id = $1 AND status = 'open'`, [reviewId, status, by, at]);
  return rowCount ?? 0;
}

export type ReportedReviewRow = ReviewRow & {
  astrologerName: string; openReports: number; reasons: ReportReason[]; notes: string[]; lastReportedAt: Date; cursorAt: number;
};

/** Reviews with open reports, most recently reported first. */
export async function listReportedReviews(db: Queryable, after: TimeKey | null, limit: number): Promise<ReportedReviewRow[]> {
  const { rows } = await db.query<ReportedReviewRow>(
    `WITH open AS (
       SELECT review_id, count(*)::int AS n, array_agg(DISTINCT reason) AS reasons,
              coalesce(array_agg(note ORDER BY created_at) FILTER (WHERE note IS NOT NULL), '{}') AS notes, max(created_at) AS last_at
         FROM review_reports WHERE status = 'open' GROUP BY review_id)
     SELECT ${REVIEW_COLUMNS}, a.display_name AS "astrologerName", o.n AS "openReports", o.reasons, o.notes,
            o.last_at AS "lastReportedAt", ${toMicros('o.last_at')} AS "cursorAt"
       FROM open o JOIN reviews r ON r.id = o.review_id JOIN astrologers a ON a.id = r.astrologer_id
      WHERE ($2::bigint IS NULL OR (o.last_at, r.id) < (${fromMicros('$2')}, $3::uuid))
      ORDER BY o.last_at DESC, r.id DESC
      LIMIT $1`,
    [limit, after?.[0] ?? null, after?.[1] ?? null]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Disputes

export interface DisputeRow {
  id: string;
  consultationId: string;
  userId: string;
  astrologerId: string;
  reason: DisputeReason;
  description: string;
  status: 'open' | 'rejected' | 'refunded';
  resolutionNote: string | null;
  refundPaise: number | null;
  refundSource: 'earnings' | 'platform' | null;
  resolvedAt: Date | null;
  createdAt: Date;
  astrologerName: string;
  customerName: string;
  kind: 'instant' | 'scheduled';
  mode: 'chat' | 'call' | 'video';
  consultationStatus: string;
  startedAt: Date | null;
  endedAt: Date | null;
  cursorAt: number;
}

const DISPUTE_SELECT = `
  SELECT d.id, d.consultation_id AS "consultationId", d.user_id AS "userId", d.astrologer_id AS "astrologerId", d.reason, d.description,
         d.status, d.resolution_note AS "resolutionNote", d.refund_paise AS "refundPaise", d.refund_source AS "refundSource",
         d.resolved_at AS "resolvedAt", d.created_at AS "createdAt", a.display_name AS "astrologerName", u.name AS "customerName",
         c.kind, c.mode, c.status AS "consultationStatus", coalesce(c.started_at, c.scheduled_start) AS "startedAt", c.ended_at AS "endedAt",
         ${toMicros('d.created_at')} AS "cursorAt"
    FROM disputes d JOIN consultations c ON c.id = d.consultation_id
    JOIN astrologers a ON a.id = d.astrologer_id JOIN users u ON u.id = d.user_id`;

/** Opens the consultation's dispute unless it has one; null when it already had. */
export async function insertDispute(db: Queryable, d: { consultationId: string; userId: string; astrologerId: string; reason: DisputeReason; description: string; at: Date }): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO disputes (consultation_id, user_id, astrologer_id, reason, description, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (consultation_id) DO NOTHING RETURNING id`,
    [d.consultationId, d.userId, d.astrologerId, d.reason, d.description, d.at]);
  return rows[0]?.id ?? null;
}

export async function findDisputeIdByConsultation(db: Queryable, consultationId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM disputes WHERE consultation_id = $1`, [consultationId]);
  return rows[0]?.id ?? null;
}

export async function findDispute(db: Queryable, id: string): Promise<DisputeRow | null> {
  const { rows } = await db.query<DisputeRow>(`${DISPUTE_SELECT} WHERE d.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Locks the dispute row: every resolution of one dispute queues here, so only the first can see it open. */
export async function lockDispute(db: Queryable, id: string): Promise<{ status: DisputeRow['status'] } | null> {
  const { rows } = await db.query<{ status: DisputeRow['status'] }>(`SELECT status FROM disputes WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0] ?? null;
}

export async function listDisputes(db: Queryable, f: { userId?: string; status: 'open' | 'resolved' | 'all' }, after: TimeKey | null, limit: number): Promise<DisputeRow[]> {
  // Open disputes oldest first (a queue); everything else newest first.
  const queue = f.status === 'open';
  const { rows } = await db.query<DisputeRow>(
    `${DISPUTE_SELECT}
      WHERE ($2::uuid IS NULL OR d.user_id = $2)
        AND ($3 = 'all' OR ($3 = 'open') = (d.status = 'open'))
        AND ($4::bigint IS NULL OR (d.created_at, d.id) ${queue ? '>' : '<'} (${fromMicros('$4')}, $5::uuid))
      ORDER BY d.created_at ${queue ? 'ASC' : 'DESC'}, d.id ${queue ? 'ASC' : 'DESC'}
      LIMIT $1`,
    [limit, f.userId ?? null, f.status, after?.[0] ?? null, after?.[1] ?? null]);
  return rows;
}

export async function resolveDispute(db: Queryable, id: string, r: { status: 'rejected' | 'refunded'; note: string | null; refundPaise: number | null; refundSource: 'earnings' | 'platform' | null; by: string; at: Date }): Promise<void> {
  await db.query(
    `UPDATE disputes SET status = $2, resolution_note = $3, refund_paise = $4, refund_source = $5, resolved_by = $6, resolved_at = $7 WHERE id = $1`,
    [id, r.status, r.note, r.refundPaise, r.refundSource, r.by, r.at]);
}

// ---------------------------------------------------------------------------------------------------------
// Money of a consultation (ledger reads; postings go through @ap/ledger)

/**
 * What the customer paid for the consultation (captures out of their wallet; free minutes paid by the promotional
 * account are not theirs to get back), the commission taken on it, and refunds already credited to their wallet.
 */
export async function findConsultationMoney(db: Queryable, consultationId: string, customerId: string): Promise<ConsultationMoney> {
  const { rows } = await db.query<ConsultationMoney>(
    `SELECT coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'capture' AND d.kind = 'user_wallet' AND d.owner_id = $2), 0)::float8 AS "capturedPaise",
            coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'commission'), 0)::float8 AS "commissionPaise",
            coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'refund' AND c.kind = 'user_wallet' AND c.owner_id = $2), 0)::float8 AS "refundedPaise"
       FROM ledger_transfers t
       JOIN ledger_accounts d ON d.id = t.debit_account_id
       JOIN ledger_accounts c ON c.id = t.credit_account_id
      WHERE t.reference_type = 'consultation' AND t.reference_id = $1`,
    [consultationId, customerId]);
  return rows[0]!;
}

export async function findPlatformRevenueId(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE kind = 'platform_revenue' AND owner_id IS NULL`);
  if (!rows[0]) throw new Error('platform account platform_revenue is missing (migrations not applied?)');
  return rows[0].id;
}

/**
 * Locks ledger accounts in ascending id order in one statement: the same global order @ap/ledger uses, so a
 * refund never deadlocks with a capture or payout touching the same accounts. Returns their balances.
 */
export async function lockAccounts(db: Queryable, ids: string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ id: string; balance: number }>(
    `SELECT id, balance_paise::float8 AS balance FROM ledger_accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  return new Map(rows.map((r) => [r.id, r.balance]));
}
