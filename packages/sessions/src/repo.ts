import { fromMicros, toMicros, type Queryable } from '@ap/db';

export type Mode = 'chat' | 'call' | 'video';
export type SessionStatus = 'requested' | 'active' | 'completed' | 'cancelled' | 'expired' | 'rejected';
export type Party = 'customer' | 'astrologer';

export interface SessionRow {
  id: string;
  userId: string;
  astrologerId: string;
  customerName: string;
  astrologerName: string;
  astrologerPhotoUrl: string | null;
  mode: Mode;
  status: SessionStatus;
  ratePaise: number;
  requestedAt: Date;
  expiresAt: Date | null;
  acceptedAt: Date | null;
  endedAt: Date | null;
  endReason: string | null;
  billingStartedAt: Date | null;
  billedMs: number;
  firstBilledAt: Date | null;
  deadlineAt: Date | null;
  fundedMinutes: number;
  freeMinutes: number;
  billedMinutes: number | null;
  chargedPaise: number | null;
  promoPaise: number | null;
  customerSeenAt: Date | null;
  astrologerSeenAt: Date | null;
  customerMediaAt: Date | null;
  astrologerMediaAt: Date | null;
  lowBalanceWarnedFor: Date | null;
}

const COLUMNS = `
  c.id, c.user_id AS "userId", c.astrologer_id AS "astrologerId", u.name AS "customerName", a.display_name AS "astrologerName",
  a.photo_url AS "astrologerPhotoUrl", c.mode, c.status, c.rate_paise::int AS "ratePaise", c.requested_at AS "requestedAt",
  c.expires_at AS "expiresAt", c.accepted_at AS "acceptedAt", c.ended_at AS "endedAt", c.end_reason AS "endReason",
  c.billing_started_at AS "billingStartedAt", c.billed_ms::bigint::float8 AS "billedMs", c.first_billed_at AS "firstBilledAt",
  c.deadline_at AS "deadlineAt", c.funded_minutes AS "fundedMinutes", c.free_minutes AS "freeMinutes",
  c.billed_minutes AS "billedMinutes", c.charged_paise::float8 AS "chargedPaise", c.promo_paise::float8 AS "promoPaise",
  c.customer_seen_at AS "customerSeenAt", c.astrologer_seen_at AS "astrologerSeenAt",
  c.customer_media_at AS "customerMediaAt", c.astrologer_media_at AS "astrologerMediaAt",
  c.low_balance_warned_for AS "lowBalanceWarnedFor"`;

const FROM = `FROM consultations c JOIN users u ON u.id = c.user_id JOIN astrologers a ON a.id = c.astrologer_id`;

/** An instant session, locked until the transaction ends (every change to a session goes through this lock). */
export async function lockSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`SELECT ${COLUMNS} ${FROM} WHERE c.id = $1 AND c.kind = 'instant' FOR NO KEY UPDATE OF c`, [id]);
  return rows[0] ?? null;
}

export async function findSession(db: Queryable, id: string): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(`SELECT ${COLUMNS} ${FROM} WHERE c.id = $1 AND c.kind = 'instant'`, [id]);
  return rows[0] ?? null;
}

/** The caller's open session (requested or active), as customer or astrologer. */
export async function findOpenFor(db: Queryable, identityId: string): Promise<SessionRow[]> {
  const { rows } = await db.query<SessionRow>(
    `SELECT ${COLUMNS} ${FROM} WHERE c.kind = 'instant' AND c.status IN ('requested', 'active') AND (c.user_id = $1 OR c.astrologer_id = $1)
      ORDER BY c.requested_at`, [identityId]);
  return rows;
}

export interface AstrologerForSession {
  id: string;
  status: string;
  presence: 'online' | 'busy' | 'offline';
  ratePaise: number;
}

/** The astrologer's state and per-minute price for a mode, locked (FOR SHARE: requests to one astrologer don't queue on each other). */
export async function astrologerFor(db: Queryable, astrologerId: string, mode: Mode, lock: 'share' | 'update'): Promise<AstrologerForSession | null> {
  const column = { chat: 'price_chat_paise', call: 'price_call_paise', video: 'price_video_paise' }[mode];
  const { rows } = await db.query<AstrologerForSession>(
    `SELECT id, status, presence, ${column}::int AS "ratePaise" FROM astrologers WHERE id = $1 FOR ${lock === 'share' ? 'SHARE' : 'UPDATE'}`,
    [astrologerId]);
  return rows[0] ?? null;
}

export async function setPresence(db: Queryable, astrologerId: string, from: string, to: string): Promise<void> {
  await db.query(`UPDATE astrologers SET presence = $3 WHERE id = $1 AND presence = $2`, [astrologerId, from, to]);
}

export async function hasLiveSession(db: Queryable, astrologerId: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM consultations WHERE astrologer_id = $1 AND kind = 'instant' AND status = 'active'`, [astrologerId]);
  return rows.length > 0;
}

export async function insertRequest(
  db: Queryable,
  r: { id: string; userId: string; astrologerId: string; mode: Mode; ratePaise: number; at: Date; expiresAt: Date; freeMinutes: number },
): Promise<void> {
  await db.query(
    `INSERT INTO consultations (id, user_id, astrologer_id, mode, kind, status, rate_paise, requested_at, expires_at, free_minutes, created_at, updated_at)
     VALUES ($1, $2, $3, $4, 'instant', 'requested', $5, $6, $7, $8, $6, $6)`,
    [r.id, r.userId, r.astrologerId, r.mode, r.ratePaise, r.at, r.expiresAt, r.freeMinutes]);
}

/** Partial update of a locked session's columns (snake_case names, written by this package only). */
export async function update(db: Queryable, id: string, at: Date, set: Record<string, unknown>): Promise<void> {
  const keys = Object.keys(set);
  const assignments = keys.map((k, i) => `${k} = $${i + 3}`);
  await db.query(`UPDATE consultations SET ${[...assignments, 'updated_at = $2'].join(', ')} WHERE id = $1`, [id, at, ...keys.map((k) => set[k])]);
}

export async function phoneOf(db: Queryable, identityId: string): Promise<string | null> {
  const { rows } = await db.query<{ phone: string }>(`SELECT phone FROM identities WHERE id = $1`, [identityId]);
  return rows[0]?.phone ?? null;
}

/** Claims the free first session for a phone (hash); false when that phone already has it. */
export async function claimFreeSession(db: Queryable, phoneHash: string, userId: string, consultationId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO free_session_claims (phone_hash, user_id, consultation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
    [phoneHash, userId, consultationId]);
  return rowCount === 1;
}

export async function freeSessionClaimed(db: Queryable, phoneHash: string): Promise<boolean> {
  const { rows } = await db.query(`SELECT 1 FROM free_session_claims WHERE phone_hash = $1`, [phoneHash]);
  return rows.length > 0;
}

/** Gives the free session back: the consultation that claimed it never billed a minute. */
export async function releaseFreeSession(db: Queryable, consultationId: string): Promise<void> {
  await db.query(`DELETE FROM free_session_claims WHERE consultation_id = $1`, [consultationId]);
}

export interface HoldRow { id: string; amountPaise: number; status: 'active' | 'settled' }

/** The session's holds in the order they were placed (the first, then top-ups). */
export async function holdsOf(db: Queryable, consultationId: string): Promise<HoldRow[]> {
  const { rows } = await db.query<HoldRow>(
    `SELECT id, amount_paise::float8 AS "amountPaise", status FROM ledger_holds
      WHERE reference_type = 'consultation' AND reference_id = $1 ORDER BY created_at, id`, [consultationId]);
  return rows;
}

export async function addWaitlist(db: Queryable, w: { astrologerId: string; userId: string; mode: Mode }): Promise<void> {
  await db.query(
    `INSERT INTO session_waitlist (astrologer_id, user_id, mode) VALUES ($1, $2, $3)
     ON CONFLICT (astrologer_id, user_id) WHERE notified_at IS NULL DO UPDATE SET mode = EXCLUDED.mode`,
    [w.astrologerId, w.userId, w.mode]);
}

export async function removeWaitlist(db: Queryable, astrologerId: string, userId: string): Promise<void> {
  await db.query(`DELETE FROM session_waitlist WHERE astrologer_id = $1 AND user_id = $2 AND notified_at IS NULL`, [astrologerId, userId]);
}

/** Marks everyone waiting for this astrologer as told, returning them (oldest first). */
export async function takeWaitlist(db: Queryable, astrologerId: string, at: Date): Promise<{ userId: string; mode: Mode }[]> {
  const { rows } = await db.query<{ userId: string; mode: Mode; createdAt: Date }>(
    `UPDATE session_waitlist SET notified_at = $2 WHERE astrologer_id = $1 AND notified_at IS NULL
     RETURNING user_id AS "userId", mode, created_at AS "createdAt"`, [astrologerId, at]);
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map(({ userId, mode }) => ({ userId, mode }));
}

/** Active sessions where a party has not been seen since `before` (the sweeper's candidates), skipping locked ones. */
export async function findAbandoned(db: Queryable, before: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM consultations
      WHERE kind = 'instant' AND status = 'active' AND least(customer_seen_at, astrologer_seen_at) < $1
      ORDER BY least(customer_seen_at, astrologer_seen_at) LIMIT $2 FOR NO KEY UPDATE SKIP LOCKED`, [before, limit]);
  return rows.map((r) => r.id);
}

/** Records that parties are present (their sockets are in the session's room). */
export async function touchSeen(db: Queryable, ids: string[], identityId: string, at: Date): Promise<void> {
  await db.query(
    `UPDATE consultations SET
       customer_seen_at = CASE WHEN user_id = $2 THEN greatest(customer_seen_at, $3) ELSE customer_seen_at END,
       astrologer_seen_at = CASE WHEN astrologer_id = $2 THEN greatest(astrologer_seen_at, $3) ELSE astrologer_seen_at END
     WHERE id = ANY($1::uuid[]) AND kind = 'instant' AND status = 'active' AND $2 IN (user_id, astrologer_id)`,
    [ids, identityId, at]);
}

/** Announces a session change to every communication instance (delivered at commit; see the live_sessions migration). */
export async function announce(db: Queryable, payload: Record<string, unknown>): Promise<void> {
  await db.query(`SELECT pg_notify('ap_realtime', $1)`, [JSON.stringify(payload)]);
}


/** The identity's instant sessions (as customer or astrologer), newest first, keyset on (requested_at, id). */
export async function listFor(db: Queryable, identityId: string, limit: number, after: [number, string] | null): Promise<(SessionRow & { cursorAt: number })[]> {
  const { rows } = await db.query<SessionRow & { cursorAt: number }>(
    `SELECT ${COLUMNS}, ${toMicros('c.requested_at')} AS "cursorAt" ${FROM}
      WHERE c.kind = 'instant' AND (c.user_id = $1 OR c.astrologer_id = $1)
        AND ($3::bigint IS NULL OR (c.requested_at, c.id) < (${fromMicros('$3')}, $4::uuid))
      ORDER BY c.requested_at DESC, c.id DESC LIMIT $2`,
    [identityId, limit, after?.[0] ?? null, after?.[1] ?? null]);
  return rows;
}
