import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';
import type { RecipientKind } from './rules.js';

export interface NotificationRow {
  id: string;
  recipientKind: RecipientKind;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
  /** created_at in whole microseconds, for the cursor (a JS Date would round it). */
  cursorAt: number;
}

const COLUMNS = `id, (SELECT i.kind FROM identities i WHERE i.id = recipient_id) AS "recipientKind", kind, title, body, data, read_at AS "readAt", created_at AS "createdAt", ${toMicros('created_at')} AS "cursorAt"`;

/** Newest first, keyset on (created_at, id). RLS limits rows to the caller's own. */
export async function listOwn(db: Queryable, limit: number, after: TimeKey | null): Promise<NotificationRow[]> {
  const { rows } = await db.query<NotificationRow>(
    `SELECT ${COLUMNS} FROM notifications
      WHERE recipient_id = auth.uid() AND ($2::bigint IS NULL OR (created_at, id) < (${fromMicros('$2')}, $3::uuid))
      ORDER BY created_at DESC, id DESC LIMIT $1`,
    [limit, after?.[0] ?? null, after?.[1] ?? null],
  );
  return rows;
}

export async function countUnread(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = auth.uid() AND read_at IS NULL`);
  return rows[0]!.n;
}

/** Marks every unread notification of the caller read; returns how many changed. */
export async function markAllRead(db: Queryable): Promise<number> {
  const { rowCount } = await db.query(`UPDATE notifications SET read_at = now() WHERE recipient_id = auth.uid() AND read_at IS NULL`);
  return rowCount ?? 0;
}

export async function findNotification(db: Queryable, id: string): Promise<NotificationRow | null> {
  const { rows } = await db.query<NotificationRow>(`SELECT ${COLUMNS} FROM notifications WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function markRead(db: Queryable, id: string): Promise<NotificationRow | null> {
  const { rows } = await db.query<NotificationRow>(
    `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

export interface NotificationInput {
  recipientId: string;
  kind: string;
  title: string;
  body?: string;
  data?: Record<string, unknown>;
}

/** Inserts in the caller's transaction, so a notice commits with the change it announces; a trigger queues its pushes. */
export async function insertNotification(db: Queryable, n: NotificationInput) {
  const { rows } = await db.query<NotificationRow>(
    `INSERT INTO notifications (recipient_id, kind, title, body, data) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [n.recipientId, n.kind, n.title, n.body ?? '', n.data ?? {}],
  );
  return rows[0]!;
}

export interface PushSubscriptionInput {
  userId: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/**
 * One row per endpoint: subscribing again refreshes the keys, and an endpoint registered by another account on
 * the same browser moves to the account that subscribed last (the browser, not the account, owns the endpoint).
 */
export async function upsertPushSubscription(db: Queryable, s: PushSubscriptionInput): Promise<{ id: string; created: boolean }> {
  const { rows } = await db.query<{ id: string; created: boolean }>(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth, updated_at = now()
     RETURNING id, (xmax = 0) AS created`,
    [s.userId, s.endpoint, s.p256dh, s.auth]);
  return rows[0]!;
}

/** Keeps a person's `keep` most recently refreshed subscriptions. */
export async function trimPushSubscriptions(db: Queryable, userId: string, keep: number): Promise<void> {
  await db.query(
    `DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN (
       SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY updated_at DESC, id DESC LIMIT $2)`,
    [userId, keep]);
}

/** The caller's own subscription for this endpoint (RLS). */
export async function deleteOwnPushSubscription(db: Queryable, endpoint: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM push_subscriptions WHERE endpoint = $1 AND user_id = auth.uid()`, [endpoint]);
  return (rowCount ?? 0) > 0;
}

export async function countOwnPushSubscriptions(db: Queryable, endpoint: string | null): Promise<{ total: number; endpoint: boolean }> {
  const { rows } = await db.query<{ total: number; endpoint: boolean }>(
    `SELECT count(*)::int AS total, coalesce(bool_or(endpoint = $1), false) AS endpoint FROM push_subscriptions WHERE user_id = auth.uid()`,
    [endpoint]);
  return rows[0]!;
}

export async function deletePushSubscription(db: Queryable, id: string): Promise<void> {
  await db.query('DELETE FROM push_subscriptions WHERE id = $1', [id]);
}

export interface PushTarget {
  notification: NotificationRow;
  endpoint: string;
  p256dh: string;
  auth: string;
}

/** The notification and the subscription it is for, while that subscription still belongs to its recipient. */
export async function findPushTarget(db: Queryable, notificationId: string, subscriptionId: string): Promise<PushTarget | null> {
  const notification = await findNotification(db, notificationId);
  if (!notification) return null;
  const { rows } = await db.query<Omit<PushTarget, 'notification'>>(
    `SELECT s.endpoint, s.p256dh, s.auth FROM push_subscriptions s JOIN notifications n ON n.recipient_id = s.user_id
      WHERE s.id = $1 AND n.id = $2`,
    [subscriptionId, notificationId]);
  return rows[0] ? { notification, ...rows[0] } : null;
}

export interface VapidKeyPair {
  publicKey: string;
  privateKey: string;
}

/** The stored pair, creating it from `generated` when none exists yet (concurrent starts agree on the first). */
export async function findOrInsertVapidKeys(db: Queryable, generated: VapidKeyPair): Promise<VapidKeyPair> {
  await db.query(`INSERT INTO web_push_vapid_keys (public_key, private_key) VALUES ($1, $2) ON CONFLICT (singleton) DO NOTHING`, [generated.publicKey, generated.privateKey]);
  const { rows } = await db.query<VapidKeyPair>(`SELECT public_key AS "publicKey", private_key AS "privateKey" FROM web_push_vapid_keys`);
  return rows[0]!;
}
