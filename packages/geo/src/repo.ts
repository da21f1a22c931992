import { catalogueRepo } from '@ap/catalogue';
import type { Queryable } from '@ap/db';

const { CARD_COLUMNS } = catalogueRepo;
import type { NearbyAstrologer } from './schemas.js';

/** Keyset of the distance order: the cube distance (<->) to the origin, then id. */
export type DistanceKey = [distance: number, id: string];

export interface NearbyRow extends NearbyAstrologer {
  key: DistanceKey;
}

/**
 * Approved in-person astrologers within radiusM of (lat, lon), nearest first. geo_point() is the expression of the
 * GiST index astrologers_geo_idx: `earth_box @>` is the indexed bounding-cube test, the earth_distance filter
 * trims the cube's corners to the true circle, and `<->` (the straight-line distance between the two points,
 * which orders exactly like the great-circle distance) is the index's KNN order.
 */
export async function findNearby(
  db: Queryable, origin: { lat: number; lon: number }, radiusM: number, limit: number, after: DistanceKey | null,
): Promise<NearbyRow[]> {
  const { rows } = await db.query<NearbyAstrologer & { k: number }>(
    `SELECT ${CARD_COLUMNS},
            round((earth_distance(geo_point(a.lat, a.lon), geo_point($1, $2)) / 1000)::numeric, 1)::float8 AS "distanceKm",
            round(a.lat::numeric, 2)::float8 AS lat, round(a.lon::numeric, 2)::float8 AS lon,
            geo_point(a.lat, a.lon) <-> geo_point($1, $2) AS k
       FROM astrologers a
      WHERE a.status = 'approved' AND a.offers_in_person AND a.lat IS NOT NULL
        AND earth_box(geo_point($1, $2), $3) @> geo_point(a.lat, a.lon)
        AND earth_distance(geo_point(a.lat, a.lon), geo_point($1, $2)) <= $3
        AND ($5::float8 IS NULL OR (geo_point(a.lat, a.lon) <-> geo_point($1, $2), a.id) > ($5::float8, $6::uuid))
      ORDER BY geo_point(a.lat, a.lon) <-> geo_point($1, $2), a.id
      LIMIT $4`,
    [origin.lat, origin.lon, radiusM, limit, after?.[0] ?? null, after?.[1] ?? null],
  );
  return rows.map(({ k, ...card }) => ({ ...card, key: [k, card.id] }));
}
