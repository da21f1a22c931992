-- Core schema for every entity of the product. Money is bigint paise, time is timestamptz, ids are uuids.
-- Phone numbers live only in `identities`, which nobody but the owner can read: an astrologer can never
-- obtain a customer's number through any table.

CREATE TABLE public.identities (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind        text NOT NULL CHECK (kind IN ('user', 'astrologer')),
  phone       text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  roles       text[] NOT NULL CHECK (roles <@ ARRAY['user', 'astrologer', 'admin'] AND cardinality(roles) > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (kind, phone)
);

CREATE TABLE public.users (
  id           uuid PRIMARY KEY REFERENCES public.identities (id) ON DELETE CASCADE,
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  email        text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$' AND char_length(email) <= 254),
  gender       text CHECK (gender IN ('female', 'male', 'other')),
  language     text CHECK (language ~ '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$'),
  birth_date   date CHECK (birth_date >= '1800-01-01'),
  birth_time   time,
  birth_place  text CHECK (char_length(birth_place) <= 200),
  birth_lat    double precision CHECK (birth_lat BETWEEN -90 AND 90),
  birth_lon    double precision CHECK (birth_lon BETWEEN -180 AND 180),
  birth_tz     text CHECK (char_length(birth_tz) <= 64),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((birth_lat IS NULL) = (birth_lon IS NULL))
);

CREATE TABLE public.astrologers (
  id                 uuid PRIMARY KEY REFERENCES public.identities (id) ON DELETE CASCADE,
  display_name       text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 100),
  bio                text NOT NULL DEFAULT '' CHECK (char_length(bio) <= 4000),
  languages          text[] NOT NULL DEFAULT '{}',
  experience_years   integer NOT NULL DEFAULT 0 CHECK (experience_years BETWEEN 0 AND 80),
  gender             text CHECK (gender IN ('female', 'male', 'other')),
  city               text CHECK (char_length(city) <= 100),
  lat                double precision CHECK (lat BETWEEN -90 AND 90),
  lon                double precision CHECK (lon BETWEEN -180 AND 180),
  photo_url          text CHECK (char_length(photo_url) <= 500),
  -- per-minute prices; 0 means the mode is not offered. At most ₹1,00,000 a minute.
  price_chat_paise   bigint NOT NULL DEFAULT 0 CHECK (price_chat_paise BETWEEN 0 AND 10000000),
  price_call_paise   bigint NOT NULL DEFAULT 0 CHECK (price_call_paise BETWEEN 0 AND 10000000),
  price_video_paise  bigint NOT NULL DEFAULT 0 CHECK (price_video_paise BETWEEN 0 AND 10000000),
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'suspended')),
  verified           boolean NOT NULL DEFAULT false,
  presence           text NOT NULL DEFAULT 'offline' CHECK (presence IN ('online', 'busy', 'offline')),
  rating_avg         numeric(3, 2) NOT NULL DEFAULT 0 CHECK (rating_avg BETWEEN 0 AND 5),
  rating_count       integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  approved_at        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((lat IS NULL) = (lon IS NULL)),
  CHECK (status <> 'approved' OR approved_at IS NOT NULL)
);
CREATE INDEX astrologers_listing_idx ON public.astrologers (status, rating_avg DESC, id);

CREATE TABLE public.specialties (
  slug        text PRIMARY KEY CHECK (slug ~ '^[a-z0-9-]{2,40}$'),
  name        text NOT NULL UNIQUE CHECK (char_length(name) BETWEEN 2 AND 60),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE public.astrologer_specialties (
  astrologer_id   uuid NOT NULL REFERENCES public.astrologers (id) ON DELETE CASCADE,
  specialty_slug  text NOT NULL REFERENCES public.specialties (slug) ON UPDATE CASCADE,
  PRIMARY KEY (astrologer_id, specialty_slug)
);
CREATE INDEX astrologer_specialties_slug_idx ON public.astrologer_specialties (specialty_slug);

CREATE TABLE public.consultations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES public.users (id),
  astrologer_id    uuid NOT NULL REFERENCES public.astrologers (id),
  mode             text NOT NULL CHECK (mode IN ('chat', 'call', 'video')),
  kind             text NOT NULL CHECK (kind IN ('instant', 'scheduled')),
  status           text NOT NULL CHECK (status IN ('requested', 'booked', 'active', 'completed', 'cancelled', 'expired', 'rejected', 'no_show')),
  rate_paise       bigint CHECK (rate_paise >= 0),   -- per minute, instant sessions
  price_paise      bigint CHECK (price_paise >= 0),  -- fixed price, scheduled bookings
  scheduled_start  timestamptz,
  scheduled_end    timestamptz,
  requested_at     timestamptz NOT NULL DEFAULT now(),
  accepted_at      timestamptz,
  started_at       timestamptz,
  ended_at         timestamptz,
  end_reason       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (kind <> 'scheduled' OR (scheduled_start IS NOT NULL AND scheduled_end > scheduled_start AND price_paise IS NOT NULL)),
  CHECK (kind <> 'instant' OR rate_paise IS NOT NULL),
  CHECK (ended_at IS NULL OR started_at IS NULL OR ended_at >= started_at)
);
CREATE INDEX consultations_user_idx ON public.consultations (user_id, created_at DESC);
CREATE INDEX consultations_astrologer_idx ON public.consultations (astrologer_id, created_at DESC);

CREATE TABLE public.messages (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq              bigint GENERATED ALWAYS AS IDENTITY UNIQUE,  -- catch-up cursor
  consultation_id  uuid NOT NULL REFERENCES public.consultations (id) ON DELETE CASCADE,
  sender_id        uuid NOT NULL REFERENCES public.identities (id),
  client_msg_id    text NOT NULL CHECK (char_length(client_msg_id) BETWEEN 1 AND 64),
  body             text CHECK (char_length(body) BETWEEN 1 AND 2000),
  attachment_url   text CHECK (char_length(attachment_url) <= 500),
  read_at          timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consultation_id, sender_id, client_msg_id),  -- retries are stored once
  CHECK (body IS NOT NULL OR attachment_url IS NOT NULL)
);
CREATE INDEX messages_consultation_idx ON public.messages (consultation_id, seq);

CREATE TABLE public.reviews (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  consultation_id  uuid NOT NULL UNIQUE REFERENCES public.consultations (id),
  user_id          uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  astrologer_id    uuid NOT NULL REFERENCES public.astrologers (id) ON DELETE CASCADE,
  rating           smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment          text CHECK (char_length(comment) <= 2000),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX reviews_astrologer_idx ON public.reviews (astrologer_id, created_at DESC);

CREATE TABLE public.favorites (
  user_id        uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  astrologer_id  uuid NOT NULL REFERENCES public.astrologers (id) ON DELETE CASCADE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, astrologer_id)
);

CREATE TABLE public.notifications (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  recipient_id  uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (char_length(kind) BETWEEN 1 AND 60),
  title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  body          text NOT NULL DEFAULT '' CHECK (char_length(body) <= 1000),
  data          jsonb NOT NULL DEFAULT '{}',
  read_at       timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_recipient_idx ON public.notifications (recipient_id, created_at DESC);

-- ---------------------------------------------------------------------------------------------------------
-- Auth: one-time codes, refresh tokens, the SMS outbox. Only the service role touches them.
CREATE TABLE public.otp_codes (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  phone         text NOT NULL,
  kind          text NOT NULL CHECK (kind IN ('user', 'astrologer')),
  code_hash     text NOT NULL,          -- HMAC-SHA256(secret, phone:kind:code); the code itself is never stored
  failed_attempts smallint NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
  signup_name   text CHECK (char_length(signup_name) BETWEEN 1 AND 100),  -- set when the code completes a sign-up
  expires_at    timestamptz NOT NULL,
  consumed_at   timestamptz,
  requester_ip  text,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX otp_codes_phone_idx ON public.otp_codes (phone, kind, created_at DESC);

CREATE TABLE public.refresh_tokens (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  identity_id   uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  family_id     uuid NOT NULL,
  token_hash    text NOT NULL UNIQUE,   -- SHA-256 of the opaque token
  expires_at    timestamptz NOT NULL,
  rotated_at    timestamptz,            -- set once, when exchanged for the next token of its family
  revoked_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_idx ON public.refresh_tokens (family_id);

CREATE TABLE public.sms_outbox (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_phone             text NOT NULL,
  body                 text NOT NULL,
  provider             text NOT NULL,
  provider_message_id  text,
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sms_outbox_phone_idx ON public.sms_outbox (to_phone, created_at DESC);

CREATE TABLE public.idempotency_keys (
  identity_id   uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  key           text NOT NULL CHECK (char_length(key) BETWEEN 8 AND 200),
  request_hash  text NOT NULL,        -- a replay with different parameters is rejected
  status_code   integer,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (identity_id, key)
);

-- Rate-limit counters (rate-limiter-flexible's PostgreSQL store), shared by every instance. app_meta is
-- not exposed through any API role.
CREATE SCHEMA IF NOT EXISTS app_meta;
CREATE TABLE app_meta.rate_limits (
  key     varchar(255) PRIMARY KEY,
  points  integer NOT NULL DEFAULT 0,
  expire  bigint
);

-- updated_at maintenance
CREATE FUNCTION public.touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END
$$;
CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER astrologers_touch BEFORE UPDATE ON public.astrologers FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER consultations_touch BEFORE UPDATE ON public.consultations FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
CREATE TRIGGER reviews_touch BEFORE UPDATE ON public.reviews FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();
