import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentGatewayError, PaymentSignatureError, stripeGateway, type StripeConfig } from '../src/index.js';
import { startFakeStripe, type FakeStripe } from './fake-stripe.js';

const PUBLISHABLE_KEY = 'pk_test_51AnytimePoojaPublishableKey';
// The API version stripe@23.1 pins; the webhook endpoint in the Dashboard should use the same one.
const SDK_API_VERSION = '2026-10-28.endive';

let fake: FakeStripe;
beforeAll(async () => {
  fake = await startFakeStripe();
});
afterAll(() => fake?.close());

const gateway = (overrides: Partial<StripeConfig> = {}) =>
  stripeGateway({
    secretKey: fake.secretKey, webhookSecret: fake.webhookSecret, publishableKey: PUBLISHABLE_KEY,
    host: '127.0.0.1', port: fake.port, protocol: 'http', ...overrides,
  });

const formOf = (fields: [string, string][]) => Object.fromEntries(fields);
const requestsFor = (orderRef: string) => fake.requests.filter((r) => formOf(r.fields)['metadata[orderRef]'] === orderRef);

async function newIntent(amountPaise = 118_00) {
  const { gatewayOrderId } = await gateway().createOrder({ orderRef: randomUUID(), amountPaise, currency: 'INR' });
  return gatewayOrderId;
}

async function gatewayError(promise: Promise<unknown>): Promise<PaymentGatewayError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(PaymentGatewayError);
  return err as PaymentGatewayError;
}

function signatureError(fn: () => unknown): PaymentSignatureError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PaymentSignatureError);
    return err as PaymentSignatureError;
  }
  throw new Error('expected a PaymentSignatureError');
}

describe('stripeGateway.createOrder', () => {
  it('creates a PaymentIntent in inr with metadata.orderRef, Bearer auth and an idempotency key from the orderRef', async () => {
    const orderRef = randomUUID();
    const created = await gateway().createOrder({ orderRef, amountPaise: 590_00, currency: 'INR', notes: { purpose: 'recharge' } });

    const [sent, ...more] = requestsFor(orderRef);
    expect(more).toHaveLength(0);
    expect(sent).toEqual({
      method: 'POST', path: '/v1/payment_intents', authorization: `Bearer ${fake.secretKey}`,
      contentType: expect.stringMatching(/^application\/x-www-form-urlencoded/), idempotencyKey: `order-${orderRef}`,
      stripeVersion: SDK_API_VERSION, fields: expect.any(Array),
    });
    expect(formOf(sent!.fields)).toEqual({ amount: '59000', currency: 'inr', 'metadata[purpose]': 'recharge', 'metadata[orderRef]': orderRef });

    const intent = fake.paymentIntents.get(created.gatewayOrderId)!;
    expect(created.gatewayOrderId).toMatch(/^pi_/);
    expect(created.clientPayload).toEqual({ gateway: 'stripe', clientSecret: intent.client_secret, publishableKey: PUBLISHABLE_KEY });
    expect(intent.client_secret).toMatch(new RegExp(`^${created.gatewayOrderId}_secret_`));
  });

  it('returns the same PaymentIntent when createOrder is repeated for one recharge', async () => {
    const order = { orderRef: randomUUID(), amountPaise: 236_00, currency: 'INR' } as const;
    const first = await gateway().createOrder(order);
    const second = await gateway().createOrder(order);

    expect(second.gatewayOrderId).toBe(first.gatewayOrderId);
    expect([...fake.paymentIntents.values()].filter((pi) => (pi.metadata as { orderRef?: string }).orderRef === order.orderRef)).toHaveLength(1);
  });

  it('refuses the same orderRef with another amount as an idempotency_error', async () => {
    const orderRef = randomUUID();
    await gateway().createOrder({ orderRef, amountPaise: 236_00, currency: 'INR' });
    const err = await gatewayError(gateway().createOrder({ orderRef, amountPaise: 1_00, currency: 'INR' }));
    expect(err).toMatchObject({ gateway: 'stripe', kind: 'refused', status: 400, providerCode: 'idempotency_error' });
  });

  it("throws PaymentGatewayError with Stripe's code for an amount under ₹0.50", async () => {
    const err = await gatewayError(gateway().createOrder({ orderRef: randomUUID(), amountPaise: 49, currency: 'INR' }));
    expect(err).toMatchObject({ kind: 'refused', status: 400, providerCode: 'amount_too_small' });
    expect(err.message).toContain('Amount must be at least ₹0.50 inr');
  });

  it('retries a 500 with the same idempotency key and creates one PaymentIntent', async () => {
    const orderRef = randomUUID();
    fake.failNext({ status: 500 });
    const created = await gateway().createOrder({ orderRef, amountPaise: 100_00, currency: 'INR' });

    const attempts = fake.requests.filter((r) => r.idempotencyKey === `order-${orderRef}`);
    expect(attempts).toHaveLength(2);
    expect(fake.paymentIntents.has(created.gatewayOrderId)).toBe(true);
  });
});

describe('stripeGateway.verifyCallback', () => {
  it('refuses any browser callback: Stripe signs only webhooks', () => {
    const err = signatureError(() => gateway().verifyCallback({ payment_intent: 'pi_123', redirect_status: 'succeeded' }));
    expect(err.code).toBe('payment.callback_unsigned');
  });
});

describe('stripeGateway.parseWebhook', () => {
  async function succeededEvent(amountPaise = 236_00) {
    const { paymentIntent, charge } = fake.succeed(await newIntent(amountPaise));
    return { paymentIntent, charge, event: fake.event('payment_intent.succeeded', paymentIntent) };
  }

  it('verifies payment_intent.succeeded with Stripe-Signature and normalises it to the succeeded charge', async () => {
    const { paymentIntent, charge, event } = await succeededEvent();

    expect(gateway().parseWebhook(event.rawBody, event.headers)).toEqual({
      type: 'payment.captured', providerType: 'payment_intent.succeeded', eventId: event.id,
      gatewayOrderId: paymentIntent.id, gatewayPaymentId: charge.id, amountPaise: 236_00, currency: 'INR',
    });
  });

  it('rejects a body altered by one byte', async () => {
    const { event } = await succeededEvent();
    const altered = Buffer.from(event.rawBody.toString().replace('"amount_received": 23600', '"amount_received": 93600'));
    expect(altered.length).toBe(event.rawBody.length);
    expect(altered.equals(event.rawBody)).toBe(false);
    expect(signatureError(() => gateway().parseWebhook(altered, event.headers)).code).toBe('payment.signature_invalid');
  });

  it('rejects a correctly signed event whose timestamp is more than 300 s old', async () => {
    const { paymentIntent } = await succeededEvent();
    const stale = fake.event('payment_intent.succeeded', paymentIntent, { timestamp: Math.floor(Date.now() / 1000) - 301 });
    expect(signatureError(() => gateway().parseWebhook(stale.rawBody, stale.headers)).code).toBe('payment.signature_expired');
  });

  it('accepts an event signed 290 s ago', async () => {
    const { paymentIntent } = await succeededEvent();
    const recent = fake.event('payment_intent.succeeded', paymentIntent, { timestamp: Math.floor(Date.now() / 1000) - 290 });
    expect(gateway().parseWebhook(recent.rawBody, recent.headers).type).toBe('payment.captured');
  });

  it('rejects an event without Stripe-Signature', async () => {
    const { event } = await succeededEvent();
    const { 'stripe-signature': _dropped, ...unsigned } = event.headers;
    expect(signatureError(() => gateway().parseWebhook(event.rawBody, unsigned)).code).toBe('payment.signature_missing');
  });

  it("rejects an event checked against another endpoint's secret", async () => {
    const { event } = await succeededEvent();
    const other = gateway({ webhookSecret: 'whsec_anotherEndpointSecret000000' });
    expect(signatureError(() => other.parseWebhook(event.rawBody, event.headers)).code).toBe('payment.signature_invalid');
  });

  it('normalises payment_intent.payment_failed with the failed charge and the decline code', async () => {
    const { paymentIntent, charge } = fake.decline(await newIntent(354_00));
    const event = fake.event('payment_intent.payment_failed', paymentIntent);

    expect(gateway().parseWebhook(event.rawBody, event.headers)).toEqual({
      type: 'payment.failed', providerType: 'payment_intent.payment_failed', eventId: event.id, gatewayOrderId: paymentIntent.id,
      gatewayPaymentId: charge.id, amountPaise: 354_00, currency: 'INR', failureCode: 'generic_decline',
    });
  });

  it('normalises charge.refunded with the total refunded on the charge', async () => {
    const { paymentIntent, charge } = await succeededEvent(500_00);
    await gateway().refund(charge.id, 120_00);
    await gateway().refund(charge.id, 80_00);
    const event = fake.event('charge.refunded', fake.charge(charge.id));

    expect(gateway().parseWebhook(event.rawBody, event.headers)).toEqual({
      type: 'refund.processed', providerType: 'charge.refunded', eventId: event.id, gatewayOrderId: paymentIntent.id,
      gatewayPaymentId: charge.id, refundedTotalPaise: 200_00, currency: 'INR',
    });
  });

  it('ignores events it does not act on, such as payment_intent.created', async () => {
    const intent = fake.paymentIntents.get(await newIntent())!;
    const event = fake.event('payment_intent.created', intent);
    expect(gateway().parseWebhook(event.rawBody, event.headers)).toEqual({ type: 'ignored', providerType: 'payment_intent.created', eventId: event.id });
  });
});

describe('stripeGateway.fetchOrderStatus', () => {
  it('reads pending, then failed after a decline, then paid with the charge id, from GET /v1/payment_intents/:id', async () => {
    const intentId = await newIntent(472_00);
    expect(await gateway().fetchOrderStatus(intentId)).toEqual({ status: 'pending' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/payment_intents/${intentId}`, authorization: `Bearer ${fake.secretKey}` });

    fake.decline(intentId);
    expect(await gateway().fetchOrderStatus(intentId)).toEqual({ status: 'failed' });

    const { charge } = fake.succeed(intentId);
    expect(await gateway().fetchOrderStatus(intentId)).toEqual({ status: 'paid', gatewayPaymentId: charge.id, amountPaise: 472_00, currency: 'INR' });
  });

  it("throws PaymentGatewayError resource_missing for an intent Stripe doesn't know", async () => {
    const err = await gatewayError(gateway().fetchOrderStatus('pi_DoesNotExist000000000000'));
    expect(err).toMatchObject({ kind: 'refused', status: 404, providerCode: 'resource_missing' });
  });
});

describe('stripeGateway.refund', () => {
  it('posts charge, amount and metadata.refundRef to /v1/refunds with an idempotency key from the refundRef', async () => {
    const { charge } = fake.succeed(await newIntent(300_00));
    const refundRef = randomUUID();
    const result = await gateway().refund(charge.id, 100_00, { refundRef });

    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/refunds', authorization: `Bearer ${fake.secretKey}`, idempotencyKey: `refund-${refundRef}` });
    expect(formOf(sent.fields)).toEqual({ charge: charge.id, amount: '10000', 'metadata[refundRef]': refundRef });
    expect(result).toEqual({ gatewayRefundId: expect.stringMatching(/^re_/), status: 'processed' });
    expect(fake.charge(charge.id).amount_refunded).toBe(100_00);
  });

  it('refunds once when the same refundRef is sent twice', async () => {
    const { charge } = fake.succeed(await newIntent(300_00));
    const refundRef = randomUUID();
    const first = await gateway().refund(charge.id, 100_00, { refundRef });
    const again = await gateway().refund(charge.id, 100_00, { refundRef });

    expect(again).toEqual(first);
    expect(fake.charge(charge.id).amount_refunded).toBe(100_00);
  });

  it('throws PaymentGatewayError when the refund exceeds what is left on the charge', async () => {
    const { charge } = fake.succeed(await newIntent(300_00));
    const err = await gatewayError(gateway().refund(charge.id, 300_01));
    expect(err).toMatchObject({ kind: 'refused', status: 400, providerCode: 'amount_too_large' });
  });
});

describe('stripeGateway provider failures', () => {
  it('throws a refused PaymentGatewayError 401 for a wrong secret key, without the key in it', async () => {
    const wrongKey = `sk_test_${'9'.repeat(40)}`;
    const err = await gatewayError(gateway({ secretKey: wrongKey }).createOrder({ orderRef: randomUUID(), amountPaise: 100, currency: 'INR' }));
    expect(err).toMatchObject({ kind: 'refused', status: 401 });
    expect(err.message).toContain('Invalid API Key provided');
    const everything = [err.message, JSON.stringify(err), String(err.stack)].join('\n');
    for (const secret of [wrongKey, fake.secretKey, fake.webhookSecret]) expect(everything).not.toContain(secret);
  });

  it('reports a 500 that outlasts the retries as unavailable with its status', async () => {
    fake.failNext({ status: 500 });
    const err = await gatewayError(gateway({ maxNetworkRetries: 0 }).fetchOrderStatus('pi_AnyIntent00000000000000'));
    expect(err).toMatchObject({ kind: 'unavailable', status: 500 });
  });

  it('refuses to start with an empty webhook secret', () => {
    expect(() => gateway({ webhookSecret: '' })).toThrow(/webhookSecret must not be empty/);
  });

  it('reports a host that refuses connections as unavailable, with no status', async () => {
    const closed = await startFakeStripe();
    await closed.close();
    const err = await gatewayError(gateway({ port: closed.port, maxNetworkRetries: 0 }).fetchOrderStatus('pi_AnyIntent00000000000000'));
    expect(err).toMatchObject({ kind: 'unavailable', status: undefined });
  });
});
