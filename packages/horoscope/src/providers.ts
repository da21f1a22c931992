import type { Sign } from '@ap/astro';
import type { Period } from './rules.js';

/** Where horoscope text comes from: English, and Hindi when the provider has it (else null). */
export interface HoroscopeText { en: string; hi: string | null }

export interface HoroscopeProvider {
  readonly name: 'builtin' | 'external';
  text(sign: Sign, period: Period, start: string): Promise<HoroscopeText>;
}

export interface ExternalConfig {
  /** URL template with {sign}, {period} and {date}. */
  urlTemplate: string;
  apiKey?: string;
  apiKeyHeader: string;
  /** Dot path of the text in the JSON answer. */
  textPath: string;
  /** Dot path of a Hindi text, if the provider has one. */
  textHiPath?: string;
  timeoutMs: number;
  cacheSeconds: number;
  breakerFailures: number;
  breakerCooldownSeconds: number;
  now?: () => number;
  fetch?: typeof fetch;
  log?: (msg: string, extra?: Record<string, unknown>) => void;
  /**
   * A store shared by every instance (Redis in production), asked after this process's own memory and before the
   * API: N instances then call the (paid, rate-limited) API once per sign/period/date between them, not N times.
   * A store that fails is skipped (the API is asked); it is never a reason to fail a request.
   */
  shared?: SharedStore;
}

/** The shape of @ap/catalogue's cache stores (memoryStore, redisStore): get → undefined when absent, throws when down. */
export interface SharedStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

/** Where each text came from: this process's memory, the shared store, or a call to the API. */
export type ExternalSource = 'memory' | 'shared' | 'api';

const isText = (v: unknown): v is HoroscopeText =>
  !!v && typeof v === 'object' && typeof (v as HoroscopeText).en === 'string' && ((v as HoroscopeText).hi === null || typeof (v as HoroscopeText).hi === 'string');

export class ExternalUnavailable extends Error {
  override name = 'ExternalUnavailable';
}

function pluck(body: unknown, path: string): unknown {
  let at: unknown = body;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * A third-party horoscope API. Answers are cached per sign/period/date; each call has a timeout; after
 * `breakerFailures` failures in a row the breaker opens and calls fail fast for `breakerCooldownSeconds`, then one
 * trial call decides whether it closes again. Failures throw ExternalUnavailable; the caller falls back.
 */
export function externalProvider(cfg: ExternalConfig): HoroscopeProvider & {
  breakerState(): 'closed' | 'open' | 'half-open';
  /** How many texts came from where since start (horoscope_external_texts_total on /metrics). */
  stats(): Record<ExternalSource, number>;
} {
  const now = cfg.now ?? Date.now;
  const doFetch = cfg.fetch ?? fetch;
  const cache = new Map<string, { text: HoroscopeText; until: number }>();
  const inflight = new Map<string, Promise<HoroscopeText>>();
  let failures = 0;
  let openUntil = 0;
  let trial = false;
  const counts: Record<ExternalSource, number> = { memory: 0, shared: 0, api: 0 };
  const remember = (key: string, text: HoroscopeText) => {
    cache.set(key, { text, until: now() + cfg.cacheSeconds * 1000 });
    if (cache.size > 2000) cache.delete(cache.keys().next().value!);
  };

  /** The shared store's copy, or undefined when it has none or cannot answer. */
  async function fromShared(key: string): Promise<HoroscopeText | undefined> {
    if (!cfg.shared || cfg.cacheSeconds === 0) return undefined;
    try {
      const v = await cfg.shared.get(key);
      return isText(v) ? v : undefined;
    } catch {
      return undefined;
    }
  }

  const state = () => (failures < cfg.breakerFailures ? 'closed' : now() < openUntil ? 'open' : 'half-open');

  async function call(sign: Sign, period: Period, start: string): Promise<HoroscopeText> {
    const url = cfg.urlTemplate.replaceAll('{sign}', sign).replaceAll('{period}', period).replaceAll('{date}', start);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cfg.apiKey) headers[cfg.apiKeyHeader] = cfg.apiKey;
    let res: Response;
    try {
      res = await doFetch(url, { headers, signal: AbortSignal.timeout(cfg.timeoutMs) });
    } catch (err) {
      throw new ExternalUnavailable(`horoscope API unreachable: ${(err as Error).name === 'TimeoutError' ? `no answer in ${cfg.timeoutMs} ms` : (err as Error).message}`);
    }
    if (!res.ok) throw new ExternalUnavailable(`horoscope API answered ${res.status}`);
    const body: unknown = await res.json().catch(() => undefined);
    const text = pluck(body, cfg.textPath);
    if (typeof text !== 'string' || !text.trim()) throw new ExternalUnavailable(`horoscope API answer has no text at ${cfg.textPath}`);
    const hi = cfg.textHiPath ? pluck(body, cfg.textHiPath) : undefined;
    return { en: text.trim().slice(0, 4000), hi: typeof hi === 'string' && hi.trim() ? hi.trim().slice(0, 4000) : null };
  }

  return {
    name: 'external',
    breakerState: state,
    stats: () => ({ ...counts }),
    async text(sign, period, start) {
      const key = `${sign}|${period}|${start}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) {
        counts.memory++;
        return hit.text;
      }
      const running = inflight.get(key);
      if (running) return running;
      const p = (async () => {
        const shared = await fromShared(key);
        if (shared) {
          counts.shared++;
          remember(key, shared);
          return shared;
        }
        const s = state();
        if (s === 'open' || (s === 'half-open' && trial)) throw new ExternalUnavailable('horoscope API circuit open');
        if (s === 'half-open') trial = true;
        let text: HoroscopeText;
        try {
          text = await call(sign, period, start);
        } catch (err) {
          failures = Math.min(failures + 1, cfg.breakerFailures);
          trial = false;
          if (failures >= cfg.breakerFailures) openUntil = now() + cfg.breakerCooldownSeconds * 1000;
          cfg.log?.('horoscope API failed', { error: (err as Error).message, state: state() });
          throw err;
        }
        failures = 0;
        trial = false;
        counts.api++;
        if (cfg.cacheSeconds > 0) {
          remember(key, text);
          // Not awaited by the reader: a slow or failed store write costs the request nothing.
          cfg.shared?.set(key, text, cfg.cacheSeconds).catch(() => undefined);
        }
        return text;
      })().finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
