import { route, type AnyRoute } from '@ap/http';
import { citiesOutput, citiesQuery, nearbyPageOutput, nearbyQuery } from './schemas.js';
import type { GeoService } from './service.js';

/** User service: /api/user/location/*. */
export function locationRoutes(geo: GeoService): AnyRoute[] {
  const tags = ['location'];
  return [
    route({
      method: 'get', path: '/location/nearby', tags, access: 'public', errors: [404, 503],
      summary: 'Approved astrologers who consult in person near a point or a city, nearest first (cursor pagination)',
      description: 'Either `lat` and `lon`, or `city`. `radiusKm` defaults to 25, at most 500. Coordinates in the answer are rounded to 0.01°.',
      query: nearbyQuery, response: nearbyPageOutput,
      handler: ({ caller, query }) => geo.nearby(caller?.claims ?? null, query),
    }),
    route({
      method: 'get', path: '/location/cities', tags, access: 'public',
      summary: 'Indian cities whose name starts with q, most populous first (offline list, for suggestions)',
      query: citiesQuery, response: citiesOutput,
      handler: async ({ query }) => geo.searchCities(query),
    }),
  ];
}
