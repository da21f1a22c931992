import { catalogueSchemas } from '@ap/catalogue';
import { z } from '@ap/http';

export const MAX_RADIUS_KM = 500;

export const nearbyQuery = z
  .strictObject({
    lat: z.coerce.number().min(-90).max(90).optional().openapi({ description: 'Latitude of the search centre (with lon)', example: 26.91 }),
    lon: z.coerce.number().min(-180).max(180).optional().openapi({ description: 'Longitude of the search centre (with lat)', example: 75.79 }),
    city: z.string().trim().min(2).max(100).optional()
      .openapi({ description: 'Instead of lat/lon: an Indian city, optionally "City, State"', example: 'Jaipur' }),
    radiusKm: z.coerce.number().positive().max(MAX_RADIUS_KM).default(25),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(300).optional(),
  })
  .superRefine((q, ctx) => {
    const hasPoint = q.lat !== undefined || q.lon !== undefined;
    if (q.city !== undefined && hasPoint) {
      ctx.addIssue({ code: 'custom', path: ['city'], message: 'send either city or lat and lon, not both' });
    } else if (q.city === undefined && !hasPoint) {
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'send lat and lon, or city' });
    } else if (hasPoint && q.lat === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'send lat and lon together' });
    } else if (hasPoint && q.lon === undefined) {
      ctx.addIssue({ code: 'custom', path: ['lon'], message: 'send lat and lon together' });
    }
  });

export const nearbyAstrologerOutput = catalogueSchemas.astrologerCardOutput
  .extend({
    distanceKm: z.number().openapi({ description: 'Great-circle distance from the search centre, 0.1 km precision' }),
    lat: z.number().openapi({ description: 'Rounded to 0.01° (about 1 km): where the practice is, never an address' }),
    lon: z.number(),
  })
  .openapi('NearbyAstrologer');

export const nearbyPageOutput = z
  .object({
    items: z.array(nearbyAstrologerOutput),
    nextCursor: z.string().nullable(),
    origin: z.object({ name: z.string().nullable(), state: z.string().nullable(), lat: z.number(), lon: z.number(), radiusKm: z.number() }),
  })
  .openapi('NearbyAstrologerPage');

export const citiesQuery = z.strictObject({
  q: z.string().trim().min(1).max(60).openapi({ description: 'Start of a city name (any word of it); case and accents do not matter', example: 'jai' }),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

export const citiesOutput = z
  .object({
    items: z.array(z.object({ name: z.string(), state: z.string().nullable(), lat: z.number(), lon: z.number(), population: z.number().int() })),
  })
  .openapi('Cities');

export type NearbyQuery = z.output<typeof nearbyQuery>;
export type NearbyAstrologer = z.infer<typeof nearbyAstrologerOutput>;
export type NearbyPage = z.infer<typeof nearbyPageOutput>;
