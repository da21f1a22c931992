import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { assertRawBody, unexpectedShape } from './checks.js';
import { PaymentGatewayError, PaymentSignatureError } from './errors.js';
import { createOrderInput, positivePaise, type OrderStatus, type PaymentGateway, type RefundResult, type WebhookEvent } from './gateway.js';
import { headerValue, hexDigestsEqual, hmacSha256Hex, parseJson } from './signature.js';

export interface SandboxConfig {
  /** Signs sandbox callbacks and webhooks; at least 32 characters. */
  secret: string;
  /** Origin of the web app, which renders the pay-or-fail page at /sandbox/pay?order=… */
  publicBaseUrl: string;
}

export type SandboxOutcome = 'paid' | 'failed';

/** Mirrors Razorpay Checkout's success handler: ids plus a signature over `order_id|payment_id`. */
export interface SandboxPaidCallback {
  sandbox_order_id: string;
  sandbox_payment_id: string;
  sandbox_signature: string;
}

/** Mirrors Razorpay Checkout's failure handler: unsigned, informational; the failure reaches the wallet as a webhook. */
export interface SandboxFailedCallback {
  sandbox_order_id: string;
  error: { code: 'PAYMENT_FAILED'; description: string };
}

export interface SandboxWebhook {
  rawBody: Buffer;
  headers: Record<string, string>;
}

/**
 * The local default gateway. It drives the wallet's real path (order → signed callback → signed webhook →
 * fetchOrderStatus → refund) with no account, and plays the provider's part through two helpers the web's
 * pay-or-fail page triggers: `signSandboxCallback` and `sandboxWebhook`.
 *
 * State: orders, payments and refunds live in this object's memory, in this process only. They are gone after a
 * restart (fetchOrderStatus then answers not found, as a provider would for an id it never issued). Never enable it
 * in production: anyone who can reach the pay page can mark their own order paid.
 */
export interface SandboxGateway extends PaymentGateway {
  readonly name: 'sandbox';
  signSandboxCallback(gatewayOrderId: string, outcome: 'paid'): SandboxPaidCallback;
  signSandboxCallback(gatewayOrderId: string, outcome: 'failed'): SandboxFailedCallback;
  signSandboxCallback(gatewayOrderId: string, outcome: SandboxOutcome): SandboxPaidCallback | SandboxFailedCallback;
  /** The webhook the provider would send for this outcome (payment.captured / payment.failed), signed. */
  sandboxWebhook(gatewayOrderId: string, outcome: SandboxOutcome): SandboxWebhook;
}

interface SandboxOrder {
  amountPaise: number;
  paidPaymentId: string | null;
  failedAttempts: number;
  refundedPaise: number;
}

const SIGNATURE_HEADER = 'x-sandbox-signature';
const EVENT_ID_HEADER = 'x-sandbox-event-id';

const callbackFields = z.object({
  sandbox_order_id: z.string().min(1),
  sandbox_payment_id: z.string().min(1),
  sandbox_signature: z.string().optional(),
});
const webhookBody = z.object({
  id: z.string(),
  type: z.string(),
  data: z.object({ order_id: z.string(), payment_id: z.string(), amount: z.number().int(), currency: z.string() }),
});

const token = () => randomBytes(10).toString('hex');

export function sandboxGateway(cfg: SandboxConfig): SandboxGateway {
  if (cfg.secret.length < 32) throw new Error('sandbox gateway secret must be at least 32 characters');
  const orders = new Map<string, SandboxOrder>();
  const payments = new Map<string, string>(); // payment id → order id, for refunds
  const refunds = new Map<string, { paymentId: string; amountPaise: number; result: RefundResult }>(); // by refundRef
  const base = cfg.publicBaseUrl.replace(/\/+$/, '');

  // One payment id per (order, outcome): the callback and the webhook of one simulated payment name the same payment,
  // and replaying "paid" can never mint a second payment to credit.
  const paymentIdFor = (orderId: string, outcome: SandboxOutcome) =>
    `sandbox_pay_${hmacSha256Hex(cfg.secret, `payment|${orderId}|${outcome}`).slice(0, 20)}`;

  function orderFor(orderId: string): SandboxOrder {
    const order = orders.get(orderId);
    if (!order) throw new PaymentGatewayError('sandbox', 'refused', `sandbox order ${orderId} does not exist`, 404, 'order_not_found');
    return order;
  }

  /** Records the customer's choice and returns the payment it produced. */
  function settle(orderId: string, outcome: SandboxOutcome): string {
    const order = orderFor(orderId);
    const paymentId = paymentIdFor(orderId, outcome);
    if (outcome === 'paid') order.paidPaymentId = paymentId;
    else if (order.paidPaymentId) throw new PaymentGatewayError('sandbox', 'refused', `sandbox order ${orderId} is already paid`, 400, 'order_already_paid');
    else order.failedAttempts += 1;
    payments.set(paymentId, orderId);
    return paymentId;
  }

  function signSandboxCallback(orderId: string, outcome: SandboxOutcome): SandboxPaidCallback | SandboxFailedCallback {
    const paymentId = settle(orderId, outcome);
    if (outcome === 'failed') {
      return { sandbox_order_id: orderId, error: { code: 'PAYMENT_FAILED', description: 'the customer chose to fail the sandbox payment' } };
    }
    return { sandbox_order_id: orderId, sandbox_payment_id: paymentId, sandbox_signature: hmacSha256Hex(cfg.secret, `${orderId}|${paymentId}`) };
  }

  return {
    name: 'sandbox',
    signSandboxCallback: signSandboxCallback as SandboxGateway['signSandboxCallback'],

    sandboxWebhook(orderId, outcome) {
      const paymentId = settle(orderId, outcome);
      const body = {
        id: `sandbox_evt_${token()}`,
        type: outcome === 'paid' ? 'payment.captured' : 'payment.failed',
        created_at: Math.floor(Date.now() / 1000),
        data: { order_id: orderId, payment_id: paymentId, amount: orderFor(orderId).amountPaise, currency: 'INR' },
      };
      const rawBody = Buffer.from(JSON.stringify(body));
      return {
        rawBody,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: hmacSha256Hex(cfg.secret, rawBody), [EVENT_ID_HEADER]: body.id },
      };
    },

    async createOrder(input) {
      const o = createOrderInput.parse(input);
      const id = `sandbox_order_${token()}`;
      orders.set(id, { amountPaise: o.amountPaise, paidPaymentId: null, failedAttempts: 0, refundedPaise: 0 });
      return {
        gatewayOrderId: id,
        clientPayload: { gateway: 'sandbox', orderId: id, url: `${base}/sandbox/pay?order=${encodeURIComponent(id)}` },
      };
    },

    verifyCallback(input) {
      const fields = callbackFields.safeParse(input);
      if (!fields.success) throw new PaymentSignatureError('sandbox', 'payment.signature_invalid', 'callback lacks sandbox_order_id or sandbox_payment_id');
      const { sandbox_order_id: orderId, sandbox_payment_id: paymentId, sandbox_signature: signature } = fields.data;
      if (!signature) throw new PaymentSignatureError('sandbox', 'payment.signature_missing', 'callback has no sandbox_signature');
      if (!hexDigestsEqual(hmacSha256Hex(cfg.secret, `${orderId}|${paymentId}`), signature)) {
        throw new PaymentSignatureError('sandbox', 'payment.signature_invalid', 'sandbox_signature does not match order_id|payment_id');
      }
      return { gatewayOrderId: orderId, gatewayPaymentId: paymentId };
    },

    parseWebhook(rawBody, headers): WebhookEvent {
      assertRawBody(rawBody);
      const signature = headerValue(headers, SIGNATURE_HEADER);
      if (!signature) throw new PaymentSignatureError('sandbox', 'payment.signature_missing', `no ${SIGNATURE_HEADER} header`);
      if (!hexDigestsEqual(hmacSha256Hex(cfg.secret, rawBody), signature)) {
        throw new PaymentSignatureError('sandbox', 'payment.signature_invalid', `${SIGNATURE_HEADER} does not match the body`);
      }
      const parsed = webhookBody.safeParse(parseJson(rawBody));
      if (!parsed.success) throw unexpectedShape('sandbox', 'webhook body', parsed.error);
      const { id: eventId, type: providerType, data } = parsed.data;
      const common = { eventId, providerType, gatewayOrderId: data.order_id, gatewayPaymentId: data.payment_id, amountPaise: data.amount, currency: data.currency };
      if (providerType === 'payment.captured') return { ...common, type: 'payment.captured' };
      if (providerType === 'payment.failed') return { ...common, type: 'payment.failed' };
      return { eventId, providerType, type: 'ignored' };
    },

    async fetchOrderStatus(orderId): Promise<OrderStatus> {
      const order = orderFor(orderId);
      if (order.paidPaymentId) return { status: 'paid', gatewayPaymentId: order.paidPaymentId, amountPaise: order.amountPaise, currency: 'INR' };
      return order.failedAttempts > 0 ? { status: 'failed' } : { status: 'pending' };
    },

    async refund(paymentId, amountPaise, opts = {}): Promise<RefundResult> {
      const amount = positivePaise.parse(amountPaise);
      // Like Stripe's idempotency keys: the same refundRef replays the first refund, with other parameters it is refused.
      const earlier = opts.refundRef ? refunds.get(opts.refundRef) : undefined;
      if (earlier) {
        if (earlier.paymentId === paymentId && earlier.amountPaise === amount) return earlier.result;
        throw new PaymentGatewayError('sandbox', 'refused', `refundRef ${opts.refundRef} was used for another refund`, 400, 'idempotency_error');
      }
      const orderId = payments.get(paymentId);
      const order = orderId ? orderFor(orderId) : undefined;
      if (!order || order.paidPaymentId !== paymentId) {
        throw new PaymentGatewayError('sandbox', 'refused', `sandbox payment ${paymentId} was not captured`, 400, 'payment_not_captured');
      }
      if (order.refundedPaise + amount > order.amountPaise) {
        throw new PaymentGatewayError('sandbox', 'refused', `refund of ${amount} exceeds the ${order.amountPaise - order.refundedPaise} paise left`, 400, 'refund_exceeds_payment');
      }
      order.refundedPaise += amount;
      const result: RefundResult = { gatewayRefundId: `sandbox_rfnd_${token()}`, status: 'processed' };
      if (opts.refundRef) refunds.set(opts.refundRef, { paymentId, amountPaise: amount, result });
      return result;
    },
  };
}
