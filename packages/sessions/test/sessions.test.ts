import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Express } from 'express';
import { asService } from '@ap/db';
import { createApp } from '@ap/http';
import { startJobRunner } from '@ap/jobs';
import { checkInvariants } from '@ap/ledger';
import { idempotencyKey, testStack, type TestStack } from '../../../test/support/app.js';
import { accountOf, people, platformBalance, type Person } from '../../../test/support/people.js';
import { createSessionService, sessionRoutes, type SessionService, type SessionView } from '../src/index.js';

const T0 = new Date('2026-12-06T12:00:00Z');
const S = 1_000;
const MIN = 60_000;

let stack: TestStack;
let clock: Date;
let sessions: SessionService;
let app: Express;
const pool = () => stack.db.pool;
const make = people(pool, () => stack.platform);
const at = (ms: number) => { clock = new Date(T0.getTime() + ms); };

function build(service: SessionService): Express {
  const p = stack.platform;
  return createApp({
    service: 'communication', title: 'sessions', version: 'test', routes: sessionRoutes(service),
    pool: p.pool, verifyToken: p.verifyToken, limits: p.limits, logger: p.logger,
    corsOrigins: p.env.CORS_ORIGINS, bodyLimit: p.env.BODY_LIMIT, trustProxy: p.env.TRUST_PROXY,
  });
}

beforeAll(async () => {
  stack = await testStack();
  clock = T0;
  sessions = createSessionService({ pool: stack.platform.pool, now: () => clock, config: { freeFirstMinutes: 0 } });
  app = build(sessions);
});
afterAll(() => stack.close());
afterEach(async () => {
  clock = T0;
  await expect(checkInvariants(pool())).resolves.toEqual([]);
});

const base = '/api/communication/sessions';
const ask = (who: Person, body: object) => request(app).post(base).set(who.auth).send(body);
const act = (who: Person, id: string, action: 'accept' | 'decline' | 'end') => request(app).post(`${base}/${id}/${action}`).set(who.auth).send();
const media = (who: Person, id: string, connected: boolean) => request(app).post(`${base}/${id}/media`).set(who.auth).send({ connected });
/** Runs every timer due at the current clock, as the communication service's worker would. */
const runDueJobs = () => startJobRunner({ pool: pool(), handlers: sessions.jobHandlers, log: () => {}, now: () => clock, pollIntervalMs: 3_600_000 }).drain();
const reply = (session: SessionView, sender: string) => asService(pool(), (tx) => sessions.noteMessage(tx, session.id, sender, clock));
const captures = async (id: string) =>
  (await pool().query<{ kind: string; amount: number }>(
    `SELECT kind, amount_paise::float8 AS amount FROM ledger_transfers WHERE reference_type = 'consultation' AND reference_id = $1 ORDER BY seq`, [id])).rows;
const kindsFor = async (id: string) =>
  (await pool().query<{ kind: string }>('SELECT kind FROM notifications WHERE recipient_id = $1 ORDER BY created_at', [id])).rows.map((r) => r.kind);

/** An accepted chat between a fresh customer (wallet `paise`) and a fresh astrologer at ₹20/min. */
async function liveChat(paise = 100_000, prices = { chat: 2_000 }) {
  const astrologer = await make.astrologer(prices);
  const customer = await make.customer(paise);
  const requested = (await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
  const session = (await act(astrologer, requested.id, 'accept').expect(200)).body as SessionView;
  return { astrologer, customer, session };
}

describe('requesting a session', () => {
  it('needs five minutes of available balance at the rate, and says how much is missing', async () => {
    const astrologer = await make.astrologer({ chat: 2_000 });
    const customer = await make.customer(9_999);
    const res = await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(402);
    expect(res.body).toMatchObject({ code: 'insufficient_balance', shortfallPaise: 1, minutes: 5 });
    expect((await pool().query('SELECT 1 FROM consultations WHERE user_id = $1', [customer.id])).rowCount).toBe(0);
    await make.fund(customer.id, 1);
    const ok = await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(201);
    expect(ok.body).toMatchObject({ status: 'requested', mode: 'chat', ratePaise: 2_000, expiresAt: new Date(T0.getTime() + 60 * S).toISOString() });
    expect(await kindsFor(astrologer.id)).toEqual(['session.requested']);
  });

  it('refuses an offline astrologer, a mode they do not offer, bad input and a second open request', async () => {
    const offline = await make.astrologer({}, { presence: 'offline' });
    const noVideo = await make.astrologer({ video: 0 });
    const customer = await make.customer();
    expect((await ask(customer, { astrologerId: offline.id, mode: 'chat' }).expect(409)).body.code).toBe('astrologer_offline');
    expect((await ask(customer, { astrologerId: noVideo.id, mode: 'video' }).expect(409)).body.code).toBe('mode_not_offered');
    expect((await ask(customer, { astrologerId: randomUUID(), mode: 'chat' }).expect(404)).body.code).toBe('astrologer_not_found');
    await ask(customer, { astrologerId: noVideo.id, mode: 'fax' }).expect(400);
    await ask(customer, { astrologerId: 'nope', mode: 'chat' }).expect(400);
    const first = await ask(customer, { astrologerId: noVideo.id, mode: 'chat' }).expect(201);
    const second = await ask(customer, { astrologerId: noVideo.id, mode: 'call' }).expect(409);
    expect(second.body).toMatchObject({ code: 'session_already_open', sessionId: first.body.id });
    // An astrologer cannot request sessions.
    await request(app).post(base).set(noVideo.auth).send({ astrologerId: noVideo.id, mode: 'chat' }).expect(403);
  });

  it('returns the first answer to a retry with the same Idempotency-Key', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer();
    const key = idempotencyKey();
    const [a, b] = await Promise.all([0, 1].map(() =>
      request(app).post(base).set(customer.auth).set('Idempotency-Key', key).send({ astrologerId: astrologer.id, mode: 'chat' })));
    expect([a!.status, b!.status].sort()).toEqual([201, 201]);
    expect(a!.body.id).toBe(b!.body.id);
  });

  it('expires after the accept window; the customer is told and the astrologer sees it missed', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer();
    const s = (await ask(customer, { astrologerId: astrologer.id, mode: 'call' }).expect(201)).body as SessionView;
    at(59 * S);
    await runDueJobs();
    expect((await request(app).get(`${base}/${s.id}`).set(customer.auth).expect(200)).body.status).toBe('requested');
    at(60 * S);
    await runDueJobs();
    expect((await request(app).get(`${base}/${s.id}`).set(customer.auth).expect(200)).body).toMatchObject({ status: 'expired', endReason: 'not_answered' });
    expect(await kindsFor(customer.id)).toEqual(['session.expired']);
    expect((await act(astrologer, s.id, 'accept').expect(409)).body.code).toBe('invalid_session_state');
  });

  it('lets the astrologer decline; nothing is held', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer(50_000);
    const s = (await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    expect((await act(astrologer, s.id, 'decline').expect(200)).body.status).toBe('rejected');
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 50_000, held: 0 });
    expect(await kindsFor(customer.id)).toEqual(['session.declined']);
  });

  it('shows a session only to its two parties', async () => {
    const { session } = await liveChat();
    const stranger = await make.customer(0);
    await request(app).get(`${base}/${session.id}`).set(stranger.auth).expect(404);
    await act(stranger, session.id, 'end').expect(404);
    const otherAstrologer = await make.astrologer();
    await act(otherAstrologer, session.id, 'accept').expect(404);
  });
});

describe('an accepted chat', () => {
  it('holds the affordable minutes, makes the astrologer busy and moves other requesters to the waitlist', async () => {
    const astrologer = await make.astrologer({ chat: 2_000 });
    const customer = await make.customer(50_999);
    const other = await make.customer();
    const mine = (await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    const theirs = (await ask(other, { astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    const s = (await act(astrologer, mine.id, 'accept').expect(200)).body as SessionView;
    expect(s).toMatchObject({ status: 'active', billing: { running: false, fundedMinutes: 25, billedMs: 0 } });
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 50_999, held: 50_000 });
    expect((await pool().query('SELECT presence FROM astrologers WHERE id = $1', [astrologer.id])).rows[0].presence).toBe('busy');
    expect((await request(app).get(`${base}/${theirs.id}`).set(other.auth).expect(200)).body).toMatchObject({ status: 'expired', endReason: 'astrologer_busy' });
    expect((await ask(other, { astrologerId: astrologer.id, mode: 'chat' }).expect(409)).body.code).toBe('astrologer_busy');
    expect((await pool().query('SELECT 1 FROM session_waitlist WHERE user_id = $1 AND notified_at IS NULL', [other.id])).rowCount).toBe(1);
    // Ending frees the astrologer and tells the waitlist.
    await act(customer, s.id, 'end').expect(200);
    expect((await pool().query('SELECT presence FROM astrologers WHERE id = $1', [astrologer.id])).rows[0].presence).toBe('online');
    expect(await kindsFor(other.id)).toContain('astrologer.available');
  });

  it('bills from the astrologer\'s first reply: 2 min 30 s is 3 started minutes, the rest is released', async () => {
    const { astrologer, customer, session } = await liveChat(100_000);
    at(40 * S);
    await reply(session, customer.id); // the customer's own messages never start the meter
    expect((await request(app).get(`${base}/${session.id}`).set(customer.auth)).body.billing.running).toBe(false);
    at(50 * S);
    await reply(session, astrologer.id);
    at(50 * S + 2 * MIN + 30 * S);
    const ended = (await act(customer, session.id, 'end').expect(200)).body as SessionView;
    expect(ended).toMatchObject({ status: 'completed', endReason: 'customer_ended', summary: { billedMinutes: 3, chargedPaise: 6_000, promoPaise: 0 } });
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 94_000, held: 0 });
    // Commission 30 %: the astrologer keeps 4 200 of the 6 000.
    expect(await accountOf(pool(), astrologer.id, 'astrologer_earnings')).toEqual({ balance: 4_200, held: 0 });
    expect(await captures(session.id)).toEqual([{ kind: 'capture', amount: 6_000 }, { kind: 'commission', amount: 1_800 }]);
    expect(await kindsFor(customer.id)).toEqual(['session.accepted', 'session.ended']);
  });

  it('ends at no charge when the astrologer does not reply within the start window', async () => {
    const { customer, session } = await liveChat(30_000);
    at(119 * S);
    await runDueJobs();
    at(120 * S);
    await runDueJobs();
    const s = (await request(app).get(`${base}/${session.id}`).set(customer.auth).expect(200)).body as SessionView;
    expect(s).toMatchObject({ status: 'cancelled', endReason: 'no_reply', summary: { billedMinutes: 0, chargedPaise: 0 } });
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 30_000, held: 0 });
  });

  it('settles exactly once when both parties end at the same moment, many times over', async () => {
    const { astrologer, customer, session } = await liveChat();
    await reply(session, astrologer.id);
    at(61 * S);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => act(i % 2 ? astrologer : customer, session.id, 'end')));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((r) => JSON.stringify(r.body.summary)))).toEqual(new Set([JSON.stringify({ billedMinutes: 2, chargedPaise: 4_000, promoPaise: 0 })]));
    expect((await captures(session.id)).filter((t) => t.kind === 'capture')).toEqual([{ kind: 'capture', amount: 4_000 }]);
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 96_000, held: 0 });
  });

  it('ends when the money runs out: the wallet is left with exactly 0 available', async () => {
    const { astrologer, customer, session } = await liveChat(10_000); // 5 minutes at ₹20
    at(10 * S);
    await reply(session, astrologer.id);
    at(10 * S + 4 * MIN);
    await runDueJobs();
    expect(await kindsFor(customer.id)).toContain('session.low_balance');
    expect((await request(app).get(`${base}/${session.id}`).set(customer.auth)).body.status).toBe('active');
    at(10 * S + 5 * MIN + 2 * S); // the timer fires a little late: the deadline, not the firing time, ends the bill
    await runDueJobs();
    const s = (await request(app).get(`${base}/${session.id}`).set(customer.auth).expect(200)).body as SessionView;
    expect(s).toMatchObject({ status: 'completed', endReason: 'funds_exhausted', endedAt: new Date(T0.getTime() + 10 * S + 5 * MIN).toISOString(), summary: { billedMinutes: 5, chargedPaise: 10_000 } });
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 0, held: 0 });
  });

  it('a recharge mid-session extends the hold and the deadline without a break', async () => {
    const { astrologer, customer, session } = await liveChat(10_000);
    await reply(session, astrologer.id);
    at(4 * MIN);
    await make.fund(customer.id, 6_000);
    await request(app).post(`${base}/${session.id}/extend`).set(customer.auth).send().expect(400); // needs an Idempotency-Key
    const key = idempotencyKey();
    const extended = (await request(app).post(`${base}/${session.id}/extend`).set(customer.auth).set('Idempotency-Key', key).send().expect(200)).body as SessionView;
    expect(extended.billing).toMatchObject({ fundedMinutes: 8, deadlineAt: new Date(T0.getTime() + 8 * MIN).toISOString() });
    await request(app).post(`${base}/${session.id}/extend`).set(customer.auth).set('Idempotency-Key', key).send().expect(200);
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 16_000, held: 16_000 });
    at(5 * MIN + S); // the first deadline passes: nothing ends
    await runDueJobs();
    expect((await request(app).get(`${base}/${session.id}`).set(customer.auth)).body.status).toBe('active');
    at(6 * MIN + 30 * S);
    const ended = (await act(astrologer, session.id, 'end').expect(200)).body as SessionView;
    expect(ended.summary).toEqual({ billedMinutes: 7, chargedPaise: 14_000, promoPaise: 0 });
    expect((await captures(session.id)).filter((t) => t.kind === 'capture').map((t) => t.amount)).toEqual([10_000, 4_000]);
    expect(await accountOf(pool(), customer.id)).toEqual({ balance: 2_000, held: 0 });
  });

  it('the sweeper ends a session whose party vanished, billed only until they were last seen', async () => {
    const { astrologer, customer, session } = await liveChat();
    at(10 * S);
    await reply(session, astrologer.id);
    at(90 * S);
    await sessions.touch(customer.id, [session.id]);
    at(100 * S);
    await sessions.touch(astrologer.id, [session.id]);
    at(90 * S + 119 * S);
    expect(await sessions.sweep()).toBe(0);
    at(90 * S + 121 * S);
    expect(await sessions.sweep()).toBe(1);
    const s = (await request(app).get(`${base}/${session.id}`).set(customer.auth)).body as SessionView;
    // Billed from 0:10 to 1:30 (the customer's last heartbeat): 80 s → 2 minutes.
    expect(s).toMatchObject({ status: 'completed', endReason: 'abandoned', summary: { billedMinutes: 2, chargedPaise: 4_000 } });
    expect(await sessions.sweep()).toBe(0);
  });
});

describe('history', () => {
  it('lists my sessions newest first with their outcome, page by page, and only mine', async () => {
    const astrologer = await make.astrologer();
    const customer = await make.customer();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      at(i * MIN);
      const s = (await ask(customer, { astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
      await act(astrologer, s.id, 'decline').expect(200);
      ids.push(s.id);
    }
    const first = await request(app).get(base).query({ limit: 2 }).set(customer.auth).expect(200);
    expect(first.body.items.map((s: SessionView) => s.id)).toEqual([ids[2], ids[1]]);
    expect(first.body.items[0]).toMatchObject({ status: 'rejected', endReason: 'declined' });
    const second = await request(app).get(base).query({ limit: 2, cursor: first.body.nextCursor }).set(customer.auth).expect(200);
    expect(second.body).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    expect((await request(app).get(base).set(astrologer.auth).expect(200)).body.items).toHaveLength(3);
    expect((await request(app).get(base).set((await make.customer(0)).auth).expect(200)).body.items).toEqual([]);
    await request(app).get(base).query({ cursor: 'nope' }).set(customer.auth).expect(400);
  });
});

describe('calls and video', () => {
  it('bill only while both are connected: a drop stops the meter and the gap is never billed', async () => {
    const astrologer = await make.astrologer({ call: 3_000 });
    const customer = await make.customer();
    const s = (await ask(customer, { astrologerId: astrologer.id, mode: 'call' }).expect(201)).body as SessionView;
    await act(astrologer, s.id, 'accept').expect(200);
    at(20 * S);
    await media(customer, s.id, true).expect(200);
    expect((await request(app).get(`${base}/${s.id}`).set(customer.auth)).body.billing.running).toBe(false); // ringing is free
    at(30 * S);
    expect((await media(astrologer, s.id, true).expect(200)).body.billing.running).toBe(true);
    at(30 * S + 70 * S);
    expect((await media(customer, s.id, false).expect(200)).body.billing).toMatchObject({ running: false, billedMs: 70 * S, deadlineAt: null });
    at(30 * S + 70 * S + 5 * MIN); // five minutes reconnecting
    await media(customer, s.id, true).expect(200);
    at(30 * S + 70 * S + 5 * MIN + 40 * S);
    const ended = (await act(customer, s.id, 'end').expect(200)).body as SessionView;
    // 70 s + 40 s = 110 s billed → 2 minutes at ₹30.
    expect(ended.summary).toEqual({ billedMinutes: 2, chargedPaise: 6_000, promoPaise: 0 });
    await media(customer, s.id, true).expect(409);
  });

  it('a chat has no media, and a call that never connects ends free', async () => {
    const { customer, session } = await liveChat();
    expect((await media(customer, session.id, true).expect(409)).body.code).toBe('not_a_media_session');
    const astrologer = await make.astrologer();
    const caller = await make.customer(20_000);
    const s = (await ask(caller, { astrologerId: astrologer.id, mode: 'video' }).expect(201)).body as SessionView;
    await act(astrologer, s.id, 'accept').expect(200);
    await media(caller, s.id, true).expect(200);
    at(2 * MIN);
    await runDueJobs();
    expect((await request(app).get(`${base}/${s.id}`).set(caller.auth)).body).toMatchObject({ status: 'cancelled', endReason: 'not_connected', summary: { chargedPaise: 0 } });
    expect(await accountOf(pool(), caller.id)).toEqual({ balance: 20_000, held: 0 });
  });
});

describe('the free first session', () => {
  it('pays the first minutes from the promotional account, once per phone number', async () => {
    const free = createSessionService({ pool: stack.platform.pool, now: () => clock, config: { freeFirstMinutes: 5 } });
    const freeApp = build(free);
    const astrologer = await make.astrologer({ chat: 2_000 });
    const customer = await make.customer(0);
    const promoBefore = await platformBalance(pool(), 'promotional');
    const s = (await request(freeApp).post(base).set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    expect(s.billing.freeMinutes).toBe(5);
    await request(freeApp).post(`${base}/${s.id}/accept`).set(astrologer.auth).send().expect(200);
    await asService(pool(), (tx) => free.noteMessage(tx, s.id, astrologer.id, clock));
    at(3 * MIN);
    const ended = (await request(freeApp).post(`${base}/${s.id}/end`).set(customer.auth).send().expect(200)).body as SessionView;
    expect(ended.summary).toEqual({ billedMinutes: 3, chargedPaise: 0, promoPaise: 6_000 });
    expect(await platformBalance(pool(), 'promotional')).toBe(promoBefore - 6_000);
    expect(await accountOf(pool(), astrologer.id, 'astrologer_earnings')).toEqual({ balance: 4_200, held: 0 });
    // Used once: the next request from this number needs its own balance, and gets no free minutes.
    expect((await request(freeApp).post(base).set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(402)).body.code).toBe('insufficient_balance');
    await make.fund(customer.id, 10_000);
    const paid = (await request(freeApp).post(base).set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    expect(paid.billing.freeMinutes).toBe(0);
    await request(freeApp).post(`${base}/${paid.id}/end`).set(customer.auth).send().expect(200);
  });

  it('gives the free minutes back when the session never started', async () => {
    const free = createSessionService({ pool: stack.platform.pool, now: () => clock, config: { freeFirstMinutes: 5 } });
    const freeApp = build(free);
    const astrologer = await make.astrologer();
    const customer = await make.customer(0);
    const s = (await request(freeApp).post(base).set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    await request(freeApp).post(`${base}/${s.id}/decline`).set(astrologer.auth).send().expect(200);
    const again = (await request(freeApp).post(base).set(customer.auth).send({ astrologerId: astrologer.id, mode: 'chat' }).expect(201)).body as SessionView;
    expect(again.billing.freeMinutes).toBe(5);
  });
});
