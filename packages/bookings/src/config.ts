import { z } from '@ap/http';
import type { BookingConfig } from './rules.js';

const minutes = (max: number, dflt: number, min = 0) => z.coerce.number().int().min(min).max(max).default(dflt);
const bps = (dflt: number) => z.coerce.number().int().min(0).max(10_000).default(dflt);

/** Environment variables of the booking rules; merge into the user and astrologer services' env schemas. */
export const bookingEnv = {
  BOOKING_REQUEST_TTL_MINUTES: minutes(1_440, 15, 1),
  BOOKING_REMINDER_MINUTES: minutes(1_440, 15),
  BOOKING_NO_SHOW_GRACE_MINUTES: minutes(1_440, 10),
  BOOKING_EARLY_START_MINUTES: minutes(60, 5),
  BOOKING_FREE_CANCEL_HOURS: z.coerce.number().int().min(0).max(720).default(24),
  BOOKING_LATE_CANCEL_FEE_BPS: bps(5_000),
  BOOKING_COMMISSION_BPS: bps(3_000),
};

export type BookingEnv = { [K in keyof typeof bookingEnv]: z.output<(typeof bookingEnv)[K]> };

export const bookingConfigFromEnv = (env: BookingEnv): BookingConfig => ({
  requestTtlMinutes: env.BOOKING_REQUEST_TTL_MINUTES,
  reminderLeadMinutes: env.BOOKING_REMINDER_MINUTES,
  noShowGraceMinutes: env.BOOKING_NO_SHOW_GRACE_MINUTES,
  earlyStartMinutes: env.BOOKING_EARLY_START_MINUTES,
  freeCancelHours: env.BOOKING_FREE_CANCEL_HOURS,
  lateCancelFeeBps: env.BOOKING_LATE_CANCEL_FEE_BPS,
  commissionBps: env.BOOKING_COMMISSION_BPS,
});
