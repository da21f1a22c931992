import type { Queryable } from '@ap/db';
import type { RechargeOrder } from './schemas.js';

export interface OrderRow {
  id: string;
  userId: string;
  provider: RechargeOrder['provider'];
  gatewayOrderId: string | null;
  gatewayPaymentId: string | null;
  status: RechargeOrder['status'];
  amountPaise: number;
  gstPaise: number;
  totalPaise: number;
  clientPayload: Record<string, unknown> | null;
  createdAt: Date;
  paidAt: Date | null;
}

const COLUMNS = `id, user_id AS "userId", provider, gateway_order_id AS "gatewayOrderId", gateway_payment_id AS "gatewayPaymentId",
  status, amount_paise AS "amountPaise", gst_paise AS "gstPaise", total_paise AS "totalPaise", client_payload AS "clientPayload",
  created_at AS "createdAt", paid_at AS "paidAt"`;

export async function insertOrder(db: Queryable, o: { userId: string; provider: string; amountPaise: number; gstPaise: number }): Promise<OrderRow> {
  const { rows } = await db.query<OrderRow>(
    `INSERT INTO payment_orders (user_id, provider, amount_paise, gst_paise, total_paise) VALUES ($1, $2, $3::bigint, $4::bigint, $3::bigint + $4::bigint) RETURNING ${COLUMNS}`,
    [o.userId, o.provider, o.amountPaise, o.gstPaise],
  );
  return rows[0]!;
}

export async function findOrder(db: Queryable, id: string, forUpdate = false): Promise<OrderRow | null> {
  const { rows } = await db.query<OrderRow>(`SELECT ${COLUMNS} FROM payment_orders WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return rows[0] ?? null;
}

export async function findOrderByGatewayId(db: Queryable, provider: string, gatewayOrderId: string, forUpdate = false): Promise<OrderRow | null> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM payment_orders WHERE provider = $1 AND gateway_order_id = $2 ${forUpdate ? 'FOR UPDATE' : ''}`,
    [provider, gatewayOrderId],
  );
  return rows[0] ?? null;
}

export async function setGatewayOrder(db: Queryable, id: string, gatewayOrderId: string, clientPayload: Record<string, unknown>) {
  await db.query('UPDATE payment_orders SET gateway_order_id = $2, client_payload = $3 WHERE id = $1', [id, gatewayOrderId, clientPayload]);
}

export async function markPaid(db: Queryable, id: string, gatewayPaymentId: string) {
  await db.query(`UPDATE payment_orders SET status = 'paid', gateway_payment_id = $2, paid_at = now(), failure_reason = NULL WHERE id = $1`, [id, gatewayPaymentId]);
}

export async function markFailed(db: Queryable, id: string, reason: string) {
  await db.query(`UPDATE payment_orders SET status = 'failed', failure_reason = $2 WHERE id = $1 AND status = 'created'`, [id, reason.slice(0, 500)]);
}

export async function markRefunded(db: Queryable, id: string) {
  await db.query(`UPDATE payment_orders SET status = 'refunded', refunded_at = now() WHERE id = $1`, [id]);
}

export async function recordEvent(db: Queryable, e: { provider: string; eventId?: string | null; kind: 'callback' | 'webhook' | 'reconcile'; verified: boolean; orderId?: string | null; summary: Record<string, unknown> }) {
  await db.query(
    'INSERT INTO payment_events (provider, event_id, kind, verified, payment_order_id, summary) VALUES ($1, $2, $3, $4, $5, $6)',
    [e.provider, e.eventId ?? null, e.kind, e.verified, e.orderId ?? null, e.summary],
  );
}

/** Orders nobody has heard back about for a while: the reconciliation job asks the gateway about them. */
export async function findStaleOrders(db: Queryable, olderThanMinutes: number, limit: number): Promise<OrderRow[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${COLUMNS} FROM payment_orders
      WHERE status IN ('created', 'failed') AND gateway_order_id IS NOT NULL
        AND created_at < now() - make_interval(mins => $1) AND created_at > now() - interval '7 days'
      ORDER BY created_at LIMIT $2`,
    [olderThanMinutes, limit],
  );
  return rows;
}
