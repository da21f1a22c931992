import { computeSlots, type AvailabilitySettings, type Interval } from '@ap/availability';
import { splitCapture } from '@ap/ledger';

/**
 * Booking rules, pure: no I/O, clock or env (the clock is passed in). Money is integer paise, rates basis points.
 */

export const BOOKING_STATUSES = ['pending', 'confirmed', 'declined', 'expired', 'cancelled', 'in_progress', 'completed', 'no_show'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];
/** Statuses in which a booking occupies its slot and holds the customer's money. */
export const LIVE_STATUSES = ['pending', 'confirmed', 'in_progress'] as const satisfies readonly BookingStatus[];

export type Actor = 'customer' | 'astrologer' | 'system';

const TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  pending: ['confirmed', 'declined', 'expired', 'cancelled'],
  confirmed: ['in_progress', 'cancelled', 'no_show'],
  in_progress: ['completed'],
  declined: [], expired: [], cancelled: [], completed: [], no_show: [],
};

/** What each party may ask for; the timers (system) only expire requests and close sessions nobody started. */
const ALLOWED_BY: Record<Actor, readonly BookingStatus[]> = {
  customer: ['cancelled'],
  astrologer: ['confirmed', 'declined', 'in_progress', 'completed', 'cancelled', 'no_show'],
  system: ['expired', 'no_show'],
};

export const canTransition = (from: BookingStatus, to: BookingStatus) => TRANSITIONS[from].includes(to);

export interface BookingConfig {
  /** An unanswered request expires after this long (and never later than its slot's start). */
  requestTtlMinutes: number;
  /** Both parties are reminded this long before the slot. */
  reminderLeadMinutes: number;
  /** A confirmed booking nobody started is closed as a no-show this long after the slot's end. */
  noShowGraceMinutes: number;
  /** The astrologer may start the session this long before the slot. */
  earlyStartMinutes: number;
  /** A customer cancelling a confirmed booking at least this long before its start gets everything back. */
  freeCancelHours: number;
  /** …later than that, this share of the price is kept (and split like a completed booking). */
  lateCancelFeeBps: number;
  /** The platform's share of whatever is captured; the astrologer earns the rest. */
  commissionBps: number;
}

export const DEFAULT_BOOKING_CONFIG: BookingConfig = {
  requestTtlMinutes: 15, reminderLeadMinutes: 15, noShowGraceMinutes: 10, earlyStartMinutes: 5,
  freeCancelHours: 24, lateCancelFeeBps: 5_000, commissionBps: 3_000,
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The free slot starting exactly at `start`, if the astrologer offers it now (notice, horizon, busy time, buffer). */
export function offeredSlot(settings: AvailabilitySettings, busy: readonly Interval[], start: Date, now: Date): Interval | null {
  const [slot] = computeSlots(settings, busy, { from: start, to: new Date(start.getTime() + 1) }, now);
  return slot && slot.start.getTime() === start.getTime() ? slot : null;
}

/** When an unanswered request lapses: after the TTL, but never after the slot has begun. */
export const requestExpiresAt = (now: Date, slotStart: Date, c: Pick<BookingConfig, 'requestTtlMinutes'>) =>
  new Date(Math.min(now.getTime() + c.requestTtlMinutes * MINUTE, slotStart.getTime()));

export interface BookingState {
  status: BookingStatus;
  scheduledStart: Date;
  scheduledEnd: Date;
  expiresAt: Date | null;
  pricePaise: number;
}

export interface TransitionProblem {
  code: 'invalid_transition' | 'request_expired' | 'too_early';
  message: string;
}

/** Why `actor` may not move the booking to `to` now, or null when it may. */
export function transitionProblem(b: BookingState, to: BookingStatus, actor: Actor, now: Date, c: BookingConfig): TransitionProblem | null {
  if (!canTransition(b.status, to) || !ALLOWED_BY[actor].includes(to)) {
    return { code: 'invalid_transition', message: `a ${b.status} booking cannot become ${to}` };
  }
  const t = now.getTime();
  if (to === 'confirmed' && b.expiresAt && b.expiresAt.getTime() <= t) return { code: 'request_expired', message: 'this request has expired' };
  if (to === 'in_progress' && t < b.scheduledStart.getTime() - c.earlyStartMinutes * MINUTE) {
    return { code: 'too_early', message: `the session can start at most ${c.earlyStartMinutes} minutes before the slot` };
  }
  if (to === 'no_show' && t < b.scheduledStart.getTime()) return { code: 'too_early', message: 'a no-show is reported after the slot has begun' };
  return null;
}

/** What happens to the held price when a booking moves: nothing yet, all of it back, or a capture (rest back). */
export type Settlement =
  | { kind: 'none' }
  | { kind: 'release' }
  | { kind: 'capture'; capturePaise: number; commissionBps: number };

/** The fee a customer pays for cancelling a confirmed booking now: 0 when at least freeCancelHours ahead. */
export function lateCancelFee(pricePaise: number, scheduledStart: Date, now: Date, c: BookingConfig): number {
  if (scheduledStart.getTime() - now.getTime() >= c.freeCancelHours * HOUR) return 0;
  // splitCapture rounds the share half up, exactly as the commission is rounded.
  return splitCapture(pricePaise, c.lateCancelFeeBps).platformPaise;
}

/**
 * The money rule of a move (DESIGN §4, refunds by rule):
 *  - completed: the full price is captured; the platform keeps the commission, the astrologer earns the rest;
 *  - the customer cancels a confirmed booking late: the fee is captured the same way, the rest released;
 *  - everything else that ends a booking (an unconfirmed request withdrawn, declined, expired, cancelled by the
 *    astrologer, no-show): everything is released.
 * A customer withdrawing a request the astrologer has not confirmed pays nothing: nobody's time was committed.
 */
export function settlementFor(b: BookingState, to: BookingStatus, actor: Actor, now: Date, c: BookingConfig): Settlement {
  if (to === 'confirmed' || to === 'in_progress') return { kind: 'none' };
  if (to === 'completed') return { kind: 'capture', capturePaise: b.pricePaise, commissionBps: c.commissionBps };
  if (to === 'cancelled' && actor === 'customer' && b.status === 'confirmed') {
    const fee = lateCancelFee(b.pricePaise, b.scheduledStart, now, c);
    return fee > 0 ? { kind: 'capture', capturePaise: fee, commissionBps: c.commissionBps } : { kind: 'release' };
  }
  return { kind: 'release' };
}
