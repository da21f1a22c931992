-- Catalogue speed: an index for the default listing, and cache versions kept by the database itself.
--
-- The default listing (no text, sort=rating) orders by rating_avg::float8, rating_count, id: without an index on
-- exactly those expressions every page read and sorted all approved rows (22 ms on 10,000 astrologers, 1.4 ms with).
CREATE INDEX astrologers_rating_sort_idx ON public.astrologers ((rating_avg::float8) DESC, rating_count DESC, id DESC)
  WHERE status = 'approved';

-- Read-through cache versions. A cached catalogue read is stored under the versions it was read at and is used only
-- while they are unchanged, so a change invalidates it the moment it commits, whoever makes it (any service, any
-- instance, a migration, psql). Bumped here by triggers rather than by each writer: a writer that forgets cannot
-- serve stale data. Keys: 'catalogue' (anything a listing or search may show or filter on), and one per astrologer
-- (their card, reviews, rating distribution, availability and booked time: the profile page and the slots), and
-- 'presence' (who is online, for listings filtered on it). Cards themselves never carry a cached presence: readers
-- overlay the live one from the row on every read.
CREATE TABLE public.catalogue_versions (
  key      text PRIMARY KEY,
  version  bigint NOT NULL DEFAULT 1
);
ALTER TABLE public.catalogue_versions ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.catalogue_versions FROM anon, authenticated;
GRANT ALL ON public.catalogue_versions TO service_role;

CREATE FUNCTION public.bump_catalogue_versions(keys text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public AS $$
  INSERT INTO public.catalogue_versions AS v (key)
  SELECT DISTINCT k FROM unnest(keys) AS k WHERE k IS NOT NULL
  ORDER BY 1                           -- a fixed lock order: two writers never deadlock on these rows
  ON CONFLICT (key) DO UPDATE SET version = v.version + 1
$$;
REVOKE ALL ON FUNCTION public.bump_catalogue_versions(text[]) FROM PUBLIC;

-- Versions of the given keys (0 when never bumped); any caller may ask, the table itself stays private.
CREATE FUNCTION public.catalogue_versions_of(keys text[]) RETURNS bigint[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT array_agg(coalesce(v.version, 0) ORDER BY k.i)
    FROM unnest(keys) WITH ORDINALITY AS k(key, i) LEFT JOIN public.catalogue_versions v ON v.key = k.key
$$;
REVOKE ALL ON FUNCTION public.catalogue_versions_of(text[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.catalogue_versions_of(text[]) TO anon, authenticated, service_role;

-- Live presence of approved astrologers, for the overlay on cached cards (public: it is on every card).
CREATE FUNCTION public.astrologer_presence_of(ids uuid[]) RETURNS TABLE (id uuid, presence text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT a.id, a.presence FROM public.astrologers a WHERE a.id = ANY(ids) AND a.status = 'approved'
$$;
REVOKE ALL ON FUNCTION public.astrologer_presence_of(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.astrologer_presence_of(uuid[]) TO anon, authenticated, service_role;

-- Astrologers: any change but presence and bookkeeping columns may change a card, a filter or an order. Presence
-- moving to or from online changes what the online filter matches ('presence', read by those listings only).
CREATE FUNCTION public.astrologers_bump_catalogue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM public.bump_catalogue_versions(ARRAY['catalogue', 'presence', NEW.id::text]);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM public.bump_catalogue_versions(ARRAY['catalogue', 'presence', OLD.id::text]);
  ELSE
    PERFORM public.bump_catalogue_versions(ARRAY[
      CASE WHEN (to_jsonb(OLD) - 'presence' - 'updated_at') <> (to_jsonb(NEW) - 'presence' - 'updated_at') THEN 'catalogue' END,
      CASE WHEN (to_jsonb(OLD) - 'presence' - 'updated_at') <> (to_jsonb(NEW) - 'presence' - 'updated_at') THEN NEW.id::text END,
      CASE WHEN (OLD.presence = 'online') <> (NEW.presence = 'online') THEN 'presence' END]);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER astrologers_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.astrologers
  FOR EACH ROW EXECUTE FUNCTION public.astrologers_bump_catalogue();

-- Rows that belong to one astrologer: specialties (cards and filters), reviews (profile page), availability and
-- scheduled consultations (slots and the profile's next free slots).
CREATE FUNCTION public.astrologer_rows_bump_catalogue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  keys text[] := CASE WHEN TG_ARGV[0] = 'catalogue' THEN ARRAY['catalogue'] ELSE ARRAY[]::text[] END;
BEGIN
  IF TG_OP <> 'INSERT' THEN keys := keys || OLD.astrologer_id::text; END IF;
  IF TG_OP <> 'DELETE' THEN keys := keys || NEW.astrologer_id::text; END IF;
  PERFORM public.bump_catalogue_versions(keys);
  RETURN NULL;
END
$$;
-- Instant sessions never occupy a slot (their presence is overlaid): only scheduled consultations count.
CREATE FUNCTION public.consultations_bump_catalogue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  keys text[] := ARRAY[]::text[];
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.kind = 'scheduled' THEN keys := keys || OLD.astrologer_id::text; END IF;
  IF TG_OP <> 'DELETE' AND NEW.kind = 'scheduled' THEN keys := keys || NEW.astrologer_id::text; END IF;
  IF cardinality(keys) > 0 THEN PERFORM public.bump_catalogue_versions(keys); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER astrologer_specialties_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.astrologer_specialties
  FOR EACH ROW EXECUTE FUNCTION public.astrologer_rows_bump_catalogue('catalogue');
CREATE TRIGGER reviews_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.reviews
  FOR EACH ROW EXECUTE FUNCTION public.astrologer_rows_bump_catalogue('astrologer');
CREATE TRIGGER astrologer_availability_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.astrologer_availability
  FOR EACH ROW EXECUTE FUNCTION public.astrologer_rows_bump_catalogue('astrologer');
CREATE TRIGGER consultations_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.consultations
  FOR EACH ROW EXECUTE FUNCTION public.consultations_bump_catalogue();

CREATE FUNCTION public.specialties_bump_catalogue() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM public.bump_catalogue_versions(ARRAY['catalogue']);
  RETURN NULL;
END
$$;
CREATE TRIGGER specialties_catalogue_versions AFTER INSERT OR UPDATE OR DELETE ON public.specialties
  FOR EACH STATEMENT EXECUTE FUNCTION public.specialties_bump_catalogue();
