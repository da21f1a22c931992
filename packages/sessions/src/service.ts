import { createHash, randomUUID } from 'node:crypto';
import { encodeCursor } from '@ap/core';
import { asService, decodeTimeCursor, type Pool, type Tx } from '@ap/db';
import type { Caller } from '@ap/http';
import { enqueueJob, type JobHandler } from '@ap/jobs';
import { insertNotification, type NotificationInput } from '@ap/notifications';
import { balance, captureHold, ensureAccount, hashRequest, placeHold, releaseHold, splitCapture, transfer, withIdempotency } from '@ap/ledger';
import { DEFAULT_SESSION_CONFIG, type SessionConfig } from './config.js';
import {
  alreadyOpen, astrologerBusy, astrologerOffline, astrologerUnavailable, balanceTooLow, modeNotOffered, notMediaSession,
  requestExpired, sessionNotFound, wrongState,
} from './errors.js';
import * as repo from './repo.js';
import { billFor, billedMsAt, deadlineFor, fundableMinutes, MINUTE_MS, spreadCapture } from './rules.js';
import type { Mode, Party, SessionRow } from './repo.js';

export const SESSION_JOBS = {
  expire: 'session.expire',
  startTimeout: 'session.start_timeout',
  deadline: 'session.deadline',
  lowBalance: 'session.low_balance',
} as const;

export interface SessionView {
  id: string;
  mode: Mode;
  status: repo.SessionStatus;
  ratePaise: number;
  astrologer: { id: string; name: string; photoUrl: string | null };
  customer: { id: string; name: string };
  requestedAt: string;
  expiresAt: string | null;
  acceptedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
  billing: {
    running: boolean;
    /** Billed time so far, at serverTime. */
    billedMs: number;
    startedAt: string | null;
    deadlineAt: string | null;
    fundedMinutes: number;
    freeMinutes: number;
  };
  media: { customer: boolean; astrologer: boolean };
  summary: { billedMinutes: number; chargedPaise: number; promoPaise: number } | null;
  serverTime: string;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;
const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;
const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23505';

export function toView(s: SessionRow, at: Date): SessionView {
  return {
    id: s.id, mode: s.mode, status: s.status, ratePaise: s.ratePaise,
    astrologer: { id: s.astrologerId, name: s.astrologerName, photoUrl: s.astrologerPhotoUrl },
    customer: { id: s.userId, name: s.customerName },
    requestedAt: s.requestedAt.toISOString(), expiresAt: iso(s.expiresAt), acceptedAt: iso(s.acceptedAt),
    endedAt: iso(s.endedAt), endReason: s.endReason,
    billing: {
      running: s.billingStartedAt !== null,
      billedMs: s.status === 'active' ? billedMsAt(s, at) : s.billedMs,
      startedAt: iso(s.firstBilledAt), deadlineAt: iso(s.deadlineAt), fundedMinutes: s.fundedMinutes, freeMinutes: s.freeMinutes,
    },
    media: { customer: s.customerMediaAt !== null, astrologer: s.astrologerMediaAt !== null },
    summary: s.billedMinutes === null ? null
      : { billedMinutes: s.billedMinutes, chargedPaise: s.chargedPaise ?? 0, promoPaise: s.promoPaise ?? 0 },
    serverTime: at.toISOString(),
  };
}

export interface SessionDeps {
  pool: Pool;
  config?: Partial<SessionConfig>;
  /** The server clock; tests move it by hand. Billing never reads any other time. */
  now?: () => Date;
  notify?: (db: Tx, n: NotificationInput) => Promise<unknown>;
}

const phoneHash = (phone: string) => createHash('sha256').update(`free-session:${phone}`).digest('hex');

/**
 * Instant per-minute sessions (DESIGN §4). Every change to a session happens under its row lock in one
 * transaction together with the money it moves, its timers (durable jobs) and its announcements (NOTIFY, delivered
 * at commit), so a session is never in a state its holds contradict, and whoever ends it — either party, the
 * money timer, the start timeout or the sweeper — settles it exactly once: the others find it ended.
 */
export function createSessionService({ pool, config = {}, now = () => new Date(), notify = insertNotification }: SessionDeps) {
  const cfg: SessionConfig = { ...DEFAULT_SESSION_CONFIG, ...config };

  const partyOf = (s: SessionRow, identityId: string): Party | null =>
    s.userId === identityId ? 'customer' : s.astrologerId === identityId ? 'astrologer' : null;

  async function lockAs(tx: Tx, id: string, identityId: string, party?: Party): Promise<{ s: SessionRow; party: Party }> {
    const s = await repo.lockSession(tx, id);
    const p = s ? partyOf(s, identityId) : null;
    // Someone else's session looks exactly like a missing one.
    if (!s || !p || (party && p !== party)) throw sessionNotFound();
    return { s, party: p };
  }

  async function reload(tx: Tx, id: string): Promise<SessionRow> {
    return (await repo.findSession(tx, id))!;
  }

  async function publish(tx: Tx, id: string, at: Date, extra: Record<string, unknown> = {}): Promise<SessionView> {
    const s = await reload(tx, id);
    const view = toView(s, at);
    await repo.announce(tx, { t: 'session', to: [s.userId, s.astrologerId], session: view, ...extra });
    return view;
  }

  async function platformAccountId(tx: Tx, kind: 'promotional' | 'platform_revenue'): Promise<string> {
    const { rows } = await tx.query<{ id: string }>(`SELECT id FROM ledger_accounts WHERE kind = $1 AND owner_id IS NULL`, [kind]);
    if (!rows[0]) throw new Error(`platform account ${kind} is missing (migrations not applied?)`);
    return rows[0].id;
  }

  async function scheduleMoneyTimers(tx: Tx, id: string, deadline: Date, at: Date): Promise<void> {
    await enqueueJob(tx, { name: SESSION_JOBS.deadline, payload: { sessionId: id }, runAt: deadline });
    const warnAt = new Date(Math.max(at.getTime(), deadline.getTime() - cfg.warningSeconds * 1000));
    await enqueueJob(tx, { name: SESSION_JOBS.lowBalance, payload: { sessionId: id }, runAt: warnAt });
  }

  /** Starts (or resumes) the meter of an active session. */
  async function startMeter(tx: Tx, s: SessionRow, at: Date): Promise<void> {
    if (s.status !== 'active' || s.billingStartedAt) return;
    const deadline = deadlineFor({ ...s, billingStartedAt: at })!;
    await repo.update(tx, s.id, at, { billing_started_at: at, first_billed_at: s.firstBilledAt ?? at, deadline_at: deadline });
    await scheduleMoneyTimers(tx, s.id, deadline, at);
  }

  /** Stops the meter, keeping the time billed so far. */
  async function stopMeter(tx: Tx, s: SessionRow, at: Date): Promise<void> {
    if (!s.billingStartedAt) return;
    await repo.update(tx, s.id, at, { billing_started_at: null, billed_ms: billedMsAt(s, at), deadline_at: null });
  }

  /**
   * Ends an active session at `endAt`: captures the whole started minutes from its holds (in order), releases the
   * rest, pays free minutes from the promotional account, frees the astrologer and tells everyone.
   */
  async function settle(tx: Tx, s: SessionRow, endAt: Date, reason: string, at: Date): Promise<void> {
    const bill = billFor(s, endAt);
    const holds = (await repo.holdsOf(tx, s.id)).filter((h) => h.status === 'active');
    const captures = spreadCapture(holds.map((h) => h.amountPaise), bill.chargedPaise);
    for (const [i, h] of holds.entries()) {
      if (captures[i]! > 0) await captureHold(tx, { holdId: h.id, capturePaise: captures[i]!, earningsOwnerId: s.astrologerId, commissionBps: cfg.commissionBps });
      else await releaseHold(tx, h.id);
    }
    if (bill.promoPaise > 0) {
      const consultation = { type: 'consultation' as const, id: s.id };
      const earnings = await ensureAccount(tx, s.astrologerId, 'astrologer_earnings');
      await transfer(tx, { debit: await platformAccountId(tx, 'promotional'), credit: earnings, amountPaise: bill.promoPaise, kind: 'promo', reference: consultation, memo: 'free first session' });
      const { platformPaise } = splitCapture(bill.promoPaise, cfg.commissionBps);
      if (platformPaise > 0) await transfer(tx, { debit: earnings, credit: await platformAccountId(tx, 'platform_revenue'), amountPaise: platformPaise, kind: 'commission', reference: consultation });
    }
    const billed = bill.billedMinutes > 0;
    if (!billed) await repo.releaseFreeSession(tx, s.id);
    await repo.update(tx, s.id, at, {
      status: billed ? 'completed' : 'cancelled', ended_at: s.acceptedAt && endAt < s.acceptedAt ? s.acceptedAt : endAt, end_reason: reason,
      billed_ms: billedMsAt(s, endAt), billing_started_at: null, deadline_at: null, customer_media_at: null, astrologer_media_at: null,
      billed_minutes: bill.billedMinutes, charged_paise: bill.chargedPaise, promo_paise: bill.promoPaise, settled_at: at,
    });
    await repo.setPresence(tx, s.astrologerId, 'busy', 'online');
    const data = { sessionId: s.id, url: `/session/${s.id}` };
    const minutes = `${bill.billedMinutes} minute${bill.billedMinutes === 1 ? '' : 's'}`;
    await notify(tx, {
      recipientId: s.userId, kind: 'session.ended', data,
      title: billed ? `Your ${s.mode} with ${s.astrologerName} ended` : `Your ${s.mode} with ${s.astrologerName} ended before it began`,
      body: billed ? `${minutes}: ${rupees(bill.chargedPaise)} charged${bill.promoPaise > 0 ? ` (${bill.freeMinutes} free)` : ''}.` : 'Nothing was charged.',
    });
    await notify(tx, {
      recipientId: s.astrologerId, kind: 'session.ended', data,
      title: `Your ${s.mode} with ${s.customerName} ended`,
      body: billed ? `${minutes} at ${rupees(s.ratePaise)}/min.` : 'It ended before it began; nothing was billed.',
    });
    for (const w of await repo.takeWaitlist(tx, s.astrologerId, at)) {
      await notify(tx, { recipientId: w.userId, kind: 'astrologer.available', title: `${s.astrologerName} is free now`, body: `Start your ${w.mode} before someone else does.`, data: { astrologerId: s.astrologerId, url: `/astrologers/${s.astrologerId}` } });
    }
  }

  /** Ends a request that never became a session (declined, expired, cancelled, or unaffordable at accept). */
  async function closeRequest(tx: Tx, s: SessionRow, status: 'rejected' | 'expired' | 'cancelled', reason: string, at: Date): Promise<void> {
    await repo.update(tx, s.id, at, { status, ended_at: at, end_reason: reason });
    await repo.releaseFreeSession(tx, s.id);
    const data = { sessionId: s.id, astrologerId: s.astrologerId, url: `/astrologers/${s.astrologerId}` };
    const toCustomer = (kind: string, title: string, body: string) => notify(tx, { recipientId: s.userId, kind, title, body, data });
    switch (reason) {
      case 'declined': await toCustomer('session.declined', `${s.astrologerName} could not take your ${s.mode}`, 'Nothing was charged. Try another astrologer or again later.'); break;
      case 'not_answered':
        await toCustomer('session.expired', `${s.astrologerName} did not answer`, 'Nothing was charged. Join the waitlist to be told when they are free.');
        await notify(tx, { recipientId: s.astrologerId, kind: 'session.missed', title: `You missed a ${s.mode} request from ${s.customerName}`, body: '', data: { sessionId: s.id } });
        break;
      case 'astrologer_busy': await toCustomer('session.expired', `${s.astrologerName} started another session`, 'You are on the waitlist and will be told when they are free. Nothing was charged.'); break;
      case 'insufficient_balance': await toCustomer('session.cancelled', 'Your balance ran too low to start', 'Recharge your wallet and request again. Nothing was charged.'); break;
      case 'customer_cancelled': await notify(tx, { recipientId: s.astrologerId, kind: 'session.cancelled', title: `${s.customerName} withdrew the ${s.mode} request`, body: '', data: { sessionId: s.id } }); break;
      default: break;
    }
  }

  async function request(caller: Caller, input: { astrologerId: string; mode: Mode }, at: Date, tx: Tx): Promise<SessionView> {
    const a = await repo.astrologerFor(tx, input.astrologerId, input.mode, 'share');
    if (!a || a.status !== 'approved') throw astrologerUnavailable();
    if (a.ratePaise <= 0) throw modeNotOffered();
    if (a.presence === 'busy') throw astrologerBusy();
    if (a.presence !== 'online') throw astrologerOffline();
    const open = (await repo.findOpenFor(tx, caller.id)).find((s) => s.userId === caller.id);
    if (open) throw alreadyOpen(open.id);

    const id = randomUUID();
    const phone = cfg.freeFirstMinutes > 0 ? await repo.phoneOf(tx, caller.id) : null;
    const hash = phone ? phoneHash(phone) : null;
    const free = hash && !(await repo.freeSessionClaimed(tx, hash)) ? cfg.freeFirstMinutes : 0;
    const needed = Math.max(0, cfg.minMinutes - free) * a.ratePaise;
    const available = (await balance(tx, caller.id)).availablePaise;
    if (available < needed) throw balanceTooLow(needed - available, cfg.minMinutes);

    const expiresAt = new Date(at.getTime() + cfg.acceptSeconds * 1000);
    try {
      await tx.query('SAVEPOINT session_request');
      await repo.insertRequest(tx, { id, userId: caller.id, astrologerId: a.id, mode: input.mode, ratePaise: a.ratePaise, at, expiresAt, freeMinutes: free });
    } catch (err) {
      await tx.query('ROLLBACK TO SAVEPOINT session_request');
      if (isUniqueViolation(err)) throw alreadyOpen((await repo.findOpenFor(tx, caller.id)).find((s) => s.userId === caller.id)?.id ?? '');
      throw err;
    }
    // Two requests from one phone at once: the claim's primary key lets one keep the free minutes.
    if (free > 0 && !(await repo.claimFreeSession(tx, hash!, caller.id, id))) {
      await repo.update(tx, id, at, { free_minutes: 0 });
      if (available < cfg.minMinutes * a.ratePaise) throw balanceTooLow(cfg.minMinutes * a.ratePaise - available, cfg.minMinutes);
    }
    await enqueueJob(tx, { name: SESSION_JOBS.expire, payload: { sessionId: id }, runAt: expiresAt, singletonKey: id });
    const s = await reload(tx, id);
    await notify(tx, {
      recipientId: a.id, kind: 'session.requested', title: `${s.customerName} wants to ${input.mode} now`,
      body: `${rupees(a.ratePaise)}/min · answer within ${cfg.acceptSeconds} s`, data: { sessionId: id, mode: input.mode, url: '/astrologer' },
    });
    return publish(tx, id, at);
  }

  async function accept(tx: Tx, s: SessionRow, at: Date): Promise<SessionView> {
    if (s.status !== 'requested') throw wrongState(s.status, 'accept');
    if (s.expiresAt && s.expiresAt <= at) throw requestExpired();
    await repo.astrologerFor(tx, s.astrologerId, s.mode, 'update');
    if (await repo.hasLiveSession(tx, s.astrologerId)) throw astrologerBusy();

    const available = (await balance(tx, s.userId)).availablePaise;
    const heldMinutes = fundableMinutes(available, s.ratePaise, cfg.maxMinutes - s.freeMinutes);
    const funded = heldMinutes + s.freeMinutes;
    if (funded < 1) {
      await closeRequest(tx, s, 'cancelled', 'insufficient_balance', at);
      return publish(tx, s.id, at);
    }
    if (heldMinutes > 0) await placeHold(tx, { walletOwnerId: s.userId, amountPaise: heldMinutes * s.ratePaise, reference: { type: 'consultation', id: s.id } });
    await repo.update(tx, s.id, at, {
      status: 'active', accepted_at: at, started_at: at, funded_minutes: funded, customer_seen_at: at, astrologer_seen_at: at,
    });
    await tx.query(`UPDATE astrologers SET presence = 'busy' WHERE id = $1`, [s.astrologerId]);
    await enqueueJob(tx, { name: SESSION_JOBS.startTimeout, payload: { sessionId: s.id }, runAt: new Date(at.getTime() + cfg.startSeconds * 1000), singletonKey: s.id });
    await notify(tx, {
      recipientId: s.userId, kind: 'session.accepted', title: `${s.astrologerName} accepted your ${s.mode}`,
      body: s.mode === 'chat' ? 'Say hello — the meter starts with their first reply.' : 'Join now — the meter starts when you are both connected.',
      data: { sessionId: s.id, url: `/session/${s.id}` },
    });
    // Everyone else waiting on this astrologer is told at once, and put on the waitlist.
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM consultations WHERE astrologer_id = $1 AND kind = 'instant' AND status = 'requested' AND id <> $2 ORDER BY requested_at`,
      [s.astrologerId, s.id]);
    for (const { id } of rows) {
      const other = await repo.lockSession(tx, id);
      if (other?.status !== 'requested') continue; // withdrawn or expired meanwhile
      await closeRequest(tx, other, 'expired', 'astrologer_busy', at);
      await repo.addWaitlist(tx, { astrologerId: other.astrologerId, userId: other.userId, mode: other.mode });
      await publish(tx, id, at);
    }
    return publish(tx, s.id, at);
  }

  async function end(tx: Tx, s: SessionRow, party: Party | 'system', reason: string, at: Date, endAt: Date = at): Promise<SessionView> {
    if (s.status === 'requested') {
      if (party !== 'customer') throw wrongState(s.status, 'end');
      await closeRequest(tx, s, 'cancelled', 'customer_cancelled', at);
    } else if (s.status === 'active') {
      await settle(tx, s, endAt, reason, at);
    } else {
      return toView(s, at); // already ended: the first end's outcome stands
    }
    return publish(tx, s.id, at);
  }

  const svc = (fn: (tx: Tx, at: Date) => Promise<SessionView>) => asService(pool, (tx) => fn(tx, now()));

  const jobHandlers: Record<string, JobHandler> = {
    [SESSION_JOBS.expire]: async (tx, payload) => {
      const at = now();
      const s = await repo.lockSession(tx, String(payload.sessionId));
      if (s?.status !== 'requested' || (s.expiresAt && s.expiresAt > at)) return;
      await closeRequest(tx, s, 'expired', 'not_answered', at);
      await publish(tx, s.id, at);
    },
    [SESSION_JOBS.startTimeout]: async (tx, payload) => {
      const at = now();
      const s = await repo.lockSession(tx, String(payload.sessionId));
      if (s?.status !== 'active' || s.firstBilledAt) return;
      await end(tx, s, 'system', s.mode === 'chat' ? 'no_reply' : 'not_connected', at);
    },
    [SESSION_JOBS.deadline]: async (tx, payload) => {
      const at = now();
      const s = await repo.lockSession(tx, String(payload.sessionId));
      if (s?.status !== 'active' || !s.deadlineAt || s.deadlineAt > at) return; // paused or extended since: a later job will come
      await end(tx, s, 'system', 'funds_exhausted', at, s.deadlineAt);
    },
    [SESSION_JOBS.lowBalance]: async (tx, payload) => {
      const at = now();
      const s = await repo.lockSession(tx, String(payload.sessionId));
      if (s?.status !== 'active' || !s.deadlineAt) return;
      const leftMs = s.deadlineAt.getTime() - at.getTime();
      if (leftMs > cfg.warningSeconds * 1000 + 1000 || s.lowBalanceWarnedFor?.getTime() === s.deadlineAt.getTime()) return;
      await repo.update(tx, s.id, at, { low_balance_warned_for: s.deadlineAt });
      await notify(tx, {
        recipientId: s.userId, kind: 'session.low_balance', title: 'About a minute left',
        body: `Recharge now to keep talking to ${s.astrologerName}; the session will not drop.`, data: { sessionId: s.id, url: `/session/${s.id}` },
      });
      await publish(tx, s.id, at, { warning: { secondsLeft: Math.max(0, Math.round(leftMs / 1000)) } });
    },
  };

  return {
    config: cfg,
    jobHandlers,

    /** A customer asks for a chat/call/video now. With an Idempotency-Key a retry returns the first answer. */
    request(caller: Caller, input: { astrologerId: string; mode: Mode }, key?: string): Promise<SessionView> {
      const at = now();
      if (!key) return asService(pool, (tx) => request(caller, input, at, tx));
      return withIdempotency(pool, { identityId: caller.id, key, requestHash: hashRequest({ op: 'session_request', ...input }) }, (tx) => request(caller, input, at, tx));
    },

    accept: (caller: Caller, id: string) => svc(async (tx, at) => accept(tx, (await lockAs(tx, id, caller.id, 'astrologer')).s, at)),

    decline: (caller: Caller, id: string) => svc(async (tx, at) => {
      const { s } = await lockAs(tx, id, caller.id, 'astrologer');
      if (s.status !== 'requested') throw wrongState(s.status, 'decline');
      await closeRequest(tx, s, 'rejected', 'declined', at);
      return publish(tx, s.id, at);
    }),

    /** Either party ends (a customer's pending request is withdrawn). Ending an ended session returns it unchanged. */
    end: (caller: Caller, id: string) => svc(async (tx, at) => {
      const { s, party } = await lockAs(tx, id, caller.id);
      return end(tx, s, party, `${party}_ended`, at);
    }),

    get: (caller: Caller, id: string) => svc(async (tx, at) => {
      const s = await repo.findSession(tx, id);
      if (!s || !partyOf(s, caller.id)) throw sessionNotFound();
      return toView(s, at);
    }),

    /** The caller's instant sessions, newest first, each with its outcome. */
    history: (caller: Caller, q: { limit: number; cursor?: string | undefined }) => asService(pool, async (tx) => {
      const at = now();
      const rows = await repo.listFor(tx, caller.id, q.limit + 1, q.cursor ? decodeTimeCursor(q.cursor) : null);
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map((s) => toView(s, at)), nextCursor: rows.length > q.limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
    }),

    /** The caller's requested and active sessions (an astrologer's incoming requests, a customer's live session). */
    open: (caller: Caller) => asService(pool, async (tx) => {
      const at = now();
      return (await repo.findOpenFor(tx, caller.id)).map((s) => toView(s, at));
    }),

    /** A party reports its media connected or not (calls and video): the meter runs only while both are. */
    media: (caller: Caller, id: string, connected: boolean) => svc(async (tx, at) => {
      const { s, party } = await lockAs(tx, id, caller.id);
      if (s.mode === 'chat') throw notMediaSession();
      if (s.status !== 'active') throw wrongState(s.status, 'connect media in');
      const column = party === 'customer' ? 'customer_media_at' : 'astrologer_media_at';
      const seen = party === 'customer' ? 'customer_seen_at' : 'astrologer_seen_at';
      await repo.update(tx, s.id, at, { [column]: connected ? at : null, [seen]: at });
      const next = await reload(tx, s.id);
      const both = next.customerMediaAt !== null && next.astrologerMediaAt !== null;
      if (both) await startMeter(tx, next, at);
      else await stopMeter(tx, next, at);
      return publish(tx, s.id, at);
    }),

    /** Chat: the astrologer's first reply starts the meter. Called by the chat in the transaction that stores the message. */
    async noteMessage(tx: Tx, consultationId: string, senderId: string, at: Date): Promise<void> {
      const s = await repo.lockSession(tx, consultationId);
      if (!s || s.mode !== 'chat' || s.status !== 'active' || s.firstBilledAt || senderId !== s.astrologerId) return;
      await startMeter(tx, s, at);
      await publish(tx, s.id, at);
    },

    /** After a recharge mid-session: holds what the wallet now affords and pushes the deadline out, without a pause. */
    extend: (caller: Caller, id: string, key: string) => withIdempotency(pool, { identityId: caller.id, key, requestHash: hashRequest({ op: 'session_extend', id }) }, async (tx) => {
      const at = now();
      const { s } = await lockAs(tx, id, caller.id, 'customer');
      if (s.status !== 'active') throw wrongState(s.status, 'extend');
      const available = (await balance(tx, s.userId)).availablePaise;
      const more = fundableMinutes(available, s.ratePaise, cfg.maxMinutes);
      if (more === 0) return toView(s, at);
      await placeHold(tx, { walletOwnerId: s.userId, amountPaise: more * s.ratePaise, reference: { type: 'consultation', id: s.id } });
      const funded = s.fundedMinutes + more;
      const deadline = deadlineFor({ ...s, fundedMinutes: funded });
      await repo.update(tx, s.id, at, { funded_minutes: funded, deadline_at: deadline });
      if (deadline) await scheduleMoneyTimers(tx, s.id, deadline, at);
      return publish(tx, s.id, at);
    }),

    /** Presence heartbeat for sessions a party's sockets are in. */
    touch: (identityId: string, sessionIds: string[]) =>
      sessionIds.length ? asService(pool, (tx) => repo.touchSeen(tx, sessionIds, identityId, now())) : Promise.resolve(),

    /**
     * Ends sessions a party has left: not seen for SESSION_ABSENT_SECONDS (their sockets closed, or the instance
     * serving them died and stopped the heartbeats). Billed only up to the moment the first of them was last seen.
     */
    sweep: () => asService(pool, async (tx) => {
      const at = now();
      const ids = await repo.findAbandoned(tx, new Date(at.getTime() - cfg.absentSeconds * 1000), 50);
      for (const id of ids) {
        const s = (await repo.lockSession(tx, id))!;
        const lastBoth = new Date(Math.min(s.customerSeenAt?.getTime() ?? at.getTime(), s.astrologerSeenAt?.getTime() ?? at.getTime()));
        const endAt = s.deadlineAt && s.deadlineAt < lastBoth ? s.deadlineAt : lastBoth;
        await end(tx, s, 'system', 'abandoned', at, endAt);
      }
      return ids.length;
    }),

    joinWaitlist: (caller: Caller, input: { astrologerId: string; mode: Mode }) => asService(pool, async (tx) => {
      const a = await repo.astrologerFor(tx, input.astrologerId, input.mode, 'share');
      if (!a || a.status !== 'approved') throw astrologerUnavailable();
      if (a.ratePaise <= 0) throw modeNotOffered();
      await repo.addWaitlist(tx, { ...input, userId: caller.id });
      return { astrologerId: input.astrologerId, mode: input.mode, waiting: true };
    }),

    leaveWaitlist: (caller: Caller, astrologerId: string) => asService(pool, (tx) => repo.removeWaitlist(tx, astrologerId, caller.id)),

    /** Whether the identity is a party of the session (the socket layer's room check). */
    isParty: (identityId: string, id: string) => asService(pool, async (tx) => {
      const s = await repo.findSession(tx, id);
      return s ? partyOf(s, identityId) : null;
    }),
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
export { MINUTE_MS };
