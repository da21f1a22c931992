// The fault scenarios (issue 7, part 4). Each runs against the live cluster of scripts/faults.ts, injects one fault
// with real processes and sockets, and returns its figures and the problems it found (none = passed).
import { createHmac, randomInt } from 'node:crypto';
import type { Pool } from '@ap/db';
import type { Socket } from 'socket.io-client';
import type { Fakes } from './fakes.js';
import {
  ack, call, connected, crash, hasStack, ledgerViolations, load, newId, people, percentile, readLayout, respawn, secs, sleep,
  socketTo, walletOf, type Answer, type ClusterLayout, type Person, type Record_,
} from './lib.js';

export interface Ctx {
  lb: string;
  pool: Pool;
  people: ReturnType<typeof people>;
  clusterPid: number;
  clusterFile: string;
  fakes: Fakes;
  razorpaySecret: string;
  smsTimeoutMs: number;
  paymentTimeoutMs: number;
  pg: { stop(): Promise<void>; start(): Promise<void> };
  redis: { stop(): Promise<void>; start(): Promise<void> };
  log(msg: string): void;
}

export interface Result { name: string; figures: [string, string | number][]; problems: string[] }

const layout = (ctx: Ctx): ClusterLayout => readLayout(ctx.clusterFile);
const instance = (ctx: Ctx, name: string) => {
  const i = layout(ctx).instances.find((x) => x.name === name);
  if (!i) throw new Error(`no instance ${name} in cluster.json`);
  return i;
};
const isFailure = (a: Answer) => a.status === 0 || a.status >= 500;
const describeFailures = (rs: Record_[]) => {
  const by = new Map<string, number>();
  for (const r of rs) {
    const k = `${r.label} → ${r.answer.status || r.answer.error}`;
    by.set(k, (by.get(k) ?? 0) + 1);
  }
  return [...by].map(([k, n]) => `${n}× ${k}`).join('; ');
};

/** Through nginx: one Razorpay recharge (create order, then the signed Checkout callback), each step retried with the
 *  same Idempotency-Key / callback on a failed answer, as the web app's retry does. Returns the credited paise, or
 *  null when it could not finish. */
async function recharge(ctx: Ctx, rec: (label: string, p: Promise<Answer>) => Promise<Answer>, c: Person, paise: number, stats: { retried: number; recovered: number }): Promise<number | null> {
  const key = newId();
  // Each recharge from its own client address (nginx appends it to X-Forwarded-For; the services trust loopback):
  // the per-address limit on recharges is 60 an hour.
  const from = { 'x-forwarded-for': `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}` };
  const attempt = async (label: string, run: () => Promise<Answer>, ok: (a: Answer) => boolean) => {
    for (let n = 0; n < 6; n++) {
      const a = await rec(label, run());
      if (ok(a)) { if (n > 0) stats.recovered += 1; return a; }
      if (n === 0) stats.retried += 1;
      await sleep(300);
    }
    return null;
  };
  const order = await attempt('POST /wallet/recharge', () => call(`${ctx.lb}/api/user/wallet/recharge`, {
    method: 'POST', token: c.token, body: { amountPaise: paise }, headers: { 'idempotency-key': key, ...from },
  }), (a) => a.status === 201);
  if (!order) return null;
  const o = order.body as { orderId: string; clientPayload: { order_id: string } };
  const paymentId = `pay_${newId()}`;
  const signature = createHmac('sha256', ctx.razorpaySecret).update(`${o.clientPayload.order_id}|${paymentId}`).digest('hex');
  const confirmed = await attempt('POST /wallet/recharge/:id/confirm', () => call(`${ctx.lb}/api/user/wallet/recharge/${o.orderId}/confirm`, {
    method: 'POST', token: c.token, headers: { 'idempotency-key': `${key}-c`, ...from },
    body: { payload: { razorpay_order_id: o.clientPayload.order_id, razorpay_payment_id: paymentId, razorpay_signature: signature } },
  }), (a) => a.status === 200 && (a.body as { status?: string }).status === 'paid');
  return confirmed ? paise : null;
}

// ---------------------------------------------------------------------------------------------------------------
/** a) One instance of each service killed (SIGKILL) during a load run through nginx. */
export async function killInstances(ctx: Ctx): Promise<Result> {
  const problems: string[] = [];
  const astrologer = await ctx.people.astrologer();
  const customers = await Promise.all(Array.from({ length: 8 }, () => ctx.people.customer(0)));
  const credited = new Map<string, number>(customers.map((c) => [c.id, 0]));
  const money = { retried: 0, recovered: 0 };
  let unfinished = 0;
  let sample = '';
  let lastAnswer = '';
  const victims = ['user-1', 'astrologer-1', 'communication-1'];
  let killAt = Number.POSITIVE_INFINITY;
  let inflight = 0;
  let inflightAtKill = 0;
  const killer = (async () => {
    await sleep(4_000);
    const pids = victims.map((n) => instance(ctx, n).pid);
    killAt = Date.now();
    inflightAtKill = inflight;
    for (const pid of pids) crash(pid);
    ctx.log(`killed ${victims.join(', ')} with ${inflightAtKill} requests in flight`);
  })();
  const records = await load(11_000, 8, async (rec0, w, i) => {
    const rec = (label: string, p: Promise<Answer>) => {
      inflight += 1;
      return rec0(label, p).then((a) => { if (a.status >= 300) lastAnswer = `${label} ${a.status} ${a.text.slice(0, 300)}`; return a; }).finally(() => { inflight -= 1; });
    };
    const c = customers[w]!;
    if (i % 4 === 3) {
      const paise = 5_000 + 100 * (i % 10);
      const got = await recharge(ctx, rec, c, paise, money);
      if (got === null) { unfinished += 1; if (!sample) sample = lastAnswer; }
      else credited.set(c.id, credited.get(c.id)! + got);
      return;
    }
    const which = (w + i) % 3;
    if (which === 0) await rec('GET /api/user/astrologers', call(`${ctx.lb}/api/user/astrologers?limit=5&page=${i % 3}`));
    else if (which === 1) await rec('GET /api/astrologer/dashboard', call(`${ctx.lb}/api/astrologer/dashboard`, { token: astrologer.token }));
    else await rec('GET /api/communication/notifications/unread-count', call(`${ctx.lb}/api/communication/notifications/unread-count`, { token: c.token }));
  });
  await killer;

  const failed = records.filter((r) => isFailure(r.answer));
  const inFlightFailures = failed.filter((r) => r.start <= killAt && r.end >= killAt);
  const later = failed.filter((r) => r.start > killAt);
  const earlier = failed.filter((r) => r.end < killAt);
  const leaked = records.filter((r) => hasStack(r.answer));
  if (earlier.length) problems.push(`${earlier.length} requests failed before the kill: ${describeFailures(earlier)}`);
  // nginx passes an idempotent request that meets a dead instance to the other one; a POST it already wrote to a
  // kept-alive connection of the killed process it never sends twice (502): the client's retry with the same
  // Idempotency-Key completes it (counted in `unfinished` otherwise).
  const laterIdempotent = later.filter((r) => !r.label.startsWith('POST'));
  const laterPosts = later.filter((r) => r.label.startsWith('POST'));
  if (laterIdempotent.length) problems.push(`${laterIdempotent.length} idempotent requests sent after the kill failed: ${describeFailures(laterIdempotent)}`);
  if (laterPosts.some((r) => r.answer.status !== 502)) problems.push(`POSTs after the kill failed other than 502: ${describeFailures(laterPosts)}`);
  if (inFlightFailures.length > inflightAtKill) problems.push(`${inFlightFailures.length} in-flight failures, more than the ${inflightAtKill} in flight`);
  if (unfinished) problems.push(`${unfinished} recharges could not finish even after retries; e.g. ${sample}`);
  if (leaked.length) problems.push(`${leaked.length} answers carried a stack trace`);

  let lost = 0;
  for (const c of customers) {
    const { balance } = await walletOf(ctx.pool, c.id);
    lost += Math.abs(balance - credited.get(c.id)!);
  }
  if (lost) problems.push(`wallets differ from the confirmed recharges by ${lost} paise`);
  const violations = await ledgerViolations(ctx.pool);
  problems.push(...violations);

  // Back in rotation: restart the three, then count until nginx hands each one a request again.
  const t0 = Date.now();
  const after = await respawn(ctx.clusterPid, ctx.clusterFile, victims);
  const ready = Date.now();
  const back = new Map<string, number>();
  const wanted = after.instances.filter((x) => victims.includes(x.name));
  while (back.size < wanted.length && Date.now() - ready < 30_000) {
    const answers = await Promise.all([
      call(`${ctx.lb}/api/user/astrologers?limit=1`),
      call(`${ctx.lb}/api/astrologer/dashboard`, { token: astrologer.token }),
      call(`${ctx.lb}/api/communication/notifications/unread-count`, { token: customers[0]!.token }),
    ]);
    for (const a of answers) {
      const hop = a.upstream.split(',').at(-1)?.trim();
      const hit = wanted.find((x) => `127.0.0.1:${x.port}` === hop);
      if (hit && a.status === 200 && !back.has(hit.name)) back.set(hit.name, Date.now());
    }
    await sleep(100);
  }
  if (back.size < wanted.length) problems.push(`restarted instances not served by nginx within 30 s: ${wanted.filter((x) => !back.has(x.name)).map((x) => x.name).join(', ')}`);
  const lastBack = Math.max(...back.values());

  return {
    name: 'a) kill one instance of each service under load (nginx, 2 instances each)',
    figures: [
      ['requests sent', records.length],
      ['failed', `${failed.length} (all in flight at the kill: ${inFlightFailures.length} of ${inflightAtKill} in flight)${failed.length ? ` — ${describeFailures(failed)}` : ''}`],
      ['failed after the kill', `${laterIdempotent.length} idempotent; ${laterPosts.length} POSTs (502 from nginx, written to a kept-alive connection of the killed process ${laterPosts.map((r) => `${r.start - killAt} ms`).join(', ') || '-'} after the kill; completed by the client's retry with the same Idempotency-Key)`],
      ['p99 latency', `${percentile(records.map((r) => r.answer.ms), 99).toFixed(0)} ms`],
      ['recharges confirmed', `${[...credited.values()].filter(Boolean).length ? records.filter((r) => r.label.endsWith('confirm') && r.answer.status === 200).length : 0} (client retries: ${money.retried}, recovered: ${money.recovered})`],
      ['restarted instances back in rotation', back.size === wanted.length ? `in ${secs(lastBack - t0)} s after the restart signal (${secs(ready - t0)} s to /readyz, nginx fail_timeout 10 s)` : 'no'],
      ['rupees lost', lost / 100],
      ['ledger check', violations.length ? `${violations.length} violations` : 'passes'],
    ],
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------------
/** b) The communication instance hosting a live paid chat is killed. */
export async function killSessionHost(ctx: Ctx, absentSeconds: number): Promise<Result> {
  const problems: string[] = [];
  const rate = 1_000;
  const astrologer = await ctx.people.astrologer(rate);
  const customer = await ctx.people.customer(50_000);
  const { rows: revenue0 } = await ctx.pool.query<{ b: number }>(`SELECT COALESCE(sum(balance_paise), 0)::float8 AS b FROM ledger_accounts WHERE owner_id IS NULL`);
  const requested = await call(`${ctx.lb}/api/communication/sessions`, { method: 'POST', token: customer.token, body: { astrologerId: astrologer.id, mode: 'chat' }, headers: { 'idempotency-key': newId() } });
  if (requested.status !== 201) throw new Error(`session request: ${requested.status} ${requested.text}`);
  const id = (requested.body as { id: string }).id;
  const accepted = await call(`${ctx.lb}/api/communication/sessions/${id}/accept`, { method: 'POST', token: astrologer.token });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  const walletBefore = await walletOf(ctx.pool, customer.id);

  // Both parties through nginx (the socket upstream is sticky by client address, so both land on one instance).
  const sockets = { customer: socketTo(ctx.lb, customer.token, true), astrologer: socketTo(ctx.lb, astrologer.token, true) };
  const all = Object.values(sockets);
  const join = (s: Socket) => ack(s, 'session:join', { consultationId: id });
  // Every (re)connection joins the session again, as the web app does.
  let joins = 0;
  for (const s of all) s.on('connect', () => { void join(s).then((r) => { if (r.ok) joins += 1; }).catch(() => undefined); });
  await Promise.all(all.map((s) => connected(s)));
  for (let t = 0; joins < 2 && t < 100; t++) await sleep(50);
  if (joins < 2) throw new Error('the parties could not join the session');
  const comms = layout(ctx).instances.filter((x) => x.service === 'communication');
  const host = await (async () => {
    for (const c of comms) {
      const m = await call(`http://127.0.0.1:${c.port}/metrics`);
      if (/^realtime_sockets_connected(?:\{[^}]*\})? (\d+)/m.exec(m.text)?.[1] === '2') return c;
    }
    return null;
  })();
  if (!host) {
    const counts = await Promise.all(comms.map(async (c) => `${c.name}: ${/^realtime_sockets_connected.*$/m.exec((await call(`http://127.0.0.1:${c.port}/metrics`)).text)?.[0] ?? 'no metric'}`));
    throw new Error(`could not tell which communication instance holds the sockets (${counts.join('; ')})`);
  }
  ctx.log(`session ${id.slice(0, 8)} lives on ${host.name}`);

  // The chat: both parties send, each message retried with its clientMsgId until acknowledged (DESIGN §5).
  const acked = new Set<string>();
  const sent = new Set<string>();
  let stop = false;
  let attempts = 0;
  let failedAttempts = 0;
  const sender = async (who: keyof typeof sockets, n: number) => {
    const s = sockets[who];
    for (let k = 0; k < n && !stop; k++) {
      const clientMsgId = `${who}-${k}`;
      sent.add(clientMsgId);
      for (;;) {
        attempts += 1;
        const r = await ack(s, 'chat:send', { consultationId: id, clientMsgId, body: `${who} message ${k}` }).catch((e: Error) => ({ ok: false, error: { code: e.message } }));
        if (r.ok) { acked.add(`${who === 'customer' ? customer.id : astrologer.id}:${clientMsgId}`); break; }
        failedAttempts += 1;
        await sleep(200);
        if (stop) break;
      }
      await sleep(40);
    }
  };
  // The astrologer's first reply starts the meter.
  const first = await ack(sockets.astrologer, 'chat:send', { consultationId: id, clientMsgId: 'astrologer-first', body: 'Namaste, how can I help?' });
  if (!first.ok) throw new Error(`first reply refused: ${JSON.stringify(first.error)}`);
  acked.add(`${astrologer.id}:astrologer-first`);
  const chatting = Promise.all([sender('customer', 60), sender('astrologer', 60)]);
  await sleep(1_500);
  const killAt = Date.now();
  crash(host.pid);
  ctx.log(`killed ${host.name}`);
  const restart = respawn(ctx.clusterPid, ctx.clusterFile, [host.name]);
  const reconnectedAt = await Promise.race([
    (async () => { while (!all.every((s) => s.connected) || joins < 4) await sleep(50); return Date.now(); })(),
    sleep(30_000).then(() => null),
  ]);
  if (reconnectedAt === null) problems.push('the parties did not reconnect to the surviving instance within 30 s');
  const timeout = setTimeout(() => { stop = true; }, 40_000);
  await chatting;
  clearTimeout(timeout);

  // Every acknowledged message is stored, once.
  const { rows } = await ctx.pool.query<{ k: string; n: number }>(
    `SELECT sender_id || ':' || client_msg_id AS k, count(*)::int AS n FROM messages WHERE consultation_id = $1 GROUP BY 1`, [id]);
  const stored = new Map(rows.map((r) => [r.k, r.n]));
  const missing = [...acked].filter((k) => !stored.has(k));
  const duplicated = rows.filter((r) => r.n > 1);
  if (missing.length) problems.push(`${missing.length} acknowledged messages are not stored: ${missing.slice(0, 5).join(', ')}`);
  if (duplicated.length) problems.push(`${duplicated.length} messages stored twice`);
  if (acked.size !== sent.size + 1) problems.push(`${sent.size + 1 - acked.size} messages never acknowledged`);

  // Both parties leave (their apps close): the sweeper (either instance) ends the session after SESSION_ABSENT_SECONDS.
  for (const s of all) { s.io.opts.reconnection = false; s.disconnect(); }
  const leftAt = Date.now();
  let status = '';
  let endReason = '';
  while (Date.now() - leftAt < (absentSeconds + 45) * 1000) {
    const { rows: c } = await ctx.pool.query<{ status: string; end_reason: string | null }>('SELECT status, end_reason FROM consultations WHERE id = $1', [id]);
    status = c[0]!.status;
    endReason = c[0]!.end_reason ?? '';
    if (!['requested', 'active', 'in_progress', 'pending', 'confirmed'].includes(status)) break;
    await sleep(500);
  }
  const endedAt = Date.now();
  if (status !== 'completed') problems.push(`the session was not ended by the sweeper (status ${status})`);
  // A late end from a party changes nothing.
  const lateEnd = await call(`${ctx.lb}/api/communication/sessions/${id}/end`, { method: 'POST', token: customer.token });
  if (lateEnd.status !== 200) problems.push(`a late end answered ${lateEnd.status}`);
  await restart;

  const { rows: holds } = await ctx.pool.query<{ amount: number; captured: number; released: number; status: string }>(
    `SELECT amount_paise::float8 AS amount, captured_paise::float8 AS captured, released_paise::float8 AS released, status FROM ledger_holds WHERE reference_id = $1`, [id]);
  const { rows: billed } = await ctx.pool.query<{ ms: number }>('SELECT billed_ms::float8 AS ms FROM consultations WHERE id = $1', [id]);
  const { rows: captures } = await ctx.pool.query<{ n: number; total: number }>(
    `SELECT count(*)::int AS n, COALESCE(sum(amount_paise), 0)::float8 AS total FROM ledger_transfers
      WHERE reference_id = $1 AND kind = 'capture'`, [id]);
  const walletAfter = await walletOf(ctx.pool, customer.id);
  const charged = walletBefore.balance - walletAfter.balance;
  const minutes = Math.ceil(billed[0]!.ms / 60_000);
  const captured = holds.reduce((s, h) => s + h.captured, 0);
  const { rows: earnings } = await ctx.pool.query<{ b: number }>(`SELECT balance_paise::float8 AS b FROM ledger_accounts WHERE owner_id = $1 AND kind = 'astrologer_earnings'`, [astrologer.id]);
  const { rows: revenue1 } = await ctx.pool.query<{ b: number }>(`SELECT COALESCE(sum(balance_paise), 0)::float8 AS b FROM ledger_accounts WHERE owner_id IS NULL`);
  const received = (earnings[0]?.b ?? 0) + (revenue1[0]!.b - revenue0[0]!.b);
  const lost = Math.abs(charged - minutes * rate) + Math.abs(charged - received);
  if (holds.some((h) => h.status !== 'settled' || h.captured + h.released !== h.amount)) problems.push(`holds not settled: ${JSON.stringify(holds)}`);
  if (walletAfter.held !== 0) problems.push(`${walletAfter.held} paise still held`);
  if (captured !== charged) problems.push(`captured ${captured} paise but the wallet paid ${charged}`);
  if (lost) problems.push(`rupees lost ${lost / 100}: charged ${charged}, ${minutes} billed minutes at ${rate}, received ${received}`);
  const violations = await ledgerViolations(ctx.pool);
  problems.push(...violations);

  return {
    name: 'b) kill the communication instance hosting a live paid chat',
    figures: [
      ['messages sent', `${sent.size + 1} (${attempts + 1} attempts, ${failedAttempts} failed and retried with the same clientMsgId)`],
      ['acknowledged and stored', `${[...acked].filter((k) => stored.has(k)).length} of ${acked.size} acknowledged; ${missing.length} missing, ${duplicated.length} duplicated`],
      ['parties back (reconnected + re-joined on the survivor)', reconnectedAt ? `in ${secs(reconnectedAt - killAt)} s` : 'no'],
      ['session ended by the sweeper', `${secs(endedAt - leftAt)} s after both parties left (SESSION_ABSENT_SECONDS=${absentSeconds}), status ${status}, reason ${endReason}`],
      ['settled', `${holds.length} hold(s) settled, ${captures[0]!.n} capture transfer(s), ${minutes} billed minute(s) = ₹${(charged / 100).toFixed(2)}; a late end changed nothing`],
      ['rupees lost', lost / 100],
      ['ledger check', violations.length ? `${violations.length} violations` : 'passes'],
    ],
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------------
/** c) PostgreSQL (embedded) stopped and started again under traffic. */
export async function restartPostgres(ctx: Ctx, downMs: number): Promise<Result> {
  const problems: string[] = [];
  const astrologer = await ctx.people.astrologer();
  const customer = await ctx.people.customer(20_000);
  let downAt = 0;
  let upAt = 0;
  const fault = (async () => {
    await sleep(3_000);
    downAt = Date.now();
    await ctx.pg.stop();
    ctx.log('PostgreSQL stopped');
    await sleep(downMs);
    await ctx.pg.start();
    upAt = Date.now();
    ctx.log('PostgreSQL started again');
  })();
  const records = await load(3_000 + downMs + 9_000, 6, async (rec, w, i) => {
    const which = (w + i) % 5;
    if (which === 0) await rec('GET /api/user/astrologers', call(`${ctx.lb}/api/user/astrologers?limit=5&q=${['tarot', 'vedic', 'love'][i % 3]}`));
    else if (which === 1) await rec('GET /api/user/wallet/balance', call(`${ctx.lb}/api/user/wallet/balance`, { token: customer.token }));
    else if (which === 2) await rec('GET /api/astrologer/dashboard', call(`${ctx.lb}/api/astrologer/dashboard`, { token: astrologer.token }));
    else if (which === 3) await rec('GET /api/communication/notifications/unread-count', call(`${ctx.lb}/api/communication/notifications/unread-count`, { token: customer.token }));
    else await rec('POST /api/communication/notifications/read-all', call(`${ctx.lb}/api/communication/notifications/read-all`, { method: 'POST', token: customer.token }));
    await sleep(20);
  });
  await fault;

  const ok = records.filter((r) => r.answer.status >= 200 && r.answer.status < 300);
  const unavailable = records.filter((r) => r.answer.status === 503 && r.answer.contentType.startsWith('application/problem+json') && r.answer.body?.code === 'database_unreachable');
  const other = records.filter((r) => !ok.includes(r) && !unavailable.includes(r));
  const leaked = records.filter((r) => hasStack(r.answer));
  if (other.length) problems.push(`${other.length} answers neither 2xx nor 503 database_unreachable: ${describeFailures(other)} ${other.slice(0, 2).map((r) => r.answer.text.slice(0, 200)).join(' | ')}`);
  if (leaked.length) problems.push(`${leaked.length} answers carried a stack trace`);
  if (!unavailable.length) problems.push('no 503 was seen while the database was down (did the fault happen?)');
  const lastBad = Math.max(0, ...records.filter((r) => !ok.includes(r)).map((r) => r.end));
  const firstOkAfter = Math.min(...records.filter((r) => r.start >= upAt && ok.includes(r)).map((r) => r.end)) - upAt;
  const recoveredIn = lastBad ? lastBad - upAt : 0;
  const okAfter = records.filter((r) => r.start > lastBad && ok.includes(r)).length;
  const failedAfterRecovery = records.filter((r) => !ok.includes(r) && r.start > upAt + firstOkAfter);
  if (failedAfterRecovery.length) problems.push(`${failedAfterRecovery.length} failures after the first success: ${describeFailures(failedAfterRecovery)}`);
  if (okAfter < 20) problems.push(`only ${okAfter} successful requests after the last failure: not recovered`);

  // Every instance ready again; the LISTEN connection of each communication instance re-opened: a session request
  // reaches the astrologer's socket on each instance by NOTIFY; the job runner runs the request's expiry job.
  const inst = layout(ctx).instances;
  const notReady: string[] = [];
  for (const x of inst.filter((i) => i.service !== 'nginx' && i.service !== 'web')) if ((await call(`http://127.0.0.1:${x.port}/readyz`)).status !== 200) notReady.push(x.name);
  if (notReady.length) problems.push(`not ready after the restart: ${notReady.join(', ')}`);
  const comms = inst.filter((x) => x.service === 'communication');
  const watchers = comms.map((x) => socketTo(`http://127.0.0.1:${x.port}`, astrologer.token, false));
  const heard = new Map<string, { t: number; status: string }[]>();
  watchers.forEach((s, k) => s.on('session:update', (e: { session: { status: string } }) => heard.set(comms[k]!.name, [...(heard.get(comms[k]!.name) ?? []), { t: Date.now(), status: e.session.status }])));
  await Promise.all(watchers.map((s) => connected(s)));
  const requestedAt = Date.now();
  const req = await call(`${ctx.lb}/api/communication/sessions`, { method: 'POST', token: customer.token, body: { astrologerId: astrologer.id, mode: 'chat' }, headers: { 'idempotency-key': newId() } });
  if (req.status !== 201) problems.push(`a session request after the restart answered ${req.status}`);
  const sessionId = (req.body as { id?: string } | null)?.id;
  // SESSION_ACCEPT_SECONDS later the expiry job (any instance's runner) expires it; both instances tell the astrologer.
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline && !comms.every((c) => heard.get(c.name)?.some((e) => e.status === 'expired'))) await sleep(200);
  for (const c of comms) {
    const seen = heard.get(c.name) ?? [];
    if (!seen.length) problems.push(`${c.name} delivered no NOTIFY event after the restart (LISTEN not re-opened)`);
    else if (!seen.some((e) => e.status === 'expired')) problems.push(`${c.name}: the request's expiry was not delivered (job runner or LISTEN)`);
  }
  for (const s of watchers) s.disconnect();
  const { rows: st } = sessionId ? await ctx.pool.query<{ status: string }>('SELECT status FROM consultations WHERE id = $1', [sessionId]) : { rows: [] };
  if (sessionId && st[0]?.status !== 'expired') problems.push(`the request was not expired by the job runner (${st[0]?.status})`);
  const expiredIn = Math.max(...comms.map((c) => heard.get(c.name)?.find((e) => e.status === 'expired')?.t ?? Number.NaN)) - requestedAt;
  const held = await walletOf(ctx.pool, customer.id);
  if (held.held !== 0) problems.push(`${held.held} paise still held after the expired request`);
  const violations = await ledgerViolations(ctx.pool);
  problems.push(...violations);

  return {
    name: 'c) restart PostgreSQL under traffic',
    figures: [
      ['requests sent', records.length],
      ['answered 2xx', ok.length],
      ['503 database_unreachable (problem+json)', unavailable.length],
      ['other failures (500, 502, no answer)', other.length],
      ['stack traces in answers', leaked.length],
      ['database down', `${secs(upAt - downAt)} s`],
      ['recovered in', `${secs(Math.max(0, recoveredIn))} s: first 2xx ${Math.round(firstOkAfter)} ms after PostgreSQL accepted connections again, no failure after that`],
      ['LISTEN re-opened on every communication instance', comms.every((c) => heard.get(c.name)?.length) ? 'yes' : 'no'],
      ['job runner: request expired by its job', Number.isFinite(expiredIn) ? `yes, ${secs(expiredIn)} s after the request` : 'no'],
      ['rupees lost', held.held / 100],
      ['ledger check', violations.length ? `${violations.length} violations` : 'passes'],
    ],
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------------
/** d) Redis killed under traffic: rate limits, the catalogue cache and Socket.IO fan-out degrade, nothing fails. */
export async function stopRedis(ctx: Ctx): Promise<Result> {
  const problems: string[] = [];
  const astrologer = await ctx.people.astrologer(1_000);
  const customer = await ctx.people.customer(50_000);
  const requested = await call(`${ctx.lb}/api/communication/sessions`, { method: 'POST', token: customer.token, body: { astrologerId: astrologer.id, mode: 'chat' }, headers: { 'idempotency-key': newId() } });
  const id = (requested.body as { id: string }).id;
  await call(`${ctx.lb}/api/communication/sessions/${id}/accept`, { method: 'POST', token: astrologer.token });
  // One party on each communication instance: chat crosses instances only through the Redis adapter.
  const comms = layout(ctx).instances.filter((x) => x.service === 'communication');
  const cs = socketTo(`http://127.0.0.1:${comms[0]!.port}`, customer.token, false);
  const as = socketTo(`http://127.0.0.1:${comms[1]!.port}`, astrologer.token, false);
  await Promise.all([connected(cs), connected(as)]);
  await ack(cs, 'session:join', { consultationId: id });
  await ack(as, 'session:join', { consultationId: id });
  const delivered = new Map<string, number>();
  as.on('chat:message', (m: { clientMsgId: string }) => delivered.set(m.clientMsgId, Date.now()));
  await ack(as, 'chat:send', { consultationId: id, clientMsgId: 'first', body: 'Namaste' });

  const users = layout(ctx).instances.filter((x) => x.service === 'user');
  const bypasses = async () => {
    let n = 0;
    for (const u of users) {
      for (const m of (await call(`http://127.0.0.1:${u.port}/metrics`)).text.matchAll(/^catalogue_cache_requests_total\{[^}]*result="bypass"[^}]*\} (\d+)/gm)) n += Number(m[1]);
    }
    return n;
  };
  const bypass0 = await bypasses();
  let killAt = 0;
  let backAt = 0;
  const limited: Answer[] = [];
  const chat = { sent: 0, acked: 0 };
  const sentAt = new Map<string, number>();
  let stopChat = false;
  const chatter = (async () => {
    for (let k = 0; !stopChat; k++) {
      const clientMsgId = `c-${k}`;
      sentAt.set(clientMsgId, Date.now());
      chat.sent += 1;
      const r = await ack(cs, 'chat:send', { consultationId: id, clientMsgId, body: `message ${k}` }).catch(() => ({ ok: false }));
      if (r.ok) chat.acked += 1;
      await sleep(100);
    }
  })();
  const fault = (async () => {
    await sleep(3_000);
    killAt = Date.now();
    await ctx.redis.stop();
    ctx.log('Redis killed');
    // Limits still hold while Redis is down (each instance counts in memory): 130 recharge attempts from one client
    // address against a limit of 60 an hour per address (counted before sign-in is checked, so unsigned ones count).
    const limitedUntil = Date.now() + 7_000;
    for (let k = 0; k < 13 && Date.now() < limitedUntil; k++) {
      limited.push(...await Promise.all(Array.from({ length: 10 }, () => call(`${ctx.lb}/api/user/wallet/recharge`, {
        method: 'POST', body: { amountPaise: 5_000 }, headers: { 'idempotency-key': newId(), 'x-forwarded-for': '10.99.99.99' },
      }))));
    }
    await sleep(Math.max(0, limitedUntil - Date.now()));
    await ctx.redis.start();
    backAt = Date.now();
    ctx.log('Redis started again (empty)');
  })();
  const records = await load(3_000 + 7_000 + 6_000, 6, async (rec, w, i) => {
    const which = (w + i) % 4;
    if (which === 0) await rec('GET /api/user/astrologers (cached)', call(`${ctx.lb}/api/user/astrologers?limit=5`));
    else if (which === 1) await rec(`GET /api/user/astrologers/:id (cached)`, call(`${ctx.lb}/api/user/astrologers/${astrologer.id}`));
    else if (which === 2) await rec('POST /api/user/auth/signup (rate-limited)', call(`${ctx.lb}/api/user/auth/signup`, { method: 'POST', body: { phone: `+9197${String(randomInt(0, 1e8)).padStart(8, '0')}`, name: 'Fault Test' } }));
    else await rec('GET /api/user/wallet/balance', call(`${ctx.lb}/api/user/wallet/balance`, { token: customer.token }));
  });
  await fault;
  stopChat = true;
  await chatter;
  await sleep(500);

  const bypassed = (await bypasses()) - bypass0;
  if (!bypassed) problems.push('the catalogue cache never bypassed Redis (was it used?)');
  const limitedOk = limited.filter((a) => a.status === 401).length;
  const limited429 = limited.filter((a) => a.status === 429).length;
  if (limited.some((a) => a.status !== 401 && a.status !== 429)) problems.push(`recharges during the outage answered ${[...new Set(limited.map((a) => a.status))].join(', ')}`);
  if (limitedOk > 2 * 60) problems.push(`${limitedOk} recharges from one address passed a limit of 60 per instance`);
  if (limited.length >= 125 && !limited429) problems.push('no recharge was limited while Redis was down');
  const failed = records.filter((r) => isFailure(r.answer) || (r.answer.status >= 400 && r.answer.status !== 429 && r.answer.status !== 409));
  const leaked = records.filter((r) => hasStack(r.answer));
  if (failed.length) problems.push(`${failed.length} requests failed: ${describeFailures(failed)} ${failed.slice(0, 2).map((r) => r.answer.text.slice(0, 200)).join(' | ')}`);
  if (leaked.length) problems.push(`${leaked.length} answers carried a stack trace`);
  const during = records.filter((r) => r.start >= killAt && r.end <= backAt);
  const dead = layout(ctx).instances.filter((x) => { try { process.kill(x.pid, 0); return false; } catch { return true; } });
  if (dead.length) problems.push(`instances died while Redis was down: ${dead.map((x) => x.name).join(', ')}`);
  if (chat.acked !== chat.sent) problems.push(`${chat.sent - chat.acked} chat messages not acknowledged (each is stored before its ack; Redis only carries the live copy)`);
  const { rows } = await ctx.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE consultation_id = $1 AND client_msg_id LIKE 'c-%'`, [id]);
  if (rows[0]!.n !== chat.acked) problems.push(`${chat.acked} messages acknowledged but ${rows[0]!.n} stored`);
  const missedLive = [...sentAt.keys()].filter((k) => !delivered.has(k));
  const deliveredAfter = [...sentAt].filter(([k, t]) => t > backAt && delivered.has(k)).map(([, t]) => t);
  const liveAgainAt = deliveredAfter.length ? Math.min(...deliveredAfter) : null;
  if (!liveAgainAt) problems.push('cross-instance chat delivery did not resume after Redis came back');
  // A catch-up by cursor (what the web app does on reconnect) gives the other party everything.
  const history = await call(`${ctx.lb}/api/communication/chat/${id}?limit=200`, { token: astrologer.token });
  const historyIds = new Set(((history.body?.items ?? []) as { clientMsgId: string }[]).map((m) => m.clientMsgId));
  const notInHistory = missedLive.filter((k) => !historyIds.has(k));
  if (history.status !== 200) problems.push(`history answered ${history.status}`);
  else if (notInHistory.length) problems.push(`${notInHistory.length} messages missing from the catch-up history`);
  cs.disconnect();
  as.disconnect();
  await call(`${ctx.lb}/api/communication/sessions/${id}/end`, { method: 'POST', token: customer.token });
  const violations = await ledgerViolations(ctx.pool);
  problems.push(...violations);

  return {
    name: 'd) kill Redis under traffic',
    figures: [
      ['requests sent', `${records.length} (${during.length} while Redis was down)`],
      ['failed', failed.length],
      ['p99 latency while Redis was down', `${percentile(during.map((r) => r.answer.ms), 99).toFixed(0)} ms`],
      ['signups (rate-limited route) answered', `${records.filter((r) => r.label.includes('signup') && r.answer.status === 202).length} × 202, ${records.filter((r) => r.answer.status === 429).length} × 429`],
      ['rate limit held while Redis was down', `${limited.length} recharge attempts from one address (limit 60/h): ${limitedOk} counted and passed on (401: unsigned), ${limited429} × 429 (per-instance memory counters, 2 instances)`],
      ['catalogue cache', `${bypassed} reads went to the database (bypass) instead of Redis`],
      ['chat messages', `${chat.sent} sent, ${chat.acked} acknowledged and stored; ${missedLive.length} not delivered live across instances (Redis down, then until the adapter re-subscribed), all in the catch-up history`],
      ['cross-instance delivery back', liveAgainAt ? `${secs(liveAgainAt - backAt)} s after Redis restarted` : 'no'],
      ['instances alive', `${layout(ctx).instances.length - dead.length} of ${layout(ctx).instances.length}`],
      ['rupees lost', 0],
      ['ledger check', violations.length ? `${violations.length} violations` : 'passes'],
    ],
    problems,
  };
}

// ---------------------------------------------------------------------------------------------------------------
/** e) SMS, payment and horoscope providers that hang or answer 500. */
export async function failingProviders(ctx: Ctx): Promise<Result> {
  const problems: string[] = [];
  const figures: [string, string | number][] = [];
  const otpRows = async (phone: string) => (await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM otp_codes WHERE phone = $1', [phone])).rows[0]!.n;

  // SMS
  for (const mode of ['fail', 'hang'] as const) {
    ctx.fakes.mode.sms = mode;
    const phone = `+9196${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const a = await call(`${ctx.lb}/api/user/auth/signup`, { method: 'POST', body: { phone, name: 'Fault Test' }, timeoutMs: 30_000 });
    const rows = await otpRows(phone);
    figures.push([`SMS provider ${mode === 'fail' ? 'answers 500' : 'hangs'}`, `${a.status} ${a.body?.code ?? a.error ?? ''} in ${secs(a.ms)} s; OTP rows left: ${rows}`]);
    if (a.status !== 503 || a.body?.code !== 'sms_unavailable') problems.push(`SMS ${mode}: answered ${a.status} ${a.text.slice(0, 200)}`);
    if (hasStack(a)) problems.push(`SMS ${mode}: stack trace in the answer`);
    if (rows !== 0) problems.push(`SMS ${mode}: ${rows} OTP rows left claiming a code was sent`);
    if (mode === 'hang' && a.ms > ctx.smsTimeoutMs + 5_000) problems.push(`SMS hang: answered after ${secs(a.ms)} s`);
    ctx.fakes.mode.sms = 'ok';
    const again = await call(`${ctx.lb}/api/user/auth/signup`, { method: 'POST', body: { phone, name: 'Fault Test' } });
    const code = /\b(\d{6})\b/.exec(ctx.fakes.sms.get(phone)?.at(-1) ?? '')?.[1];
    const verified = code ? await call(`${ctx.lb}/api/user/auth/verify`, { method: 'POST', body: { phone, code } }) : null;
    if (again.status !== 202 || verified?.status !== 200) problems.push(`SMS ${mode}: the retry after recovery did not sign up (${again.status}, verify ${verified?.status})`);
  }
  figures.push(['SMS retry once the provider answers', problems.some((p) => p.includes('retry after recovery')) ? 'failed' : 'signup 202 + verify 200 (code read from the fake Twilio)']);

  // Payments
  const customer = await ctx.people.customer(0);
  let creditedSoFar = 0;
  for (const mode of ['fail', 'hang'] as const) {
    ctx.fakes.mode.payments = mode;
    const key = newId();
    const body = { amountPaise: 10_000 };
    const a = await call(`${ctx.lb}/api/user/wallet/recharge`, { method: 'POST', token: customer.token, body, headers: { 'idempotency-key': key }, timeoutMs: 60_000 });
    const { rows: orders } = await ctx.pool.query<{ status: string; gateway_order_id: string | null }>(
      'SELECT status, gateway_order_id FROM payment_orders WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1', [customer.id]);
    const wallet = await walletOf(ctx.pool, customer.id);
    figures.push([`payment gateway ${mode === 'fail' ? 'answers 500' : 'hangs'}`, `${a.status} ${a.body?.code ?? a.error ?? ''} in ${secs(a.ms)} s; order ${orders[0]?.status ?? 'none'} without a gateway order: ${orders[0] ? orders[0].gateway_order_id === null : '-'}; wallet unchanged: ${wallet.balance === creditedSoFar}`]);
    if (a.status !== 503 && a.status !== 502 && a.status !== 504) problems.push(`payments ${mode}: answered ${a.status} ${a.text.slice(0, 200)}`);
    if (hasStack(a)) problems.push(`payments ${mode}: stack trace in the answer`);
    if (orders[0] && (orders[0].status !== 'created' || orders[0].gateway_order_id !== null)) problems.push(`payments ${mode}: order left ${JSON.stringify(orders[0])}`);
    if (wallet.balance !== creditedSoFar) problems.push(`payments ${mode}: wallet holds ${wallet.balance} paise, ${creditedSoFar} were paid`);
    if (mode === 'hang' && a.ms > ctx.paymentTimeoutMs + 5_000) problems.push(`payments hang: answered after ${secs(a.ms)} s`);
    // The same request again once the gateway answers completes the same order.
    ctx.fakes.mode.payments = 'ok';
    const retry = await call(`${ctx.lb}/api/user/wallet/recharge`, { method: 'POST', token: customer.token, body, headers: { 'idempotency-key': key } });
    const o = retry.body as { orderId?: string; clientPayload?: { order_id: string } } | null;
    if (retry.status !== 201 || !o?.clientPayload) { problems.push(`payments ${mode}: the retry answered ${retry.status} ${retry.text.slice(0, 200)}`); continue; }
    const paymentId = `pay_${newId()}`;
    const signature = createHmac('sha256', ctx.razorpaySecret).update(`${o.clientPayload.order_id}|${paymentId}`).digest('hex');
    const payload = { razorpay_order_id: o.clientPayload.order_id, razorpay_payment_id: paymentId, razorpay_signature: signature };
    const confirms = await Promise.all([1, 2].map(() => call(`${ctx.lb}/api/user/wallet/recharge/${o.orderId}/confirm`, { method: 'POST', token: customer.token, body: { payload } })));
    if (confirms.every((c) => c.status === 200)) creditedSoFar += body.amountPaise;
    if (confirms.some((c) => c.status !== 200)) problems.push(`payments ${mode}: confirm answered ${confirms.map((c) => `${c.status} ${c.text.slice(0, 300)}`).join(', ')}`);
  }
  const { rows: count } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM payment_orders WHERE user_id = $1', [customer.id]);
  const wallet = await walletOf(ctx.pool, customer.id);
  const lost = Math.abs(wallet.balance - 20_000);
  figures.push(['payment retries once the gateway answers', `${count[0]!.n} orders (one per Idempotency-Key), each confirmed twice, wallet ₹${wallet.balance / 100} (expected ₹200)`]);
  if (count[0]!.n !== 2) problems.push(`${count[0]!.n} payment orders for 2 idempotency keys`);
  if (lost) problems.push(`wallet ${wallet.balance} paise, expected 20000`);

  // Horoscope: the external API fails → the builtin text, quickly.
  for (const mode of ['fail', 'hang'] as const) {
    ctx.fakes.mode.horoscope = mode;
    const sign = mode === 'fail' ? 'leo' : 'virgo';
    const a = await call(`${ctx.lb}/api/user/horoscope?sign=${sign}&period=daily`);
    figures.push([`horoscope API ${mode === 'fail' ? 'answers 500' : 'hangs'}`, `${a.status} source ${String(a.body?.source)} in ${secs(a.ms)} s`]);
    if (a.status !== 200 || a.body?.source !== 'builtin') problems.push(`horoscope ${mode}: ${a.status} ${a.text.slice(0, 200)}`);
  }
  ctx.fakes.mode.horoscope = 'ok';
  const violations = await ledgerViolations(ctx.pool);
  problems.push(...violations);
  figures.push(['rupees lost', lost / 100], ['ledger check', violations.length ? `${violations.length} violations` : 'passes']);
  return { name: 'e) failing and hanging providers (SMS, payments, horoscope)', figures, problems };
}
