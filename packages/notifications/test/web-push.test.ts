import type { Express } from 'express';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { asCaller, withTx } from '@ap/db';
import { createApp } from '@ap/http';
import { startJobRunner, type JobRunner } from '@ap/jobs';
import { testStack, type TestStack } from '../../../test/support/app.js';
import {
  DEFAULT_PUSH_HOSTS, createNotificationService, insertNotification, notificationRoutes, startWebPushWorker, WEB_PUSH_JOB, type NotificationService, type WebPushConfig,
} from '../src/index.js';
import { startFakePushService, type FakePushService, type Subscriber } from './fake-push-service.js';
import { insertNotificationRow, makePerson, type Person } from './support.js';

let stack: TestStack;
let push: FakePushService;
/** How far the worker's clock runs ahead of the real one (retries are scheduled in its time). */
let skew = 0;
let service: NotificationService;
let runner: JobRunner;

const DEV: WebPushConfig = { keys: null, subject: 'mailto:ops@anytimepooja.example', generateKeys: true, allowInsecureEndpoints: true, endpointHosts: null };

beforeAll(async () => {
  stack = await testStack();
  push = await startFakePushService();
  service = createNotificationService({ pool: stack.platform.pool, webPush: DEV });
  // The worker as main.ts runs it, drained by hand, on a clock the tests can move forward. It runs a second
  // ahead so a job enqueued in this very millisecond (now() has microseconds, a Date only milliseconds) is due.
  runner = startJobRunner({ pool: stack.platform.pool, handlers: service.jobHandlers, log: () => undefined, pollIntervalMs: 3_600_000, now: () => new Date(Date.now() + 1_000 + skew) });
});
afterAll(async () => {
  await runner.stop();
  await push.close();
  await stack.close();
});
afterEach(() => {
  skew = 0;
  // Every request that reached the fake push service was well-formed, decryptable and correctly signed.
  expect(push.rejected).toEqual([]);
});

const BASE = '/api/communication/notifications';
const api = () => request(stack.communication);

function appWith(config: WebPushConfig): Express {
  const p = stack.platform;
  return createApp({
    service: 'communication', title: 'push config', version: 'test', routes: notificationRoutes(createNotificationService({ pool: p.pool, webPush: config })),
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
  });
}

const subscriptionBody = (s: Subscriber) => ({ endpoint: s.endpoint, expirationTime: null, keys: s.keys });

async function subscribe(person: Person, s: Subscriber = push.subscriber()): Promise<Subscriber> {
  await api().post(`${BASE}/push/subscriptions`).set(person.auth).send(subscriptionBody(s)).expect(200);
  return s;
}

async function jobsFor(notificationId: string) {
  const { rows } = await stack.db.pool.query<{ status: string; attempts: number; runAt: Date; lastError: string | null; subscriptionId: string }>(
    `SELECT status, attempts, run_at AS "runAt", last_error AS "lastError", payload->>'subscriptionId' AS "subscriptionId"
       FROM jobs WHERE name = $1 AND payload->>'notificationId' = $2 ORDER BY id`, [WEB_PUSH_JOB, notificationId]);
  return rows;
}

const receivedFor = (s: Subscriber) => push.received.filter((r) => r.token === s.token);
const subscriptionCount = async (endpoint: string) =>
  (await stack.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM push_subscriptions WHERE endpoint = $1', [endpoint])).rows[0]!.n;

describe('VAPID key', () => {
  it('serves one development key pair, generated once and kept in the database for every instance', async () => {
    const { body } = await api().get(`${BASE}/push/public-key`).expect(200);
    const { publicKey } = body as { publicKey: string };
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const otherInstance = appWith(DEV);
    expect((await request(otherInstance).get(`${BASE}/push/public-key`).expect(200)).body).toEqual({ publicKey });
  });

  it('serves the configured key when VAPID keys are set', async () => {
    const keys = { publicKey: Buffer.alloc(65, 4).toString('base64url'), privateKey: Buffer.alloc(32, 1).toString('base64url') };
    const app = appWith({ ...DEV, keys, generateKeys: false });
    expect((await request(app).get(`${BASE}/push/public-key`).expect(200)).body).toEqual({ publicKey: keys.publicKey });
  });

  it('says push is off, and refuses subscriptions, where no key is configured and none may be generated', async () => {
    const app = appWith({ ...DEV, generateKeys: false, allowInsecureEndpoints: false });
    expect((await request(app).get(`${BASE}/push/public-key`).expect(503)).body).toMatchObject({ code: 'push_disabled' });
    const me = await makePerson(stack);
    const res = await request(app).post(`${BASE}/push/subscriptions`).set(me.auth).send(subscriptionBody(push.subscriber())).expect(503);
    expect(res.body).toMatchObject({ code: 'push_disabled' });
  });
});

describe('push subscriptions', () => {
  it('stores a subscription once per endpoint however often the browser sends it', async () => {
    const me = await makePerson(stack);
    const s = push.subscriber();
    const first = await api().post(`${BASE}/push/subscriptions`).set(me.auth).send(subscriptionBody(s)).expect(200);
    const again = await api().post(`${BASE}/push/subscriptions`).set(me.auth).send(subscriptionBody(s)).expect(200);
    expect(first.body).toMatchObject({ endpoint: s.endpoint, created: true });
    expect(again.body).toMatchObject({ id: (first.body as { id: string }).id, created: false });
    expect(await subscriptionCount(s.endpoint)).toBe(1);
    const status = await api().get(`${BASE}/push/subscriptions`).query({ endpoint: s.endpoint }).set(me.auth).expect(200);
    expect(status.body).toEqual({ subscriptions: 1, subscribed: true });
  });

  it('refuses malformed subscriptions: bad keys, a non-URL endpoint, unknown fields', async () => {
    const me = await makePerson(stack);
    const s = push.subscriber();
    const bad = [
      { ...subscriptionBody(s), keys: { p256dh: 'short', auth: s.keys.auth } },
      { ...subscriptionBody(s), keys: { p256dh: s.keys.p256dh, auth: `${s.keys.auth}==` } },
      { ...subscriptionBody(s), endpoint: 'not a url' },
      { ...subscriptionBody(s), endpoint: 'ftp://push.example/x' },
      { ...subscriptionBody(s), extra: true },
      { endpoint: s.endpoint },
    ];
    for (const body of bad) await api().post(`${BASE}/push/subscriptions`).set(me.auth).send(body).expect(400);
    expect(await subscriptionCount(s.endpoint)).toBe(0);
  });

  it('accepts only https endpoints on a known push service in production', async () => {
    const app = appWith({ ...DEV, allowInsecureEndpoints: false, endpointHosts: DEFAULT_PUSH_HOSTS });
    const me = await makePerson(stack);
    const res = await request(app).post(`${BASE}/push/subscriptions`).set(me.auth).send(subscriptionBody(push.subscriber())).expect(400);
    expect(res.body).toMatchObject({ code: 'push_endpoint_not_allowed' });
    // An https address the client made up — an internal host, the cloud metadata address — is refused and not stored.
    for (const endpoint of ['https://169.254.169.254/latest/meta-data/x', 'https://internal.anytimepooja.example/hook', 'https://fcm.googleapis.com:8443/x']) {
      const refused = await request(app).post(`${BASE}/push/subscriptions`).set(me.auth).send({ ...subscriptionBody(push.subscriber()), endpoint }).expect(400);
      expect(refused.body.detail).toMatch(/known push service/);
      expect(await subscriptionCount(endpoint)).toBe(0);
    }
    const https = { ...subscriptionBody(push.subscriber()), endpoint: 'https://fcm.googleapis.com/fcm/send/abc123' };
    await request(app).post(`${BASE}/push/subscriptions`).set(me.auth).send(https).expect(200);
  });

  it('never posts to a stored endpoint the host list does not allow, and removes it', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    // The same database, now served by a production-configured worker whose list has only the real push services.
    const strict = createNotificationService({ pool: stack.platform.pool, webPush: { ...DEV, endpointHosts: DEFAULT_PUSH_HOSTS } });
    const strictRunner = startJobRunner({ pool: stack.platform.pool, handlers: strict.jobHandlers, log: () => undefined, pollIntervalMs: 3_600_000, now: () => new Date(Date.now() + 1_000) });
    try {
      await insertNotificationRow(stack, me.id, { title: 'to a host not on the list' });
      await strictRunner.drain();
    } finally {
      await strictRunner.stop();
    }
    expect(receivedFor(s)).toHaveLength(0);
    expect(await subscriptionCount(s.endpoint)).toBe(0);
  });

  it('moves an endpoint to the account that subscribed with it last (one browser, two accounts)', async () => {
    const first = await makePerson(stack);
    const second = await makePerson(stack);
    const s = await subscribe(first);
    await subscribe(second, s);
    expect(await subscriptionCount(s.endpoint)).toBe(1);
    expect((await api().get(`${BASE}/push/subscriptions`).query({ endpoint: s.endpoint }).set(first.auth).expect(200)).body).toEqual({ subscriptions: 0, subscribed: false });
    await insertNotificationRow(stack, first.id, { title: 'for the first account' });
    await runner.drain();
    expect(receivedFor(s)).toHaveLength(0);
  });

  it('unsubscribes an endpoint, and answers the same when it is already gone', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    await api().delete(`${BASE}/push/subscriptions`).set(me.auth).send({ endpoint: s.endpoint }).expect(204);
    await api().delete(`${BASE}/push/subscriptions`).set(me.auth).send({ endpoint: s.endpoint }).expect(204);
    expect(await subscriptionCount(s.endpoint)).toBe(0);
  });

  it('never lets one person read or remove another\'s subscription', async () => {
    const owner = await makePerson(stack);
    const intruder = await makePerson(stack);
    const s = await subscribe(owner);
    await api().delete(`${BASE}/push/subscriptions`).set(intruder.auth).send({ endpoint: s.endpoint }).expect(204);
    expect(await subscriptionCount(s.endpoint)).toBe(1);
    // RLS is the second wall: as the intruder, the row does not exist.
    const seen = await asCaller(stack.platform.pool, { sub: intruder.id, role: 'authenticated' }, async (tx) => {
      const { rowCount } = await tx.query('DELETE FROM push_subscriptions WHERE endpoint = $1', [s.endpoint]);
      const { rows } = await tx.query('SELECT id FROM push_subscriptions');
      return { deleted: rowCount, visible: rows.length };
    });
    expect(seen).toEqual({ deleted: 0, visible: 0 });
    await expect(asCaller(stack.platform.pool, { sub: intruder.id, role: 'authenticated' }, (tx) =>
      tx.query(`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, 'https://push.example/x', $2, $3)`, [owner.id, s.keys.p256dh, s.keys.auth]),
    )).rejects.toThrow(/row-level security/);
  });

  it('keeps at most 10 subscriptions a person, dropping the oldest', async () => {
    const me = await makePerson(stack);
    const subs: Subscriber[] = [];
    for (let i = 0; i < 11; i++) subs.push(await subscribe(me));
    expect(await subscriptionCount(subs[0]!.endpoint)).toBe(0);
    expect((await api().get(`${BASE}/push/subscriptions`).set(me.auth).expect(200)).body).toEqual({ subscriptions: 10, subscribed: false });
  });
});

describe('delivery', () => {
  it('pushes a new notification to the recipient\'s browser, encrypted to its keys and signed with the VAPID key', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    const id = await insertNotificationRow(stack, me.id, { kind: 'booking.confirmed', title: 'Pandit Ji confirmed your booking', body: 'Your call is booked for 10:00.', data: { consultationId: 'c-1' } });
    expect(await jobsFor(id)).toMatchObject([{ status: 'pending' }]);

    await runner.drain();
    const [got] = receivedFor(s);
    const listed = ((await api().get(BASE).set(me.auth).expect(200)).body as { items: Record<string, unknown>[] }).items[0]!;
    expect(got?.payload).toEqual({
      id, kind: 'booking.confirmed', title: 'Pandit Ji confirmed your booking', body: 'Your call is booked for 10:00.',
      url: '/consultations', createdAt: listed.createdAt, data: { consultationId: 'c-1' },
    });
    const { publicKey } = (await api().get(`${BASE}/push/public-key`).expect(200)).body as { publicKey: string };
    expect(got?.vapid).toMatchObject({ k: publicKey, claims: { aud: push.origin, sub: DEV.subject } });
    expect(got?.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '86400', urgency: 'normal' });
    expect(await jobsFor(id)).toMatchObject([{ status: 'done', attempts: 1 }]);
  });

  it('pushes to every browser of the recipient and to nobody else', async () => {
    const me = await makePerson(stack);
    const other = await makePerson(stack);
    const phone = await subscribe(me);
    const laptop = await subscribe(me);
    const theirs = await subscribe(other);
    await insertNotificationRow(stack, me.id, { title: 'to both of my browsers' });
    await runner.drain();
    expect(receivedFor(phone)).toHaveLength(1);
    expect(receivedFor(laptop)).toHaveLength(1);
    expect(receivedFor(theirs)).toHaveLength(0);
  });

  it('pushes notifications however they are written: the capability helper in another transaction too', async () => {
    const me = await makePerson(stack, 'astrologer');
    const s = await subscribe(me);
    await withTx(stack.platform.pool, (tx) => insertNotification(tx, { recipientId: me.id, kind: 'booking.requested', title: 'Asha requested a call' }));
    await service.notify({ recipientId: me.id, kind: 'session.requested', title: 'Asha wants to chat now' });
    await runner.drain();
    expect(receivedFor(s).map((r) => r.payload)).toMatchObject([
      { title: 'Asha requested a call', url: '/astrologer/requests' },
      { title: 'Asha wants to chat now', url: '/notifications' },
    ]);
    expect(receivedFor(s)[1]?.headers.urgency).toBe('high');
  });

  it('queues nothing for a notification that rolls back with its change, or for someone not subscribed', async () => {
    const me = await makePerson(stack);
    await subscribe(me);
    const before = (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE name = $1`, [WEB_PUSH_JOB])).rows[0]!.n;
    await expect(withTx(stack.platform.pool, async (tx) => {
      await insertNotification(tx, { recipientId: me.id, kind: 'booking.requested', title: 'never committed' });
      throw new Error('the booking failed');
    })).rejects.toThrow('the booking failed');
    const unsubscribed = await makePerson(stack);
    const id = await insertNotificationRow(stack, unsubscribed.id);
    expect(await jobsFor(id)).toEqual([]);
    const after = (await stack.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM jobs WHERE name = $1`, [WEB_PUSH_JOB])).rows[0]!.n;
    expect(after).toBe(before);
  });

  it('removes a subscription the push service says is gone (410 and 404) without retrying', async () => {
    const me = await makePerson(stack);
    const gone = await subscribe(me);
    const unknown = await subscribe(me);
    push.failNext(gone.token, 410);
    push.failNext(unknown.token, 404);
    const id = await insertNotificationRow(stack, me.id);
    await runner.drain();
    expect(await subscriptionCount(gone.endpoint)).toBe(0);
    expect(await subscriptionCount(unknown.endpoint)).toBe(0);
    expect(await jobsFor(id)).toMatchObject([{ status: 'done' }, { status: 'done' }]);
    await insertNotificationRow(stack, me.id);
    await runner.drain();
    expect(receivedFor(gone)).toHaveLength(0);
  });

  it('retries with backoff when the push service fails, and delivers exactly once when it recovers', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    push.failNext(s.token, 503, 2);
    const id = await insertNotificationRow(stack, me.id, { title: 'worth the wait' });
    await runner.drain();
    const [afterFirst] = await jobsFor(id);
    expect(afterFirst).toMatchObject({ status: 'pending', attempts: 1, lastError: 'push service answered 503' });
    expect(afterFirst!.runAt.getTime() - Date.now()).toBeGreaterThan(3_000);
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ attempts: 1 }]);

    skew += 6_000;
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ status: 'pending', attempts: 2 }]);
    skew += 11_000;
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ status: 'done', attempts: 3 }]);
    expect(receivedFor(s).map((r) => (r.payload as { title: string }).title)).toEqual(['worth the wait']);
    expect(await subscriptionCount(s.endpoint)).toBe(1);
  });

  it('retries when the push service cannot be reached at all', async () => {
    const me = await makePerson(stack);
    const s = push.subscriber();
    const dead = { ...subscriptionBody(s), endpoint: 'http://127.0.0.1:9/push/nothing-listens' };
    await api().post(`${BASE}/push/subscriptions`).set(me.auth).send(dead).expect(200);
    const id = await insertNotificationRow(stack, me.id);
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ status: 'pending', attempts: 1, lastError: expect.stringMatching(/fetch failed/) }]);
  });

  it('drops a queued push whose notification is more than a day old (the push TTL)', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    const id = await insertNotificationRow(stack, me.id, { createdAt: new Date(Date.now() - 25 * 3_600_000) });
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ status: 'done' }]);
    expect(receivedFor(s)).toHaveLength(0);
  });

  it('fits a long notification into one push record', async () => {
    const me = await makePerson(stack);
    const s = await subscribe(me);
    const id = await insertNotificationRow(stack, me.id, { title: 'ज'.repeat(200), body: '🙏'.repeat(1000), data: { blob: 'x'.repeat(5000) } });
    await runner.drain();
    expect(await jobsFor(id)).toMatchObject([{ status: 'done' }]);
    const payload = receivedFor(s)[0]?.payload as { title: string; body: string; data: object };
    expect(payload.title).toBe('ज'.repeat(200));
    expect(payload.data).toEqual({});
    expect(payload.body).toMatch(/^(🙏)+…$/u);
  });
});

describe('the worker main.ts starts', () => {
  it('sends pushes on its own, with the keys the environment implies, and says so in the log', async () => {
    const lines: string[] = [];
    const logger = { info: (_: object, msg: string) => void lines.push(msg), warn: (_: object, msg: string) => void lines.push(msg) };
    await runner.stop();
    const worker = startWebPushWorker({ pool: stack.platform.pool, env: { NODE_ENV: 'test' }, logger });
    try {
      const me = await makePerson(stack);
      const s = await subscribe(me);
      await insertNotificationRow(stack, me.id, { title: 'sent by the polling worker' });
      await expect.poll(() => receivedFor(s).length, { timeout: 10_000 }).toBe(1);
      expect(lines).toContain('Web Push on with a development VAPID key pair kept in the database (set VAPID_* in production)');
    } finally {
      await worker.stop();
    }
  });
});
