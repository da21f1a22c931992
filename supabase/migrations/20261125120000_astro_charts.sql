-- Astrology: saved birth charts (several per customer: family members too) and horoscope text published by
-- astrologers or admins, which takes precedence over the configured provider for its sign, period and date.

CREATE TABLE public.astro_charts (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id             uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  name                text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  birth_date          date NOT NULL CHECK (birth_date BETWEEN '1800-01-01' AND '2200-12-31'),
  birth_time          time NOT NULL,
  time_zone           text NOT NULL CHECK (char_length(time_zone) BETWEEN 1 AND 64),
  utc_offset_minutes  numeric(8, 3) CHECK (utc_offset_minutes BETWEEN -900 AND 900),
  place               text CHECK (char_length(place) <= 200),
  lat                 double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon                 double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  ayanamsa            text NOT NULL DEFAULT 'lahiri' CHECK (ayanamsa IN ('lahiri', 'raman', 'kp')),
  born_at             timestamptz NOT NULL,
  moon_sign           text NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX astro_charts_user_idx ON public.astro_charts (user_id, created_at DESC);

ALTER TABLE public.astro_charts ENABLE ROW LEVEL SECURITY;
GRANT SELECT, INSERT, DELETE ON public.astro_charts TO authenticated;
CREATE POLICY astro_charts_own ON public.astro_charts FOR ALL TO authenticated
  USING (user_id = auth.uid()) WITH CHECK (user_id = auth.uid());

CREATE TABLE public.horoscope_texts (
  sign          text NOT NULL CHECK (sign IN ('aries', 'taurus', 'gemini', 'cancer', 'leo', 'virgo', 'libra', 'scorpio', 'sagittarius', 'capricorn', 'aquarius', 'pisces')),
  period        text NOT NULL CHECK (period IN ('daily', 'weekly', 'monthly')),
  period_start  date NOT NULL,
  text_en       text NOT NULL CHECK (char_length(text_en) BETWEEN 1 AND 4000),
  text_hi       text CHECK (char_length(text_hi) BETWEEN 1 AND 4000),
  author_id     uuid NOT NULL REFERENCES public.identities (id) ON DELETE CASCADE,
  author_name   text NOT NULL CHECK (char_length(author_name) BETWEEN 1 AND 100),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sign, period, period_start)
);

-- Published text is public; only the service writes it, after checking the author is an astrologer or admin.
ALTER TABLE public.horoscope_texts ENABLE ROW LEVEL SECURITY;
GRANT SELECT ON public.horoscope_texts TO anon, authenticated;
CREATE POLICY horoscope_texts_public ON public.horoscope_texts FOR SELECT TO anon, authenticated USING (true);
