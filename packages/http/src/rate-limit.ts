import { tooMany, type LimitSpec, type Throttle } from '@ap/core';
import type { Pool } from '@ap/db';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/**
 * Rate limits whose counters hold across instances: in Redis when REDIS_URL is set, else in PostgreSQL
 * (app_meta.rate_limits, created by a migration). When Redis is down or not (yet) connected, each instance counts in
 * its own memory instead (rate-limiter-flexible's insurance limiter, same points and duration), so limits still hold
 * per instance and no request fails because of Redis; the shared counters resume when Redis is back.
 */
export class RateLimits implements Throttle {
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  constructor(
    private readonly store: { pool: Pool } | { redis: Redis },
    /** Prefixes every key, so deployments (or test runs) sharing one Redis never share counters. */
    private readonly namespace = 'ap',
  ) {}

  private limiter(spec: LimitSpec): RateLimiterAbstract {
    let l = this.limiters.get(spec.name);
    if (!l) {
      const base = { keyPrefix: `${this.namespace}_${spec.name}`, points: spec.points, duration: spec.durationSeconds };
      l =
        'redis' in this.store
          ? new RateLimiterRedis({
              ...base,
              storeClient: this.store.redis,
              // Fail over at once rather than waiting for ioredis' retries while Redis is unreachable.
              rejectIfRedisNotReady: true,
              insuranceLimiter: new RateLimiterMemory(base),
            })
          : new RateLimiterPostgres({
              ...base,
              storeClient: this.store.pool,
              schemaName: 'app_meta',
              tableName: 'rate_limits',
              tableCreated: true,
              clearExpiredByTimeout: false,
            });
      this.limiters.set(spec.name, l);
    }
    return l;
  }

  /** Counts one event for key; throws 429 (with Retry-After) once the limit is used up. */
  async consume(spec: LimitSpec, key: string, code = 'rate_limited', message = 'too many requests; slow down'): Promise<void> {
    try {
      await this.limiter(spec).consume(key);
    } catch (err) {
      if (err instanceof RateLimiterRes) throw tooMany(code, message, err.msBeforeNext / 1000);
      throw err;
    }
  }
}
