import { describe, expect, it } from 'vitest';
import { DEFAULT_BOOKING_CONFIG as cfg, canTransition, lateCancelFee, requestExpiresAt, settlementFor, type BookingState } from '../src/index.js';

const start = new Date('2026-12-08T04:30:00Z');
const booking = (status: BookingState['status'], pricePaise = 10_001): BookingState =>
  ({ status, scheduledStart: start, scheduledEnd: new Date(start.getTime() + 3_600_000), expiresAt: null, pricePaise });

describe('booking rules', () => {
  it('allows only the documented transitions', () => {
    expect(canTransition('pending', 'confirmed')).toBe(true);
    expect(canTransition('confirmed', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'completed')).toBe(true);
    expect(canTransition('pending', 'completed')).toBe(false);
    expect(canTransition('in_progress', 'cancelled')).toBe(false);
    expect(canTransition('expired', 'pending')).toBe(false);
  });

  it('charges no fee exactly 24 h ahead and half the price (rounded half up) a millisecond later', () => {
    expect(lateCancelFee(10_001, start, new Date(start.getTime() - 24 * 3_600_000), cfg)).toBe(0);
    expect(lateCancelFee(10_001, start, new Date(start.getTime() - 24 * 3_600_000 + 1), cfg)).toBe(5_001);
  });

  it('captures the full price on completion and releases on every other end', () => {
    const now = new Date(start.getTime() - 60_000);
    expect(settlementFor(booking('in_progress'), 'completed', 'astrologer', now, cfg)).toEqual({ kind: 'capture', capturePaise: 10_001, commissionBps: 3_000 });
    expect(settlementFor(booking('pending'), 'cancelled', 'customer', now, cfg)).toEqual({ kind: 'release' });
    expect(settlementFor(booking('confirmed'), 'cancelled', 'customer', now, cfg)).toEqual({ kind: 'capture', capturePaise: 5_001, commissionBps: 3_000 });
    expect(settlementFor(booking('confirmed'), 'cancelled', 'astrologer', now, cfg)).toEqual({ kind: 'release' });
    expect(settlementFor(booking('confirmed'), 'no_show', 'system', now, cfg)).toEqual({ kind: 'release' });
    expect(settlementFor(booking('pending'), 'confirmed', 'astrologer', now, cfg)).toEqual({ kind: 'none' });
  });

  it('expires a request after the TTL but never after its slot starts', () => {
    const now = new Date(start.getTime() - 5 * 60_000);
    expect(requestExpiresAt(now, start, cfg)).toEqual(start);
    expect(requestExpiresAt(new Date(start.getTime() - 3_600_000), start, cfg)).toEqual(new Date(start.getTime() - 45 * 60_000));
  });
});
