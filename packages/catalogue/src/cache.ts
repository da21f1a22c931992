import type { Queryable } from '@ap/db';
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';

/**
 * Read-through cache for public catalogue reads (listings, profiles, slot inputs).
 *
 * An entry is stored under the database's cache versions of what it depends on (`catalogue_versions`, bumped by
 * triggers in the writing transaction), read before the entry is loaded. A change therefore invalidates every entry
 * it affects as it commits, in every instance, whoever wrote it; a read that raced a write stored its result under
 * the old version, where nobody looks again. The TTL only bounds memory and what the clock changes.
 *
 * Entries are shared by every caller, so they hold public data only (loaded as `anon`); personal fields and live
 * presence are overlaid per request by the catalogue service.
 */
export interface ReadCache {
  read<T>(name: CacheName, versionKeys: string[], key: string, load: () => Promise<T>, opts?: { ttlSeconds?: number }): Promise<T>;
  /**
   * read() for a request that also needs live data about the cached value (the presence of the cards on a page): the
   * entry is fetched first, then `check` reads the current versions and that live data in one round trip, and the
   * entry is used only if it was stored at those versions. `live` is null when the value was loaded just now.
   */
  readChecked<T, L>(
    name: CacheName, key: string, check: (cached: T | undefined) => Promise<{ versions: string; live: L }>, load: () => Promise<T>,
  ): Promise<{ value: T; live: L | null }>;
  /** The current versions of keys, as readAt takes them. */
  versions(keys: string[]): Promise<string>;
  /** read() with the versions already read (catalogue_versions_of, joined with '.'), when a request reads them with other live data. */
  readAt<T>(name: CacheName, versions: string, key: string, load: () => Promise<T>, opts?: { ttlSeconds?: number }): Promise<T>;
  /** Adds hit/miss/bypass counters to a service's /metrics. */
  registerMetrics(registry: Registry): void;
  stats(): Record<CacheName, Record<CacheResult, number>>;
}

export type CacheName = 'search' | 'detail' | 'slots';
type CacheResult = 'hit' | 'miss' | 'bypass';

/** Where entries live: in this process (LRU) or in Redis (shared by every instance). */
export interface CacheStore {
  readonly kind: 'memory' | 'redis';
  /** undefined when absent; throws when the store cannot answer. */
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

/** An LRU of at most maxEntries live entries; values are shared objects, never mutated by readers. */
export function memoryStore(maxEntries: number, clock: () => number = Date.now): CacheStore {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    kind: 'memory',
    async get(key) {
      const e = entries.get(key);
      if (!e) return undefined;
      entries.delete(key);
      if (e.expiresAt <= clock()) return undefined;
      entries.set(key, e); // most recently used goes last
      return e.value;
    },
    async set(key, value, ttlSeconds) {
      entries.delete(key);
      entries.set(key, { value, expiresAt: clock() + ttlSeconds * 1000 });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}

/**
 * Redis as the store. When Redis is down or slow the cache steps aside: a command that fails or takes over
 * `timeoutMs` opens a breaker for `pauseMs`, during which reads go straight to the database (counted as bypass).
 */
export function redisStore(redis: Redis, opts: { prefix: string; timeoutMs?: number; pauseMs?: number; onError?: (err: Error) => void }): CacheStore {
  const timeoutMs = opts.timeoutMs ?? 100;
  const pauseMs = opts.pauseMs ?? 5000;
  let pausedUntil = 0;
  async function run<T>(command: () => Promise<T>): Promise<T> {
    if (redis.status !== 'ready' || Date.now() < pausedUntil) throw new Error('redis cache unavailable');
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`redis cache: no answer in ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      pausedUntil = Date.now() + pauseMs;
      opts.onError?.(err as Error);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
  return {
    kind: 'redis',
    async get(key) {
      const raw = await run(() => redis.get(opts.prefix + key));
      return raw === null ? undefined : JSON.parse(raw);
    },
    async set(key, value, ttlSeconds) {
      await run(() => redis.set(opts.prefix + key, JSON.stringify(value), 'EX', ttlSeconds));
    },
  };
}

export function createReadCache(opts: { db: Queryable; store: CacheStore; ttlSeconds: number }): ReadCache {
  const names: CacheName[] = ['search', 'detail', 'slots'];
  const counts = Object.fromEntries(names.map((n) => [n, { hit: 0, miss: 0, bypass: 0 }])) as Record<CacheName, Record<CacheResult, number>>;
  const counters: Counter<'cache' | 'result'>[] = [];
  const count = (name: CacheName, result: CacheResult) => {
    counts[name][result]++;
    for (const c of counters) c.inc({ cache: name, result });
  };

  async function readAt<T>(name: CacheName, versions: string, key: string, load: () => Promise<T>, readOpts?: { ttlSeconds?: number }): Promise<T> {
    const entryKey = `${name}:${versions}:${key}`;
    let cached: unknown;
    try {
      cached = await opts.store.get(entryKey);
    } catch {
      count(name, 'bypass');
      return load();
    }
    if (cached !== undefined) {
      count(name, 'hit');
      return cached as T;
    }
    count(name, 'miss');
    const value = await load();
    // Stored in the background: a slow or failing store never delays or fails the answer.
    opts.store.set(entryKey, value, readOpts?.ttlSeconds ?? opts.ttlSeconds).catch(() => undefined);
    return value;
  }

  async function readChecked<T, L>(
    name: CacheName, key: string, check: (cached: T | undefined) => Promise<{ versions: string; live: L }>, load: () => Promise<T>,
  ): Promise<{ value: T; live: L | null }> {
    const entryKey = `${name}:${key}`;
    let cached: { v: string; value: T } | undefined;
    try {
      cached = (await opts.store.get(entryKey)) as typeof cached;
    } catch {
      count(name, 'bypass');
      return { value: await load(), live: null };
    }
    const current = await check(cached?.value);
    if (cached && cached.v === current.versions) {
      count(name, 'hit');
      return { value: cached.value, live: current.live };
    }
    count(name, 'miss');
    const value = await load();
    opts.store.set(entryKey, { v: current.versions, value }, opts.ttlSeconds).catch(() => undefined);
    return { value, live: null };
  }

  async function versions(keys: string[]) {
    const { rows } = await opts.db.query<{ v: string[] }>('SELECT catalogue_versions_of($1::text[]) AS v', [keys]);
    return rows[0]!.v.join('.');
  }

  return {
    read: async (name, versionKeys, key, load, readOpts) => readAt(name, await versions(versionKeys), key, load, readOpts),
    readAt,
    readChecked,
    versions,
    registerMetrics(registry) {
      const counter = new Counter({
        name: 'catalogue_cache_requests_total',
        help: 'Catalogue read-through cache lookups by cache (search, detail, slots) and result (hit, miss, bypass: store unavailable)',
        labelNames: ['cache', 'result'] as const,
        registers: [registry],
      });
      for (const n of names) for (const r of ['hit', 'miss', 'bypass'] as const) counter.inc({ cache: n, result: r }, counts[n][r]);
      counters.push(counter);
    },
    stats: () => structuredClone(counts),
  };
}

/** No cache: every read loads (CATALOGUE_CACHE_TTL_SECONDS=0, and the bench's raw baseline). */
export const noCache: ReadCache = {
  read: (_name, _keys, _key, load) => load(),
  readAt: (_name, _versions, _key, load) => load(),
  versions: async () => '',
  readChecked: async (_name, _key, _check, load) => ({ value: await load(), live: null }),
  registerMetrics: () => undefined,
  stats: () => ({ search: { hit: 0, miss: 0, bypass: 0 }, detail: { hit: 0, miss: 0, bypass: 0 }, slots: { hit: 0, miss: 0, bypass: 0 } }),
};
