import type { Pool } from '@ap/db';
import { startJobRunner } from '@ap/jobs';
import { webPushConfigFromEnv, type WebPushEnv } from './config.js';
import { createNotificationService, type NotificationService } from './service.js';

export interface WebPushJobsOptions {
  pool: Pool;
  service: NotificationService;
  log: (msg: string, extra?: Record<string, unknown>) => void;
  pollIntervalMs?: number;
  concurrency?: number;
}

/** The worker that sends queued Web Push messages; run it in every communication instance (SKIP LOCKED shares the work). */
export function startWebPushJobs({ pool, service, log, pollIntervalMs, concurrency = 4 }: WebPushJobsOptions) {
  const runner = startJobRunner({ pool, handlers: service.jobHandlers, log, concurrency, ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}) });
  return { stop: () => runner.stop(), drain: () => runner.drain() };
}

interface Logger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** What a service's main.ts starts: the push worker over the configured keys, with its state in the log. */
export function startWebPushWorker({ pool, env, logger }: { pool: Pool; env: WebPushEnv; logger: Logger }) {
  const log = (msg: string, extra?: Record<string, unknown>) => logger.warn(extra ?? {}, msg);
  const service = createNotificationService({ pool, webPush: webPushConfigFromEnv(env), log });
  service.describePush().then((state) => logger.info({}, state), (err: Error) => log('web push keys unavailable', { error: err.message }));
  return startWebPushJobs({ pool, service, log });
}
