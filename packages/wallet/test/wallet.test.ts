import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { checkInvariants } from '@ap/ledger';
import { createWalletService } from '../src/index.js';
import { idempotencyKey, signUp, testStack, type SignedIn, type TestStack } from '../../../test/support/app.js';
import { startFakeRazorpay, type FakeRazorpay } from '../../payments/test/fake-razorpay.js';

let stack: TestStack;
let priya: SignedIn;
let ravi: SignedIn;
beforeAll(async () => {
  stack = await testStack({ LOG_LEVEL: 'error' });
  priya = await signUp(stack.user, stack.db.pool, 'user');
  ravi = await signUp(stack.user, stack.db.pool, 'user');
});
afterAll(() => stack.close());
afterEach(async () => {
  expect(await checkInvariants(stack.db.pool)).toEqual([]);
});

const recharge = (who: SignedIn, body: object, key = idempotencyKey()) =>
  request(stack.user).post('/api/user/wallet/recharge').set(who.auth).set('Idempotency-Key', key).send(body);
const balanceOf = async (who: SignedIn) => (await request(stack.user).get('/api/user/wallet/balance').set(who.auth).expect(200)).body;
const taxPayable = async () =>
  (await stack.db.pool.query<{ b: number }>(`SELECT balance_paise AS b FROM ledger_accounts WHERE kind = 'tax_payable'`)).rows[0]!.b;

describe('wallet recharge through the sandbox gateway', () => {
  it('starts at zero and lists the packs, limits and GST', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    expect(await balanceOf(me)).toEqual({ balancePaise: 0, heldPaise: 0, availablePaise: 0, currency: 'INR' });
    const packs = (await request(stack.user).get('/api/user/wallet/packs').expect(200)).body;
    expect(packs).toMatchObject({ minPaise: 5000, maxPaise: 5_000_000, gstBps: 1800, provider: 'sandbox' });
    expect(packs.packsPaise).toContain(50_000);
  });

  it('creates an order for the amount plus 18% GST, and credits the wallet only once the payment is proven', async () => {
    const order = (await recharge(priya, { amountPaise: 10_000 }).expect(201)).body;
    expect(order).toMatchObject({ status: 'created', provider: 'sandbox', amountPaise: 10_000, gstPaise: 1_800, totalPaise: 11_800 });
    expect(order.clientPayload.url).toContain('/sandbox/pay');
    expect((await balanceOf(priya)).balancePaise).toBe(0);

    const tax = await taxPayable();
    const paid = (await request(stack.user).post(`/api/user/wallet/recharge/${order.orderId}/sandbox`).set(priya.auth).send({ outcome: 'paid' }).expect(200)).body;
    expect(paid).toMatchObject({ status: 'paid' });
    expect(await balanceOf(priya)).toMatchObject({ balancePaise: 10_000, availablePaise: 10_000 });
    expect((await taxPayable()) - tax).toBe(1_800);

    const history = (await request(stack.user).get('/api/user/wallet/transactions').set(priya.auth).expect(200)).body;
    expect(history.items[0]).toMatchObject({ type: 'recharge', amountPaise: 10_000, balanceAfterPaise: 10_000, gst: { gstPaise: 1_800, totalPaise: 11_800 } });
  });

  it('credits nothing for a failed payment', async () => {
    const before = await balanceOf(ravi);
    const order = (await recharge(ravi, { amountPaise: 20_000 }).expect(201)).body;
    const failed = (await request(stack.user).post(`/api/user/wallet/recharge/${order.orderId}/sandbox`).set(ravi.auth).send({ outcome: 'failed' }).expect(200)).body;
    expect(failed.status).toBe('failed');
    expect(await balanceOf(ravi)).toEqual(before);
  });

  it('returns the same order for a replayed Idempotency-Key and refuses the key with another amount (422)', async () => {
    const key = idempotencyKey();
    const replies = await Promise.all(Array.from({ length: 20 }, () => recharge(priya, { amountPaise: 50_000 }, key)));
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.body.orderId)).size).toBe(1);
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const { rowCount } = await stack.db.pool.query('SELECT 1 FROM payment_orders WHERE id = $1', [replies[0]!.body.orderId]);
    expect(rowCount).toBe(1);
    const reused = await recharge(priya, { amountPaise: 60_000 }, key).expect(422);
    expect(reused.body.code).toBe('idempotency_key_reused');
  });

  it('credits once however many times the callback and webhook arrive, in any order', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const order = (await recharge(me, { amountPaise: 100_000 }).expect(201)).body;
    const sandbox = stack.platform.paymentGateway() as import('@ap/payments').SandboxGateway;
    const gatewayOrderId = order.clientPayload.orderId as string;
    const callback = sandbox.signSandboxCallback(gatewayOrderId, 'paid');
    const hook = sandbox.sandboxWebhook(gatewayOrderId, 'paid');
    const deliveries = [
      ...Array.from({ length: 10 }, () => () =>
        request(stack.user).post('/api/user/payments/sandbox/webhook').set(hook.headers).set('Content-Type', 'application/json').send(hook.rawBody.toString())),
      ...Array.from({ length: 3 }, () => () => request(stack.user).post(`/api/user/wallet/recharge/${order.orderId}/confirm`).set(me.auth).send({ payload: callback })),
    ].sort(() => Math.random() - 0.5);
    const results = await Promise.all(deliveries.map((d) => d()));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await balanceOf(me)).toMatchObject({ balancePaise: 100_000 });
    const credits = await stack.db.pool.query(`SELECT 1 FROM ledger_transfers WHERE kind = 'recharge' AND reference_id = $1`, [order.orderId]);
    expect(credits.rowCount).toBe(1);
  });

  it('refuses a webhook with a bad or missing signature, logs it and credits nothing', async () => {
    const me = await signUp(stack.user, stack.db.pool, 'user');
    const order = (await recharge(me, { amountPaise: 5_000 }).expect(201)).body;
    const sandbox = stack.platform.paymentGateway() as import('@ap/payments').SandboxGateway;
    const hook = sandbox.sandboxWebhook(order.clientPayload.orderId as string, 'paid');
    const tampered = hook.rawBody.toString().replace('5900', '9900');
    const bad = await request(stack.user).post('/api/user/payments/sandbox/webhook').set(hook.headers).set('Content-Type', 'application/json').send(tampered).expect(400);
    expect(bad.body.code).toBe('invalid_signature');
    await request(stack.user).post('/api/user/payments/sandbox/webhook').set('Content-Type', 'application/json').send(hook.rawBody.toString()).expect(400);
    expect((await balanceOf(me)).balancePaise).toBe(0);
    const logged = await stack.db.pool.query(`SELECT 1 FROM payment_events WHERE kind = 'webhook' AND verified = false`);
    expect(logged.rowCount).toBeGreaterThanOrEqual(2);
  });

  it('refuses a forged confirmation', async () => {
    const order = (await recharge(ravi, { amountPaise: 5_000 }).expect(201)).body;
    const res = await request(stack.user).post(`/api/user/wallet/recharge/${order.orderId}/confirm`).set(ravi.auth)
      .send({ payload: { sandbox_order_id: order.clientPayload.orderId, sandbox_payment_id: 'sandbox_pay_x', sandbox_signature: 'f'.repeat(64) } }).expect(400);
    expect(res.body.code).toBe('invalid_signature');
  });

  it('rejects bad amounts, an unknown provider and a missing key, and stores nothing', async () => {
    const before = (await stack.db.pool.query('SELECT count(*)::int AS n FROM payment_orders')).rows[0].n;
    for (const amountPaise of [0, -100, 10.5, '10000', 4_999, 5_000_001]) {
      const res = await recharge(priya, { amountPaise }).expect(400);
      expect(res.body.errors[0].path).toBe('amountPaise');
    }
    expect((await recharge(priya, { amountPaise: 10_000, provider: 'paypal' }).expect(400)).body.errors[0].path).toBe('provider');
    expect((await recharge(priya, { amountPaise: 10_000, provider: 'razorpay' }).expect(400)).body.code).toBe('unknown_provider');
    const noKey = await request(stack.user).post('/api/user/wallet/recharge').set(priya.auth).send({ amountPaise: 10_000 }).expect(400);
    expect(noKey.body.code).toBe('idempotency_key_required');
    expect((await stack.db.pool.query('SELECT count(*)::int AS n FROM payment_orders')).rows[0].n).toBe(before);
  });

  it("hides another customer's order", async () => {
    const order = (await recharge(priya, { amountPaise: 5_000 }).expect(201)).body;
    await request(stack.user).get(`/api/user/wallet/recharge/${order.orderId}`).set(ravi.auth).expect(404);
    await request(stack.user).post(`/api/user/wallet/recharge/${order.orderId}/sandbox`).set(ravi.auth).send({ outcome: 'paid' }).expect(404);
  });

  it('downloads a CSV statement for a date range', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const res = await request(stack.user).get('/api/user/wallet/statement.csv').query({ from: today, to: today, tz: 'UTC' }).set(priya.auth).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('"date","type","amount_inr","balance_after_inr","gst_inr","reference","memo"');
    expect(lines.some((l) => l.includes('"recharge","100.00","100.00","18.00"'))).toBe(true);
    await request(stack.user).get('/api/user/wallet/statement.csv').query({ from: today, to: '2000-01-01' }).set(priya.auth).expect(400);
    await request(stack.user).get('/api/user/wallet/statement.csv').query({ from: today, to: today, tz: 'Mars/Base' }).set(priya.auth).expect(400);
  });

  it('counts calendar days in the customer\'s zone (India by default) and shows local times', async () => {
    const istToday = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date());
    const res = await request(stack.user).get('/api/user/wallet/statement.csv').query({ from: istToday, to: istToday }).set(priya.auth).expect(200);
    const rows = res.text.trim().split('\r\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => new RegExp(`^"${istToday}T\\d{2}:\\d{2}:\\d{2}\\+05:30"`).test(r))).toBe(true);
  });
});

describe('wallet recharge through Razorpay', () => {
  let fake: FakeRazorpay;
  let rz: TestStack;
  beforeAll(async () => {
    fake = await startFakeRazorpay();
    rz = await testStack({
      PAYMENT_GATEWAY: 'razorpay', RAZORPAY_KEY_ID: fake.keyId, RAZORPAY_KEY_SECRET: fake.keySecret,
      RAZORPAY_WEBHOOK_SECRET: fake.webhookSecret, RAZORPAY_API_BASE_URL: fake.baseUrl,
    });
  });
  afterAll(async () => {
    await rz.close();
    await fake.close();
  });

  it('creates the order at Razorpay and credits once from the checkout callback and the webhooks', async () => {
    const me = await signUp(rz.user, rz.db.pool, 'user');
    const order = (await request(rz.user).post('/api/user/wallet/recharge').set(me.auth).set('Idempotency-Key', idempotencyKey()).send({ amountPaise: 20_000 }).expect(201)).body;
    const rzOrderId = order.clientPayload.order_id as string;
    expect(fake.orders.get(rzOrderId)).toMatchObject({ amount: 23_600, currency: 'INR', receipt: order.orderId });

    const payment = fake.pay(rzOrderId, 'captured');
    const callback = { razorpay_order_id: rzOrderId, razorpay_payment_id: payment.id, razorpay_signature: fake.checkoutSignature(rzOrderId, payment.id) };
    const captured = fake.webhook('payment.captured', { payment: fake.paymentOf(payment.id) });
    const orderPaid = fake.webhook('order.paid', { payment: fake.paymentOf(payment.id), order: fake.orders.get(rzOrderId)! });
    const send = (w: { rawBody: Buffer; headers: Record<string, string> }) =>
      request(rz.user).post('/api/user/payments/razorpay/webhook').set(w.headers).set('Content-Type', 'application/json').send(w.rawBody.toString());
    const results = await Promise.all([
      send(captured), send(orderPaid), send(captured),
      request(rz.user).post(`/api/user/wallet/recharge/${order.orderId}/confirm`).set(me.auth).send({ payload: callback }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect((await request(rz.user).get('/api/user/wallet/balance').set(me.auth)).body.balancePaise).toBe(20_000);
    expect(await checkInvariants(rz.db.pool)).toEqual([]);
  });

  it('credits a payment whose callback and webhooks never arrived, by asking Razorpay (reconciliation)', async () => {
    const me = await signUp(rz.user, rz.db.pool, 'user');
    const order = (await request(rz.user).post('/api/user/wallet/recharge').set(me.auth).set('Idempotency-Key', idempotencyKey()).send({ amountPaise: 30_000 }).expect(201)).body;
    fake.pay(order.clientPayload.order_id as string, 'captured');
    const wallet = createWalletService({
      pool: rz.db.pool, gateway: rz.platform.paymentGateway(), log: () => undefined,
      config: { gstBps: 1800, minPaise: 5000, maxPaise: 5_000_000, packsPaise: [] },
    });
    expect(await wallet.reconcile(15)).toBe(0); // too recent: the callback may still come
    await rz.db.pool.query(`UPDATE payment_orders SET created_at = now() - interval '20 minutes' WHERE id = $1`, [order.orderId]);
    expect(await wallet.reconcile(15)).toBe(1);
    expect(await wallet.reconcile(15)).toBe(0);
    expect((await request(rz.user).get('/api/user/wallet/balance').set(me.auth)).body.balancePaise).toBe(30_000);
    expect(await checkInvariants(rz.db.pool)).toEqual([]);
  });
});
