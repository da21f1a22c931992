import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PaymentGatewayError, PaymentSignatureError, sandboxGateway, type SandboxGateway, type WebhookEvent } from '../src/index.js';

const secret = () => randomBytes(32).toString('hex');
const sandbox = (s = secret()) => sandboxGateway({ secret: s, publicBaseUrl: 'http://localhost:3000/' });

async function newOrder(gateway: SandboxGateway, amountPaise = 118_00) {
  return (await gateway.createOrder({ orderRef: randomUUID(), amountPaise, currency: 'INR' })).gatewayOrderId;
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

describe('sandboxGateway', () => {
  it("creates a sandbox_order_… whose client payload is the web app's pay-or-fail page", async () => {
    const created = await sandbox().createOrder({ orderRef: randomUUID(), amountPaise: 590_00, currency: 'INR' });
    expect(created.gatewayOrderId).toMatch(/^sandbox_order_[0-9a-f]{20}$/);
    expect(created.clientPayload).toEqual({
      gateway: 'sandbox', orderId: created.gatewayOrderId, url: `http://localhost:3000/sandbox/pay?order=${created.gatewayOrderId}`,
    });
  });

  it('pays end to end: the signed callback and the signed webhook name one payment, the status reads paid, a refund goes through', async () => {
    const gateway = sandbox();
    const orderId = await newOrder(gateway, 236_00);
    expect(await gateway.fetchOrderStatus(orderId)).toEqual({ status: 'pending' });

    const callback = gateway.signSandboxCallback(orderId, 'paid');
    const verified = gateway.verifyCallback(JSON.parse(JSON.stringify(callback)));
    expect(verified).toEqual({ gatewayOrderId: orderId, gatewayPaymentId: expect.stringMatching(/^sandbox_pay_/) });

    const { rawBody, headers } = gateway.sandboxWebhook(orderId, 'paid');
    const event = gateway.parseWebhook(rawBody, headers);
    expect(event).toEqual({
      type: 'payment.captured', providerType: 'payment.captured', eventId: headers['x-sandbox-event-id'], gatewayOrderId: orderId,
      gatewayPaymentId: verified.gatewayPaymentId, amountPaise: 236_00, currency: 'INR',
    });

    expect(await gateway.fetchOrderStatus(orderId)).toEqual({ status: 'paid', gatewayPaymentId: verified.gatewayPaymentId, amountPaise: 236_00, currency: 'INR' });
    expect(await gateway.refund(verified.gatewayPaymentId, 36_00)).toEqual({ gatewayRefundId: expect.stringMatching(/^sandbox_rfnd_/), status: 'processed' });
  });

  it('names the same payment however often "paid" is replayed, so it can be credited only once', async () => {
    const gateway = sandbox();
    const orderId = await newOrder(gateway);
    const events = [gateway.sandboxWebhook(orderId, 'paid'), gateway.sandboxWebhook(orderId, 'paid')].map((w) => gateway.parseWebhook(w.rawBody, w.headers));
    const paymentIds = new Set(events.map((e) => (e as Extract<WebhookEvent, { type: 'payment.captured' }>).gatewayPaymentId));

    expect(paymentIds.size).toBe(1);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(gateway.verifyCallback(gateway.signSandboxCallback(orderId, 'paid')).gatewayPaymentId).toBe([...paymentIds][0]);
  });

  it('fails end to end with an unsigned failure callback and a payment.failed webhook, and the order can still be paid after', async () => {
    const gateway = sandbox();
    const orderId = await newOrder(gateway, 354_00);

    const failure = gateway.signSandboxCallback(orderId, 'failed');
    expect(failure).toEqual({ sandbox_order_id: orderId, error: { code: 'PAYMENT_FAILED', description: expect.any(String) } });
    expect(signatureError(() => gateway.verifyCallback(failure)).code).toBe('payment.signature_invalid');

    const { rawBody, headers } = gateway.sandboxWebhook(orderId, 'failed');
    const failed = gateway.parseWebhook(rawBody, headers);
    expect(failed).toMatchObject({ type: 'payment.failed', gatewayOrderId: orderId, amountPaise: 354_00 });
    expect(await gateway.fetchOrderStatus(orderId)).toEqual({ status: 'failed' });

    const paid = gateway.verifyCallback(gateway.signSandboxCallback(orderId, 'paid'));
    expect(paid.gatewayPaymentId).not.toBe((failed as { gatewayPaymentId?: string }).gatewayPaymentId);
    expect(await gateway.fetchOrderStatus(orderId)).toMatchObject({ status: 'paid', gatewayPaymentId: paid.gatewayPaymentId });
  });

  it('refuses to fail an order that is already paid', async () => {
    const gateway = sandbox();
    const orderId = await newOrder(gateway);
    gateway.signSandboxCallback(orderId, 'paid');
    expect(() => gateway.sandboxWebhook(orderId, 'failed')).toThrow(expect.objectContaining({ name: 'PaymentGatewayError', providerCode: 'order_already_paid' }));
  });

  it('rejects a callback with a swapped payment id, one without a signature, and one signed with another secret', async () => {
    const gateway = sandbox();
    const callback = gateway.signSandboxCallback(await newOrder(gateway), 'paid');

    expect(signatureError(() => gateway.verifyCallback({ ...callback, sandbox_payment_id: 'sandbox_pay_00000000000000000000' })).code).toBe('payment.signature_invalid');
    const { sandbox_signature: _dropped, ...unsigned } = callback;
    expect(signatureError(() => gateway.verifyCallback(unsigned)).code).toBe('payment.signature_missing');
    expect(signatureError(() => sandbox().verifyCallback(callback)).code).toBe('payment.signature_invalid');
  });

  it('rejects a webhook altered by one byte, one without its signature header, and one signed with another secret', async () => {
    const gateway = sandbox();
    const { rawBody, headers } = gateway.sandboxWebhook(await newOrder(gateway, 118_00), 'paid');

    const altered = Buffer.from(rawBody.toString().replace('"amount":11800', '"amount":91800'));
    expect(altered.length).toBe(rawBody.length);
    expect(signatureError(() => gateway.parseWebhook(altered, headers)).code).toBe('payment.signature_invalid');
    const { 'x-sandbox-signature': _dropped, ...unsigned } = headers;
    expect(signatureError(() => gateway.parseWebhook(rawBody, unsigned)).code).toBe('payment.signature_missing');
    expect(signatureError(() => sandbox().parseWebhook(rawBody, headers)).code).toBe('payment.signature_invalid');
  });

  it('replays a refund sent twice with one refundRef and refuses one beyond the amount paid', async () => {
    const gateway = sandbox();
    const orderId = await newOrder(gateway, 100_00);
    const { gatewayPaymentId } = gateway.verifyCallback(gateway.signSandboxCallback(orderId, 'paid'));
    const refundRef = randomUUID();

    const first = await gateway.refund(gatewayPaymentId, 60_00, { refundRef });
    expect(await gateway.refund(gatewayPaymentId, 60_00, { refundRef })).toEqual(first);
    await expect(gateway.refund(gatewayPaymentId, 40_01)).rejects.toMatchObject({ name: 'PaymentGatewayError', providerCode: 'refund_exceeds_payment' });
    await expect(gateway.refund(gatewayPaymentId, 40_00)).resolves.toMatchObject({ status: 'processed' });
  });

  it('answers not found for an order this process never created', async () => {
    const err = await sandbox().fetchOrderStatus('sandbox_order_00000000000000000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaymentGatewayError);
    expect(err).toMatchObject({ gateway: 'sandbox', kind: 'refused', status: 404, providerCode: 'order_not_found' });
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => sandbox('too-short')).toThrow(/32 characters/);
  });
});
