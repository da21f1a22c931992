import { randomPhone, type TestStack } from '../../../test/support/app.js';

export interface Person {
  id: string;
  kind: 'user' | 'astrologer';
  auth: { Authorization: string };
}

/** A customer or astrologer identity with a signed access token (no OTP round trip: not what these tests are about). */
export async function makePerson(stack: TestStack, kind: 'user' | 'astrologer' = 'user'): Promise<Person> {
  const pool = stack.db.pool;
  const { rows } = await pool.query<{ id: string }>(`INSERT INTO identities (kind, phone, roles) VALUES ($1, $2, $3) RETURNING id`, [kind, randomPhone(), [kind]]);
  const id = rows[0]!.id;
  if (kind === 'user') await pool.query(`INSERT INTO users (id, name) VALUES ($1, 'Asha Verma')`, [id]);
  const token = await stack.platform.tokens.sign({ id, kind, roles: [kind] });
  return { id, kind, auth: { Authorization: `Bearer ${token}` } };
}

/** Inserts a notification the way other capabilities do: a plain INSERT in their own transaction. */
export async function insertNotificationRow(
  stack: TestStack, recipientId: string,
  n: { kind?: string; title?: string; body?: string; data?: Record<string, unknown>; createdAt?: Date } = {},
): Promise<string> {
  const { rows } = await stack.db.pool.query<{ id: string }>(
    `INSERT INTO notifications (recipient_id, kind, title, body, data, created_at) VALUES ($1, $2, $3, $4, $5, coalesce($6, now())) RETURNING id`,
    [recipientId, n.kind ?? 'booking.confirmed', n.title ?? 'Pandit Ji confirmed your booking', n.body ?? 'Your call is booked.', n.data ?? {}, n.createdAt ?? null]);
  return rows[0]!.id;
}
