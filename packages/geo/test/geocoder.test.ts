import { DomainError } from '@ap/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nominatimGeocoder, offlineGeocoder, type NominatimConfig } from '../src/index.js';
import { startFakeNominatim, type FakeNominatim } from './fake-nominatim.js';

const USER_AGENT = 'AnytimePooja/0.1 (+https://anytimepooja.example; ops@anytimepooja.example)';

let fake: FakeNominatim;
beforeAll(async () => {
  fake = await startFakeNominatim();
});
afterAll(() => fake?.close());

const geocoder = (overrides: Partial<NominatimConfig> = {}) =>
  nominatimGeocoder({ baseUrl: fake.baseUrl, userAgent: USER_AGENT, minIntervalMs: 0, ...overrides });

const hitsFor = (q: string) => fake.requests.filter((r) => r.params.q?.toLowerCase() === q.toLowerCase());

async function geocodeError(promise: Promise<unknown>): Promise<DomainError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DomainError);
  expect((err as DomainError).kind).toBe('unavailable');
  expect((err as DomainError).code).toBe('geocoder_unavailable');
  return err as DomainError;
}

describe('nominatimGeocoder', () => {
  it('asks /search for Indian places in jsonv2 with an identifying User-Agent and the contact email', async () => {
    const places = await geocoder({ email: 'ops@anytimepooja.example' }).geocode('Jaipur');

    const [req, ...more] = hitsFor('Jaipur');
    expect(more).toHaveLength(0);
    expect(req!.path).toBe('/search');
    expect(req!.userAgent).toBe(USER_AGENT);
    expect(req!.params).toEqual({
      format: 'jsonv2', q: 'Jaipur', countrycodes: 'in', limit: '5', addressdetails: '1', 'accept-language': 'en',
      email: 'ops@anytimepooja.example',
    });
    expect(places).toEqual([{ name: 'Jaipur', state: 'Rajasthan', lat: 26.9154576, lon: 75.8189817 }]);
  });

  it('falls back to the address or display name when a result has no name', async () => {
    expect(await geocoder().geocode('Ujjain')).toEqual([{ name: 'Ujjain', state: 'Madhya Pradesh', lat: 23.1767, lon: 75.7885 }]);
    expect(await geocoder().geocode('Nashik')).toEqual([{ name: 'Nashik', state: null, lat: 19.9977557, lon: 73.7899458 }]);
  });

  it('answers an empty list for an unknown place', async () => {
    expect(await geocoder().geocode('Atlantis')).toEqual([]);
  });

  it('spaces requests at least a second apart, one at a time, however many callers ask at once', async () => {
    const g = geocoder({ minIntervalMs: 1000 });
    const queries = ['Pune', 'Nashik', 'Ujjain'];
    const before = fake.requests.length;
    fake.delayNext(150);
    const results = await Promise.all(queries.map((q) => g.geocode(q)));

    expect(results.map((r) => r[0]?.name)).toEqual(queries);
    const times = fake.requests.slice(before).map((r) => r.at);
    expect(times).toHaveLength(3);
    // Spacing is kept between request starts in this process; arrival at the server adds a few ms of jitter
    // (the first request also opens the connection).
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    for (const gap of gaps) expect(gap, `gaps ${gaps.join(', ')} ms`).toBeGreaterThanOrEqual(950);
  });

  it('serves a repeated query from its cache, whatever its case and spacing', async () => {
    const g = geocoder();
    const first = await g.geocode('Pune');
    const before = hitsFor('pune').length;
    expect(await g.geocode('Pune')).toEqual(first);
    expect(await g.geocode('  PUNE ')).toEqual(first);
    expect(hitsFor('pune').length).toBe(before);
  });

  it('sends one request for concurrent lookups of the same place', async () => {
    const g = geocoder();
    const before = hitsFor('Ujjain').length;
    fake.delayNext(100);
    const all = await Promise.all([g.geocode('Ujjain'), g.geocode('ujjain'), g.geocode('Ujjain')]);
    expect(new Set(all.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(hitsFor('Ujjain').length).toBe(before + 1);
  });

  it('looks a place up again once its cache entry has expired', async () => {
    let now = 1_000_000;
    const g = geocoder({ cacheTtlMs: 60_000, now: () => now });
    const before = hitsFor('Nashik').length;
    await g.geocode('Nashik');
    now += 59_000;
    await g.geocode('Nashik');
    expect(hitsFor('Nashik').length).toBe(before + 1);
    now += 2_000;
    await g.geocode('Nashik');
    expect(hitsFor('Nashik').length).toBe(before + 2);
  });

  it('maps an error status to unavailable, and does not cache the failure', async () => {
    const g = geocoder();
    fake.failNext(503);
    const err = await geocodeError(g.geocode('Jaipur, Rajasthan'));
    expect(err.message).toContain('503');
    expect(await g.geocode('Jaipur, Rajasthan')).toHaveLength(1);
  });

  it('maps a timeout and an unreachable server to unavailable', async () => {
    fake.delayNext(500);
    await geocodeError(geocoder({ timeoutMs: 100 }).geocode('Pune, Maharashtra'));
    await geocodeError(nominatimGeocoder({ baseUrl: 'http://127.0.0.1:9', userAgent: USER_AGENT, minIntervalMs: 0 }).geocode('Pune'));
  });

  it('refuses new lookups while too many are already waiting their turn', async () => {
    const g = geocoder({ minIntervalMs: 200, maxQueue: 2 });
    const results = await Promise.allSettled(['Jaipur', 'Pune', 'Nashik', 'Ujjain'].map((q) => g.geocode(q)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    await geocodeError(Promise.reject((results[2] as PromiseRejectedResult).reason));
  });

  it('will not run without a User-Agent', () => {
    expect(() => nominatimGeocoder({ baseUrl: fake.baseUrl, userAgent: ' ' })).toThrow(/User-Agent/);
  });
});

describe('offlineGeocoder', () => {
  it('finds a city by exact name, accents and case aside, with its state', async () => {
    const [jaipur] = await offlineGeocoder().geocode('jaipur');
    expect(jaipur).toEqual({ name: 'Jaipur', state: 'Rajasthan', lat: expect.closeTo(26.92, 1), lon: expect.closeTo(75.79, 1) });
    expect((await offlineGeocoder().geocode('DEHRADUN'))[0]?.name).toBe('Dehra Dūn');
  });

  it('prefers the most populous of namesakes, and honours "City, State"', async () => {
    expect((await offlineGeocoder().geocode('Raipur'))[0]?.state).toBe('Chhattisgarh');
    const rajasthan = await offlineGeocoder().geocode('Raipur, Rajasthan');
    expect(rajasthan.map((p) => p.state)).toEqual(['Rajasthan']);
  });

  it('does not guess from a prefix', async () => {
    expect(await offlineGeocoder().geocode('Jai')).toEqual([]);
  });
});
