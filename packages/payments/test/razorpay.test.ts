import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PaymentGatewayError, PaymentSignatureError, razorpayGateway, type RazorpayConfig } from '../src/index.js';
import { startFakeRazorpay, type FakeRazorpay } from './fake-razorpay.js';

let fake: FakeRazorpay;
beforeAll(async () => {
  fake = await startFakeRazorpay();
});
afterAll(() => fake?.close());

const gateway = (overrides: Partial<RazorpayConfig> = {}) =>
  razorpayGateway({ keyId: fake.keyId, keySecret: fake.keySecret, webhookSecret: fake.webhookSecret, baseUrl: fake.baseUrl, ...overrides });

const basicAuth = () => `Basic ${Buffer.from(`${fake.keyId}:${fake.keySecret}`).toString('base64')}`;

async function newOrder(amountPaise = 118_00) {
  const orderRef = randomUUID();
  const { gatewayOrderId } = await gateway().createOrder({ orderRef, amountPaise, currency: 'INR' });
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

const secretsIn = (err: Error) => [err.message, JSON.stringify(err), String(err.stack)].join('\n');

describe('razorpayGateway.createOrder', () => {
  it('posts amount in paise, INR, our orderRef as receipt and the notes to /v1/orders with Basic auth', async () => {
    const orderRef = randomUUID();
    const created = await gateway().createOrder({ orderRef, amountPaise: 590_00, currency: 'INR', notes: { purpose: 'wallet recharge' } });

    const sent = fake.requests.filter((r) => (r.body as { receipt?: string } | null)?.receipt === orderRef);
    expect(sent).toEqual([
      {
        method: 'POST', path: '/v1/orders', authorization: basicAuth(), contentType: expect.stringMatching(/^application\/json/),
        body: { amount: 590_00, currency: 'INR', receipt: orderRef, notes: { purpose: 'wallet recharge' } },
      },
    ]);
    expect(created.gatewayOrderId).toMatch(/^order_[A-Za-z0-9]{14}$/);
    expect(fake.orders.get(created.gatewayOrderId)).toMatchObject({ receipt: orderRef, amount: 590_00, status: 'created' });
    expect(created.clientPayload).toEqual({ gateway: 'razorpay', key: fake.keyId, order_id: created.gatewayOrderId, amount: 590_00, currency: 'INR' });
  });

  it('sends no notes field when there are none', async () => {
    const orderRef = randomUUID();
    await gateway().createOrder({ orderRef, amountPaise: 100, currency: 'INR' });
    expect(fake.requests.find((r) => (r.body as { receipt?: string } | null)?.receipt === orderRef)!.body).toEqual({ amount: 100, currency: 'INR', receipt: orderRef });
  });

  it("throws PaymentGatewayError with Razorpay's status and code for an amount below ₹1", async () => {
    const err = await gatewayError(gateway().createOrder({ orderRef: randomUUID(), amountPaise: 99, currency: 'INR' }));
    expect(err).toMatchObject({ gateway: 'razorpay', kind: 'refused', status: 400, providerCode: 'BAD_REQUEST_ERROR' });
    expect(err.message).toContain('Order amount less than minimum amount allowed');
  });

  it('refuses an orderRef that is not a uuid before calling Razorpay', async () => {
    const before = fake.requests.length;
    await expect(gateway().createOrder({ orderRef: 'x'.repeat(41), amountPaise: 100, currency: 'INR' })).rejects.toThrow(/orderRef/);
    expect(fake.requests).toHaveLength(before);
  });
});

describe('razorpayGateway.verifyCallback', () => {
  async function paidCallback() {
    const orderId = await newOrder();
    const payment = fake.pay(orderId, 'captured');
    return { razorpay_order_id: orderId, razorpay_payment_id: payment.id, razorpay_signature: fake.checkoutSignature(orderId, payment.id) };
  }

  it("accepts Checkout's callback signed over order_id|payment_id with the key secret", async () => {
    const callback = await paidCallback();
    expect(gateway().verifyCallback(callback)).toEqual({ gatewayOrderId: callback.razorpay_order_id, gatewayPaymentId: callback.razorpay_payment_id });
  });

  it('rejects a callback whose payment id was swapped for another', async () => {
    const callback = await paidCallback();
    const err = signatureError(() => gateway().verifyCallback({ ...callback, razorpay_payment_id: 'pay_AAAAAAAAAAAAAA' }));
    expect(err.code).toBe('payment.signature_invalid');
  });

  it('rejects a callback without razorpay_signature', async () => {
    const { razorpay_signature: _dropped, ...callback } = await paidCallback();
    expect(signatureError(() => gateway().verifyCallback(callback)).code).toBe('payment.signature_missing');
  });

  it('rejects a callback signed with another secret', async () => {
    const callback = await paidCallback();
    const other = gateway({ keySecret: 'another-key-secret-of-some-length' });
    expect(signatureError(() => other.verifyCallback(callback)).code).toBe('payment.signature_invalid');
  });

  it('rejects a callback that is not an object with the ids', () => {
    expect(signatureError(() => gateway().verifyCallback('order_x|pay_y')).code).toBe('payment.signature_invalid');
  });
});

describe('razorpayGateway.parseWebhook', () => {
  async function capturedPayment() {
    const orderId = await newOrder(236_00);
    return fake.pay(orderId, 'captured');
  }

  it('verifies payment.captured over the raw body and normalises it with the X-Razorpay-Event-Id', async () => {
    const payment = await capturedPayment();
    const { rawBody, headers } = fake.webhook('payment.captured', { payment });

    expect(gateway().parseWebhook(rawBody, headers)).toEqual({
      type: 'payment.captured', providerType: 'payment.captured', eventId: headers['x-razorpay-event-id'],
      gatewayOrderId: payment.order_id, gatewayPaymentId: payment.id, amountPaise: 236_00, currency: 'INR',
    });
  });

  it('rejects a body altered by one byte', async () => {
    const { rawBody, headers } = fake.webhook('payment.captured', { payment: await capturedPayment() });
    const altered = Buffer.from(rawBody.toString().replace('"amount":23600', '"amount":93600'));
    expect(altered.length).toBe(rawBody.length);
    expect(signatureError(() => gateway().parseWebhook(altered, headers)).code).toBe('payment.signature_invalid');
  });

  it('rejects a webhook without X-Razorpay-Signature', async () => {
    const { rawBody, headers } = fake.webhook('payment.captured', { payment: await capturedPayment() });
    const { 'x-razorpay-signature': _dropped, ...unsigned } = headers;
    expect(signatureError(() => gateway().parseWebhook(rawBody, unsigned)).code).toBe('payment.signature_missing');
  });

  it('rejects a webhook checked against the key secret instead of the webhook secret', async () => {
    const { rawBody, headers } = fake.webhook('payment.captured', { payment: await capturedPayment() });
    const misconfigured = gateway({ webhookSecret: fake.keySecret });
    expect(signatureError(() => misconfigured.parseWebhook(rawBody, headers)).code).toBe('payment.signature_invalid');
  });

  it('refuses an already parsed body: the signature covers the raw bytes', async () => {
    const { rawBody, headers } = fake.webhook('payment.captured', { payment: await capturedPayment() });
    expect(() => gateway().parseWebhook(JSON.parse(rawBody.toString()) as Buffer, headers)).toThrow(TypeError);
  });

  it('normalises order.paid to payment.captured for the same payment', async () => {
    const payment = await capturedPayment();
    const order = fake.orders.get(payment.order_id)!;
    const { rawBody, headers } = fake.webhook('order.paid', { payment, order });

    expect(gateway().parseWebhook(rawBody, headers)).toMatchObject({
      type: 'payment.captured', providerType: 'order.paid', gatewayOrderId: order.id, gatewayPaymentId: payment.id, amountPaise: 236_00,
    });
  });

  it("normalises payment.failed with Razorpay's error code", async () => {
    const payment = fake.pay(await newOrder(), 'failed');
    const { rawBody, headers } = fake.webhook('payment.failed', { payment });

    expect(gateway().parseWebhook(rawBody, headers)).toEqual({
      type: 'payment.failed', providerType: 'payment.failed', eventId: headers['x-razorpay-event-id'], gatewayOrderId: payment.order_id,
      gatewayPaymentId: payment.id, amountPaise: payment.amount, currency: 'INR', failureCode: 'BAD_REQUEST_ERROR',
    });
  });

  it('normalises refund.processed with the refund id, its amount and the total refunded on the payment', async () => {
    const payment = await capturedPayment();
    const first = await gateway().refund(payment.id, 50_00);
    await gateway().refund(payment.id, 30_00);
    const [refund] = fake.refundsOf(payment.id);
    const { rawBody, headers } = fake.webhook('refund.processed', { refund: refund!, payment: fake.paymentOf(payment.id) });

    expect(gateway().parseWebhook(rawBody, headers)).toEqual({
      type: 'refund.processed', providerType: 'refund.processed', eventId: headers['x-razorpay-event-id'], gatewayOrderId: payment.order_id,
      gatewayPaymentId: payment.id, gatewayRefundId: first.gatewayRefundId, amountPaise: 50_00, refundedTotalPaise: 80_00, currency: 'INR',
    });
  });

  it('ignores a refund of a payment Razorpay never captured (its auto-refund)', async () => {
    const payment = { ...fake.pay(await newOrder(), 'failed'), status: 'refunded', captured: false, amount_refunded: 118_00 };
    const refund = { id: 'rfnd_AutoRefund0001', entity: 'refund', amount: 118_00, currency: 'INR', payment_id: payment.id, status: 'processed' };
    const { rawBody, headers } = fake.webhook('refund.processed', { refund, payment });

    expect(gateway().parseWebhook(rawBody, headers)).toEqual({ type: 'ignored', providerType: 'refund.processed', eventId: headers['x-razorpay-event-id'] });
  });

  it('ignores events it does not act on, such as payment.authorized', async () => {
    const payment = { ...(await capturedPayment()), status: 'authorized', captured: false };
    const { rawBody, headers } = fake.webhook('payment.authorized', { payment });
    expect(gateway().parseWebhook(rawBody, headers)).toMatchObject({ type: 'ignored', providerType: 'payment.authorized' });
  });

  it('throws an unexpected PaymentGatewayError for a signed payment.captured without a payment entity', () => {
    const { rawBody, headers } = fake.webhook('payment.captured', { order: { id: 'order_X' } });
    expect(() => gateway().parseWebhook(rawBody, headers)).toThrow(expect.objectContaining({ name: 'PaymentGatewayError', kind: 'unexpected' }));
  });
});

describe('razorpayGateway.fetchOrderStatus', () => {
  it('reports pending for an order nobody has paid, from GET /v1/orders/:id/payments', async () => {
    const orderId = await newOrder();
    expect(await gateway().fetchOrderStatus(orderId)).toEqual({ status: 'pending' });
    expect(fake.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/orders/${orderId}/payments`, authorization: basicAuth() });
  });

  it('reports failed while every attempt failed, then paid with the payment id once a retry is captured', async () => {
    const orderId = await newOrder(354_00);
    fake.pay(orderId, 'failed');
    expect(await gateway().fetchOrderStatus(orderId)).toEqual({ status: 'failed' });

    const payment = fake.pay(orderId, 'captured');
    expect(await gateway().fetchOrderStatus(orderId)).toEqual({ status: 'paid', gatewayPaymentId: payment.id, amountPaise: 354_00, currency: 'INR' });
  });

  it('still reports a fully refunded order as paid', async () => {
    const orderId = await newOrder();
    const payment = fake.pay(orderId, 'captured');
    await gateway().refund(payment.id, payment.amount);
    expect(await gateway().fetchOrderStatus(orderId)).toMatchObject({ status: 'paid', gatewayPaymentId: payment.id });
  });

  it("throws PaymentGatewayError for an order id Razorpay doesn't know", async () => {
    const err = await gatewayError(gateway().fetchOrderStatus('order_DoesNotExist01'));
    expect(err).toMatchObject({ kind: 'refused', status: 400, providerCode: 'BAD_REQUEST_ERROR' });
    expect(err.message).toContain('The id provided does not exist');
  });
});

describe('razorpayGateway.refund', () => {
  it('posts the amount and our refundRef as receipt to /v1/payments/:id/refund', async () => {
    const payment = fake.pay(await newOrder(), 'captured');
    const refundRef = randomUUID();
    const result = await gateway().refund(payment.id, 18_00, { refundRef });

    expect(fake.requests.at(-1)).toEqual({
      method: 'POST', path: `/v1/payments/${payment.id}/refund`, authorization: basicAuth(), contentType: expect.stringMatching(/^application\/json/),
      body: { amount: 18_00, receipt: refundRef },
    });
    expect(result).toEqual({ gatewayRefundId: expect.stringMatching(/^rfnd_/), status: 'processed' });
    expect(fake.refundsOf(payment.id)).toEqual([expect.objectContaining({ id: result.gatewayRefundId, amount: 18_00, receipt: refundRef })]);
  });

  it('throws PaymentGatewayError when the refund exceeds what is left on the payment', async () => {
    const payment = fake.pay(await newOrder(), 'captured');
    await gateway().refund(payment.id, 100_00);
    const err = await gatewayError(gateway().refund(payment.id, 18_01));
    expect(err).toMatchObject({ kind: 'refused', status: 400, providerCode: 'BAD_REQUEST_ERROR' });
    expect(fake.refundsOf(payment.id)).toHaveLength(1);
  });
});

describe('razorpayGateway provider failures', () => {
  it('throws a refused PaymentGatewayError 401 for a wrong key secret, without any secret in it', async () => {
    const wrongSecret = 'wrong-key-secret-1234567890';
    const err = await gatewayError(gateway({ keySecret: wrongSecret }).createOrder({ orderRef: randomUUID(), amountPaise: 100, currency: 'INR' }));
    expect(err).toMatchObject({ kind: 'refused', status: 401, providerCode: 'BAD_REQUEST_ERROR' });
    expect(err.message).toContain('Authentication failed');
    for (const secret of [wrongSecret, fake.keySecret, fake.webhookSecret]) expect(secretsIn(err)).not.toContain(secret);
  });

  it('redacts a secret the provider echoes back in its error description', async () => {
    fake.failNext({ status: 400, message: `bad key pair ${fake.keyId}:${fake.keySecret}` });
    const err = await gatewayError(gateway().createOrder({ orderRef: randomUUID(), amountPaise: 100, currency: 'INR' }));
    expect(err.message).toContain('[redacted]');
    expect(secretsIn(err)).not.toContain(fake.keySecret);
  });

  it('reports a 5xx as unavailable with its status', async () => {
    fake.failNext({ status: 503 });
    const err = await gatewayError(newOrder());
    expect(err).toMatchObject({ kind: 'unavailable', status: 503, providerCode: 'SERVER_ERROR' });
  });

  it('reports an HTML error page as unavailable with the status alone', async () => {
    fake.failNext({ status: 502, html: true });
    const err = await gatewayError(gateway().fetchOrderStatus('order_AnyOrderId0001'));
    expect(err).toMatchObject({ kind: 'unavailable', status: 502, providerCode: undefined });
  });

  it('gives up after timeoutMs when Razorpay does not answer', async () => {
    fake.failNext({ status: 0, hang: true });
    const started = Date.now();
    const err = await gatewayError(gateway({ timeoutMs: 300 }).fetchOrderStatus('order_AnyOrderId0001'));
    expect(err).toMatchObject({ kind: 'unavailable', status: undefined });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('reports a host that refuses connections as unavailable', async () => {
    const closed = await startFakeRazorpay();
    await closed.close();
    const err = await gatewayError(gateway({ baseUrl: closed.baseUrl }).fetchOrderStatus('order_AnyOrderId0001'));
    expect(err).toMatchObject({ kind: 'unavailable', status: undefined });
  });

  it('refuses to start with an empty webhook secret, which would make any signature forgeable', () => {
    expect(() => gateway({ webhookSecret: ' ' })).toThrow(/webhookSecret must not be empty/);
  });

  it('refuses an id that would change the request path', async () => {
    await expect(gateway().fetchOrderStatus('order_x/../../v1/payments')).rejects.toBeInstanceOf(TypeError);
  });
});
