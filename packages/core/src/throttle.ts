export interface LimitSpec {
  /** Unique per limit; the counters of every instance of every service share it. */
  name: string;
  points: number;
  durationSeconds: number;
}

/** Counts events against a limit; throws a `too_many` DomainError (with retryAfterSeconds) once it is used up. */
export interface Throttle {
  consume(spec: LimitSpec, key: string, code?: string, message?: string): Promise<void>;
}
