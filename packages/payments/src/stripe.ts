import Stripe from 'stripe';
import { z } from 'zod';
import { assertGatewayId, assertRawBody, requireSecrets, unexpectedShape } from './checks.js';
import { PaymentGatewayError, PaymentSignatureError, redact } from './errors.js';
import { createOrderInput, positivePaise, type OrderStatus, type PaymentGateway, type RefundResult, type WebhookEvent } from './gateway.js';
import { headerValue } from './signature.js';

export interface StripeConfig {
  /** sk_… (or a restricted rk_… allowed to write PaymentIntents and Refunds). */
  secretKey: string;
  /** whsec_… of the webhook endpoint. */
  webhookSecret: string;
  /** pk_…, handed to the browser with the client secret when set. */
  publishableKey?: string;
  /** api.stripe.com:443 over https by default; a local server in tests. */
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
  timeoutMs?: number;
  /** The SDK's retries of 5xx/409/network failures (default 2); every retried POST keeps its idempotency key. */
  maxNetworkRetries?: number;
}

/** Stripe's default, stated so a change in the SDK cannot widen the replay window. */
const WEBHOOK_TOLERANCE_SECONDS = 300;

const expandable = z.union([z.string(), z.object({ id: z.string() })]);
const idOf = (ref: z.infer<typeof expandable>) => (typeof ref === 'string' ? ref : ref.id);

const paymentIntent = z.object({
  id: z.string(),
  object: z.literal('payment_intent'),
  amount: z.number().int(),
  amount_received: z.number().int(),
  currency: z.string(),
  status: z.string(),
  client_secret: z.string().nullable().optional(),
  // Present since API version 2022-11-15; the webhook endpoint must use that version or a later one.
  latest_charge: expandable.nullable().optional(),
  last_payment_error: z.object({ code: z.string().optional(), decline_code: z.string().optional() }).nullable().optional(),
});
const charge = z.object({
  id: z.string(),
  object: z.literal('charge'),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: expandable.nullable().optional(),
});
const refundObject = z.object({ id: z.string(), object: z.literal('refund'), status: z.string().nullable() });
const eventShape = z.object({ id: z.string(), type: z.string(), data: z.object({ object: z.unknown() }) });

/**
 * Stripe: one PaymentIntent per recharge (currency inr, metadata.orderRef), confirmed in the browser with its
 * client secret. gatewayOrderId is the PaymentIntent (pi_…); gatewayPaymentId is the Charge that succeeded (ch_…),
 * so a failed attempt and the successful one never share an id.
 */
export function stripeGateway(cfg: StripeConfig): PaymentGateway {
  requireSecrets('stripe', { secretKey: cfg.secretKey, webhookSecret: cfg.webhookSecret });
  const stripe = new Stripe(cfg.secretKey, {
    ...(cfg.host ? { host: cfg.host } : {}),
    ...(cfg.port ? { port: cfg.port } : {}),
    ...(cfg.protocol ? { protocol: cfg.protocol } : {}),
    timeout: cfg.timeoutMs ?? 15_000,
    ...(cfg.maxNetworkRetries !== undefined ? { maxNetworkRetries: cfg.maxNetworkRetries } : {}),
    telemetry: false,
  });
  const secrets = [cfg.secretKey, cfg.webhookSecret];

  async function call<T>(action: string, request: () => Promise<unknown>, shape: z.ZodType<T>): Promise<T> {
    let body: unknown;
    try {
      body = await request();
    } catch (err) {
      throw gatewayError(err, action, secrets);
    }
    const result = shape.safeParse(body);
    if (!result.success) throw unexpectedShape('stripe', `${action} answer`, result.error);
    return result.data;
  }

  return {
    name: 'stripe',

    async createOrder(input) {
      const o = createOrderInput.parse(input);
      const intent = await call(
        'create payment intent',
        () =>
          stripe.paymentIntents.create(
            { amount: o.amountPaise, currency: 'inr', metadata: { ...o.notes, orderRef: o.orderRef } },
            // A repeated createOrder for one recharge returns the same PaymentIntent instead of a second one.
            { idempotencyKey: `order-${o.orderRef}` },
          ),
        paymentIntent,
      );
      if (!intent.client_secret) throw new PaymentGatewayError('stripe', 'unexpected', `stripe payment intent ${intent.id} has no client_secret`);
      return {
        gatewayOrderId: intent.id,
        clientPayload: {
          gateway: 'stripe',
          clientSecret: intent.client_secret,
          ...(cfg.publishableKey ? { publishableKey: cfg.publishableKey } : {}),
        },
      };
    },

    verifyCallback() {
      // What Stripe.js hands the browser (payment_intent, redirect_status) is not signed by anything.
      throw new PaymentSignatureError(
        'stripe',
        'payment.callback_unsigned',
        'stripe has no signed browser callback: credit from the webhook or from fetchOrderStatus',
      );
    },

    parseWebhook(rawBody, headers) {
      assertRawBody(rawBody);
      const signature = headerValue(headers, 'stripe-signature');
      if (!signature) throw new PaymentSignatureError('stripe', 'payment.signature_missing', 'no Stripe-Signature header');
      let verified: unknown;
      try {
        verified = stripe.webhooks.constructEvent(rawBody, signature, cfg.webhookSecret, WEBHOOK_TOLERANCE_SECONDS);
      } catch (err) {
        // The signature checked out but the body is not JSON: Stripe sent something we cannot read.
        if (err instanceof SyntaxError) throw new PaymentGatewayError('stripe', 'unexpected', 'stripe webhook body is not JSON');
        if (!(err instanceof Stripe.errors.StripeSignatureVerificationError)) throw err;
        const stale = /tolerance/i.test(err.message);
        throw new PaymentSignatureError(
          'stripe',
          stale ? 'payment.signature_expired' : 'payment.signature_invalid',
          stale ? `Stripe-Signature timestamp is older than ${WEBHOOK_TOLERANCE_SECONDS} s` : 'Stripe-Signature does not match the body',
        );
      }
      return normaliseEvent(verified);
    },

    async fetchOrderStatus(gatewayOrderId): Promise<OrderStatus> {
      assertGatewayId(gatewayOrderId);
      const intent = await call('retrieve payment intent', () => stripe.paymentIntents.retrieve(gatewayOrderId), paymentIntent);
      if (intent.status === 'succeeded') {
        return { status: 'paid', gatewayPaymentId: succeededCharge(intent), amountPaise: intent.amount_received, currency: intent.currency.toUpperCase() };
      }
      // A declined attempt puts the intent back to requires_payment_method with last_payment_error; it can still be paid.
      if (intent.status === 'canceled' || (intent.status === 'requires_payment_method' && intent.last_payment_error)) return { status: 'failed' };
      return { status: 'pending' };
    },

    async refund(gatewayPaymentId, amountPaise, opts = {}): Promise<RefundResult> {
      assertGatewayId(gatewayPaymentId);
      const amount = positivePaise.parse(amountPaise);
      const refund = await call(
        'create refund',
        () =>
          stripe.refunds.create(
            { charge: gatewayPaymentId, amount, ...(opts.refundRef ? { metadata: { refundRef: opts.refundRef } } : {}) },
            opts.refundRef ? { idempotencyKey: `refund-${opts.refundRef}` } : {},
          ),
        refundObject,
      );
      const status = refund.status === 'succeeded' ? 'processed' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';
      return { gatewayRefundId: refund.id, status };
    },
  };
}

function succeededCharge(intent: z.infer<typeof paymentIntent>): string {
  if (!intent.latest_charge) {
    throw new PaymentGatewayError('stripe', 'unexpected', `stripe payment intent ${intent.id} succeeded without latest_charge (API version before 2022-11-15?)`);
  }
  return idOf(intent.latest_charge);
}

function normaliseEvent(verified: unknown): WebhookEvent {
  const event = eventShape.safeParse(verified);
  if (!event.success) throw unexpectedShape('stripe', 'event', event.error);
  const { id: eventId, type: providerType, data } = event.data;
  const base = { eventId, providerType };
  const parse = <T>(shape: z.ZodType<T>): T => {
    const result = shape.safeParse(data.object);
    if (!result.success) throw unexpectedShape('stripe', `${providerType} object`, result.error);
    return result.data;
  };

  switch (providerType) {
    case 'payment_intent.succeeded': {
      const pi = parse(paymentIntent);
      return {
        ...base, type: 'payment.captured', gatewayOrderId: pi.id, gatewayPaymentId: succeededCharge(pi),
        amountPaise: pi.amount_received, currency: pi.currency.toUpperCase(),
      };
    }
    case 'payment_intent.payment_failed': {
      const pi = parse(paymentIntent);
      const failureCode = pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code;
      return {
        ...base, type: 'payment.failed', gatewayOrderId: pi.id, amountPaise: pi.amount, currency: pi.currency.toUpperCase(),
        ...(pi.latest_charge ? { gatewayPaymentId: idOf(pi.latest_charge) } : {}),
        ...(failureCode ? { failureCode } : {}),
      };
    }
    case 'charge.refunded': {
      const ch = parse(charge);
      return {
        ...base, type: 'refund.processed', gatewayPaymentId: ch.id, refundedTotalPaise: ch.amount_refunded, currency: ch.currency.toUpperCase(),
        ...(ch.payment_intent ? { gatewayOrderId: idOf(ch.payment_intent) } : {}),
      };
    }
    default:
      return { ...base, type: 'ignored' };
  }
}

function gatewayError(err: unknown, action: string, secrets: string[]): PaymentGatewayError {
  if (err instanceof Stripe.errors.StripeError) {
    const status = err.statusCode;
    const kind = status === undefined || status >= 500 || status === 429 ? 'unavailable' : 'refused';
    const message = `stripe ${action}: ${status ?? 'no answer'} ${err.message}`;
    return new PaymentGatewayError('stripe', kind, redact(message, secrets), status, err.code ?? err.rawType);
  }
  return new PaymentGatewayError('stripe', 'unavailable', `stripe ${action}: failed without an answer`);
}
