import { DomainError } from '@ap/core';
import { indianCities, type CityIndex } from './cities.js';
import { TtlLru } from './lru.js';
import { normalizePlaceName } from './rules.js';

export interface Place {
  name: string;
  state: string | null;
  lat: number;
  lon: number;
}

/** Turns a place name typed by a person into coordinates, best match first. Indian places only. */
export interface Geocoder {
  readonly name: string;
  geocode(query: string): Promise<Place[]>;
}

/** Local default: the offline city list; exact names (or "Name, State"), most populous first. */
export function offlineGeocoder(index: CityIndex = indianCities()): Geocoder {
  return {
    name: 'offline',
    geocode: async (query) => index.find(query).slice(0, 5).map(({ name, state, lat, lon }) => ({ name, state, lat, lon })),
  };
}

export interface NominatimConfig {
  /** https://nominatim.openstreetmap.org, or your own Nominatim. */
  baseUrl: string;
  /** Identifies the application, as the OSM usage policy requires, e.g. "AnytimePooja/1.0 (+https://example.in)". */
  userAgent: string;
  /** Contact address sent as `email=`, so OSM can reach you instead of blocking you. */
  email?: string;
  /** Spacing between two requests; the public server allows at most one per second. */
  minIntervalMs?: number;
  timeoutMs?: number;
  /** Requests waiting for their turn beyond this are refused (503), so a burst cannot queue for minutes. */
  maxQueue?: number;
  cacheEntries?: number;
  cacheTtlMs?: number;
  now?: () => number;
}

/** Nominatim's /search?format=jsonv2 result (the fields we read). */
interface NominatimResult {
  place_id: number;
  lat: string;
  lon: string;
  name?: string;
  display_name: string;
  address?: { state?: string; city?: string; town?: string; village?: string };
}

const unavailable = (detail: string) => new DomainError('unavailable', 'geocoder_unavailable', `place search is unavailable (${detail}); try again shortly`);

/**
 * A FIFO of tasks run one at a time, each starting at least minIntervalMs after the previous one started: the
 * whole process never has two requests in flight nor more than one a second, however many callers wait.
 */
function spacedQueue(minIntervalMs: number, maxQueue: number, now: () => number) {
  let tail: Promise<unknown> = Promise.resolve();
  let lastStart = -Infinity;
  let waiting = 0;
  return <T>(task: () => Promise<T>): Promise<T> => {
    if (waiting >= maxQueue) return Promise.reject(unavailable('too many lookups waiting'));
    waiting++;
    const run = tail.then(async () => {
      const wait = lastStart + minIntervalMs - now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      waiting--;
      lastStart = now();
      return task();
    });
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * OpenStreetMap Nominatim (https://operations.osmfoundation.org/policies/nominatim/): an identifying User-Agent,
 * at most one request per second from this process, results cached, and no autocomplete (the city suggestions
 * use the offline list). The limit is per process: with several instances, run your own Nominatim or lower
 * the rate accordingly.
 */
export function nominatimGeocoder(cfg: NominatimConfig): Geocoder {
  if (!cfg.userAgent.trim()) throw new Error('nominatimGeocoder needs a User-Agent that identifies the application');
  const now = cfg.now ?? Date.now;
  const enqueue = spacedQueue(cfg.minIntervalMs ?? 1000, cfg.maxQueue ?? 20, now);
  const cache = new TtlLru<string, Place[]>(cfg.cacheEntries ?? 1000, cfg.cacheTtlMs ?? 24 * 3600_000, now);
  const inFlight = new Map<string, Promise<Place[]>>();
  const base = cfg.baseUrl.replace(/\/+$/, '');

  async function search(query: string): Promise<Place[]> {
    const params = new URLSearchParams({ format: 'jsonv2', q: query, countrycodes: 'in', limit: '5', addressdetails: '1', 'accept-language': 'en' });
    if (cfg.email) params.set('email', cfg.email);
    let res: Response;
    try {
      res = await fetch(`${base}/search?${params}`, {
        headers: { 'User-Agent': cfg.userAgent, Accept: 'application/json' },
        signal: AbortSignal.timeout(cfg.timeoutMs ?? 5000),
      });
    } catch (err) {
      throw unavailable(err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'unreachable');
    }
    if (!res.ok) throw unavailable(`status ${res.status}`);
    const body = (await res.json().catch(() => null)) as unknown;
    if (!Array.isArray(body)) throw unavailable('unexpected answer');
    return (body as NominatimResult[])
      .map((r) => ({
        name: r.name || r.address?.city || r.address?.town || r.address?.village || r.display_name.split(',')[0]!.trim(),
        state: r.address?.state ?? null,
        lat: Number(r.lat),
        lon: Number(r.lon),
      }))
      .filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon) && p.name);
  }

  return {
    name: 'nominatim',
    geocode(query) {
      const key = normalizePlaceName(query);
      if (!key) return Promise.resolve([]);
      const cached = cache.get(key);
      if (cached) return Promise.resolve(cached);
      // Concurrent lookups of one place share a single request.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = enqueue(() => search(query.trim()))
          .then((places) => {
            cache.set(key, places);
            return places;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
