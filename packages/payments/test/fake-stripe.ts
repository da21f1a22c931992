import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, providerId, readBody, sendHtml, sendJson, unixNow, type Failure } from './http-fake.js';

/** What the fake received, before any check: tests assert on the exact wire format. */
export interface StripeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  stripeVersion: string | undefined;
  /** Form fields in the order sent, keys as on the wire (`metadata[orderRef]`). */
  fields: [string, string][];
}

type StripeObject = Record<string, unknown> & { id: string };

export interface StripeEvent {
  rawBody: Buffer;
  headers: Record<string, string>;
  id: string;
}

export interface FakeStripe {
  baseUrl: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  requests: StripeRequest[];
  paymentIntents: Map<string, StripeObject>;
  /** The customer confirms with a card that works: a succeeded Charge, the intent `succeeded`. */
  succeed(paymentIntentId: string): { paymentIntent: StripeObject; charge: StripeObject };
  /** The customer's card is declined: a failed Charge, the intent back to `requires_payment_method`. */
  decline(paymentIntentId: string): { paymentIntent: StripeObject; charge: StripeObject };
  charge(chargeId: string): StripeObject;
  /**
   * An event as Stripe delivers it, signed like Stripe: `Stripe-Signature: t=<ts>,v1=<hex HMAC-SHA256(secret,
   * "<ts>.<body>")>`. `timestamp` (unix seconds) lets a test send a stale one.
   */
  event(type: string, object: StripeObject, opts?: { timestamp?: number }): StripeEvent;
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

interface StripeError {
  type: 'invalid_request_error' | 'api_error' | 'idempotency_error';
  code?: string;
  param?: string;
  message: string;
}

const INTENT_PARAMS = new Set(['amount', 'currency', 'metadata', 'description', 'automatic_payment_methods', 'receipt_email', 'customer']);
const REFUND_PARAMS = new Set(['charge', 'payment_intent', 'amount', 'metadata', 'reason']);
// Stripe's minimum charge for INR is ₹0.50.
const MIN_INR_PAISE = 50;

function stripeError(res: ServerResponse, status: number, error: StripeError, headers: Record<string, string> = {}) {
  const docUrl = error.code ? { doc_url: `https://docs.stripe.com/error-codes/${error.code.replaceAll('_', '-')}` } : {};
  sendJson(res, status, { error: { ...error, ...docUrl, request_log_url: `https://dashboard.stripe.com/test/logs/${providerId('req_', 14)}` } }, {
    'Request-Id': providerId('req_', 14),
    ...headers,
  });
}

/** Stripe's form encoding one level deep (`metadata[orderRef]=…`), which is all these endpoints take. */
function fold(fields: [string, string][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of fields) {
    const m = /^([^[]+)\[([^\]]*)\]$/.exec(key);
    if (m) out[m[1]!] = { ...(out[m[1]!] as Record<string, string> | undefined), [m[2]!]: value };
    else out[key] = value;
  }
  return out;
}

const maskKey = (key: string) => `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;

/**
 * A local stand-in for the part of Stripe's API a PaymentIntents integration uses. It checks what Stripe checks:
 * Bearer auth with the secret key, a form-encoded body, unknown and missing parameters, INR's ₹0.50 minimum, and
 * idempotency keys (same key and parameters replay the first answer; other parameters are an idempotency_error).
 * Errors use Stripe's document {error: {type, code, param, message, doc_url}}.
 */
export async function startFakeStripe(): Promise<FakeStripe> {
  const secretKey = `sk_test_${randomBytes(24).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const requests: StripeRequest[] = [];
  const paymentIntents = new Map<string, StripeObject>();
  const charges = new Map<string, StripeObject>();
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const failures: Failure[] = [];

  const server = await listen(async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const contentType = req.headers['content-type'];
    const fields = contentType?.startsWith('application/x-www-form-urlencoded') ? [...new URLSearchParams(raw)] : [];
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    requests.push({
      method: req.method ?? '', path, authorization: req.headers.authorization, contentType, idempotencyKey,
      stripeVersion: req.headers['stripe-version'] as string | undefined, fields,
    });

    const failure = failures.shift();
    if (failure?.hang) return;
    if (failure?.html) return sendHtml(res, failure.status);
    if (failure) {
      return stripeError(res, failure.status, { type: failure.status >= 500 ? 'api_error' : 'invalid_request_error', message: failure.message ?? 'Sorry, something went wrong.' });
    }

    const auth = req.headers.authorization;
    if (auth !== `Bearer ${secretKey}`) {
      const given = auth?.startsWith('Bearer ') ? auth.slice(7) : '';
      return stripeError(res, 401, { type: 'invalid_request_error', message: given ? `Invalid API Key provided: ${maskKey(given)}` : 'You did not provide an API key.' });
    }

    if (req.method === 'POST' && idempotencyKey) {
      const fingerprint = createHash('sha256').update(`${req.method} ${path} ${raw}`).digest('hex');
      const earlier = idempotent.get(idempotencyKey);
      if (earlier && earlier.fingerprint !== fingerprint) {
        return stripeError(res, 400, {
          type: 'idempotency_error',
          message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
        });
      }
      if (earlier) return sendJson(res, earlier.status, earlier.body, { 'Idempotent-Replayed': 'true', 'Idempotency-Key': idempotencyKey });
      const answer = route(req.method, path, contentType, fold(fields));
      // Stripe saves no result for a request that failed validation, so a corrected retry may reuse the key.
      if (answer.status < 400) idempotent.set(idempotencyKey, { fingerprint, ...answer });
      return sendJson(res, answer.status, answer.body, { 'Idempotency-Key': idempotencyKey });
    }
    const answer = route(req.method ?? '', path, contentType, fold(fields));
    sendJson(res, answer.status, answer.body);
  });

  const ok = (body: unknown) => ({ status: 200, body });
  const fail = (status: number, error: StripeError) => ({ status, body: { error } });

  function route(method: string, path: string, contentType: string | undefined, params: Record<string, unknown>): { status: number; body: unknown } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && !contentType?.startsWith('application/x-www-form-urlencoded')) {
      return fail(400, { type: 'invalid_request_error', message: 'Invalid request: the body must be application/x-www-form-urlencoded' });
    }
    if (method === 'POST' && path === '/v1/payment_intents') return createIntent(params);
    if (method === 'GET' && (m = /^\/v1\/payment_intents\/([^/]+)$/.exec(path))) {
      const intent = paymentIntents.get(m[1]!);
      return intent ? ok(intent) : missing('payment_intent', m[1]!, 'intent');
    }
    if (method === 'POST' && path === '/v1/refunds') return createRefund(params);
    return fail(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}).` });
  }

  const missing = (resource: string, id: string, param: string) =>
    fail(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${resource}: '${id}'` });

  function unknownParam(params: Record<string, unknown>, allowed: Set<string>) {
    const extra = Object.keys(params).find((k) => !allowed.has(k));
    return extra ? fail(400, { type: 'invalid_request_error', code: 'parameter_unknown', param: extra, message: `Received unknown parameter: ${extra}` }) : null;
  }

  function createIntent(params: Record<string, unknown>) {
    const unknown = unknownParam(params, INTENT_PARAMS);
    if (unknown) return unknown;
    for (const param of ['amount', 'currency']) {
      if (params[param] === undefined) return fail(400, { type: 'invalid_request_error', code: 'parameter_missing', param, message: `Missing required param: ${param}.` });
    }
    const amount = Number(params.amount);
    if (!Number.isInteger(amount)) return fail(400, { type: 'invalid_request_error', code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: ' + String(params.amount) });
    if (params.currency === 'inr' && amount < MIN_INR_PAISE) {
      return fail(400, { type: 'invalid_request_error', code: 'amount_too_small', param: 'amount', message: 'Amount must be at least ₹0.50 inr' });
    }
    const id = providerId('pi_', 24);
    const intent: StripeObject = {
      id, object: 'payment_intent', amount, amount_capturable: 0, amount_details: { tip: {} }, amount_received: 0, application: null,
      application_fee_amount: null, automatic_payment_methods: { allow_redirects: 'always', enabled: true }, canceled_at: null,
      cancellation_reason: null, capture_method: 'automatic_async', client_secret: `${id}_secret_${providerId('', 25)}`,
      confirmation_method: 'automatic', created: unixNow(), currency: params.currency, customer: null, description: params.description ?? null,
      last_payment_error: null, latest_charge: null, livemode: false, metadata: params.metadata ?? {}, next_action: null, on_behalf_of: null,
      payment_method: null, payment_method_options: {}, payment_method_types: ['card'], processing: null, receipt_email: null, review: null,
      setup_future_usage: null, shipping: null, source: null, statement_descriptor: null, statement_descriptor_suffix: null,
      status: 'requires_payment_method', transfer_data: null, transfer_group: null,
    };
    paymentIntents.set(id, intent);
    return ok(intent);
  }

  function createRefund(params: Record<string, unknown>) {
    const unknown = unknownParam(params, REFUND_PARAMS);
    if (unknown) return unknown;
    const chargeId = params.charge as string | undefined;
    if (!chargeId) return fail(400, { type: 'invalid_request_error', code: 'parameter_missing', param: 'charge', message: 'One of the following params should be provided for this request: payment_intent or charge.' });
    const charge = charges.get(chargeId);
    if (!charge) return missing('charge', chargeId, 'charge');
    if (charge.status !== 'succeeded') return fail(400, { type: 'invalid_request_error', code: 'charge_not_refundable', message: `Charge ${chargeId} cannot be refunded because it has not succeeded.` });
    if (charge.refunded) return fail(400, { type: 'invalid_request_error', code: 'charge_already_refunded', message: `Charge ${chargeId} has already been refunded.` });
    const left = (charge.amount as number) - (charge.amount_refunded as number);
    const amount = params.amount === undefined ? left : Number(params.amount);
    if (amount > left) {
      return fail(400, { type: 'invalid_request_error', code: 'amount_too_large', param: 'amount', message: `Refund amount (₹${amount / 100}) is greater than unrefunded amount on charge (₹${left / 100})` });
    }
    Object.assign(charge, { amount_refunded: (charge.amount_refunded as number) + amount, refunded: (charge.amount_refunded as number) + amount === charge.amount });
    return ok({
      id: providerId('re_', 24), object: 'refund', amount, balance_transaction: providerId('txn_', 24), charge: chargeId, created: unixNow(),
      currency: charge.currency, destination_details: { card: { type: 'refund' }, type: 'card' }, metadata: params.metadata ?? {},
      payment_intent: charge.payment_intent, reason: null, receipt_number: null, source_transfer_reversal: null, status: 'succeeded', transfer_reversal: null,
    });
  }

  function attempt(paymentIntentId: string, succeeded: boolean) {
    const intent = paymentIntents.get(paymentIntentId);
    if (!intent) throw new Error(`no payment intent ${paymentIntentId}`);
    const charge: StripeObject = {
      id: providerId('ch_', 24), object: 'charge', amount: intent.amount, amount_captured: succeeded ? intent.amount : 0, amount_refunded: 0,
      balance_transaction: succeeded ? providerId('txn_', 24) : null, captured: succeeded, created: unixNow(), currency: intent.currency,
      failure_code: succeeded ? null : 'card_declined', failure_message: succeeded ? null : 'Your card was declined.', livemode: false,
      metadata: {}, outcome: { network_status: succeeded ? 'approved_by_network' : 'declined_by_network', type: succeeded ? 'authorized' : 'issuer_declined' },
      paid: succeeded, payment_intent: intent.id, payment_method: providerId('pm_', 24), refunded: false, status: succeeded ? 'succeeded' : 'failed',
    };
    charges.set(charge.id, charge);
    Object.assign(
      intent,
      succeeded
        ? { status: 'succeeded', amount_received: intent.amount, latest_charge: charge.id, last_payment_error: null, payment_method: charge.payment_method }
        : {
            status: 'requires_payment_method', latest_charge: charge.id, payment_method: null,
            last_payment_error: { charge: charge.id, code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', type: 'card_error' },
          },
    );
    return { paymentIntent: structuredClone(intent), charge: structuredClone(charge) };
  }

  return {
    baseUrl: server.baseUrl,
    port: server.port,
    secretKey,
    webhookSecret,
    requests,
    paymentIntents,
    succeed: (id) => attempt(id, true),
    decline: (id) => attempt(id, false),
    charge(chargeId) {
      const charge = charges.get(chargeId);
      if (!charge) throw new Error(`no charge ${chargeId}`);
      return structuredClone(charge);
    },
    event(type, object, opts = {}) {
      const created = opts.timestamp ?? unixNow();
      const id = providerId('evt_', 24);
      const body = {
        id, object: 'event', api_version: '2026-10-28.endive', created, data: { object }, livemode: false, pending_webhooks: 1,
        request: { id: providerId('req_', 14), idempotency_key: null }, type,
      };
      // Stripe pretty-prints event bodies; the signature covers these exact bytes.
      const rawBody = Buffer.from(JSON.stringify(body, null, 2));
      const v1 = createHmac('sha256', webhookSecret).update(`${created}.${rawBody.toString('utf8')}`).digest('hex');
      return {
        id,
        rawBody,
        headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': `t=${created},v1=${v1}`, 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
      };
    },
    failNext(failure) {
      failures.push(failure);
    },
    close: server.close,
  };
}
