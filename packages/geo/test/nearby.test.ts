import { randomInt } from 'node:crypto';
import { validate } from '@readme/openapi-parser';
import { catalogueRoutes, createCatalogueService } from '@ap/catalogue';
import { asService } from '@ap/db';
import { createApp, type AnyRoute } from '@ap/http';
import type { Express } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, testStack, type TestStack } from '../../../test/support/app.js';
import { createGeoService, locationRoutes, nominatimGeocoder, offlineGeocoder, type Geocoder } from '../src/index.js';
import * as repo from '../src/repo.js';
import { startFakeNominatim, type FakeNominatim } from './fake-nominatim.js';

// Jaipur as the offline city list places it.
const JAIPUR = { lat: 26.91962, lon: 75.78781 };

let stack: TestStack;
let api: Express;

const appWith = (routes: AnyRoute[]) =>
  createApp({
    service: 'user', title: 'test', version: '0', pool: stack.platform.pool, verifyToken: stack.platform.verifyToken,
    limits: stack.platform.limits, logger: stack.platform.logger, corsOrigins: [], bodyLimit: '100kb', trustProxy: 'loopback', routes,
  });

const withGeocoder = (geocoder: Geocoder) => appWith(locationRoutes(createGeoService({ pool: stack.platform.pool, geocoder })));

interface Seed {
  name: string;
  lat: number | null;
  lon: number | null;
  city?: string;
  inPerson?: boolean;
  status?: 'approved' | 'pending' | 'suspended';
}

/** An astrologer row as an admin-approved profile would have it; unique phone per call. */
async function seedAstrologer(s: Seed): Promise<string> {
  return asService(stack.db.pool, async (tx) => {
    const phone = `+9198${String(randomInt(0, 1e8)).padStart(8, '0')}`;
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO identities (kind, phone, roles) VALUES ('astrologer', $1, '{astrologer}') RETURNING id`, [phone],
    );
    const id = rows[0]!.id;
    const status = s.status ?? 'approved';
    await tx.query(
      `INSERT INTO astrologers (id, display_name, city, lat, lon, offers_in_person, status, approved_at, price_chat_paise)
       VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 = 'pending' THEN NULL ELSE now() END, 2500)`,
      [id, s.name, s.city ?? null, s.lat, s.lon, s.inPerson ?? true, status],
    );
    return id;
  });
}

/** Great-circle distance on a sphere of the mean Earth radius (what the API's 1% promise is checked against). */
function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

const seeds: Record<string, Seed> = {
  jaipurCentre: { name: 'Pandit Jaipur Centre', lat: 26.923456, lon: 75.801234, city: 'Jaipur' },
  jaipurMalviya: { name: 'Acharya Malviya Nagar', lat: 26.854912, lon: 75.824387, city: 'Jaipur' },
  ajmer: { name: 'Jyotishi Ajmer', lat: 26.449896, lon: 74.639916, city: 'Ajmer' },
  delhi: { name: 'Guru Delhi', lat: 28.613939, lon: 77.209021, city: 'Delhi' },
  mumbai: { name: 'Astro Mumbai', lat: 19.075984, lon: 72.877656, city: 'Mumbai' },
  jaipurOnlineOnly: { name: 'Online Only Jaipur', lat: 26.91, lon: 75.79, city: 'Jaipur', inPerson: false },
  jaipurPending: { name: 'Pending Jaipur', lat: 26.915, lon: 75.785, city: 'Jaipur', status: 'pending' },
  jaipurSuspended: { name: 'Suspended Jaipur', lat: 26.916, lon: 75.786, city: 'Jaipur', status: 'suspended' },
  noCoordinates: { name: 'Somewhere Unknown', lat: null, lon: null },
};
const ids: Record<string, string> = {};
const nameOf = (id: string) => Object.keys(ids).find((k) => ids[k] === id);

beforeAll(async () => {
  stack = await testStack();
  api = withGeocoder(offlineGeocoder());
  for (const [key, seed] of Object.entries(seeds)) ids[key] = await seedAstrologer(seed);
});
afterAll(() => stack?.close());

const nearby = (query: Record<string, string | number>) => request(api).get('/api/user/location/nearby').query(query);

interface Item { id: string; distanceKm: number; lat: number; lon: number; city: string | null; [k: string]: unknown }

describe('nearby astrologers', () => {
  it('lists approved in-person astrologers within the radius, nearest first', async () => {
    const res = await nearby({ ...JAIPUR, radiusKm: 300 }).expect(200);
    expect(res.body.items.map((i: Item) => nameOf(i.id))).toEqual(['jaipurCentre', 'jaipurMalviya', 'ajmer', 'delhi']);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.origin).toEqual({ name: null, state: null, ...JAIPUR, radiusKm: 300 });
  });

  it('gives distances within 1% of the haversine distance, to 0.1 km', async () => {
    const res = await nearby({ ...JAIPUR, radiusKm: 300 }).expect(200);
    for (const item of res.body.items as Item[]) {
      const seed = seeds[nameOf(item.id)!]!;
      const expected = haversineKm(JAIPUR, { lat: seed.lat!, lon: seed.lon! });
      expect(Math.abs(item.distanceKm - expected), nameOf(item.id)).toBeLessThanOrEqual(Math.max(expected * 0.01, 0.05));
      expect(Number.isInteger(Math.round(item.distanceKm * 10 * 1e6) / 1e6)).toBe(true);
    }
  });

  it('shows coarse coordinates (2 decimals) and the catalogue card, never contact details', async () => {
    const res = await nearby({ ...JAIPUR, radiusKm: 30 }).expect(200);
    const item = (res.body.items as Item[]).find((i) => i.id === ids.jaipurMalviya)!;
    expect(item).toMatchObject({
      displayName: 'Acharya Malviya Nagar', city: 'Jaipur', lat: 26.85, lon: 75.82, priceChatPaise: 2500, specialties: [],
      isFavorite: false, presence: 'offline', verified: false,
    });
    expect(Object.keys(item).sort()).toEqual([
      'bio', 'city', 'distanceKm', 'experienceYears', 'gender', 'id', 'isFavorite', 'languages', 'lat', 'lon', 'photoUrl', 'presence',
      'priceCallPaise', 'priceChatPaise', 'priceVideoPaise', 'ratingAvg', 'ratingCount', 'specialties', 'verified', 'displayName',
    ].sort());
  });

  it('uses a 25 km radius by default', async () => {
    const res = await nearby(JAIPUR).expect(200);
    expect(res.body.items.map((i: Item) => nameOf(i.id))).toEqual(['jaipurCentre', 'jaipurMalviya']);
    expect(res.body.origin.radiusKm).toBe(25);
  });

  it('reaches as far as 500 km', async () => {
    const res = await nearby({ lat: 23.0, lon: 74.0, radiusKm: 500 }).expect(200);
    expect(res.body.items.map((i: Item) => nameOf(i.id))).toEqual(expect.arrayContaining(['ajmer', 'jaipurCentre', 'mumbai']));
  });

  it('pages through the results with a cursor, each exactly once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await nearby({ ...JAIPUR, radiusKm: 300, limit: 1, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(1);
      seen.push(...res.body.items.map((i: Item) => nameOf(i.id)!));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['jaipurCentre', 'jaipurMalviya', 'ajmer', 'delhi']);
  });

  it('works the same for a signed-in customer', async () => {
    const customer = await signUp(stack.user, stack.db.pool, 'user');
    const res = await nearby({ ...JAIPUR, radiusKm: 300 }).set(customer.auth).expect(200);
    expect(res.body.items).toHaveLength(4);
  });

  it('searches around a city from the city list', async () => {
    const byCity = await nearby({ city: 'jaipur', radiusKm: 300 }).expect(200);
    const byPoint = await nearby({ ...JAIPUR, radiusKm: 300 }).expect(200);
    expect(byCity.body.items).toEqual(byPoint.body.items);
    expect(byCity.body.origin).toEqual({ name: 'Jaipur', state: 'Rajasthan', ...JAIPUR, radiusKm: 300 });
  });

  it('answers 404 city_not_found for an unknown city', async () => {
    const res = await nearby({ city: 'Atlantis' }).expect(404);
    expect(res.body.code).toBe('city_not_found');
  });

  it('uses the distance index', async () => {
    const plans: string[] = [];
    await asService(stack.db.pool, async (tx) => {
      await tx.query('SET LOCAL enable_seqscan = off');
      const explaining = { query: async (sql: string, params: unknown[]) => {
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
        plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
        return { rows: [] };
      } };
      await repo.findNearby(explaining as never, JAIPUR, 300_000, 21, null);
    });
    expect(plans[0]).toContain('astrologers_geo_idx');
  });
});

describe('nearby input checks', () => {
  const expectField = async (query: Record<string, string | number>, path: string) => {
    const res = await nearby(query).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { path: string }) => e.path), JSON.stringify(query)).toContain(path);
  };

  it('refuses a latitude outside −90..90 and a longitude outside −180..180', async () => {
    await expectField({ lat: 90.5, lon: 75 }, 'lat');
    await expectField({ lat: -91, lon: 75 }, 'lat');
    await expectField({ lat: 26, lon: 180.01 }, 'lon');
    await expectField({ lat: 26, lon: -181 }, 'lon');
    await expectField({ lat: 'north', lon: 75 }, 'lat');
  });

  it('refuses a radius above 500 km or not above zero', async () => {
    await expectField({ ...JAIPUR, radiusKm: 501 }, 'radiusKm');
    await expectField({ ...JAIPUR, radiusKm: 0 }, 'radiusKm');
    await expectField({ ...JAIPUR, radiusKm: -5 }, 'radiusKm');
  });

  it('needs lat and lon together, or a city, not both', async () => {
    await expectField({}, 'lat');
    await expectField({ lat: 26.9 }, 'lon');
    await expectField({ lon: 75.8 }, 'lat');
    await expectField({ city: 'Jaipur', lat: 26.9, lon: 75.8 }, 'city');
  });

  it('refuses a limit above 100, an unknown parameter and a forged cursor', async () => {
    await expectField({ ...JAIPUR, limit: 101 }, 'limit');
    await expectField({ ...JAIPUR, address: 'x' }, 'address');
    expect((await nearby({ ...JAIPUR, cursor: 'bm9wZQ' }).expect(400)).body.code).toBe('invalid_cursor');
  });
});

describe('nearby with Nominatim', () => {
  let fake: FakeNominatim;
  beforeAll(async () => {
    fake = await startFakeNominatim();
  });
  afterAll(() => fake?.close());

  it('resolves city= through the geocoder', async () => {
    const app = withGeocoder(nominatimGeocoder({ baseUrl: fake.baseUrl, userAgent: 'AnytimePooja-test/1.0', minIntervalMs: 0 }));
    const res = await request(app).get('/api/user/location/nearby').query({ city: 'Jaipur', radiusKm: 300 }).expect(200);
    expect(res.body.origin).toMatchObject({ name: 'Jaipur', state: 'Rajasthan', lat: 26.9154576, lon: 75.8189817 });
    expect(res.body.items.map((i: Item) => nameOf(i.id))).toEqual(['jaipurCentre', 'jaipurMalviya', 'ajmer', 'delhi']);
  });

  it('answers 503 geocoder_unavailable when Nominatim fails', async () => {
    const app = withGeocoder(nominatimGeocoder({ baseUrl: fake.baseUrl, userAgent: 'AnytimePooja-test/1.0', minIntervalMs: 0 }));
    fake.failNext(502);
    const res = await request(app).get('/api/user/location/nearby').query({ city: 'Pune' }).expect(503);
    expect(res.body.code).toBe('geocoder_unavailable');
  });
});

describe('city suggestions', () => {
  it('suggests Indian cities for a prefix', async () => {
    const res = await request(api).get('/api/user/location/cities').query({ q: 'jai', limit: 3 }).expect(200);
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0]).toEqual({ name: 'Jaipur', state: 'Rajasthan', lat: expect.any(Number), lon: expect.any(Number), population: expect.any(Number) });
  });

  it('defaults to 10 suggestions and refuses a missing q or a limit above 50', async () => {
    expect((await request(api).get('/api/user/location/cities').query({ q: 'b' }).expect(200)).body.items).toHaveLength(10);
    await request(api).get('/api/user/location/cities').expect(400);
    await request(api).get('/api/user/location/cities').query({ q: 'b', limit: 51 }).expect(400);
  });
});

describe('the API description', () => {
  it('documents the location routes, next to the catalogue, as OpenAPI 3.1 that validates', async () => {
    const app = appWith([...catalogueRoutes(createCatalogueService({ pool: stack.platform.pool })), ...locationRoutes(createGeoService({ pool: stack.platform.pool, geocoder: offlineGeocoder() }))]);
    const doc = (await request(app).get('/openapi.json').expect(200)).body;
    const result = await validate(structuredClone(doc));
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(doc.paths['/api/user/location/nearby'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['lat', 'lon', 'city', 'radiusKm', 'limit', 'cursor']),
    );
    expect(doc.paths['/api/user/location/cities'].get).toBeDefined();
  });
});
