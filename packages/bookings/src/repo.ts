import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';
import { LIVE_STATUSES, type BookingStatus } from './rules.js';

export interface BookingRow {
  id: string;
  userId: string;
  astrologerId: string;
  customerName: string;
  astrologerName: string;
  mode: 'chat' | 'call' | 'video';
  status: BookingStatus;
  pricePaise: number;
  scheduledStart: Date;
  scheduledEnd: Date;
  expiresAt: Date | null;
  cancelledBy: 'customer' | 'astrologer' | null;
  createdAt: Date;
  updatedAt: Date;
  heldPaise: number | null;
  capturedPaise: number | null;
  releasedPaise: number | null;
  /** scheduled_start in whole microseconds, for the cursor. */
  cursorAt: number;
}

const BOOKING_COLUMNS = `
  c.id, c.user_id AS "userId", c.astrologer_id AS "astrologerId", u.name AS "customerName", a.display_name AS "astrologerName",
  c.mode, c.status, c.price_paise AS "pricePaise", c.scheduled_start AS "scheduledStart", c.scheduled_end AS "scheduledEnd",
  c.expires_at AS "expiresAt", c.cancelled_by AS "cancelledBy", c.created_at AS "createdAt", c.updated_at AS "updatedAt",
  h.amount_paise AS "heldPaise", h.captured_paise AS "capturedPaise", h.released_paise AS "releasedPaise",
  ${toMicros('c.scheduled_start')} AS "cursorAt"`;

const BOOKING_FROM = `
  FROM consultations c
  JOIN users u ON u.id = c.user_id
  JOIN astrologers a ON a.id = c.astrologer_id
  LEFT JOIN ledger_holds h ON h.reference_type = 'consultation' AND h.reference_id = c.id`;

/**
 * Serialises bookings of one astrologer until the transaction ends, so "is this slot still free?" and the insert
 * that takes it cannot interleave with another booking's. An advisory lock rather than a row lock on
 * `astrologers`, so profile edits and presence updates never queue behind bookings; a hash collision between two
 * astrologers only serialises them, it never lets two bookings of one astrologer through together.
 */
export async function lockAstrologerSchedule(db: Queryable, astrologerId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('booking:' || $1::text, 0))`, [astrologerId]);
}

/** Whether the astrologer offers this mode at all (a per-minute price of 0 means they do not). */
export async function offersMode(db: Queryable, astrologerId: string, mode: 'chat' | 'call' | 'video'): Promise<boolean> {
  const column = { chat: 'price_chat_paise', call: 'price_call_paise', video: 'price_video_paise' }[mode];
  const { rows } = await db.query<{ ok: boolean }>(`SELECT ${column} > 0 AS ok FROM astrologers WHERE id = $1`, [astrologerId]);
  return rows[0]?.ok ?? false;
}

export async function insertBooking(
  db: Queryable,
  b: { id: string; userId: string; astrologerId: string; mode: string; pricePaise: number; start: Date; end: Date; expiresAt: Date },
): Promise<void> {
  await db.query(
    `INSERT INTO consultations (id, user_id, astrologer_id, mode, kind, status, price_paise, scheduled_start, scheduled_end, expires_at)
     VALUES ($1, $2, $3, $4, 'scheduled', 'pending', $5, $6, $7, $8)`,
    [b.id, b.userId, b.astrologerId, b.mode, b.pricePaise, b.start, b.end, b.expiresAt]);
}

export async function findBooking(db: Queryable, id: string): Promise<BookingRow | null> {
  const { rows } = await db.query<BookingRow>(`SELECT ${BOOKING_COLUMNS} ${BOOKING_FROM} WHERE c.id = $1 AND c.kind = 'scheduled'`, [id]);
  return rows[0] ?? null;
}

/** Locks a scheduled consultation for a status change; every move of one booking queues here. */
export async function lockBooking(db: Queryable, id: string): Promise<BookingRow | null> {
  await db.query(`SELECT 1 FROM consultations WHERE id = $1 AND kind = 'scheduled' FOR UPDATE`, [id]);
  return findBooking(db, id);
}

export async function findHoldId(db: Queryable, consultationId: string): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM ledger_holds WHERE reference_type = 'consultation' AND reference_id = $1`, [consultationId]);
  return rows[0]?.id ?? null;
}

/**
 * Records the new status and returns the booking as it now stands (money included), in one round trip: the moves
 * that settle money run this while holding the ledger's account locks, so every round trip saved is lock time
 * saved. The SELECT sees this transaction's earlier writes (the settled hold) and, through the CTE, the updated row.
 */
export async function updateStatus(
  db: Queryable, id: string, status: BookingStatus, at: Date, cancelledBy: 'customer' | 'astrologer' | null,
): Promise<BookingRow> {
  const { rows } = await db.query<BookingRow>(
    `WITH c AS (
       UPDATE consultations SET status = $2,
              accepted_at = CASE WHEN $2 = 'confirmed' THEN $3 ELSE accepted_at END,
              started_at = CASE WHEN $2 = 'in_progress' THEN $3 ELSE started_at END,
              ended_at = CASE WHEN $2 IN ('completed', 'cancelled', 'declined', 'expired', 'no_show') THEN $3 ELSE ended_at END,
              end_reason = CASE WHEN $2 IN ('completed', 'cancelled', 'declined', 'expired', 'no_show') THEN $2 ELSE end_reason END,
              cancelled_by = $4
        WHERE id = $1 AND kind = 'scheduled'
        RETURNING *)
     SELECT ${BOOKING_COLUMNS} ${BOOKING_FROM.replace('FROM consultations c', 'FROM c')}`,
    [id, status, at, cancelledBy]);
  if (!rows[0]) throw new Error(`scheduled consultation ${id} vanished while locked`);
  return rows[0];
}

export type ListFilter = 'upcoming' | 'past' | 'all';

/**
 * A party's scheduled consultations, keyset-paginated on (scheduled_start, id): upcoming ones soonest first,
 * past and all latest first. "Upcoming" = still live and not yet over.
 */
export async function listBookings(
  db: Queryable,
  q: { party: 'user_id' | 'astrologer_id'; partyId: string; filter: ListFilter; status: BookingStatus | undefined; now: Date; limit: number; after: TimeKey | null },
): Promise<BookingRow[]> {
  const asc = q.filter === 'upcoming';
  const { rows } = await db.query<BookingRow>(
    `SELECT ${BOOKING_COLUMNS} ${BOOKING_FROM}
      WHERE c.${q.party} = $1 AND c.kind = 'scheduled'
        AND ($8::text = 'all' OR ($8::text = 'upcoming') = (c.status = ANY($3::text[]) AND c.scheduled_end > $2::timestamptz))
        AND ($4::text IS NULL OR c.status = $4)
        AND ($5::bigint IS NULL OR (c.scheduled_start, c.id) ${asc ? '>' : '<'} (${fromMicros('$5')}, $6::uuid))
      ORDER BY c.scheduled_start ${asc ? 'ASC' : 'DESC'}, c.id ${asc ? 'ASC' : 'DESC'}
      LIMIT $7`,
    [q.partyId, q.now, LIVE_STATUSES, q.status ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit, q.filter]);
  return rows;
}
