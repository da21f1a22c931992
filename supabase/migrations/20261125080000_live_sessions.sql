-- Live (instant, per-minute) consultations: billing state, presence heartbeats, the waitlist, the free first
-- session, richer chat messages, and the realtime fan-out of notifications.

-- Instant sessions move requested → active → completed | cancelled;  requested → rejected | expired | cancelled.
-- Billing (DESIGN §4) is server time only. For a chat it starts at the astrologer's first reply; for a call or a
-- video when both parties report the media connected. A call whose media drops pauses: the time billed so far is
-- kept in billed_ms and the clock restarts when both are connected again, so a gap is never billed.
ALTER TABLE public.consultations
  ADD COLUMN billing_started_at     timestamptz,          -- start of the running billed segment; NULL while paused
  ADD COLUMN billed_ms              bigint NOT NULL DEFAULT 0 CHECK (billed_ms >= 0),  -- closed segments
  ADD COLUMN first_billed_at        timestamptz,          -- when billing first started (the summary's "started")
  ADD COLUMN deadline_at            timestamptz,          -- when the money (and free minutes) run out; NULL while paused
  ADD COLUMN funded_minutes         integer NOT NULL DEFAULT 0 CHECK (funded_minutes >= 0),  -- held + free
  ADD COLUMN free_minutes           integer NOT NULL DEFAULT 0 CHECK (free_minutes >= 0),
  ADD COLUMN billed_minutes         integer CHECK (billed_minutes >= 0),
  ADD COLUMN charged_paise          bigint CHECK (charged_paise >= 0),  -- from the wallet
  ADD COLUMN promo_paise            bigint CHECK (promo_paise >= 0),    -- free minutes, from the promotional account
  ADD COLUMN customer_seen_at       timestamptz,
  ADD COLUMN astrologer_seen_at     timestamptz,
  ADD COLUMN customer_media_at      timestamptz,          -- media connected (call/video); NULL when not
  ADD COLUMN astrologer_media_at    timestamptz,
  ADD COLUMN low_balance_warned_for timestamptz,          -- the deadline a low-balance warning was sent for
  ADD COLUMN settled_at             timestamptz,
  ADD CONSTRAINT consultations_end_reason_len CHECK (char_length(end_reason) <= 60);

-- One open instant consultation per customer, one live session per astrologer: the final wall behind the
-- service's checks (two concurrent accepts cannot both win).
CREATE UNIQUE INDEX consultations_one_open_instant_per_user ON public.consultations (user_id)
  WHERE kind = 'instant' AND status IN ('requested', 'active');
CREATE UNIQUE INDEX consultations_one_live_per_astrologer ON public.consultations (astrologer_id)
  WHERE kind = 'instant' AND status = 'active';
CREATE INDEX consultations_instant_live_idx ON public.consultations (status) WHERE kind = 'instant' AND status IN ('requested', 'active');

-- The free first session is granted once per phone number, whatever account it later belongs to. Only a hash of
-- the number is kept. Server-only.
CREATE TABLE public.free_session_claims (
  phone_hash       text PRIMARY KEY CHECK (char_length(phone_hash) = 64),
  user_id          uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  consultation_id  uuid NOT NULL UNIQUE REFERENCES public.consultations (id),
  created_at       timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.free_session_claims ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.free_session_claims FROM anon, authenticated;
GRANT ALL ON public.free_session_claims TO service_role;

-- Customers waiting for a busy astrologer; told when the astrologer is free again.
CREATE TABLE public.session_waitlist (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  astrologer_id  uuid NOT NULL REFERENCES public.astrologers (id) ON DELETE CASCADE,
  user_id        uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  mode           text NOT NULL CHECK (mode IN ('chat', 'call', 'video')),
  created_at     timestamptz NOT NULL DEFAULT now(),
  notified_at    timestamptz
);
CREATE UNIQUE INDEX session_waitlist_waiting_idx ON public.session_waitlist (astrologer_id, user_id) WHERE notified_at IS NULL;
ALTER TABLE public.session_waitlist ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON public.session_waitlist TO authenticated;
CREATE POLICY session_waitlist_own ON public.session_waitlist FOR SELECT TO authenticated USING (user_id = auth.uid());
GRANT ALL ON public.session_waitlist TO service_role;

-- Chat messages: attachments carry their type and size; `masked` says contact details were hidden on the way in;
-- system lines (session started, ended) come from nobody in particular.
ALTER TABLE public.messages
  ADD COLUMN kind              text NOT NULL DEFAULT 'text' CHECK (kind IN ('text', 'image', 'file')),
  ADD COLUMN attachment_type   text CHECK (char_length(attachment_type) <= 100),
  ADD COLUMN attachment_bytes  integer CHECK (attachment_bytes BETWEEN 1 AND 10485760),
  ADD COLUMN attachment_name   text CHECK (char_length(attachment_name) <= 200),
  ADD COLUMN masked            boolean NOT NULL DEFAULT false;
CREATE INDEX messages_unread_idx ON public.messages (consultation_id, sender_id, seq) WHERE read_at IS NULL;

-- Realtime fan-out: every new notification is announced on the `ap_realtime` channel; each communication-service
-- instance LISTENs and pushes it to the recipient's sockets on that instance. Committed rows only (NOTIFY is
-- delivered at commit), and any service may insert notifications without knowing about sockets.
CREATE FUNCTION public.notifications_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ap_realtime', json_build_object('t', 'notification', 'to', NEW.recipient_id, 'id', NEW.id)::text);
  RETURN NEW;
END
$$;
CREATE TRIGGER notifications_announce AFTER INSERT ON public.notifications
  FOR EACH ROW EXECUTE FUNCTION public.notifications_announce();
