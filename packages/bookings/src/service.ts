import { randomUUID } from 'node:crypto';
import { availabilityRepo, type AvailabilitySettings, type Interval } from '@ap/availability';
import { DomainError, encodeCursor } from '@ap/core';
import { asService, decodeTimeCursor, type Pool, type Queryable, type Tx } from '@ap/db';
import { enqueueJob, type JobHandler } from '@ap/jobs';
import { captureHold, hashRequest, placeHold, releaseHold, withIdempotency } from '@ap/ledger';
import { insertNotification, type NotificationInput } from '@ap/notifications';
import { astrologerNotFound, bookingNotFound, insufficientForBooking, modeNotOffered, slotUnavailable, transitionRefused } from './errors.js';
import * as repo from './repo.js';
import {
  DEFAULT_BOOKING_CONFIG, offeredSlot, requestExpiresAt, settlementFor, transitionProblem, type Actor, type BookingConfig, type BookingStatus,
} from './rules.js';
import type { AstrologerBooking, BookInput, BookingPolicy, CustomerBooking, ListQuery } from './schemas.js';

/** Where bookable slots come from: the availability capability's settings and busy time, read in our transaction. */
export interface SlotSource {
  findBookableSettings(db: Queryable, astrologerId: string): Promise<AvailabilitySettings | null>;
  findBusyIntervals(db: Queryable, astrologerId: string, from: Date, to: Date): Promise<Interval[]>;
}

/** Writes a notification in the given transaction (so it commits with the change it announces). */
export type Notify = (tx: Tx, n: NotificationInput) => Promise<unknown>;

export interface BookingDeps {
  pool: Pool;
  availability?: SlotSource;
  notify?: Notify;
  config?: Partial<BookingConfig>;
  /** The clock; tests move it. */
  now?: () => Date;
}

interface Caller {
  id: string;
}

export const BOOKING_JOBS = {
  expire: 'booking.expire',
  remind: 'booking.remind',
  noShow: 'booking.no_show',
} as const;

const DAY = 86_400_000;
const MINUTE = 60_000;

function money(r: repo.BookingRow) {
  return r.heldPaise === null ? null : { heldPaise: r.heldPaise, capturedPaise: r.capturedPaise!, releasedPaise: r.releasedPaise! };
}

function common(r: repo.BookingRow) {
  return {
    id: r.id, mode: r.mode, status: r.status, pricePaise: r.pricePaise,
    slotStart: r.scheduledStart.toISOString(), slotEnd: r.scheduledEnd.toISOString(), expiresAt: r.expiresAt?.toISOString() ?? null,
    cancelledBy: r.cancelledBy, money: money(r), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

const toCustomer = (r: repo.BookingRow): CustomerBooking => ({ ...common(r), astrologer: { id: r.astrologerId, name: r.astrologerName } });
const toAstrologer = (r: repo.BookingRow): AstrologerBooking => ({ ...common(r), customer: { name: r.customerName } });

const rupees = (paise: number) => `₹${(paise / 100).toFixed(2)}`;
const isExclusionViolation = (err: unknown) => (err as { code?: string } | null)?.code === '23P01';

/**
 * Scheduled bookings. Every money movement happens in the transaction that changes the booking's status, under a
 * lock on the booking row (or, for a new booking, on the astrologer's schedule), so a booking is never in a state
 * its hold contradicts: pending/confirmed/in_progress hold the price; every other state has settled it.
 */
export function createBookingService({ pool, availability = availabilityRepo, notify = insertNotification, config = {}, now = () => new Date() }: BookingDeps) {
  const cfg: BookingConfig = { ...DEFAULT_BOOKING_CONFIG, ...config };

  async function settle(tx: Tx, b: repo.BookingRow, to: BookingStatus, actor: Actor, at: Date): Promise<void> {
    const settlement = settlementFor(b, to, actor, at, cfg);
    if (settlement.kind === 'none') return;
    const holdId = await repo.findHoldId(tx, b.id);
    if (!holdId) throw new Error(`scheduled consultation ${b.id} has no hold`);
    if (settlement.kind === 'release') await releaseHold(tx, holdId);
    else await captureHold(tx, { holdId, capturePaise: settlement.capturePaise, earningsOwnerId: b.astrologerId, commissionBps: settlement.commissionBps });
  }

  async function announce(tx: Tx, b: repo.BookingRow, to: BookingStatus, actor: Actor): Promise<void> {
    const when = b.scheduledStart.toISOString();
    const data = { consultationId: b.id, slotStart: when };
    const toCustomerMsg = (kind: string, title: string, body: string) => notify(tx, { recipientId: b.userId, kind, title, body, data });
    const toAstrologerMsg = (kind: string, title: string, body: string) => notify(tx, { recipientId: b.astrologerId, kind, title, body, data });
    const refund = `${rupees(b.pricePaise)} is back in your wallet.`;
    switch (to) {
      case 'confirmed': await toCustomerMsg('booking.confirmed', `${b.astrologerName} confirmed your booking`, `Your ${b.mode} is booked for ${when}.`); break;
      case 'declined': await toCustomerMsg('booking.declined', `${b.astrologerName} declined your booking`, refund); break;
      case 'expired': await toCustomerMsg('booking.expired', `${b.astrologerName} did not answer in time`, refund); break;
      case 'no_show': await toCustomerMsg('booking.no_show', 'Your booked session did not take place', refund);
        await toAstrologerMsg('booking.no_show', `The session with ${b.customerName} was closed as a no-show`, 'The customer was refunded.'); break;
      case 'completed': await toCustomerMsg('booking.completed', `Your session with ${b.astrologerName} is complete`, `${rupees(b.pricePaise)} was charged.`); break;
      case 'cancelled':
        if (actor === 'customer') await toAstrologerMsg('booking.cancelled', `${b.customerName} cancelled a booking`, `The ${b.mode} at ${when} is free again.`);
        else await toCustomerMsg('booking.cancelled', `${b.astrologerName} cancelled your booking`, refund);
        break;
      default: break;
    }
  }

  async function scheduleAfterConfirm(tx: Tx, b: repo.BookingRow, at: Date): Promise<void> {
    const payload = { consultationId: b.id };
    const remindAt = new Date(Math.max(at.getTime(), b.scheduledStart.getTime() - cfg.reminderLeadMinutes * MINUTE));
    await enqueueJob(tx, { name: BOOKING_JOBS.remind, payload, runAt: remindAt, singletonKey: b.id });
    await enqueueJob(tx, { name: BOOKING_JOBS.noShow, payload, runAt: new Date(b.scheduledEnd.getTime() + cfg.noShowGraceMinutes * MINUTE), singletonKey: b.id });
  }

  /** Moves a locked booking: checks the rule, settles the money, records the status, schedules timers, notifies. */
  async function move(tx: Tx, b: repo.BookingRow, to: BookingStatus, actor: Actor): Promise<repo.BookingRow> {
    const at = now();
    const problem = transitionProblem(b, to, actor, at, cfg);
    if (problem) throw transitionRefused(problem.code, problem.message, b.status, to);
    await settle(tx, b, to, actor, at);
    const moved = await repo.updateStatus(tx, b.id, to, at, to === 'cancelled' ? (actor === 'customer' ? 'customer' : 'astrologer') : b.cancelledBy);
    if (to === 'confirmed') await scheduleAfterConfirm(tx, b, at);
    await announce(tx, b, to, actor);
    return moved;
  }

  async function lockOwn(tx: Tx, id: string, party: { userId?: string; astrologerId?: string }): Promise<repo.BookingRow> {
    const b = await repo.lockBooking(tx, id);
    // Someone else's booking looks exactly like a missing one.
    if (!b || (party.userId && b.userId !== party.userId) || (party.astrologerId && b.astrologerId !== party.astrologerId)) throw bookingNotFound();
    return b;
  }

  /** A timer's move: a no-op unless the booking is still where the timer expects it. */
  const timerMove = (expected: BookingStatus, to: BookingStatus): JobHandler => async (tx, payload) => {
    const b = await repo.lockBooking(tx, String(payload.consultationId));
    if (b?.status === expected) await move(tx, b, to, 'system');
  };

  const jobHandlers: Record<string, JobHandler> = {
    [BOOKING_JOBS.expire]: timerMove('pending', 'expired'),
    [BOOKING_JOBS.noShow]: timerMove('confirmed', 'no_show'),
    [BOOKING_JOBS.remind]: async (tx, payload) => {
      const b = await repo.lockBooking(tx, String(payload.consultationId));
      if (b?.status !== 'confirmed') return;
      const data = { consultationId: b.id, slotStart: b.scheduledStart.toISOString() };
      await notify(tx, { recipientId: b.userId, kind: 'booking.reminder', title: `Your ${b.mode} with ${b.astrologerName} starts soon`, body: data.slotStart, data });
      await notify(tx, { recipientId: b.astrologerId, kind: 'booking.reminder', title: `Your ${b.mode} with ${b.customerName} starts soon`, body: data.slotStart, data });
    },
  };

  async function list<T>(party: 'user_id' | 'astrologer_id', partyId: string, q: ListQuery, view: (r: repo.BookingRow) => T) {
    const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
    // Service role with the ownership predicate in SQL: an astrologer may not read `users` under RLS, yet sees the
    // customer's name (and only the name) of their own bookings.
    const rows = await asService(pool, (tx) =>
      repo.listBookings(tx, { party, partyId, filter: q.filter, status: q.status, now: now(), limit: q.limit + 1, after }));
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return { items: page.map(view), nextCursor: rows.length > q.limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
  }

  return {
    config: cfg,
    jobHandlers,

    policy(): BookingPolicy {
      const pct = (bps: number) => `${bps / 100}%`;
      return {
        ...cfg,
        rules: [
          `The slot's price is reserved from your wallet when you book; the astrologer has ${cfg.requestTtlMinutes} minutes to confirm, or it is refunded in full.`,
          'Withdrawing a request the astrologer has not confirmed yet is free.',
          `Cancelling a confirmed booking at least ${cfg.freeCancelHours} hours before it starts is free; later, ${pct(cfg.lateCancelFeeBps)} of the price is charged.`,
          'If the astrologer declines, cancels or does not show up, everything is refunded.',
          `A completed session is charged in full; the platform keeps ${pct(cfg.commissionBps)} as commission.`,
        ],
      };
    },

    /**
     * Books a free slot: in ONE transaction (with the Idempotency-Key), the astrologer's schedule is locked, the slot
     * re-checked against live availability, the price held from the wallet, the consultation created pending, its
     * expiry timer scheduled and the astrologer notified. Any failure undoes all of it, hold included.
     */
    async book(caller: Caller, input: BookInput, key: string): Promise<CustomerBooking> {
      const start = new Date(input.slotStart);
      const requestHash = hashRequest({ op: 'book_consultation', astrologerId: input.astrologerId, mode: input.mode, slotStart: start.toISOString() });
      return withIdempotency(pool, { identityId: caller.id, key, requestHash }, async (tx) => {
        const at = now();
        await repo.lockAstrologerSchedule(tx, input.astrologerId);
        const settings = await availability.findBookableSettings(tx, input.astrologerId);
        if (!settings) throw astrologerNotFound();
        const busy = await availability.findBusyIntervals(tx, input.astrologerId, new Date(start.getTime() - DAY), new Date(start.getTime() + DAY));
        const slot = offeredSlot(settings, busy, start, at);
        if (!slot || settings.pricePaise <= 0) throw slotUnavailable();
        if (!(await repo.offersMode(tx, input.astrologerId, input.mode))) throw modeNotOffered(input.mode);

        const id = randomUUID();
        const pricePaise = settings.pricePaise;
        await placeHold(tx, { walletOwnerId: caller.id, amountPaise: pricePaise, reference: { type: 'consultation', id } }).catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'insufficient_balance') throw insufficientForBooking(Number(err.extra.shortfallPaise), pricePaise);
          throw err;
        });
        const expiresAt = requestExpiresAt(at, slot.start, cfg);
        await repo.insertBooking(tx, { id, userId: caller.id, astrologerId: input.astrologerId, mode: input.mode, pricePaise, start: slot.start, end: slot.end, expiresAt })
          .catch((err: unknown) => {
            // The exclusion constraint: someone holds an overlapping live booking that the check above did not see.
            if (isExclusionViolation(err)) throw slotUnavailable();
            throw err;
          });
        await enqueueJob(tx, { name: BOOKING_JOBS.expire, payload: { consultationId: id }, runAt: expiresAt, singletonKey: id });
        const b = (await repo.findBooking(tx, id))!;
        await notify(tx, {
          recipientId: b.astrologerId, kind: 'booking.requested', title: `${b.customerName} requested a ${b.mode} session`,
          body: `For ${b.scheduledStart.toISOString()}; confirm before ${expiresAt.toISOString()} or it expires.`,
          data: { consultationId: id, slotStart: b.scheduledStart.toISOString(), expiresAt: expiresAt.toISOString() },
        });
        return toCustomer(b);
      });
    },

    /** The customer cancels their own booking (Idempotency-Key: a retry gets the first answer). */
    cancel(caller: Caller, id: string, key: string): Promise<CustomerBooking> {
      return withIdempotency(pool, { identityId: caller.id, key, requestHash: hashRequest({ op: 'cancel_consultation', id }) }, async (tx) =>
        toCustomer(await move(tx, await lockOwn(tx, id, { userId: caller.id }), 'cancelled', 'customer')));
    },

    /** The booking's astrologer moves it. Asking for the status it already has is answered with it, unchanged (a retried PUT). */
    changeStatus(caller: Caller, id: string, to: BookingStatus): Promise<AstrologerBooking> {
      return asService(pool, async (tx) => {
        const b = await lockOwn(tx, id, { astrologerId: caller.id });
        return toAstrologer(b.status === to ? b : await move(tx, b, to, 'astrologer'));
      });
    },

    listForCustomer: (caller: Caller, q: ListQuery) => list('user_id', caller.id, q, toCustomer),
    listForAstrologer: (caller: Caller, q: ListQuery) => list('astrologer_id', caller.id, q, toAstrologer),

    /** Runs one timer's handler now, in its own transaction (operations and tests; the runner does this by itself). */
    runJob: (name: string, payload: Record<string, unknown>) => asService(pool, async (tx) => {
      const handler = jobHandlers[name];
      if (!handler) throw new Error(`unknown booking job ${name}`);
      await handler(tx, payload, { id: 0, name, payload, runAt: now(), attempts: 0, maxAttempts: 1 });
    }),
  };
}

export type BookingService = ReturnType<typeof createBookingService>;
