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
}

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
export function externalProvider(cfg: ExternalConfig): HoroscopeProvider & { breakerState(): 'closed' | 'open' | 'half-open' } {
  const now = cfg.now ?? Date.now;
  const doFetch = cfg.fetch ?? fetch;
  const cache = new Map<string, { text: HoroscopeText; until: number }>();
  const inflight = new Map<string, Promise<HoroscopeText>>();
  let failures = 0;
  let openUntil = 0;
  let trial = false;

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
    async text(sign, period, start) {
      const key = `${sign}|${period}|${start}`;
      const hit = cache.get(key);
      if (hit && hit.until > now()) return hit.text;
      const running = inflight.get(key);
      if (running) return running;
      const s = state();
      if (s === 'open' || (s === 'half-open' && trial)) throw new ExternalUnavailable('horoscope API circuit open');
      if (s === 'half-open') trial = true;
      const p = call(sign, period, start).then(
        (text) => {
          failures = 0;
          trial = false;
          if (cfg.cacheSeconds > 0) cache.set(key, { text, until: now() + cfg.cacheSeconds * 1000 });
          if (cache.size > 2000) cache.delete(cache.keys().next().value!);
          return text;
        },
        (err: Error) => {
          failures = Math.min(failures + 1, cfg.breakerFailures);
          trial = false;
          if (failures >= cfg.breakerFailures) openUntil = now() + cfg.breakerCooldownSeconds * 1000;
          cfg.log?.('horoscope API failed', { error: err.message, state: state() });
          throw err;
        },
      ).finally(() => inflight.delete(key));
      inflight.set(key, p);
      return p;
    },
  };
}
