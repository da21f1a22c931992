import type { Pool } from '@ap/db';
import { startJobRunner } from '@ap/jobs';
import type { BookingService } from './service.js';

export interface BookingJobsOptions {
  pool: Pool;
  service: BookingService;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  pollIntervalMs?: number;
  /** Tests freeze the clock that decides which timers are due; defaults to the wall clock. */
  now?: () => Date;
}

/**
 * Fires the booking timers (request expiry, reminders, no-shows) from the durable `jobs` table. Safe to start in
 * every instance of the user service, or in a separate worker: each due job runs once, in one of them.
 */
export function startBookingJobs({ pool, service, log, pollIntervalMs, now }: BookingJobsOptions) {
  const runner = startJobRunner({
    pool, handlers: service.jobHandlers, log,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}), ...(now ? { now } : {}),
  });
  return { stop: () => runner.stop(), drain: () => runner.drain() };
}
