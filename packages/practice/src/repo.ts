import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';

/*
 * Reads only: consultations, reviews and the ledger are the record; nothing here is copied or cached. Every
 * query names the astrologer it is for, so the service's ownership check and the SQL agree.
 */

/**
 * Minutes of a completed session, in one place: a scheduled booking's slot length; an instant session's billed
 * minutes as the sessions capability settled them, or (sessions settled before it recorded them) the whole
 * started minutes between start and end.
 */
const MINUTES = `(CASE WHEN c.kind = 'scheduled' THEN ceil(extract(epoch FROM c.scheduled_end - c.scheduled_start) / 60)
                      WHEN c.billed_minutes IS NOT NULL THEN c.billed_minutes
                      WHEN c.started_at IS NOT NULL AND c.ended_at IS NOT NULL THEN ceil(extract(epoch FROM c.ended_at - c.started_at) / 60)
                      ELSE 0 END)::int`;
/** When a session happened: its start, or its slot. */
const SESSION_AT = `coalesce(c.started_at, c.scheduled_start, c.requested_at)`;
/** Outcomes of a request to the astrologer (instant: rejected = declined; scheduled: declined). */
const ACCEPTED = `(c.accepted_at IS NOT NULL OR c.status IN ('active', 'completed', 'confirmed', 'in_progress', 'no_show'))`;
const DECLINED = `c.status IN ('rejected', 'declined')`;
const EXPIRED = `(c.status = 'expired' AND c.accepted_at IS NULL)`;

export interface Profile {
  presence: 'online' | 'busy' | 'offline';
  status: 'pending' | 'approved' | 'suspended';
  timeZone: string;
}

export async function findProfile(db: Queryable, astrologerId: string): Promise<Profile | null> {
  const { rows } = await db.query<Profile>(
    `SELECT a.presence, a.status, coalesce(av.time_zone, 'Asia/Kolkata') AS "timeZone"
       FROM astrologers a LEFT JOIN astrologer_availability av ON av.astrologer_id = a.id
      WHERE a.id = $1`, [astrologerId]);
  return rows[0] ?? null;
}

export async function findEarningsAccountId(db: Queryable, astrologerId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ledger_accounts WHERE kind = 'astrologer_earnings' AND owner_id = $1`, [astrologerId]);
  return rows[0]?.id ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Dashboard

export interface PendingRow {
  id: string;
  kind: 'instant' | 'scheduled';
  mode: 'chat' | 'call' | 'video';
  customerName: string;
  requestedAt: Date;
  expiresAt: Date | null;
  scheduledStart: Date | null;
  scheduledEnd: Date | null;
  pricePaise: number | null;
  ratePaise: number | null;
}

const PENDING = `((c.kind = 'instant' AND c.status = 'requested') OR (c.kind = 'scheduled' AND c.status = 'pending'))`;

/** Requests waiting for the astrologer's answer, oldest first; lapsed ones (past expires_at) are left out. */
export async function findPendingRequests(db: Queryable, astrologerId: string, now: Date, limit: number): Promise<PendingRow[]> {
  const { rows } = await db.query<PendingRow>(
    `SELECT c.id, c.kind, c.mode, u.name AS "customerName", c.requested_at AS "requestedAt", c.expires_at AS "expiresAt",
            c.scheduled_start AS "scheduledStart", c.scheduled_end AS "scheduledEnd", c.price_paise AS "pricePaise", c.rate_paise AS "ratePaise"
       FROM consultations c JOIN users u ON u.id = c.user_id
      WHERE c.astrologer_id = $1 AND ${PENDING} AND (c.expires_at IS NULL OR c.expires_at > $2)
      ORDER BY c.requested_at, c.id
      LIMIT $3`, [astrologerId, now, limit]);
  return rows;
}

export async function countPendingRequests(db: Queryable, astrologerId: string, now: Date): Promise<{ instant: number; scheduled: number }> {
  const { rows } = await db.query<{ instant: number; scheduled: number }>(
    `SELECT count(*) FILTER (WHERE c.kind = 'instant')::int AS instant, count(*) FILTER (WHERE c.kind = 'scheduled')::int AS scheduled
       FROM consultations c
      WHERE c.astrologer_id = $1 AND ${PENDING} AND (c.expires_at IS NULL OR c.expires_at > $2)`, [astrologerId, now]);
  return rows[0]!;
}

export interface SessionRow {
  id: string;
  kind: 'instant' | 'scheduled';
  mode: 'chat' | 'call' | 'video';
  status: string;
  customerName: string;
  startAt: Date;
  endAt: Date | null;
  minutes: number | null;
}

/** Sessions held, running or booked in [start, end): completed, running and confirmed ones. */
export async function findSessionsBetween(db: Queryable, astrologerId: string, start: Date, end: Date): Promise<SessionRow[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT c.id, c.kind, c.mode, c.status, u.name AS "customerName", ${SESSION_AT} AS "startAt",
            coalesce(c.ended_at, c.scheduled_end) AS "endAt",
            CASE WHEN c.status = 'completed' THEN ${MINUTES} END AS minutes
       FROM consultations c JOIN users u ON u.id = c.user_id
      WHERE c.astrologer_id = $1 AND c.status IN ('completed', 'active', 'in_progress', 'confirmed')
        AND ${SESSION_AT} >= $2 AND ${SESSION_AT} < $3
      ORDER BY ${SESSION_AT}, c.id`, [astrologerId, start, end]);
  return rows;
}

export interface MoneyRow {
  grossPaise: number;
  commissionPaise: number;
}

/** Captures credited to and commissions debited from an earnings account in [start, end). */
export async function sumEarnings(db: Queryable, accountId: string, start: Date, end: Date): Promise<MoneyRow> {
  const { rows } = await db.query<MoneyRow>(
    `SELECT coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'capture'), 0)::bigint AS "grossPaise",
            coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'commission'), 0)::bigint AS "commissionPaise"
       FROM ledger_transfers t
      WHERE ((t.kind = 'capture' AND t.credit_account_id = $1) OR (t.kind = 'commission' AND t.debit_account_id = $1))
        AND t.created_at >= $2 AND t.created_at < $3`, [accountId, start, end]);
  return rows[0]!;
}

/**
 * The rating customers see on the astrologer's card: the aggregate the feedback capability keeps on the
 * astrologers row (recounted from reviews in the same transaction; removed ratings do not count).
 */
export async function findRating(db: Queryable, astrologerId: string): Promise<{ average: number; count: number }> {
  const { rows } = await db.query<{ average: number; count: number }>(
    `SELECT rating_avg::float8 AS average, rating_count AS count FROM astrologers WHERE id = $1`, [astrologerId]);
  return rows[0] ?? { average: 0, count: 0 };
}

export interface ReviewRow {
  id: string;
  rating: number;
  comment: string | null;
  mode: 'chat' | 'call' | 'video';
  createdAt: Date;
}

export async function findRecentReviews(db: Queryable, astrologerId: string, limit: number): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow>(
    `SELECT r.id, r.rating, r.comment, c.mode, r.created_at AS "createdAt"
       FROM reviews r JOIN consultations c ON c.id = r.consultation_id
      WHERE r.astrologer_id = $1 AND r.hidden_at IS NULL
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $2`, [astrologerId, limit]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Clients

export interface ClientRow {
  userId: string;
  name: string;
  sessionCount: number;
  firstSessionAt: Date | null;
  lastSessionAt: Date | null;
  totalSpentPaise: number;
  hasNote: boolean;
  /** (last activity in µs, user id): the keyset of the list. */
  cursorAt: number;
}

/**
 * An astrologer's clients: every customer with a completed or running session with them, or who paid them
 * anything (a late-cancellation fee is a capture too). Only the customer's name is read from users.
 */
const CLIENTS = `
  WITH spent AS (
    SELECT c.user_id, sum(t.amount_paise)::bigint AS paise
      FROM consultations c
      JOIN ledger_transfers t ON t.reference_type = 'consultation' AND t.reference_id = c.id AND t.kind = 'capture'
     WHERE c.astrologer_id = $1
     GROUP BY c.user_id
  ), sessions AS (
    SELECT c.user_id,
           count(*) FILTER (WHERE c.status = 'completed')::int AS n,
           min(${SESSION_AT}) FILTER (WHERE c.status IN ('completed', 'active', 'in_progress')) AS first_at,
           max(${SESSION_AT}) FILTER (WHERE c.status IN ('completed', 'active', 'in_progress')) AS last_at,
           max(${SESSION_AT}) AS any_at
      FROM consultations c
     WHERE c.astrologer_id = $1
     GROUP BY c.user_id
  ), clients AS (
    SELECT s.user_id, s.n, s.first_at, s.last_at, coalesce(s.last_at, s.any_at) AS sort_at, coalesce(p.paise, 0) AS paise
      FROM sessions s LEFT JOIN spent p ON p.user_id = s.user_id
     WHERE s.last_at IS NOT NULL OR p.paise > 0
  )
  SELECT k.user_id AS "userId", u.name, k.n AS "sessionCount", k.first_at AS "firstSessionAt", k.last_at AS "lastSessionAt",
         k.paise AS "totalSpentPaise", (n.user_id IS NOT NULL) AS "hasNote", ${toMicros('k.sort_at')} AS "cursorAt"
    FROM clients k
    JOIN users u ON u.id = k.user_id
    LEFT JOIN astrologer_client_notes n ON n.astrologer_id = $1 AND n.user_id = k.user_id`;

/** Clients, most recently seen first, after the keyset (last session, user id). */
export async function listClients(db: Queryable, astrologerId: string, limit: number, before: TimeKey | null): Promise<ClientRow[]> {
  const { rows } = await db.query<ClientRow>(
    `${CLIENTS}
      WHERE $3::bigint IS NULL OR (k.sort_at, k.user_id) < (${fromMicros('$3')}, $4::uuid)
      ORDER BY k.sort_at DESC, k.user_id DESC
      LIMIT $2`, [astrologerId, limit, before?.[0] ?? null, before?.[1] ?? null]);
  return rows;
}

export async function findClient(db: Queryable, astrologerId: string, userId: string): Promise<ClientRow | null> {
  const { rows } = await db.query<ClientRow>(`${CLIENTS} WHERE k.user_id = $2`, [astrologerId, userId]);
  return rows[0] ?? null;
}

export interface ClientConsultationRow {
  id: string;
  kind: 'instant' | 'scheduled';
  mode: 'chat' | 'call' | 'video';
  status: string;
  at: Date;
  minutes: number | null;
  spentPaise: number;
}

export async function findClientConsultations(db: Queryable, astrologerId: string, userId: string, limit: number): Promise<ClientConsultationRow[]> {
  const { rows } = await db.query<ClientConsultationRow>(
    `SELECT c.id, c.kind, c.mode, c.status, ${SESSION_AT} AS at, CASE WHEN c.status = 'completed' THEN ${MINUTES} END AS minutes,
            coalesce((SELECT sum(t.amount_paise) FROM ledger_transfers t
                       WHERE t.reference_type = 'consultation' AND t.reference_id = c.id AND t.kind = 'capture'), 0)::bigint AS "spentPaise"
       FROM consultations c
      WHERE c.astrologer_id = $1 AND c.user_id = $2
      ORDER BY ${SESSION_AT} DESC, c.id DESC
      LIMIT $3`, [astrologerId, userId, limit]);
  return rows;
}

export interface NoteRow {
  note: string;
  updatedAt: Date;
}

/** Notes are read and written as the astrologer (RLS: only their own). */
export async function findNote(db: Queryable, astrologerId: string, userId: string): Promise<NoteRow | null> {
  const { rows } = await db.query<NoteRow>(
    `SELECT note, updated_at AS "updatedAt" FROM astrologer_client_notes WHERE astrologer_id = $1 AND user_id = $2`, [astrologerId, userId]);
  return rows[0] ?? null;
}

export async function upsertNote(db: Queryable, astrologerId: string, userId: string, note: string): Promise<NoteRow> {
  const { rows } = await db.query<NoteRow>(
    `INSERT INTO astrologer_client_notes (astrologer_id, user_id, note) VALUES ($1, $2, $3)
     ON CONFLICT (astrologer_id, user_id) DO UPDATE SET note = EXCLUDED.note
     RETURNING note, updated_at AS "updatedAt"`, [astrologerId, userId, note]);
  return rows[0]!;
}

export async function deleteNote(db: Queryable, astrologerId: string, userId: string): Promise<void> {
  await db.query(`DELETE FROM astrologer_client_notes WHERE astrologer_id = $1 AND user_id = $2`, [astrologerId, userId]);
}

// ---------------------------------------------------------------------------------------------------------
// Analytics: one row per bucket (bucket = its first local date) plus a totals row (bucket null), from
// GROUPING SETS so the totals are computed from the same rows, not added up from rounded buckets.

export interface Period {
  start: Date;
  end: Date;
  zone: string;
  bucket: 'day' | 'week' | 'month';
}

const BUCKET_OF = (column: string) => `date_trunc($4, ${column} AT TIME ZONE $5)::date::text`;
const periodParams = (p: Period) => [p.start, p.end, p.bucket, p.zone];

export interface SessionBucket {
  bucket: string | null;
  sessions: number;
  minutes: number;
  clients: number;
  repeatClients: number;
}

/**
 * Completed sessions by the bucket they started in. A client is a repeat client of a bucket when one of their
 * sessions in it is not their first completed session with this astrologer (counted over all history).
 */
export async function findSessionBuckets(db: Queryable, astrologerId: string, p: Period): Promise<SessionBucket[]> {
  const { rows } = await db.query<SessionBucket>(
    `WITH s AS (
       SELECT c.user_id, ${SESSION_AT} AS at, ${MINUTES} AS minutes,
              row_number() OVER (PARTITION BY c.user_id ORDER BY ${SESSION_AT}, c.id) AS n
         FROM consultations c
        WHERE c.astrologer_id = $1 AND c.status = 'completed' AND ${SESSION_AT} < $3
     )
     SELECT CASE WHEN grouping(b) = 0 THEN b END AS bucket, count(*)::int AS sessions, coalesce(sum(minutes), 0)::int AS minutes,
            count(DISTINCT user_id)::int AS clients, count(DISTINCT user_id) FILTER (WHERE n > 1)::int AS "repeatClients"
       FROM (SELECT s.*, ${BUCKET_OF('s.at')} AS b FROM s WHERE s.at >= $2) x
      GROUP BY GROUPING SETS ((b), ())`, [astrologerId, ...periodParams(p)]);
  return rows;
}

export interface MoneyBucket extends MoneyRow {
  bucket: string | null;
}

export async function findEarningsBuckets(db: Queryable, accountId: string, p: Period): Promise<MoneyBucket[]> {
  const { rows } = await db.query<MoneyBucket>(
    `SELECT CASE WHEN grouping(b) = 0 THEN b END AS bucket,
            coalesce(sum(amount_paise) FILTER (WHERE kind = 'capture'), 0)::bigint AS "grossPaise",
            coalesce(sum(amount_paise) FILTER (WHERE kind = 'commission'), 0)::bigint AS "commissionPaise"
       FROM (SELECT t.kind, t.amount_paise, ${BUCKET_OF('t.created_at')} AS b
               FROM ledger_transfers t
              WHERE ((t.kind = 'capture' AND t.credit_account_id = $1) OR (t.kind = 'commission' AND t.debit_account_id = $1))
                AND t.created_at >= $2 AND t.created_at < $3) x
      GROUP BY GROUPING SETS ((b), ())`, [accountId, ...periodParams(p)]);
  return rows;
}

export interface RatingBucket {
  bucket: string | null;
  sum: number;
  count: number;
}

export async function findRatingBuckets(db: Queryable, astrologerId: string, p: Period): Promise<RatingBucket[]> {
  const { rows } = await db.query<RatingBucket>(
    `SELECT CASE WHEN grouping(b) = 0 THEN b END AS bucket, coalesce(sum(rating), 0)::int AS sum, count(*)::int AS count
       FROM (SELECT r.rating, ${BUCKET_OF('r.created_at')} AS b
               FROM reviews r WHERE r.astrologer_id = $1 AND NOT r.rating_removed AND r.created_at >= $2 AND r.created_at < $3) x
      GROUP BY GROUPING SETS ((b), ())`, [astrologerId, ...periodParams(p)]);
  return rows;
}

export interface RequestBucket {
  bucket: string | null;
  accepted: number;
  declined: number;
  expired: number;
}

export async function findRequestBuckets(db: Queryable, astrologerId: string, p: Period): Promise<RequestBucket[]> {
  const { rows } = await db.query<RequestBucket>(
    `SELECT CASE WHEN grouping(b) = 0 THEN b END AS bucket,
            count(*) FILTER (WHERE accepted)::int AS accepted, count(*) FILTER (WHERE declined)::int AS declined,
            count(*) FILTER (WHERE expired)::int AS expired
       FROM (SELECT ${ACCEPTED} AS accepted, ${DECLINED} AS declined, ${EXPIRED} AS expired, ${BUCKET_OF('c.requested_at')} AS b
               FROM consultations c WHERE c.astrologer_id = $1 AND c.requested_at >= $2 AND c.requested_at < $3) x
      GROUP BY GROUPING SETS ((b), ())`, [astrologerId, ...periodParams(p)]);
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Admin metrics

export interface OutcomeCounts {
  completed: number;
  cancelled: number;
  declined: number;
  expired: number;
  noShow: number;
}

/** Outcomes of the consultations requested in [start, end) that have finished. */
export async function countOutcomes(db: Queryable, start: Date, end: Date): Promise<OutcomeCounts> {
  const { rows } = await db.query<OutcomeCounts>(
    `SELECT count(*) FILTER (WHERE status = 'completed')::int AS completed, count(*) FILTER (WHERE status = 'cancelled')::int AS cancelled,
            count(*) FILTER (WHERE status IN ('declined', 'rejected'))::int AS declined, count(*) FILTER (WHERE status = 'expired')::int AS expired,
            count(*) FILTER (WHERE status = 'no_show')::int AS "noShow"
       FROM consultations WHERE requested_at >= $1 AND requested_at < $2`, [start, end]);
  return rows[0]!;
}

export interface Revenue {
  gmvPaise: number;
  platformRevenuePaise: number;
  allTimeGmvPaise: number;
  allTimePlatformRevenuePaise: number;
}

/** GMV: captures from customers (gross); platform revenue: commissions into the platform revenue account. */
export async function sumRevenue(db: Queryable, start: Date, end: Date): Promise<Revenue> {
  const { rows } = await db.query<Revenue>(
    `SELECT coalesce(sum(amount_paise) FILTER (WHERE kind = 'capture' AND created_at >= $1 AND created_at < $2), 0)::bigint AS "gmvPaise",
            coalesce(sum(amount_paise) FILTER (WHERE kind = 'commission' AND created_at >= $1 AND created_at < $2), 0)::bigint AS "platformRevenuePaise",
            coalesce(sum(amount_paise) FILTER (WHERE kind = 'capture'), 0)::bigint AS "allTimeGmvPaise",
            coalesce(sum(amount_paise) FILTER (WHERE kind = 'commission'), 0)::bigint AS "allTimePlatformRevenuePaise"
       FROM ledger_transfers WHERE kind IN ('capture', 'commission') AND reference_type = 'consultation'`, [start, end]);
  return rows[0]!;
}

export interface ActiveUsers {
  customers7d: number;
  customers30d: number;
  astrologers7d: number;
  astrologers30d: number;
}

/** Identities active since `now − 30 d` (and 7 d): a sign-in or token refresh (each issues a refresh token), or a consultation. */
export async function countActiveUsers(db: Queryable, now: Date): Promise<ActiveUsers> {
  const { rows } = await db.query<ActiveUsers>(
    `WITH activity AS (
       SELECT identity_id AS id, created_at AS at FROM refresh_tokens WHERE created_at >= $1::timestamptz - interval '30 days'
       UNION ALL
       SELECT user_id, greatest(requested_at, coalesce(ended_at, requested_at)) FROM consultations
        WHERE requested_at >= $1::timestamptz - interval '30 days' OR ended_at >= $1::timestamptz - interval '30 days'
       UNION ALL
       SELECT astrologer_id, greatest(requested_at, coalesce(ended_at, requested_at)) FROM consultations
        WHERE requested_at >= $1::timestamptz - interval '30 days' OR ended_at >= $1::timestamptz - interval '30 days'
     ), last_seen AS (
       SELECT a.id, max(a.at) AS at FROM activity a WHERE a.at <= $1 GROUP BY a.id
     )
     SELECT count(*) FILTER (WHERE i.kind = 'user' AND l.at >= $1::timestamptz - interval '7 days')::int AS "customers7d",
            count(*) FILTER (WHERE i.kind = 'user')::int AS "customers30d",
            count(*) FILTER (WHERE i.kind = 'astrologer' AND l.at >= $1::timestamptz - interval '7 days')::int AS "astrologers7d",
            count(*) FILTER (WHERE i.kind = 'astrologer')::int AS "astrologers30d"
       FROM last_seen l JOIN identities i ON i.id = l.id
      WHERE l.at >= $1::timestamptz - interval '30 days'`, [now]);
  return rows[0]!;
}

export interface AstrologerPerformanceRow {
  id: string;
  displayName: string;
  status: string;
  sessions: number;
  minutes: number;
  grossPaise: number;
  commissionPaise: number;
  ratingAverage: number;
  ratingCount: number;
  accepted: number;
  declined: number;
  expired: number;
}

/** Per astrologer with any activity in the window (or approved): sessions, money, request outcomes; the card's rating. */
export async function findAstrologerPerformance(db: Queryable, start: Date, end: Date, limit: number): Promise<AstrologerPerformanceRow[]> {
  const { rows } = await db.query<AstrologerPerformanceRow>(
    `WITH s AS (
       SELECT c.astrologer_id AS id, count(*)::int AS sessions, coalesce(sum(${MINUTES}), 0)::int AS minutes
         FROM consultations c WHERE c.status = 'completed' AND ${SESSION_AT} >= $1 AND ${SESSION_AT} < $2 GROUP BY 1
     ), r AS (
       SELECT c.astrologer_id AS id, count(*) FILTER (WHERE ${ACCEPTED})::int AS accepted,
              count(*) FILTER (WHERE ${DECLINED})::int AS declined, count(*) FILTER (WHERE ${EXPIRED})::int AS expired
         FROM consultations c WHERE c.requested_at >= $1 AND c.requested_at < $2 GROUP BY 1
     ), m AS (
       SELECT e.owner_id AS id,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'capture' AND t.credit_account_id = e.id), 0)::bigint AS gross,
              coalesce(sum(t.amount_paise) FILTER (WHERE t.kind = 'commission' AND t.debit_account_id = e.id), 0)::bigint AS commission
         FROM ledger_transfers t JOIN ledger_accounts e ON e.kind = 'astrologer_earnings' AND e.id IN (t.credit_account_id, t.debit_account_id)
        WHERE t.kind IN ('capture', 'commission') AND t.created_at >= $1 AND t.created_at < $2
        GROUP BY 1
     )
     SELECT a.id, a.display_name AS "displayName", a.status,
            coalesce(s.sessions, 0) AS sessions, coalesce(s.minutes, 0) AS minutes,
            coalesce(m.gross, 0) AS "grossPaise", coalesce(m.commission, 0) AS "commissionPaise",
            a.rating_avg::float8 AS "ratingAverage", a.rating_count AS "ratingCount",
            coalesce(r.accepted, 0) AS accepted, coalesce(r.declined, 0) AS declined, coalesce(r.expired, 0) AS expired
       FROM astrologers a
       LEFT JOIN s ON s.id = a.id LEFT JOIN r ON r.id = a.id LEFT JOIN m ON m.id = a.id
      WHERE a.status = 'approved' OR s.id IS NOT NULL OR r.id IS NOT NULL OR m.id IS NOT NULL
      ORDER BY coalesce(m.gross, 0) - coalesce(m.commission, 0) DESC, coalesce(s.sessions, 0) DESC, a.display_name, a.id
      LIMIT $3`, [start, end, limit]);
  return rows;
}
