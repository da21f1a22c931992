import type { Pool } from '@ap/db';
import type { MessageRow } from './repo.js';

export interface TextToStore {
  consultationId: string;
  senderId: string;
  clientMsgId: string;
  body: string;
  masked: boolean;
  at: Date;
}

export type Stored = { row: MessageRow; customerId: string } | null;

interface Pending extends TextToStore { resolve: (r: Stored) => void; reject: (e: unknown) => void }

const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 4;

/*
 * One statement stores a whole batch: it share-locks each message's consultation (a session cannot end while a
 * message to it is being stored, and one that ended first is seen as ended), keeps only messages from one of the
 * two parties of a session in progress, and inserts them once per (consultation, sender, clientMsgId). A message
 * that needs more than that — a retry of a stored one, a refusal to explain, or the astrologer's first reply in an
 * instant chat, which starts the meter — is not inserted here and goes the careful way (resolved with null).
 */
const INSERT_BATCH = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::boolean[], $6::timestamptz[], $7::int[])
      AS i(consultation_id, sender_id, client_msg_id, body, masked, created_at, ord)
  ), allowed AS (
    SELECT i.*, c.user_id AS customer_id
      FROM input i JOIN consultations c ON c.id = i.consultation_id
     WHERE i.sender_id IN (c.user_id, c.astrologer_id) AND c.status IN ('active', 'in_progress')
       AND NOT (i.sender_id = c.astrologer_id AND c.kind = 'instant' AND c.mode = 'chat' AND c.first_billed_at IS NULL)
     FOR SHARE OF c
  ), inserted AS (
    INSERT INTO messages (consultation_id, sender_id, client_msg_id, kind, body, masked, created_at)
    SELECT consultation_id, sender_id, client_msg_id, 'text', body, masked, created_at FROM allowed ORDER BY ord
    ON CONFLICT (consultation_id, sender_id, client_msg_id) DO NOTHING
    RETURNING id, seq, consultation_id, sender_id, client_msg_id, kind, body, attachment_url, attachment_type, attachment_bytes,
              attachment_name, masked, read_at, created_at
  )
  SELECT a.ord, a.customer_id AS "customerId", m.id, m.seq::float8 AS seq, m.consultation_id AS "consultationId", m.sender_id AS "senderId",
         m.client_msg_id AS "clientMsgId", m.kind, m.body, m.attachment_url AS "attachmentUrl", m.attachment_type AS "attachmentType",
         m.attachment_bytes AS "attachmentBytes", m.attachment_name AS "attachmentName", m.masked, m.read_at AS "readAt", m.created_at AS "createdAt"
    FROM inserted m JOIN allowed a ON a.consultation_id = m.consultation_id AND a.sender_id = m.sender_id AND a.client_msg_id = m.client_msg_id`;

/**
 * Group commit for chat messages: texts arriving while earlier batches are being written are stored together in
 * one transaction of one statement, and each is acknowledged only after that transaction commits. Under load this
 * turns hundreds of transactions a second into a few dozen; when idle a message is written at once, alone.
 */
export function createMessageWriter(pool: Pool) {
  const queue: Pending[] = [];
  let inFlight = 0;

  async function flush(batch: Pending[]): Promise<void> {
    inFlight++;
    try {
      // One statement is one transaction on its own (atomic, and committed when it returns): one round trip per
      // batch. It runs as the service's database login, which like the service role is not subject to RLS; the
      // statement itself checks that each sender is a party of a session in progress.
      const { rows } = await pool.query<MessageRow & { ord: number; customerId: string }>(INSERT_BATCH, [
        batch.map((p) => p.consultationId), batch.map((p) => p.senderId), batch.map((p) => p.clientMsgId), batch.map((p) => p.body),
        batch.map((p) => p.masked), batch.map((p) => p.at), batch.map((_, i) => i),
      ]);
      const byOrd = new Map(rows.map(({ ord, customerId, ...row }) => [ord, { row, customerId }]));
      batch.forEach((p, i) => p.resolve(byOrd.get(i) ?? null));
    } catch (err) {
      // A batch failed as a whole (e.g. one malformed id): let each message take the careful path on its own.
      if (batch.length > 1) for (const p of batch) p.resolve(null);
      else batch[0]!.reject(err);
    } finally {
      inFlight--;
      pump();
    }
  }

  function pump() {
    while (queue.length && inFlight < MAX_IN_FLIGHT) void flush(queue.splice(0, MAX_BATCH));
  }

  return {
    /** Stores a text if it can be stored the simple way; null means: take the careful path. */
    store(t: TextToStore): Promise<Stored> {
      return new Promise<Stored>((resolve, reject) => {
        queue.push({ ...t, resolve, reject });
        pump();
      });
    },
  };
}
