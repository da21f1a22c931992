export { createBookingService, BOOKING_JOBS, type BookingService, type BookingDeps, type SlotSource, type Notify } from './service.js';
export { customerBookingRoutes, astrologerBookingRoutes } from './http.js';
export { startBookingJobs, type BookingJobsOptions } from './jobs.js';
export { bookingEnv, bookingConfigFromEnv, type BookingEnv } from './config.js';
export {
  BOOKING_STATUSES, LIVE_STATUSES, DEFAULT_BOOKING_CONFIG, canTransition, settlementFor, transitionProblem, lateCancelFee, offeredSlot,
  requestExpiresAt, type BookingConfig, type BookingStatus, type BookingState, type Actor, type Settlement,
} from './rules.js';
export * as bookingSchemas from './schemas.js';
