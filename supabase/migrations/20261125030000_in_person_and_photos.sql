-- In-person consultations near the customer, and astrologer profile photos.

-- Great-circle distances: earthdistance represents a point as a 3-D `cube` on the Earth's surface, so a GiST index
-- over those points answers "within R km" (earth_box @>) and "nearest first" (cube's <-> KNN operator) directly.
-- Both extensions are trusted (PG 13+), so a non-superuser database owner may create them; on Supabase they
-- may already exist in the `extensions` schema, which is on its search_path.
CREATE EXTENSION IF NOT EXISTS cube;
CREATE EXTENSION IF NOT EXISTS earthdistance;

-- The index is on our own wrapper instead of ll_to_earth(lat, lon) itself. earthdistance 1.1 (PG 15, and any
-- cluster upgraded from it) defines ll_to_earth with a string body that names cube() and earth() unqualified,
-- and that body is resolved with the search_path of whoever evaluates it: PG 17's maintenance operations
-- (CREATE INDEX, REINDEX, VACUUM, ANALYZE) and pg_restore run with a restricted search_path and then fail with
-- "function earth() does not exist". A SQL-standard body (RETURN ...) is bound to its functions and types once,
-- here, so it evaluates the same under any search_path. Same formula as ll_to_earth.
CREATE FUNCTION public.geo_point(lat double precision, lon double precision) RETURNS earth
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN cube(cube(cube(earth() * cos(radians(lat)) * cos(radians(lon))),
                      earth() * cos(radians(lat)) * sin(radians(lon))),
                 earth() * sin(radians(lat)))::earth;

ALTER TABLE public.astrologers
  ADD COLUMN offers_in_person boolean NOT NULL DEFAULT false,
  -- Base key of the current photo in object storage; the stored sizes are <photo_key>-<size>.webp.
  ADD COLUMN photo_key text CHECK (photo_key ~ '^[a-z]+/[0-9a-f-]{36}/[A-Za-z0-9_-]{8,64}$');

CREATE INDEX astrologers_geo_idx ON public.astrologers USING gist (public.geo_point(lat, lon)) WHERE lat IS NOT NULL;

-- The astrologer sets these on their own row (RLS policy astrologers_own_update); photo_url was granted already.
GRANT UPDATE (offers_in_person, photo_key) ON public.astrologers TO authenticated;
