import { decodeCursor, encodeCursor, notFound } from '@ap/core';
import { asCaller, type JwtClaims, type Pool } from '@ap/db';
import { indianCities, type City, type CityIndex } from './cities.js';
import type { Geocoder } from './geocoder.js';
import * as repo from './repo.js';
import type { NearbyPage, NearbyQuery } from './schemas.js';

export interface GeoServiceDeps {
  pool: Pool;
  /** Resolves `city=` of the nearby search. */
  geocoder: Geocoder;
  /** City suggestions (always offline: Nominatim's policy forbids autocomplete against it). */
  cities?: CityIndex;
}

export function createGeoService({ pool, geocoder, cities = indianCities() }: GeoServiceDeps) {
  async function resolveOrigin(q: NearbyQuery) {
    if (q.city === undefined) return { name: null, state: null, lat: q.lat!, lon: q.lon! };
    const [place] = await geocoder.geocode(q.city);
    if (!place) throw notFound('city_not_found', `no Indian city called "${q.city}"`);
    return place;
  }

  return {
    searchCities: (q: { q: string; limit: number }): { items: City[] } => ({ items: cities.search(q.q, q.limit) }),

    /** Read as the caller (or anon): RLS shows only approved profiles, the query only in-person ones. */
    async nearby(claims: JwtClaims | null, q: NearbyQuery): Promise<NearbyPage> {
      const after = q.cursor ? decodeCursor<repo.DistanceKey>(q.cursor, ['number', 'string']) : null;
      const origin = await resolveOrigin(q);
      const rows = await asCaller(pool, claims, (tx) => repo.findNearby(tx, origin, q.radiusKm * 1000, q.limit + 1, after));
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map(({ key: _key, ...item }) => item),
        nextCursor: rows.length > q.limit && last ? encodeCursor(last.key) : null,
        origin: { name: origin.name, state: origin.state, lat: origin.lat, lon: origin.lon, radiusKm: q.radiusKm },
      };
    },
  };
}

export type GeoService = ReturnType<typeof createGeoService>;
