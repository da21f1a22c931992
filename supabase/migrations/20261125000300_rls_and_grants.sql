-- Row Level Security: the database's own wall behind each service's checks. Requests run as `authenticated`
-- (or `anon`) with the caller's JWT claims; auth.uid() is the caller. Privileged work runs as service_role,
-- which bypasses RLS. Tables that hold personal data all have RLS enabled; those with no policy for a role
-- are invisible to it.

ALTER TABLE public.identities              ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.users                   ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.astrologers             ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.astrologer_specialties  ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.specialties             ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.consultations           ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.messages                ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.reviews                 ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.favorites               ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notifications           ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.otp_codes               ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.refresh_tokens          ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sms_outbox              ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.idempotency_keys        ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ledger_accounts         ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ledger_transfers        ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ledger_holds            ENABLE ROW LEVEL SECURITY;

-- Service role: everything (it bypasses RLS; these are the table privileges it still needs).
GRANT ALL ON ALL TABLES IN SCHEMA public TO service_role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO service_role;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO service_role;
GRANT USAGE ON SCHEMA app_meta TO service_role;
GRANT ALL ON app_meta.rate_limits TO service_role;

-- identities: only your own row (this is where phone numbers live).
GRANT SELECT ON public.identities TO authenticated;
CREATE POLICY identities_own ON public.identities FOR SELECT TO authenticated USING (id = auth.uid());

-- users (customers): read and edit your own profile only.
GRANT SELECT ON public.users TO authenticated;
GRANT UPDATE (name, email, gender, language, birth_date, birth_time, birth_place, birth_lat, birth_lon, birth_tz)
  ON public.users TO authenticated;
CREATE POLICY users_own_select ON public.users FOR SELECT TO authenticated USING (id = auth.uid());
CREATE POLICY users_own_update ON public.users FOR UPDATE TO authenticated USING (id = auth.uid()) WITH CHECK (id = auth.uid());

-- astrologers: the public sees approved profiles; an astrologer sees and edits their own (not status,
-- verification, ratings: those columns are not granted).
GRANT SELECT ON public.astrologers TO anon, authenticated;
GRANT UPDATE (display_name, bio, languages, experience_years, gender, city, lat, lon, photo_url,
              price_chat_paise, price_call_paise, price_video_paise, presence)
  ON public.astrologers TO authenticated;
CREATE POLICY astrologers_public_select ON public.astrologers FOR SELECT TO anon, authenticated
  USING (status = 'approved' OR id = auth.uid());
CREATE POLICY astrologers_own_update ON public.astrologers FOR UPDATE TO authenticated
  USING (id = auth.uid()) WITH CHECK (id = auth.uid());

GRANT SELECT ON public.specialties TO anon, authenticated;
CREATE POLICY specialties_public ON public.specialties FOR SELECT TO anon, authenticated USING (true);

GRANT SELECT ON public.astrologer_specialties TO anon, authenticated;
GRANT INSERT, DELETE ON public.astrologer_specialties TO authenticated;
CREATE POLICY astrologer_specialties_public ON public.astrologer_specialties FOR SELECT TO anon, authenticated
  USING (EXISTS (SELECT 1 FROM public.astrologers a WHERE a.id = astrologer_id AND (a.status = 'approved' OR a.id = auth.uid())));
CREATE POLICY astrologer_specialties_own_insert ON public.astrologer_specialties FOR INSERT TO authenticated
  WITH CHECK (astrologer_id = auth.uid());
CREATE POLICY astrologer_specialties_own_delete ON public.astrologer_specialties FOR DELETE TO authenticated
  USING (astrologer_id = auth.uid());

-- consultations: the two parties only. Created and moved between states by the service (money is involved).
GRANT SELECT ON public.consultations TO authenticated;
CREATE POLICY consultations_parties ON public.consultations FOR SELECT TO authenticated
  USING (user_id = auth.uid() OR astrologer_id = auth.uid());

-- messages: the two parties of the consultation read them; you may only send as yourself.
GRANT SELECT, INSERT ON public.messages TO authenticated;
GRANT UPDATE (read_at) ON public.messages TO authenticated;
CREATE POLICY messages_parties_select ON public.messages FOR SELECT TO authenticated
  USING (EXISTS (SELECT 1 FROM public.consultations c WHERE c.id = consultation_id AND auth.uid() IN (c.user_id, c.astrologer_id)));
CREATE POLICY messages_parties_insert ON public.messages FOR INSERT TO authenticated
  WITH CHECK (sender_id = auth.uid()
    AND EXISTS (SELECT 1 FROM public.consultations c WHERE c.id = consultation_id AND auth.uid() IN (c.user_id, c.astrologer_id)));
-- read receipts: only the recipient marks a message read
CREATE POLICY messages_recipient_update ON public.messages FOR UPDATE TO authenticated
  USING (sender_id <> auth.uid()
    AND EXISTS (SELECT 1 FROM public.consultations c WHERE c.id = consultation_id AND auth.uid() IN (c.user_id, c.astrologer_id)));

-- reviews: public to read; written by the customer of a completed consultation.
GRANT SELECT ON public.reviews TO anon, authenticated;
GRANT INSERT ON public.reviews TO authenticated;
GRANT UPDATE (rating, comment) ON public.reviews TO authenticated;
CREATE POLICY reviews_public_select ON public.reviews FOR SELECT TO anon, authenticated USING (true);
CREATE POLICY reviews_own_insert ON public.reviews FOR INSERT TO authenticated
  WITH CHECK (user_id = auth.uid() AND EXISTS (
    SELECT 1 FROM public.consultations c
    WHERE c.id = consultation_id AND c.user_id = auth.uid() AND c.astrologer_id = reviews.astrologer_id AND c.status = 'completed'));
CREATE POLICY reviews_own_update ON public.reviews FOR UPDATE TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

-- favorites: your own list only.
GRANT SELECT, INSERT, DELETE ON public.favorites TO authenticated;
CREATE POLICY favorites_own ON public.favorites FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

-- notifications: your own; you may only mark them read.
GRANT SELECT ON public.notifications TO authenticated;
GRANT UPDATE (read_at) ON public.notifications TO authenticated;
CREATE POLICY notifications_own_select ON public.notifications FOR SELECT TO authenticated USING (recipient_id = auth.uid());
CREATE POLICY notifications_own_update ON public.notifications FOR UPDATE TO authenticated
  USING (recipient_id = auth.uid()) WITH CHECK (recipient_id = auth.uid());

-- ledger: read your own accounts, their transfers and holds. Postings are service-role only.
GRANT SELECT ON public.ledger_accounts, public.ledger_transfers, public.ledger_holds TO authenticated;
CREATE POLICY ledger_accounts_own ON public.ledger_accounts FOR SELECT TO authenticated USING (owner_id = auth.uid());
CREATE POLICY ledger_transfers_own ON public.ledger_transfers FOR SELECT TO authenticated
  USING (EXISTS (SELECT 1 FROM public.ledger_accounts a
                 WHERE a.owner_id = auth.uid() AND a.id IN (debit_account_id, credit_account_id)));
CREATE POLICY ledger_holds_own ON public.ledger_holds FOR SELECT TO authenticated
  USING (EXISTS (SELECT 1 FROM public.ledger_accounts a WHERE a.owner_id = auth.uid() AND a.id = account_id));

-- otp_codes, refresh_tokens, sms_outbox, idempotency_keys: RLS on, no policy, no grant: service role only.
