-- Catalogue search and filters. Two documents per astrologer, kept current by triggers:
--   search_tsv   full text: name, specialties, languages, city and bio ('simple' configuration: no stemming of
--                Indian names and terms), GIN-indexed;
--   search_text  the short keywords alone (name, specialties, languages, city), to rank a keyword hit first.
-- Typos are tolerated through a lexicon of every word in any profile, trigram-indexed: a query word is expanded
-- to the known words that resemble it ("tarrot" -> tarot, "vaastu" -> vastu) before the full-text match, so a
-- misspelt query costs one small index lookup rather than a fuzzy comparison against every profile.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE public.astrologers ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE public.astrologers ADD COLUMN search_tsv tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION public.astrologer_search_keywords(a public.astrologers) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT lower(concat_ws(' ',
    a.display_name,
    (SELECT string_agg(s.name, ' ' ORDER BY s.name) FROM public.astrologer_specialties x
       JOIN public.specialties s ON s.slug = x.specialty_slug WHERE x.astrologer_id = a.id),
    array_to_string(a.languages, ' '),
    a.city))
$$;

CREATE FUNCTION public.astrologer_search_tsv(a public.astrologers) RETURNS tsvector
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT to_tsvector('simple', public.astrologer_search_keywords(a) || ' ' || coalesce(a.bio, ''))
$$;

CREATE FUNCTION public.astrologers_set_search_text() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_text := public.astrologer_search_keywords(NEW);
  NEW.search_tsv := public.astrologer_search_tsv(NEW);
  RETURN NEW;
END
$$;
CREATE TRIGGER astrologers_search_text BEFORE INSERT OR UPDATE OF display_name, bio, languages, city ON public.astrologers
  FOR EACH ROW EXECUTE FUNCTION public.astrologers_set_search_text();

CREATE TABLE public.search_lexicon (word text PRIMARY KEY);
CREATE INDEX search_lexicon_trgm_idx ON public.search_lexicon USING gin (word gin_trgm_ops);
-- Words of pending or suspended profiles are in it too, so nobody reads it directly: queries go through
-- search_expand(), which only answers "which known words resemble this one".
ALTER TABLE public.search_lexicon ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.search_lexicon TO service_role;

-- A query word as a tsquery: itself (also as a prefix) or any of the 8 known words most like it.
CREATE FUNCTION public.search_expand(word text) RETURNS tsquery
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT to_tsquery('simple', coalesce(string_agg(quote_literal(l.word), ' | ') || ' | ', '') || quote_literal(search_expand.word) || ':*')
    FROM (SELECT s.word FROM public.search_lexicon s WHERE s.word % search_expand.word
           ORDER BY s.word <-> search_expand.word LIMIT 8) l
$$;
REVOKE ALL ON FUNCTION public.search_expand(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.search_expand(text) TO anon, authenticated, service_role;

-- Words are only ever added: a stale word merely expands a query to something that no longer matches.
CREATE FUNCTION public.astrologers_feed_lexicon() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO public.search_lexicon (word)
  SELECT DISTINCT w FROM changed, unnest(tsvector_to_array(changed.search_tsv)) AS w
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER astrologers_lexicon_ins AFTER INSERT ON public.astrologers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.astrologers_feed_lexicon();
CREATE TRIGGER astrologers_lexicon_upd AFTER UPDATE ON public.astrologers
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.astrologers_feed_lexicon();

-- Specialties change through their own table; the astrologer editing them has no right to write the search
-- columns, so the refresh runs as the definer.
CREATE FUNCTION public.astrologer_specialties_refresh_search() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE public.astrologers a SET search_text = public.astrologer_search_keywords(a), search_tsv = public.astrologer_search_tsv(a)
   WHERE a.id IN (SELECT astrologer_id FROM changed);
  RETURN NULL;
END
$$;
CREATE TRIGGER astrologer_specialties_search_ins AFTER INSERT ON public.astrologer_specialties
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.astrologer_specialties_refresh_search();
CREATE TRIGGER astrologer_specialties_search_del AFTER DELETE ON public.astrologer_specialties
  REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION public.astrologer_specialties_refresh_search();

CREATE FUNCTION public.specialties_refresh_search() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE public.astrologers a SET search_text = public.astrologer_search_keywords(a), search_tsv = public.astrologer_search_tsv(a)
   WHERE a.id IN (SELECT astrologer_id FROM public.astrologer_specialties WHERE specialty_slug = NEW.slug);
  RETURN NULL;
END
$$;
CREATE TRIGGER specialties_search AFTER UPDATE OF name ON public.specialties
  FOR EACH ROW EXECUTE FUNCTION public.specialties_refresh_search();

UPDATE public.astrologers a SET search_text = public.astrologer_search_keywords(a), search_tsv = public.astrologer_search_tsv(a);

CREATE INDEX astrologers_search_tsv_idx ON public.astrologers USING gin (search_tsv) WHERE status = 'approved';
CREATE INDEX astrologers_experience_idx ON public.astrologers (experience_years DESC, id DESC) WHERE status = 'approved';
CREATE INDEX astrologers_popularity_idx ON public.astrologers (rating_count DESC, id DESC) WHERE status = 'approved';
CREATE INDEX astrologers_price_chat_idx ON public.astrologers (price_chat_paise, id) WHERE status = 'approved' AND price_chat_paise > 0;
CREATE INDEX astrologers_price_call_idx ON public.astrologers (price_call_paise, id) WHERE status = 'approved' AND price_call_paise > 0;
CREATE INDEX astrologers_price_video_idx ON public.astrologers (price_video_paise, id) WHERE status = 'approved' AND price_video_paise > 0;

-- Whether the caller follows an astrologer, and how many follow me: favorites stay private (RLS), these
-- answer exactly one question each for auth.uid().
CREATE FUNCTION public.is_favorite(astrologer uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT auth.uid() IS NOT NULL AND EXISTS (SELECT 1 FROM public.favorites WHERE user_id = auth.uid() AND astrologer_id = astrologer)
$$;
CREATE FUNCTION public.my_follower_count() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT count(*) FROM public.favorites WHERE astrologer_id = auth.uid()
$$;
REVOKE ALL ON FUNCTION public.is_favorite(uuid), public.my_follower_count() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.is_favorite(uuid) TO anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION public.my_follower_count() TO authenticated, service_role;
