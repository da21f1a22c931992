-- Feedback (packages/feedback): reviews with one astrologer reply, moderation of abusive text, rating aggregates
-- kept by the database, and disputes ("report a problem / request refund") that an admin resolves.
--
-- Moderation rule: an admin may HIDE a review. A hidden review disappears from every public list (its text and
-- reply are no longer shown to anyone but its two parties), but its star rating still counts in the astrologer's
-- aggregates: the customer did have the session and rated it, the abuse was in the words. Only when the admin
-- also REMOVES THE RATING (a fake or retaliatory rating) does it stop counting. Hiding is final for the customer:
-- a hidden review cannot be edited back into view.

ALTER TABLE public.reviews
  ADD COLUMN edited_at       timestamptz,          -- the customer's last edit (updated_at also moves on replies)
  ADD COLUMN reply           text CHECK (char_length(reply) BETWEEN 1 AND 2000),
  ADD COLUMN replied_at      timestamptz,
  ADD COLUMN hidden_at       timestamptz,
  ADD COLUMN hidden_by       uuid REFERENCES public.identities (id),
  ADD COLUMN hidden_reason   text CHECK (char_length(hidden_reason) BETWEEN 1 AND 500),
  ADD COLUMN rating_removed  boolean NOT NULL DEFAULT false,
  ADD CONSTRAINT reviews_reply_pair CHECK ((reply IS NULL) = (replied_at IS NULL)),
  ADD CONSTRAINT reviews_hidden_pair CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
  ADD CONSTRAINT reviews_removed_only_hidden CHECK (NOT rating_removed OR hidden_at IS NOT NULL);

-- The public sees visible reviews; the two parties still see theirs once hidden (marked as such).
DROP POLICY reviews_public_select ON public.reviews;
CREATE POLICY reviews_public_select ON public.reviews FOR SELECT TO anon, authenticated
  USING (hidden_at IS NULL OR user_id = auth.uid() OR astrologer_id = auth.uid());
GRANT SELECT (edited_at, reply, replied_at, hidden_at) ON public.reviews TO anon, authenticated;

-- Public lists: an astrologer's visible reviews, newest first (keyset on created_at, id).
CREATE INDEX reviews_astrologer_visible_idx ON public.reviews (astrologer_id, created_at DESC, id DESC) WHERE hidden_at IS NULL;

-- ---------------------------------------------------------------------------------------------------------
-- Aggregates. rating_avg and rating_count exist; the distribution is new. They are recounted from the reviews
-- table (the source of truth) by a trigger in the same transaction as the change, after taking the astrologer's
-- row lock: under READ COMMITTED the recount statement then starts after any concurrent review's transaction has
-- committed, so it sees every committed review and the last writer leaves the exact count (no lost update).
-- Demo data seeded with synthetic ratings keeps them until its first real review replaces them with a recount.
ALTER TABLE public.astrologers
  ADD COLUMN rating_1_count integer NOT NULL DEFAULT 0 CHECK (rating_1_count >= 0),
  ADD COLUMN rating_2_count integer NOT NULL DEFAULT 0 CHECK (rating_2_count >= 0),
  ADD COLUMN rating_3_count integer NOT NULL DEFAULT 0 CHECK (rating_3_count >= 0),
  ADD COLUMN rating_4_count integer NOT NULL DEFAULT 0 CHECK (rating_4_count >= 0),
  ADD COLUMN rating_5_count integer NOT NULL DEFAULT 0 CHECK (rating_5_count >= 0);

CREATE FUNCTION public.recount_astrologer_rating(astrologer uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  -- NO KEY UPDATE: the inserted review's foreign key holds KEY SHARE on this row, which FOR UPDATE would conflict with.
  PERFORM 1 FROM public.astrologers WHERE id = astrologer FOR NO KEY UPDATE;
  UPDATE public.astrologers a
     SET rating_count = s.n, rating_avg = s.avg,
         rating_1_count = s.c1, rating_2_count = s.c2, rating_3_count = s.c3, rating_4_count = s.c4, rating_5_count = s.c5
    FROM (SELECT count(*)::int AS n, coalesce(round(avg(rating), 2), 0) AS avg,
                 count(*) FILTER (WHERE rating = 1)::int AS c1, count(*) FILTER (WHERE rating = 2)::int AS c2,
                 count(*) FILTER (WHERE rating = 3)::int AS c3, count(*) FILTER (WHERE rating = 4)::int AS c4,
                 count(*) FILTER (WHERE rating = 5)::int AS c5
            FROM public.reviews WHERE astrologer_id = astrologer AND NOT rating_removed) s
   WHERE a.id = astrologer;
END
$$;

CREATE FUNCTION public.reviews_recount() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM public.recount_astrologer_rating(OLD.astrologer_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND (TG_OP = 'INSERT' OR NEW.astrologer_id <> OLD.astrologer_id) THEN
    PERFORM public.recount_astrologer_rating(NEW.astrologer_id);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER reviews_recount AFTER INSERT OR DELETE OR UPDATE OF rating, rating_removed, astrologer_id ON public.reviews
  FOR EACH ROW EXECUTE FUNCTION public.reviews_recount();
REVOKE ALL ON FUNCTION public.recount_astrologer_rating(uuid) FROM PUBLIC;

-- Astrologers who already have real reviews get exact aggregates now.
SELECT public.recount_astrologer_rating(id) FROM public.astrologers a WHERE EXISTS (SELECT 1 FROM public.reviews r WHERE r.astrologer_id = a.id);

-- ---------------------------------------------------------------------------------------------------------
-- Reports of abusive reviews, by anyone signed in; once per reporter and review. An admin hides the review or
-- dismisses the reports.
CREATE TABLE public.review_reports (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  review_id    uuid NOT NULL REFERENCES public.reviews (id) ON DELETE CASCADE,
  reporter_id  uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  reason       text NOT NULL CHECK (reason IN ('abusive', 'spam', 'personal_info', 'off_topic', 'other')),
  note         text CHECK (char_length(note) BETWEEN 1 AND 1000),
  status       text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'hidden', 'dismissed')),
  resolved_by  uuid REFERENCES public.identities (id),
  resolved_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (review_id, reporter_id),
  CHECK ((status = 'open') = (resolved_at IS NULL))
);
CREATE INDEX review_reports_open_idx ON public.review_reports (review_id) WHERE status = 'open';

-- ---------------------------------------------------------------------------------------------------------
-- Disputes: a customer reports a problem with one of their consultations (once per consultation); an admin
-- rejects it with a note or refunds up to what was charged for it. The refund's ledger transfers reference the
-- consultation; refund_paise records what this dispute gave back.
CREATE TABLE public.disputes (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id  uuid NOT NULL UNIQUE REFERENCES public.consultations (id),
  user_id          uuid NOT NULL REFERENCES public.users (id),
  astrologer_id    uuid NOT NULL REFERENCES public.astrologers (id),
  reason           text NOT NULL CHECK (reason IN ('not_delivered', 'poor_quality', 'technical_issue', 'overcharged', 'astrologer_no_show', 'other')),
  description      text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'rejected', 'refunded')),
  resolution_note  text CHECK (char_length(resolution_note) BETWEEN 1 AND 1000),
  refund_paise     bigint CHECK (refund_paise > 0),
  -- where the refund came from: the astrologer's earnings and the commission, or platform revenue alone
  refund_source    text CHECK (refund_source IN ('earnings', 'platform')),
  resolved_by      uuid REFERENCES public.identities (id),
  resolved_at      timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'open') = (resolved_at IS NULL)),
  CHECK ((status = 'refunded') = (refund_paise IS NOT NULL AND refund_source IS NOT NULL)),
  CHECK (status <> 'rejected' OR resolution_note IS NOT NULL)
);
CREATE INDEX disputes_user_idx ON public.disputes (user_id, created_at DESC, id DESC);
CREATE INDEX disputes_open_idx ON public.disputes (created_at, id) WHERE status = 'open';
CREATE TRIGGER disputes_touch BEFORE UPDATE ON public.disputes FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

-- A resolved dispute is final: its outcome and money never change.
CREATE FUNCTION public.disputes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'disputes are never deleted' USING ERRCODE = 'P0001';
  END IF;
  IF OLD.status <> 'open' THEN
    RAISE EXCEPTION 'dispute % is already %', OLD.id, OLD.status USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER disputes_guard BEFORE UPDATE OR DELETE ON public.disputes FOR EACH ROW EXECUTE FUNCTION public.disputes_guard();

-- RLS: reporters read their own reports; customers their own disputes; astrologers the disputes about their
-- sessions. Every write goes through the service role (ownership checked in the service; refunds move money).
ALTER TABLE public.review_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.disputes ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.review_reports, public.disputes TO service_role;
GRANT SELECT (id, review_id, reason, note, status, created_at) ON public.review_reports TO authenticated;
CREATE POLICY review_reports_own ON public.review_reports FOR SELECT TO authenticated USING (reporter_id = auth.uid());
GRANT SELECT (id, consultation_id, user_id, astrologer_id, reason, description, status, resolution_note, refund_paise, resolved_at, created_at, updated_at)
  ON public.disputes TO authenticated;
CREATE POLICY disputes_parties ON public.disputes FOR SELECT TO authenticated USING (user_id = auth.uid() OR astrologer_id = auth.uid());
