import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { SignJWT } from 'jose';
import { io as connect, type Socket } from 'socket.io-client';
import { createPool } from '@ap/db';
import { checkInvariants } from '@ap/ledger';
import { createCommunication } from '@ap/svc-communication';
import { SOCKET_PATH } from '../src/index.js';
import { TEST_SECRETS, testStack, type TestStack } from '../../../test/support/app.js';
import { accountOf, people, type Person } from '../../../test/support/people.js';

type Communication = ReturnType<typeof createCommunication>;
interface Instance { comm: Communication; server: http.Server; url: string; close(): Promise<void> }

let stack: TestStack;
const pool = () => stack.db.pool;
const make = people(pool, () => stack.platform);
const sockets: Socket[] = [];
const instances: Instance[] = [];

async function start(platform = stack.platform): Promise<Instance> {
  const comm = createCommunication(platform);
  const server = http.createServer(comm.app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const live = comm.attach(server, { heartbeatMs: 100 });
  await live.ready;
  const inst: Instance = {
    comm, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() { await live.close(); server.closeAllConnections(); },
  };
  instances.push(inst);
  return inst;
}

function socketFor(inst: Instance, token: string | undefined): Socket {
  const s = connect(inst.url, { path: SOCKET_PATH, auth: token === undefined ? {} : { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(s);
  return s;
}

async function connected(inst: Instance, who: Person): Promise<Socket> {
  const s = socketFor(inst, who.token);
  await onceS(s, 'connect');
  return s;
}

const ack = <T = Record<string, unknown>>(s: Socket, event: string, payload: unknown) =>
  s.timeout(5_000).emitWithAck(event, payload) as Promise<T & { ok: boolean; error?: { code: string } }>;

/** The next `event` on a socket that satisfies `match`. */
function next<T>(s: Socket, event: string, match: (v: T) => boolean = () => true, ms = 5_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { s.off(event, handler); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const handler = (v: T) => { if (match(v)) { clearTimeout(timer); s.off(event, handler); resolve(v); } };
    s.on(event, handler);
  });
}

/** Collects every `event` a socket receives. */
function collect<T>(s: Socket, event: string): T[] {
  const seen: T[] = [];
  s.on(event, (v: T) => seen.push(v));
  return seen;
}

/** The next occurrence of a client socket event, with its arguments. */
const onceS = (s: Socket, event: string) => new Promise<unknown[]>((resolve) => { s.once(event, (...args: unknown[]) => resolve(args)); });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function liveChat(inst: Instance, paise = 100_000) {
  const astrologer = await make.astrologer({ chat: 2_000 });
  const customer = await make.customer(paise);
  const requested = await request(inst.comm.app).post('/api/communication/sessions').set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201);
  await request(inst.comm.app).post(`/api/communication/sessions/${requested.body.id}/accept`).set(astrologer.auth).send().expect(200);
  return { astrologer, customer, id: requested.body.id as string };
}

beforeAll(async () => { stack = await testStack(); });
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  for (const i of instances.splice(0)) await i.close();
  await expect(checkInvariants(pool())).resolves.toEqual([]);
});
afterAll(() => stack.close());

describe('the handshake', () => {
  it('refuses a socket without a valid token', async () => {
    const inst = await start();
    for (const token of [undefined, 'not-a-jwt', `${(await make.customer(0)).token}x`]) {
      const s = socketFor(inst, token);
      const [err] = await onceS(s, 'connect_error') as [Error & { data?: { code: string } }];
      expect(err.message).toBe('unauthorized');
      expect(s.connected).toBe(false);
    }
  });

  it('disconnects a socket when its token expires, unless it sends a fresh one', async () => {
    const inst = await start();
    const c = await make.customer(0);
    const key = new TextEncoder().encode(TEST_SECRETS.JWT_SECRET);
    const shortLived = (seconds: number) => new SignJWT({ role: 'authenticated', app_metadata: { roles: ['user'], kind: 'user' } })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(c.id).setIssuer('anytime-pooja').setAudience('authenticated')
      .setIssuedAt().setExpirationTime(Math.floor(Date.now() / 1000) + seconds).sign(key);
    const expiring = socketFor(inst, await shortLived(2));
    const expired = onceS(expiring, 'auth:expired') as Promise<[{ code: string }]>;
    const dropped = onceS(expiring, 'disconnect');
    await onceS(expiring, 'connect');
    expect((await expired)[0].code).toBe('token_expired');
    await dropped;

    const refreshed = socketFor(inst, await shortLived(2));
    await onceS(refreshed, 'connect');
    expect((await ack(refreshed, 'auth:refresh', { token: c.token })).ok).toBe(true);
    await sleep(3_000);
    expect(refreshed.connected).toBe(true);
    // A token of somebody else is not a refresh.
    const other = await make.customer(0);
    expect((await ack(refreshed, 'auth:refresh', { token: other.token })).error?.code).toBe('other_identity');
  });

  it('lets only the two parties join a consultation\'s room', async () => {
    const inst = await start();
    const { astrologer, customer, id } = await liveChat(inst);
    const stranger = await connected(inst, await make.customer(0));
    expect((await ack(stranger, 'session:join', { consultationId: id })).error?.code).toBe('consultation_not_found');
    expect((await ack(stranger, 'chat:send', { consultationId: id, clientMsgId: 'x1', body: 'hi' })).error?.code).toBe('not_joined');
    expect((await ack(stranger, 'session:join', { consultationId: 'nope' })).error?.code).toBe('validation_failed');
    expect((await ack(await connected(inst, customer), 'session:join', { consultationId: id }))).toMatchObject({ ok: true, role: 'customer' });
    expect((await ack(await connected(inst, astrologer), 'session:join', { consultationId: id }))).toMatchObject({ ok: true, role: 'astrologer' });
  });
});

describe('a live chat over sockets', () => {
  it('delivers requests, acceptance, messages (once per clientMsgId), typing, read receipts and the meter', async () => {
    const inst = await start();
    const astrologer = await make.astrologer({ chat: 2_000 });
    const customer = await make.customer();
    const a = await connected(inst, astrologer);
    const c = await connected(inst, customer);

    const incoming = next<{ session: { id: string; status: string } }>(a, 'session:update', (e) => e.session.status === 'requested');
    const bell = next<{ kind: string }>(a, 'notification', (n) => n.kind === 'session.requested');
    const requested = await request(inst.comm.app).post('/api/communication/sessions').set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201);
    const id = requested.body.id as string;
    expect((await incoming).session.id).toBe(id);
    await bell;

    const accepted = next<{ session: { status: string } }>(c, 'session:update', (e) => e.session.status === 'active');
    await request(inst.comm.app).post(`/api/communication/sessions/${id}/accept`).set(astrologer.auth).send().expect(200);
    await accepted;
    await ack(a, 'session:join', { consultationId: id });
    await ack(c, 'session:join', { consultationId: id });

    const atAstrologer = collect<{ clientMsgId: string; body: string; masked: boolean; seq: number }>(a, 'chat:message');
    // The sending socket has the message in its ack; the customer's other tab gets it as an event.
    const otherTab = await connected(inst, customer);
    await ack(otherTab, 'session:join', { consultationId: id });
    const atSender = collect<{ clientMsgId: string }>(c, 'chat:message');
    const atOtherTab = collect<{ clientMsgId: string }>(otherTab, 'chat:message');
    const first = await ack<{ message: { seq: number }; duplicate: boolean }>(c, 'chat:send', { consultationId: id, clientMsgId: 'c-1', body: 'Namaste! Call me on +91 98765 43210 or asha@example.com' });
    expect(first).toMatchObject({ ok: true, duplicate: false, message: { masked: true, senderRole: 'customer' } });
    // The client did not get the ack in time and retries: stored once, delivered once.
    const retry = await ack<{ message: { id: string }; duplicate: boolean }>(c, 'chat:send', { consultationId: id, clientMsgId: 'c-1', body: 'Namaste! Call me on +91 98765 43210 or asha@example.com' });
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    await sleep(200);
    expect(atAstrologer).toHaveLength(1);
    expect(atSender).toEqual([]);
    expect(atOtherTab.map((m) => m.clientMsgId)).toEqual(['c-1']);
    expect(atAstrologer[0]!.body).toBe('Namaste! Call me on [number hidden] or [email hidden]');
    expect((await pool().query('SELECT count(*)::int AS n FROM messages WHERE consultation_id = $1', [id])).rows[0].n).toBe(1);

    const typing = next<{ typing: boolean; userId: string }>(c, 'chat:typing');
    await ack(a, 'chat:typing', { consultationId: id, typing: true });
    expect(await typing).toMatchObject({ typing: true, userId: astrologer.id });

    const read = next<{ upToSeq: number; readerId: string }>(c, 'chat:read');
    await ack(a, 'chat:read', { consultationId: id, upToSeq: atAstrologer[0]!.seq });
    expect(await read).toMatchObject({ readerId: astrologer.id, upToSeq: atAstrologer[0]!.seq });

    // The astrologer's first reply starts the meter; both sides hear about it.
    const meter = next<{ session: { billing: { running: boolean } } }>(c, 'session:update', (e) => e.session.billing.running);
    const answer = next<{ body: string; senderRole: string }>(c, 'chat:message');
    expect((await ack(a, 'chat:send', { consultationId: id, clientMsgId: 'a-1', body: 'Namaste Asha ji' })).ok).toBe(true);
    expect(await answer).toMatchObject({ body: 'Namaste Asha ji', senderRole: 'astrologer' });
    await meter;

    // Ended: no more messages (409 by REST, an error ack by socket), history still readable by both.
    const ended = next<{ session: { status: string } }>(a, 'session:update', (e) => e.session.status === 'completed');
    await request(inst.comm.app).post(`/api/communication/sessions/${id}/end`).set(customer.auth).send().expect(200);
    await ended;
    expect((await ack(c, 'chat:send', { consultationId: id, clientMsgId: 'c-2', body: 'one more thing' })).error?.code).toBe('session_not_active');
    await request(inst.comm.app).post('/api/communication/chat/message').set(customer.auth).send({ consultationId: id, clientMsgId: 'c-3', body: 'hello?' }).expect(409);
    const history = await request(inst.comm.app).get(`/api/communication/chat/${id}`).set(astrologer.auth).expect(200);
    expect(history.body.items.map((m: { clientMsgId: string }) => m.clientMsgId)).toEqual(['c-1', 'a-1']);
    expect(history.body.items[0].readAt).not.toBeNull();
  });

  it('after a reconnect the client catches up by cursor: nothing lost, nothing twice', async () => {
    const inst = await start();
    const { astrologer, customer, id } = await liveChat(inst);
    const a = await connected(inst, astrologer);
    await ack(a, 'session:join', { consultationId: id });
    let c = await connected(inst, customer);
    await ack(c, 'session:join', { consultationId: id });
    const got = collect<{ seq: number; clientMsgId: string }>(c, 'chat:message');
    for (const n of [1, 2]) await ack(a, 'chat:send', { consultationId: id, clientMsgId: `a-${n}`, body: `message ${n}` });
    await sleep(100);
    expect(got.map((m) => m.clientMsgId)).toEqual(['a-1', 'a-2']);
    const cursor = (await request(inst.comm.app).get(`/api/communication/chat/${id}?limit=2`).set(customer.auth).expect(200)).body.cursor as string;

    c.disconnect(); // the customer's train enters a tunnel
    for (const n of [3, 4, 5]) await ack(a, 'chat:send', { consultationId: id, clientMsgId: `a-${n}`, body: `message ${n}` });
    c = await connected(inst, customer);
    await ack(c, 'session:join', { consultationId: id });
    const catchUp = await request(inst.comm.app).get(`/api/communication/chat/${id}`).query({ after: cursor }).set(customer.auth).expect(200);
    expect(catchUp.body.items.map((m: { clientMsgId: string }) => m.clientMsgId)).toEqual(['a-3', 'a-4', 'a-5']);
    const empty = await request(inst.comm.app).get(`/api/communication/chat/${id}`).query({ after: catchUp.body.cursor }).set(customer.auth).expect(200);
    expect(empty.body).toMatchObject({ items: [], hasMore: false, cursor: catchUp.body.cursor });
    await request(inst.comm.app).get(`/api/communication/chat/${id}`).query({ after: 'garbage' }).set(customer.auth).expect(400);
    await request(inst.comm.app).get(`/api/communication/chat/${id}`).set((await make.customer(0)).auth).expect(404);
  });

  it('keeps parties present by heartbeat; the sweeper ends a session whose sockets are gone', async () => {
    const inst = await start();
    const { astrologer, customer, id } = await liveChat(inst);
    const seen = async () => (await pool().query('SELECT customer_seen_at AS c, astrologer_seen_at AS a FROM consultations WHERE id = $1', [id])).rows[0] as { c: Date; a: Date };
    const before = await seen();
    const c = await connected(inst, customer);
    await ack(c, 'session:join', { consultationId: id });
    await sleep(350);
    expect((await seen()).c.getTime()).toBeGreaterThan(before.c.getTime());
    expect((await seen()).a.getTime()).toBe(before.a.getTime());
    void astrologer;
  });
});

describe('/metrics', () => {
  it('counts connected sockets and sessions', async () => {
    const inst = await start();
    const { customer } = await liveChat(inst);
    await connected(inst, customer);
    const text = (await request(inst.comm.app).get('/metrics').expect(200)).text;
    expect(text).toMatch(/^realtime_sockets_connected\{[^}]*\} 1$/m);
    expect(Number(/^live_sessions_open\{status="active"[^}]*\} (\d+)$/m.exec(text)?.[1])).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^live_sessions_scrape_ok\{[^}]*\} 1$/m);
    expect(text).toMatch(/^realtime_handshakes_refused_total\{[^}]*\} \d+$/m);
  });
});

describe('messages racing the end of a session', () => {
  it('are either stored (and acknowledged) or refused with 409 — never stored after a refusal, never lost after an ack', async () => {
    const inst = await start();
    const { astrologer, customer, id } = await liveChat(inst);
    await request(inst.comm.app).post('/api/communication/chat/message').set(astrologer.auth).send({ consultationId: id, clientMsgId: 'a-0', body: 'Namaste' }).expect(200);
    const sends = Array.from({ length: 40 }, (_, i) =>
      request(inst.comm.app).post('/api/communication/chat/message').set(i % 2 ? customer.auth : astrologer.auth).send({ consultationId: id, clientMsgId: `r-${i}`, body: `message ${i}` }));
    const ending = request(inst.comm.app).post(`/api/communication/sessions/${id}/end`).set(customer.auth).send();
    const results = await Promise.all([...sends, ending]);
    const end = results.pop()!;
    expect(end.status).toBe(200);
    expect(results.every((r) => r.status === 200 || (r.status === 409 && r.body.code === 'session_not_active'))).toBe(true);
    const acked = results.filter((r) => r.status === 200).map((r) => r.body.message.clientMsgId as string).sort();
    const stored = (await pool().query<{ c: string }>(`SELECT client_msg_id AS c FROM messages WHERE consultation_id = $1 AND client_msg_id LIKE 'r-%' ORDER BY 1`, [id])).rows.map((r) => r.c);
    expect(stored).toEqual(acked);
  });
});

describe('attachments', () => {
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

  it('stores an image checked by its content, serves it to the parties only, refuses anything else', async () => {
    const inst = await start();
    const { astrologer, customer, id } = await liveChat(inst);
    const up = (who: Person, body: Buffer, type = 'image/png', clientMsgId = `f-${Math.random().toString(36).slice(2)}`) =>
      request(inst.comm.app).post(`/api/communication/chat/${id}/attachments`).query({ clientMsgId, name: 'chart.png' }).set(who.auth).set('Content-Type', type).send(body);
    const sent = await up(customer, PNG).expect(200);
    expect(sent.body.message).toMatchObject({ kind: 'image', attachment: { contentType: 'image/png', bytes: PNG.length, name: 'chart.png' } });
    const file = await request(inst.comm.app).get(sent.body.message.attachment.url).set(astrologer.auth).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);
    await request(inst.comm.app).get(sent.body.message.attachment.url).set((await make.customer(0)).auth).expect(404);

    expect((await up(customer, Buffer.from('<svg onload=alert(1)>'), 'image/png').expect(400)).body.code).toBe('unsupported_attachment');
    expect((await up(customer, Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)])).expect(400)).body.code).toBe('attachment_too_large');
    expect((await up(customer, Buffer.alloc(0)).expect(400)).body.code).toBe('attachment_required');
    await request(inst.comm.app).post(`/api/communication/sessions/${id}/end`).set(customer.auth).send().expect(200);
    expect((await up(customer, PNG).expect(409)).body.code).toBe('session_not_active');
  });
});

describe('calls and video', () => {
  it('gives WebRTC ICE servers by default and relays signalling inside the room only', async () => {
    const inst = await start();
    const astrologer = await make.astrologer({ video: 4_000 });
    const customer = await make.customer();
    const s = await request(inst.comm.app).post('/api/communication/sessions').set(customer.auth).send({ astrologerId: astrologer.id, mode: 'video' }).expect(201);
    const id = s.body.id as string;
    await request(inst.comm.app).post('/api/communication/video/start').set(customer.auth).send({ consultationId: id }).expect(409); // not accepted yet
    await request(inst.comm.app).post(`/api/communication/sessions/${id}/accept`).set(astrologer.auth).send().expect(200);
    const grant = await request(inst.comm.app).post('/api/communication/video/start').set(customer.auth).send({ consultationId: id }).expect(200);
    expect(grant.body).toEqual({ consultationId: id, mode: 'video', provider: 'webrtc', webrtc: { iceServers: [], polite: false } });
    expect((await request(inst.comm.app).post('/api/communication/call/initiate').set(customer.auth).send({ consultationId: id }).expect(409)).body.code).toBe('wrong_mode');
    await request(inst.comm.app).post('/api/communication/video/start').set((await make.customer(0)).auth).send({ consultationId: id }).expect(404);

    const a = await connected(inst, astrologer);
    const c = await connected(inst, customer);
    await ack(a, 'session:join', { consultationId: id });
    await ack(c, 'session:join', { consultationId: id });
    const offer = next<{ from: string; data: { type: string } }>(a, 'rtc:signal');
    await ack(c, 'rtc:signal', { consultationId: id, data: { type: 'offer', sdp: 'v=0' } });
    expect(await offer).toEqual({ consultationId: id, from: customer.id, data: { type: 'offer', sdp: 'v=0' } });
  });
});

describe('two instances behind one Redis', () => {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  it('a message sent through instance A reaches a client connected to instance B', async () => {
    const { Redis } = await import('ioredis');
    const probe = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    const reachable = await probe.connect().then(() => true, () => false);
    probe.disconnect();
    if (!reachable) {
      console.warn(`skipped: no Redis at ${redisUrl}`);
      return;
    }
    const { createPlatform, serviceEnv } = await import('@ap/platform');
    const { parseEnv } = await import('@ap/core');
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: stack.db.url, DATABASE_DIRECT_URL: stack.db.directUrl, RATE_LIMIT_NAMESPACE: 'realtime_two_instances', ...TEST_SECRETS, REDIS_URL: redisUrl };
    const pA = createPlatform(parseEnv(serviceEnv(0), env), 'a');
    const pB = createPlatform(parseEnv(serviceEnv(0), env), 'b');
    try {
      const A = await start(pA);
      const B = await start(pB);
      const { astrologer, customer, id } = await liveChat(A);
      const onA = await connected(A, customer);
      const onB = await connected(B, astrologer);
      await ack(onA, 'session:join', { consultationId: id });
      await ack(onB, 'session:join', { consultationId: id });
      await sleep(200); // the adapter's subscription to the room's channel
      const arrived = next<{ body: string }>(onB, 'chat:message');
      expect((await ack(onA, 'chat:send', { consultationId: id, clientMsgId: 'cross-1', body: 'from instance A' })).ok).toBe(true);
      expect((await arrived).body).toBe('from instance A');
      // And the other way, through REST on B to a socket on A.
      const back = next<{ body: string }>(onA, 'chat:message');
      await request(B.comm.app).post('/api/communication/chat/message').set(astrologer.auth).send({ consultationId: id, clientMsgId: 'cross-2', body: 'from instance B' }).expect(200);
      expect((await back).body).toBe('from instance B');
      // Session events reach both instances' sockets exactly once (NOTIFY, not the adapter).
      const endsOnA = collect<{ session: { status: string } }>(onA, 'session:update');
      await request(A.comm.app).post(`/api/communication/sessions/${id}/end`).set(customer.auth).send().expect(200);
      await sleep(300);
      expect(endsOnA.filter((e) => e.session.status === 'completed')).toHaveLength(1);
    } finally {
      for (const s of sockets.splice(0)) s.disconnect();
      for (const i of instances.splice(0)) await i.close();
      await pA.close();
      await pB.close();
    }
  });
});

describe('a restart mid-session', () => {
  it('settles once on the new instance, with the whole chat history', async () => {
    const first = await start();
    const { astrologer, customer, id } = await liveChat(first);
    const a = await connected(first, astrologer);
    const c = await connected(first, customer);
    await ack(a, 'session:join', { consultationId: id });
    await ack(c, 'session:join', { consultationId: id });
    await ack(a, 'chat:send', { consultationId: id, clientMsgId: 'a-1', body: 'Your Saturn return is near' });
    await ack(c, 'chat:send', { consultationId: id, clientMsgId: 'c-1', body: 'What should I do?' });
    // The instance dies: its sockets drop.
    await first.close();
    instances.splice(instances.indexOf(first), 1);
    const second = await start();
    const c2 = await connected(second, customer);
    await ack(c2, 'session:join', { consultationId: id });
    // The client retries the message it never got an ack for: stored once.
    await ack(c2, 'chat:send', { consultationId: id, clientMsgId: 'c-1', body: 'What should I do?' });
    const history = await request(second.comm.app).get(`/api/communication/chat/${id}`).set(customer.auth).expect(200);
    expect(history.body.items.map((m: { clientMsgId: string }) => m.clientMsgId)).toEqual(['a-1', 'c-1']);
    const [x, y] = await Promise.all([
      request(second.comm.app).post(`/api/communication/sessions/${id}/end`).set(customer.auth).send(),
      request(second.comm.app).post(`/api/communication/sessions/${id}/end`).set(astrologer.auth).send(),
    ]);
    expect(x.body.summary).toEqual(y.body.summary);
    expect(x.body.summary.billedMinutes).toBe(1);
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 98_000, held: 0 });
  });
});

describe('while the database is unreachable', () => {
  it('answers a socket event that needs it with database_unreachable (like the API\'s 503), not an internal error', async () => {
    // An instance whose pool points at a port nobody listens on: the token is checked without the database, the
    // message cannot be stored.
    const dead = createPool({ connectionString: 'postgres://postgres@127.0.0.1:1/none', max: 1 });
    try {
      const inst = await start({ ...stack.platform, pool: dead, readPool: dead });
      const customer = await make.customer(0);
      const s = await connected(inst, customer);
      const reply = await ack(s, 'session:join', { consultationId: '00000000-0000-4000-8000-000000000001' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'database_unreachable', retryAfterSeconds: 5 } });
    } finally {
      for (const s of sockets.splice(0)) s.disconnect();
      for (const i of instances.splice(0)) await i.close();
      await dead.end();
    }
  });
});
