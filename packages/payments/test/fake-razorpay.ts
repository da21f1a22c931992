import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, providerId, readBody, sendHtml, sendJson, unixNow, type Failure } from './http-fake.js';

/** What the fake received, before any check: tests assert on the exact wire format. */
export interface RazorpayRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

export interface RazorpayOrder {
  id: string;
  entity: 'order';
  amount: number;
  amount_paid: number;
  amount_due: number;
  currency: string;
  receipt: string | null;
  offer_id: null;
  status: 'created' | 'attempted' | 'paid';
  attempts: number;
  notes: Record<string, string> | [];
  created_at: number;
}

export interface RazorpayPayment {
  id: string;
  entity: 'payment';
  amount: number;
  currency: string;
  status: 'created' | 'authorized' | 'captured' | 'refunded' | 'failed';
  order_id: string;
  invoice_id: null;
  international: boolean;
  method: string;
  amount_refunded: number;
  refund_status: null | 'partial' | 'full';
  captured: boolean;
  description: string | null;
  card_id: null;
  bank: null;
  wallet: null;
  vpa: string;
  email: string;
  contact: string;
  notes: [];
  fee: number | null;
  tax: number | null;
  error_code: string | null;
  error_description: string | null;
  error_source: string | null;
  error_step: string | null;
  error_reason: string | null;
  acquirer_data: { rrn: string | null };
  created_at: number;
}

export interface RazorpayRefund {
  id: string;
  entity: 'refund';
  amount: number;
  currency: string;
  payment_id: string;
  notes: [];
  receipt: string | null;
  acquirer_data: { arn: null };
  created_at: number;
  batch_id: null;
  status: 'processed';
  speed_processed: 'normal';
  speed_requested: 'normal';
}

export interface SignedWebhook {
  rawBody: Buffer;
  headers: Record<string, string>;
}

export interface FakeRazorpay {
  baseUrl: string;
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  requests: RazorpayRequest[];
  orders: Map<string, RazorpayOrder>;
  /** The customer completes (captured) or fails a Checkout attempt on the order, as Razorpay records it. */
  pay(orderId: string, outcome: 'captured' | 'failed'): RazorpayPayment;
  /** What Checkout hands the browser after a successful payment: hex HMAC-SHA256(`order_id|payment_id`, key secret). */
  checkoutSignature(orderId: string, paymentId: string): string;
  /**
   * A webhook as Razorpay delivers it: compact JSON, X-Razorpay-Signature = hex HMAC-SHA256(raw body, webhook
   * secret), and X-Razorpay-Event-Id. `payload` holds the entities, e.g. `{ payment }` or `{ refund, payment }`.
   */
  webhook(event: string, payload: Record<string, object>): SignedWebhook;
  /** The payment entity as Razorpay holds it now (refunds included). */
  paymentOf(paymentId: string): RazorpayPayment;
  refundsOf(paymentId: string): RazorpayRefund[];
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

interface RazorpayError {
  code: 'BAD_REQUEST_ERROR' | 'SERVER_ERROR';
  description: string;
  source: string;
  step: string;
  reason: string;
  field?: string;
}

const ORDER_FIELDS = new Set(['amount', 'currency', 'receipt', 'notes', 'partial_payment', 'first_payment_min_amount', 'payment_capture']);
const REFUND_FIELDS = new Set(['amount', 'speed', 'notes', 'receipt']);

function razorpayError(res: ServerResponse, status: number, error: RazorpayError) {
  sendJson(res, status, { error: { ...error, metadata: {} } });
}

const invalid = (description: string, field?: string): RazorpayError => ({
  code: 'BAD_REQUEST_ERROR', description, source: 'business', step: 'payment_initiation', reason: 'input_validation_failed',
  ...(field ? { field } : {}),
});

/**
 * A local stand-in for Razorpay's REST API (the part the Orders + Checkout integration uses) that checks what
 * Razorpay checks: Basic auth with key_id:key_secret, a JSON body, the amount in paise (at least 100), the 40-character
 * receipt limit and unknown fields ("… is/are not required and should not be sent"). Answers with Razorpay's
 * entities, or its error document {error: {code, description, source, step, reason, field, metadata}}.
 */
export async function startFakeRazorpay(): Promise<FakeRazorpay> {
  const keyId = providerId('rzp_test_', 14);
  const keySecret = randomBytes(18).toString('base64url');
  const webhookSecret = randomBytes(16).toString('hex');
  const requests: RazorpayRequest[] = [];
  const orders = new Map<string, RazorpayOrder>();
  const payments = new Map<string, RazorpayPayment>();
  const refunds: RazorpayRefund[] = [];
  const failures: Failure[] = [];

  const server = await listen(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const contentType = req.headers['content-type'];
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, contentType, body });

    const failure = failures.shift();
    if (failure?.hang) return; // closed by the client's timeout, or by close()
    if (failure?.html) return sendHtml(res, failure.status);
    if (failure) {
      const serverError = { code: 'SERVER_ERROR', description: 'The server encountered an error. The incident has been reported to admins.', source: 'NA', step: 'NA', reason: 'NA' } as const;
      return razorpayError(res, failure.status, failure.message ? { ...invalid(failure.message), code: failure.status >= 500 ? 'SERVER_ERROR' : 'BAD_REQUEST_ERROR' } : serverError);
    }

    if (req.headers.authorization !== `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`) {
      return razorpayError(res, 401, { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed', source: 'NA', step: 'NA', reason: 'NA' });
    }

    let m: RegExpExecArray | null;
    if (req.method === 'POST' && path === '/v1/orders') return createOrder(res, contentType, body);
    if (req.method === 'GET' && (m = /^\/v1\/orders\/([^/]+)\/payments$/.exec(path))) {
      const order = orders.get(m[1]!);
      if (!order) return razorpayError(res, 400, invalid('The id provided does not exist'));
      const items = [...payments.values()].filter((p) => p.order_id === order.id).reverse();
      return sendJson(res, 200, { entity: 'collection', count: items.length, items });
    }
    if (req.method === 'POST' && (m = /^\/v1\/payments\/([^/]+)\/refund$/.exec(path))) return refund(res, m[1]!, contentType, body);
    return razorpayError(res, 400, { ...invalid('The requested URL was not found on the server.'), reason: 'NA' });
  });

  function unknownField(body: Record<string, unknown>, allowed: Set<string>): string | undefined {
    return Object.keys(body).find((k) => !allowed.has(k));
  }

  function createOrder(res: ServerResponse, contentType: string | undefined, body: unknown) {
    if (!contentType?.startsWith('application/json') || typeof body !== 'object' || body === null) {
      return razorpayError(res, 400, invalid('The request body must be JSON'));
    }
    const b = body as Record<string, unknown>;
    const extra = unknownField(b, ORDER_FIELDS);
    if (extra) return razorpayError(res, 400, invalid(`${extra} is/are not required and should not be sent`, extra));
    if (b.amount === undefined) return razorpayError(res, 400, invalid('The amount field is required.', 'amount'));
    if (!Number.isInteger(b.amount)) return razorpayError(res, 400, invalid('The amount must be an integer.', 'amount'));
    if ((b.amount as number) < 100) return razorpayError(res, 400, invalid('Order amount less than minimum amount allowed', 'amount'));
    if (b.currency !== 'INR') return razorpayError(res, 400, invalid('The selected currency is invalid.', 'currency'));
    if (typeof b.receipt === 'string' && b.receipt.length > 40) {
      return razorpayError(res, 400, invalid('The receipt may not be greater than 40 characters.', 'receipt'));
    }
    const notes = (b.notes ?? {}) as Record<string, string>;
    if (Object.keys(notes).length > 15) return razorpayError(res, 400, invalid('Number of fields in notes should be less than or equal to 15', 'notes'));
    const amount = b.amount as number;
    const order: RazorpayOrder = {
      id: providerId('order_', 14), entity: 'order', amount, amount_paid: 0, amount_due: amount, currency: 'INR',
      receipt: typeof b.receipt === 'string' ? b.receipt : null, offer_id: null, status: 'created', attempts: 0,
      // Razorpay's PHP heritage: empty notes come back as a JSON array.
      notes: Object.keys(notes).length ? notes : [], created_at: unixNow(),
    };
    orders.set(order.id, order);
    sendJson(res, 200, order);
  }

  function refund(res: ServerResponse, paymentId: string, contentType: string | undefined, body: unknown) {
    if (!contentType?.startsWith('application/json') || typeof body !== 'object' || body === null) {
      return razorpayError(res, 400, invalid('The request body must be JSON'));
    }
    const b = body as Record<string, unknown>;
    const extra = unknownField(b, REFUND_FIELDS);
    if (extra) return razorpayError(res, 400, invalid(`${extra} is/are not required and should not be sent`, extra));
    const payment = payments.get(paymentId);
    if (!payment) return razorpayError(res, 400, invalid('The id provided does not exist'));
    if (!payment.captured) return razorpayError(res, 400, invalid('Payment must be captured before refunding it'));
    const left = payment.amount - payment.amount_refunded;
    const amount = b.amount === undefined ? left : b.amount;
    if (!Number.isInteger(amount) || (amount as number) < 100) return razorpayError(res, 400, invalid('The amount must be atleast INR 1.00', 'amount'));
    if ((amount as number) > left) {
      return razorpayError(res, 400, invalid('The total refund amount is greater than the refund payment amount', 'amount'));
    }
    payment.amount_refunded += amount as number;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    const entity: RazorpayRefund = {
      id: providerId('rfnd_', 14), entity: 'refund', amount: amount as number, currency: payment.currency, payment_id: paymentId, notes: [],
      receipt: typeof b.receipt === 'string' ? b.receipt : null, acquirer_data: { arn: null }, created_at: unixNow(), batch_id: null,
      status: 'processed', speed_processed: 'normal', speed_requested: 'normal',
    };
    refunds.push(entity);
    sendJson(res, 200, entity);
  }

  return {
    baseUrl: server.baseUrl,
    keyId,
    keySecret,
    webhookSecret,
    requests,
    orders,
    pay(orderId, outcome) {
      const order = orders.get(orderId);
      if (!order) throw new Error(`no order ${orderId}`);
      const captured = outcome === 'captured';
      const payment: RazorpayPayment = {
        id: providerId('pay_', 14), entity: 'payment', amount: order.amount, currency: order.currency, status: outcome, order_id: order.id,
        invoice_id: null, international: false, method: 'upi', amount_refunded: 0, refund_status: null, captured, description: null,
        card_id: null, bank: null, wallet: null, vpa: captured ? 'success@razorpay' : 'failure@razorpay', email: 'void@razorpay.com',
        contact: '+919000090000', notes: [], fee: captured ? Math.round(order.amount * 0.02) : null, tax: captured ? Math.round(order.amount * 0.0036) : null,
        error_code: captured ? null : 'BAD_REQUEST_ERROR', error_description: captured ? null : 'Payment was unsuccessful as the transaction was declined.',
        error_source: captured ? null : 'customer', error_step: captured ? null : 'payment_authorization',
        error_reason: captured ? null : 'payment_declined', acquirer_data: { rrn: captured ? String(Date.now()).slice(-12) : null }, created_at: unixNow(),
      };
      payments.set(payment.id, payment);
      order.attempts += 1;
      if (captured) Object.assign(order, { amount_paid: order.amount, amount_due: 0, status: 'paid' });
      else if (order.status === 'created') order.status = 'attempted';
      return structuredClone(payment);
    },
    checkoutSignature: (orderId, paymentId) => createHmac('sha256', keySecret).update(`${orderId}|${paymentId}`).digest('hex'),
    webhook(event, payload) {
      const body = {
        entity: 'event', account_id: 'acc_BFQ7uQEaa7j2z7', event, contains: Object.keys(payload),
        payload: Object.fromEntries(Object.entries(payload).map(([name, entity]) => [name, { entity }])), created_at: unixNow(),
      };
      const rawBody = Buffer.from(JSON.stringify(body));
      return {
        rawBody,
        headers: {
          'content-type': 'application/json',
          'x-razorpay-signature': createHmac('sha256', webhookSecret).update(rawBody).digest('hex'),
          'x-razorpay-event-id': providerId('', 14),
          'user-agent': 'Razorpay-Webhook/v1',
        },
      };
    },
    paymentOf(paymentId) {
      const payment = payments.get(paymentId);
      if (!payment) throw new Error(`no payment ${paymentId}`);
      return structuredClone(payment);
    },
    refundsOf: (paymentId) => refunds.filter((r) => r.payment_id === paymentId),
    failNext(failure) {
      failures.push(failure);
    },
    close: server.close,
  };
}
