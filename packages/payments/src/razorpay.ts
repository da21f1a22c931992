import Razorpay from 'razorpay';
import { z } from 'zod';
import { PaymentGatewayError, PaymentSignatureError, redact } from './errors.js';
import { assertGatewayId, assertRawBody, requireSecrets, unexpectedShape } from './checks.js';
import { createOrderInput, positivePaise, type OrderStatus, type PaymentGateway, type RefundResult, type WebhookEvent } from './gateway.js';
import { headerValue, hexDigestsEqual, hmacSha256Hex, parseJson, sha256Hex } from './signature.js';

export interface RazorpayConfig {
  /** rzp_test_… or rzp_live_…; also handed to the browser (Checkout's `key`). */
  keyId: string;
  /** Signs the Checkout callback and authenticates API calls. Never leaves the server. */
  keySecret: string;
  /** The secret set on the webhook in the Razorpay Dashboard (not the key secret). */
  webhookSecret: string;
  /** https://api.razorpay.com in production; a local server in tests. */
  baseUrl?: string;
  timeoutMs?: number;
}

const RAZORPAY_API = 'https://api.razorpay.com';

/**
 * razorpay@2.9 hard-codes its host in the constructor and has no option for it (nor for a timeout, so a stalled
 * connection would hang the reconciliation job). Every call goes through the axios instance at `client.api.rq`;
 * we set its defaults, and refuse to start if a future SDK moved it rather than silently calling production.
 */
function configureSdk(client: Razorpay, baseUrl: string, timeoutMs: number) {
  const rq = (client.api as unknown as { rq?: { defaults?: { baseURL?: unknown; timeout?: number } } }).rq;
  if (rq?.defaults?.baseURL !== RAZORPAY_API) {
    throw new Error('razorpay SDK internals changed: cannot set its API host and timeout (see configureSdk in @ap/payments)');
  }
  rq.defaults.baseURL = baseUrl.replace(/\/+$/, '');
  rq.defaults.timeout = timeoutMs;
}

// The SDK rejects with {statusCode, error} when Razorpay answered, and with a TypeError of its own when nothing
// came back (its error normaliser reads `err.response.status` of a response that does not exist).
const sdkError = z.object({
  statusCode: z.coerce.number(),
  error: z.object({ code: z.string().optional(), description: z.string().optional() }).optional(),
});

const orderEntity = z.object({ id: z.string(), amount: z.number().int(), currency: z.string() });
const paymentEntity = z.object({
  id: z.string(),
  order_id: z.string().nullable().optional(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['created', 'authorized', 'captured', 'refunded', 'failed']),
  captured: z.boolean().optional(),
  amount_refunded: z.number().int().optional(),
  error_code: z.string().nullable().optional(),
});
const refundEntity = z.object({
  id: z.string(),
  payment_id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  status: z.enum(['pending', 'processed', 'failed']),
});
const paymentsCollection = z.object({ entity: z.literal('collection'), items: z.array(paymentEntity) });

const callbackFields = z.object({
  razorpay_order_id: z.string().min(1),
  razorpay_payment_id: z.string().min(1),
  razorpay_signature: z.string().optional(),
});

const wrapped = <S extends z.ZodType>(entity: S) => z.object({ entity });
const eventEnvelope = z.object({ entity: z.literal('event'), event: z.string(), payload: z.unknown() });
const paymentPayload = z.object({ payment: wrapped(paymentEntity) });
const orderPaidPayload = z.object({ payment: wrapped(paymentEntity), order: wrapped(z.object({ id: z.string() })) });
const refundPayload = z.object({ refund: wrapped(refundEntity), payment: wrapped(paymentEntity) });

/** Razorpay: Orders API + Standard Checkout. Amounts in paise; the order's `receipt` is our orderRef. */
export function razorpayGateway(cfg: RazorpayConfig): PaymentGateway {
  requireSecrets('razorpay', { keyId: cfg.keyId, keySecret: cfg.keySecret, webhookSecret: cfg.webhookSecret });
  const client = new Razorpay({ key_id: cfg.keyId, key_secret: cfg.keySecret });
  configureSdk(client, cfg.baseUrl ?? RAZORPAY_API, cfg.timeoutMs ?? 15_000);
  const secrets = [cfg.keySecret, cfg.webhookSecret];

  async function call<T>(action: string, request: () => Promise<unknown>, shape: z.ZodType<T>): Promise<T> {
    let body: unknown;
    try {
      body = await request();
    } catch (err) {
      const parsed = sdkError.safeParse(err);
      if (!parsed.success) {
        throw new PaymentGatewayError('razorpay', 'unavailable', `razorpay ${action}: no answer (network error or timeout)`);
      }
      const { statusCode: status, error } = parsed.data;
      const kind = status >= 500 || status === 429 ? 'unavailable' : 'refused';
      const message = `razorpay ${action}: ${status} ${error?.description ?? 'without an error document'}`;
      throw new PaymentGatewayError('razorpay', kind, redact(message, secrets), status, error?.code);
    }
    const result = shape.safeParse(body);
    if (!result.success) throw unexpectedShape('razorpay', `${action} answer`, result.error);
    return result.data;
  }

  return {
    name: 'razorpay',

    async createOrder(input) {
      const o = createOrderInput.parse(input);
      const order = await call(
        'create order',
        () => client.orders.create({ amount: o.amountPaise, currency: o.currency, receipt: o.orderRef, ...(o.notes ? { notes: o.notes } : {}) }),
        orderEntity,
      );
      if (order.amount !== o.amountPaise || order.currency !== o.currency) {
        throw new PaymentGatewayError('razorpay', 'unexpected', `razorpay created order ${order.id} for ${order.amount} ${order.currency}`);
      }
      return {
        gatewayOrderId: order.id,
        clientPayload: { gateway: 'razorpay', key: cfg.keyId, order_id: order.id, amount: order.amount, currency: order.currency },
      };
    },

    verifyCallback(input) {
      const fields = callbackFields.safeParse(input);
      if (!fields.success) {
        throw new PaymentSignatureError('razorpay', 'payment.signature_invalid', 'callback lacks razorpay_order_id or razorpay_payment_id');
      }
      const { razorpay_order_id: orderId, razorpay_payment_id: paymentId, razorpay_signature: signature } = fields.data;
      if (!signature) throw new PaymentSignatureError('razorpay', 'payment.signature_missing', 'callback has no razorpay_signature');
      if (!hexDigestsEqual(hmacSha256Hex(cfg.keySecret, `${orderId}|${paymentId}`), signature)) {
        throw new PaymentSignatureError('razorpay', 'payment.signature_invalid', 'razorpay_signature does not match order_id|payment_id');
      }
      return { gatewayOrderId: orderId, gatewayPaymentId: paymentId };
    },

    parseWebhook(rawBody, headers) {
      assertRawBody(rawBody);
      const signature = headerValue(headers, 'x-razorpay-signature');
      if (!signature) throw new PaymentSignatureError('razorpay', 'payment.signature_missing', 'no X-Razorpay-Signature header');
      if (!hexDigestsEqual(hmacSha256Hex(cfg.webhookSecret, rawBody), signature)) {
        throw new PaymentSignatureError('razorpay', 'payment.signature_invalid', 'X-Razorpay-Signature does not match the body');
      }
      // Razorpay keeps X-Razorpay-Event-Id across retries of one event; the body has no id of its own.
      const eventId = headerValue(headers, 'x-razorpay-event-id') ?? `sha256:${sha256Hex(rawBody)}`;
      return normaliseEvent(parseJson(rawBody), eventId);
    },

    async fetchOrderStatus(gatewayOrderId): Promise<OrderStatus> {
      assertGatewayId(gatewayOrderId);
      const { items } = await call('fetch order payments', () => client.orders.fetchPayments(gatewayOrderId), paymentsCollection);
      // A refunded payment was captured first: the order was paid, and refunds are booked separately.
      const paid = items.find((p) => p.status === 'captured' || p.status === 'refunded');
      if (paid) return { status: 'paid', gatewayPaymentId: paid.id, amountPaise: paid.amount, currency: paid.currency };
      if (items.length > 0 && items.every((p) => p.status === 'failed')) return { status: 'failed' };
      return { status: 'pending' };
    },

    async refund(gatewayPaymentId, amountPaise, opts = {}): Promise<RefundResult> {
      assertGatewayId(gatewayPaymentId);
      const amount = positivePaise.parse(amountPaise);
      const body = opts.refundRef ? { amount, receipt: opts.refundRef } : { amount };
      const refund = await call('refund payment', () => client.payments.refund(gatewayPaymentId, body), refundEntity);
      return { gatewayRefundId: refund.id, status: refund.status };
    },
  };
}

function normaliseEvent(body: unknown, eventId: string): WebhookEvent {
  const envelope = eventEnvelope.safeParse(body);
  if (!envelope.success) throw unexpectedShape('razorpay', 'webhook body', envelope.error);
  const { event: providerType, payload } = envelope.data;
  const base = { eventId, providerType };
  const parse = <T>(shape: z.ZodType<T>): T => {
    const result = shape.safeParse(payload);
    if (!result.success) throw unexpectedShape('razorpay', `${providerType} payload`, result.error);
    return result.data;
  };

  switch (providerType) {
    case 'payment.captured':
    case 'payment.failed': {
      const p = parse(paymentPayload).payment.entity;
      // Payments outside the Orders API (payment links, QR codes) are not ours to credit.
      if (!p.order_id) return { ...base, type: 'ignored' };
      const common = { ...base, gatewayOrderId: p.order_id, gatewayPaymentId: p.id, amountPaise: p.amount, currency: p.currency.toUpperCase() };
      return providerType === 'payment.captured'
        ? { ...common, type: 'payment.captured' }
        : { ...common, type: 'payment.failed', ...(p.error_code ? { failureCode: p.error_code } : {}) };
    }
    case 'order.paid': {
      const { payment, order } = parse(orderPaidPayload);
      const p = payment.entity;
      return { ...base, type: 'payment.captured', gatewayOrderId: order.entity.id, gatewayPaymentId: p.id, amountPaise: p.amount, currency: p.currency.toUpperCase() };
    }
    case 'refund.processed': {
      const { refund, payment } = parse(refundPayload);
      // Razorpay also reports its auto-refunds of payments it never captured; nothing was credited for those.
      if (payment.entity.captured === false) return { ...base, type: 'ignored' };
      return {
        ...base,
        type: 'refund.processed',
        ...(payment.entity.order_id ? { gatewayOrderId: payment.entity.order_id } : {}),
        gatewayPaymentId: refund.entity.payment_id,
        gatewayRefundId: refund.entity.id,
        amountPaise: refund.entity.amount,
        refundedTotalPaise: payment.entity.amount_refunded ?? refund.entity.amount,
        currency: refund.entity.currency.toUpperCase(),
      };
    }
    default:
      return { ...base, type: 'ignored' };
  }
}
