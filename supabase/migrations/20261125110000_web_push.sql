-- Web Push (DESIGN §5): a browser's push subscription per row, and a durable job per (notification, subscription)
-- written by a trigger in the transaction that inserts the notification, whoever inserts it (bookings, live
-- sessions, admin actions): a notification that commits is pushed, one that rolls back never is.

CREATE TABLE public.push_subscriptions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  -- The push service's URL for this browser: unique, since one browser profile has one subscription per key.
  endpoint    text NOT NULL UNIQUE CHECK (char_length(endpoint) BETWEEN 12 AND 2048 AND endpoint ~ '^https?://'),
  -- The browser's P-256 public key (65 bytes) and auth secret (16 bytes), base64url without padding.
  p256dh      text NOT NULL CHECK (p256dh ~ '^[A-Za-z0-9_-]{87}$'),
  auth        text NOT NULL CHECK (auth ~ '^[A-Za-z0-9_-]{22}$'),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX push_subscriptions_user_idx ON public.push_subscriptions (user_id, updated_at DESC);

ALTER TABLE public.push_subscriptions ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.push_subscriptions TO authenticated;
GRANT ALL ON public.push_subscriptions TO service_role;
CREATE POLICY push_subscriptions_own ON public.push_subscriptions FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

-- The VAPID key pair a deployment without VAPID_* settings generates once (development only, see README), shared
-- by every instance and kept across restarts: browsers bind a subscription to the public key it was made with.
CREATE TABLE public.web_push_vapid_keys (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  public_key  text NOT NULL,
  private_key text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE public.web_push_vapid_keys ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.web_push_vapid_keys FROM anon, authenticated;
GRANT SELECT, INSERT ON public.web_push_vapid_keys TO service_role;

-- The unread badge is read every minute by every open tab.
CREATE INDEX notifications_unread_idx ON public.notifications (recipient_id) WHERE read_at IS NULL;

-- SECURITY DEFINER: the inserting role may not see the recipient's subscriptions or write jobs.
CREATE FUNCTION public.enqueue_web_push() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  INSERT INTO public.jobs (name, payload, run_at, max_attempts)
  SELECT 'notifications.web_push', jsonb_build_object('notificationId', NEW.id, 'subscriptionId', s.id), now(), 8
    FROM public.push_subscriptions s
   WHERE s.user_id = NEW.recipient_id;
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION public.enqueue_web_push() FROM PUBLIC;

CREATE TRIGGER notifications_web_push AFTER INSERT ON public.notifications
  FOR EACH ROW EXECUTE FUNCTION public.enqueue_web_push();
