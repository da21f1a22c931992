import type { Queryable } from '@ap/db';

export interface ConsultationParties {
  id: string;
  userId: string;
  astrologerId: string;
  kind: 'instant' | 'scheduled';
  mode: 'chat' | 'call' | 'video';
  status: string;
}

/**
 * The consultation a message goes to. `lock`: a customer's message takes a share lock (customers' messages don't
 * queue on each other, and a session cannot end while one is being stored); an astrologer's takes the row lock
 * up front, because their first reply starts the meter, which updates the row — taking the strong lock first means
 * no two messages ever upgrade a shared lock and deadlock.
 */
export async function findConsultation(db: Queryable, id: string, lock: 'share' | 'update' | null): Promise<ConsultationParties | null> {
  const suffix = lock === 'share' ? 'FOR SHARE' : lock === 'update' ? 'FOR NO KEY UPDATE' : '';
  const { rows } = await db.query<ConsultationParties>(
    `SELECT id, user_id AS "userId", astrologer_id AS "astrologerId", kind, mode, status FROM consultations WHERE id = $1 ${suffix}`, [id]);
  return rows[0] ?? null;
}

export interface MessageRow {
  id: string;
  seq: number;
  consultationId: string;
  senderId: string;
  clientMsgId: string;
  kind: 'text' | 'image' | 'file';
  body: string | null;
  attachmentUrl: string | null;
  attachmentType: string | null;
  attachmentBytes: number | null;
  attachmentName: string | null;
  masked: boolean;
  readAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, seq::float8 AS seq, consultation_id AS "consultationId", sender_id AS "senderId", client_msg_id AS "clientMsgId",
  kind, body, attachment_url AS "attachmentUrl", attachment_type AS "attachmentType", attachment_bytes AS "attachmentBytes",
  attachment_name AS "attachmentName", masked, read_at AS "readAt", created_at AS "createdAt"`;

export interface NewMessage {
  consultationId: string;
  senderId: string;
  clientMsgId: string;
  kind: 'text' | 'image' | 'file';
  body: string | null;
  masked: boolean;
  attachment?: { url: string; type: string; bytes: number; name: string | null };
  at: Date;
}

/** Stores a message once per (consultation, sender, clientMsgId); `inserted` is false for a retry. */
export async function insertMessage(db: Queryable, m: NewMessage): Promise<{ row: MessageRow; inserted: boolean }> {
  const { rows } = await db.query<MessageRow>(
    `INSERT INTO messages (consultation_id, sender_id, client_msg_id, kind, body, masked, attachment_url, attachment_type, attachment_bytes, attachment_name, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (consultation_id, sender_id, client_msg_id) DO NOTHING RETURNING ${COLUMNS}`,
    [m.consultationId, m.senderId, m.clientMsgId, m.kind, m.body, m.masked, m.attachment?.url ?? null, m.attachment?.type ?? null,
      m.attachment?.bytes ?? null, m.attachment?.name ?? null, m.at]);
  if (rows[0]) return { row: rows[0], inserted: true };
  const existing = await db.query<MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE consultation_id = $1 AND sender_id = $2 AND client_msg_id = $3`, [m.consultationId, m.senderId, m.clientMsgId]);
  return { row: existing.rows[0]!, inserted: false };
}

/** Messages after a sequence number, oldest first. */
export async function listAfter(db: Queryable, consultationId: string, afterSeq: number, limit: number): Promise<MessageRow[]> {
  const { rows } = await db.query<MessageRow>(
    `SELECT ${COLUMNS} FROM messages WHERE consultation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`, [consultationId, afterSeq, limit]);
  return rows;
}

/** Marks the other party's messages up to a sequence number read; returns how many changed and the read time. */
export async function markRead(db: Queryable, consultationId: string, readerId: string, upToSeq: number, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE messages SET read_at = $4 WHERE consultation_id = $1 AND sender_id <> $2 AND seq <= $3 AND read_at IS NULL`,
    [consultationId, readerId, upToSeq, at]);
  return rowCount ?? 0;
}

export async function findAttachment(db: Queryable, consultationId: string, url: string): Promise<{ type: string } | null> {
  const { rows } = await db.query<{ type: string }>(
    `SELECT attachment_type AS type FROM messages WHERE consultation_id = $1 AND attachment_url = $2`, [consultationId, url]);
  return rows[0] ?? null;
}
