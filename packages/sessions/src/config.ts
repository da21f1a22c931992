import { z } from '@ap/http';

const int = (min: number, max: number, dflt: number) => z.coerce.number().int().min(min).max(max).default(dflt);

/** Environment variables of live sessions; merged into the communication service's env schema. */
export const sessionEnv = {
  /** A request needs this many minutes of available balance at the astrologer's rate. */
  SESSION_MIN_MINUTES: int(1, 60, 5),
  /** Seconds the astrologer has to accept a request. */
  SESSION_ACCEPT_SECONDS: int(10, 600, 60),
  /** Seconds after accepting within which a chat needs the astrologer's first reply (a call: both connected). */
  SESSION_START_SECONDS: int(30, 900, 120),
  /** A party not seen for this long ends the session (billed up to when they were last there). */
  SESSION_ABSENT_SECONDS: int(30, 900, 120),
  /** The low-balance warning comes this long before the money runs out. */
  SESSION_WARNING_SECONDS: int(10, 600, 60),
  /** Longest session one hold funds; a recharge can extend it. */
  SESSION_MAX_MINUTES: int(5, 600, 120),
  /** Free minutes of a customer's first session (once per phone number), paid from the promotional account. 0 = off. */
  SESSION_FREE_FIRST_MINUTES: int(0, 60, 0),
  SESSION_COMMISSION_BPS: int(0, 10_000, 3_000),
};

export type SessionEnv = { [K in keyof typeof sessionEnv]: z.output<(typeof sessionEnv)[K]> };

export interface SessionConfig {
  minMinutes: number;
  acceptSeconds: number;
  startSeconds: number;
  absentSeconds: number;
  warningSeconds: number;
  maxMinutes: number;
  freeFirstMinutes: number;
  commissionBps: number;
}

export const DEFAULT_SESSION_CONFIG: SessionConfig = {
  minMinutes: 5, acceptSeconds: 60, startSeconds: 120, absentSeconds: 120, warningSeconds: 60, maxMinutes: 120, freeFirstMinutes: 0, commissionBps: 3_000,
};

export const sessionConfigFromEnv = (env: SessionEnv): SessionConfig => ({
  minMinutes: env.SESSION_MIN_MINUTES,
  acceptSeconds: env.SESSION_ACCEPT_SECONDS,
  startSeconds: env.SESSION_START_SECONDS,
  absentSeconds: env.SESSION_ABSENT_SECONDS,
  warningSeconds: env.SESSION_WARNING_SECONDS,
  maxMinutes: env.SESSION_MAX_MINUTES,
  freeFirstMinutes: env.SESSION_FREE_FIRST_MINUTES,
  commissionBps: env.SESSION_COMMISSION_BPS,
});
