import { fromMicros, toMicros, type Queryable, type TimeKey } from '@ap/db';

export interface NotificationRow {
  id: string;
  kind: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  readAt: Date | null;
  createdAt: Date;
  /** created_at in whole microseconds, for the cursor (a JS Date would round it). */
  cursorAt: number;
}

const COLUMNS = `id, kind, title, body, data, read_at AS "readAt", created_at AS "createdAt", ${toMicros('created_at')} AS "cursorAt"`;

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

export async function markRead(db: Queryable, id: string): Promise<NotificationRow | null> {
  const { rows } = await db.query<NotificationRow>(
    `UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function insertNotification(db: Queryable, n: { recipientId: string; kind: string; title: string; body?: string; data?: Record<string, unknown> }) {
  const { rows } = await db.query<NotificationRow>(
    `INSERT INTO notifications (recipient_id, kind, title, body, data) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [n.recipientId, n.kind, n.title, n.body ?? '', n.data ?? {}],
  );
  return rows[0]!;
}
