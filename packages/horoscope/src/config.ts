import { z } from '@ap/http';
import { externalProvider, type SharedStore } from './providers.js';

/** Environment variables of the horoscope content; merged into the platform's env schema. */
export const horoscopeEnv = {
  HOROSCOPE_PROVIDER: z.enum(['builtin', 'external']).default('builtin'),
  /** URL template: {sign}, {period} and {date} are filled in (e.g. https://api.example.com/v1/{period}?sign={sign}&day={date}). */
  HOROSCOPE_API_URL: z.url().optional(),
  HOROSCOPE_API_KEY: z.string().min(1).optional(),
  HOROSCOPE_API_KEY_HEADER: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an HTTP header name').default('X-Api-Key'),
  /** Dot path of the text in the provider's JSON answer, e.g. data.horoscope_data. */
  HOROSCOPE_API_TEXT_PATH: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dot path like data.text').default('text'),
  /** Dot path of Hindi text, when the provider sends one. */
  HOROSCOPE_API_TEXT_HI_PATH: z.string().regex(/^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/, 'a dot path like data.text_hi').optional(),
  HOROSCOPE_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  HOROSCOPE_CACHE_SECONDS: z.coerce.number().int().min(0).max(7 * 86_400).default(6 * 3_600),
  HOROSCOPE_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  HOROSCOPE_BREAKER_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3_600).default(60),
};

export type HoroscopeEnv = z.output<z.ZodObject<typeof horoscopeEnv>>;

/** The external provider when configured; null means builtin only. `shared`: a store every instance reads (Redis). */
export function externalFromEnv(env: HoroscopeEnv, log?: (msg: string, extra?: Record<string, unknown>) => void, shared?: SharedStore) {
  if (env.HOROSCOPE_PROVIDER !== 'external' || !env.HOROSCOPE_API_URL) return null;
  return externalProvider({
    urlTemplate: env.HOROSCOPE_API_URL, apiKeyHeader: env.HOROSCOPE_API_KEY_HEADER, textPath: env.HOROSCOPE_API_TEXT_PATH,
    timeoutMs: env.HOROSCOPE_API_TIMEOUT_MS, cacheSeconds: env.HOROSCOPE_CACHE_SECONDS,
    breakerFailures: env.HOROSCOPE_BREAKER_FAILURES, breakerCooldownSeconds: env.HOROSCOPE_BREAKER_COOLDOWN_SECONDS,
    ...(env.HOROSCOPE_API_KEY ? { apiKey: env.HOROSCOPE_API_KEY } : {}),
    ...(env.HOROSCOPE_API_TEXT_HI_PATH ? { textHiPath: env.HOROSCOPE_API_TEXT_HI_PATH } : {}),
    ...(log ? { log } : {}),
    ...(shared ? { shared } : {}),
  });
}
