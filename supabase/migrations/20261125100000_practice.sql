-- Practice: an astrologer's private notes on their clients, and the indexes behind the dashboard, client list,
-- analytics and admin metrics (all read from consultations, reviews and the ledger; nothing is copied).

-- One note per (astrologer, customer). Private to the astrologer who wrote it: not the customer, not other
-- astrologers. A note may only be written about someone the astrologer has actually consulted with.
CREATE TABLE public.astrologer_client_notes (
  astrologer_id  uuid NOT NULL REFERENCES public.astrologers (id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  note           text NOT NULL CHECK (char_length(note) BETWEEN 1 AND 4000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (astrologer_id, user_id)
);
CREATE TRIGGER astrologer_client_notes_touch BEFORE UPDATE ON public.astrologer_client_notes
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

ALTER TABLE public.astrologer_client_notes ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.astrologer_client_notes TO service_role;
GRANT SELECT, DELETE ON public.astrologer_client_notes TO authenticated;
GRANT INSERT (astrologer_id, user_id, note), UPDATE (note) ON public.astrologer_client_notes TO authenticated;
CREATE POLICY astrologer_client_notes_own_select ON public.astrologer_client_notes FOR SELECT TO authenticated
  USING (astrologer_id = auth.uid());
CREATE POLICY astrologer_client_notes_own_delete ON public.astrologer_client_notes FOR DELETE TO authenticated
  USING (astrologer_id = auth.uid());
-- consultations' own policy shows the astrologer their consultations, so this EXISTS sees exactly those.
CREATE POLICY astrologer_client_notes_own_insert ON public.astrologer_client_notes FOR INSERT TO authenticated
  WITH CHECK (astrologer_id = auth.uid()
              AND EXISTS (SELECT 1 FROM public.consultations c WHERE c.astrologer_id = auth.uid() AND c.user_id = astrologer_client_notes.user_id));
CREATE POLICY astrologer_client_notes_own_update ON public.astrologer_client_notes FOR UPDATE TO authenticated
  USING (astrologer_id = auth.uid()) WITH CHECK (astrologer_id = auth.uid());

-- Client list and client detail: an astrologer's consultations per customer.
CREATE INDEX consultations_astrologer_user_idx ON public.consultations (astrologer_id, user_id);
-- Analytics: requests by the time they were made (acceptance rate), sessions by the time they ended.
CREATE INDEX consultations_astrologer_requested_idx ON public.consultations (astrologer_id, requested_at);
-- Admin metrics and analytics read transfers of one kind over a period.
CREATE INDEX ledger_transfers_kind_created_idx ON public.ledger_transfers (kind, created_at);
