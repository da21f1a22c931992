-- Availability: one row of settings per astrologer. Hours are local wall-clock times in time_zone; the service
-- validates their shape (ranges "HH:MM", no overlaps, one override per date) and turns them into slots.

CREATE TABLE public.astrologer_availability (
  astrologer_id       uuid PRIMARY KEY REFERENCES public.astrologers (id) ON DELETE CASCADE,
  time_zone           text NOT NULL DEFAULT 'Asia/Kolkata' CHECK (char_length(time_zone) BETWEEN 1 AND 64),
  -- {"mon": [{"start": "09:00", "end": "13:00"}, ...], ..., "sun": []}
  weekly              jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(weekly) = 'object'),
  -- [{"date": "2026-12-25", "ranges": []}, ...]; empty ranges = day off
  overrides           jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(overrides) = 'array'),
  slot_minutes        smallint NOT NULL DEFAULT 30 CHECK (slot_minutes IN (15, 30, 45, 60)),
  price_paise         bigint NOT NULL DEFAULT 0 CHECK (price_paise BETWEEN 0 AND 10000000),  -- per slot
  buffer_minutes      smallint NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 120),
  min_notice_minutes  integer NOT NULL DEFAULT 120 CHECK (min_notice_minutes BETWEEN 0 AND 10080),
  horizon_days        smallint NOT NULL DEFAULT 30 CHECK (horizon_days BETWEEN 1 AND 90),
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER astrologer_availability_touch BEFORE UPDATE ON public.astrologer_availability
  FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

-- The busy-time query behind every slot list: an astrologer's live scheduled consultations by start.
CREATE INDEX consultations_astrologer_scheduled_idx ON public.consultations (astrologer_id, scheduled_start)
  WHERE kind = 'scheduled' AND status IN ('requested', 'booked', 'active');

-- Slots are public, so the settings of approved astrologers are readable by anyone; an astrologer reads and
-- writes only their own row (pending ones included, so they can prepare before approval).
ALTER TABLE public.astrologer_availability ENABLE ROW LEVEL SECURITY;
GRANT ALL ON public.astrologer_availability TO service_role;
GRANT SELECT ON public.astrologer_availability TO anon, authenticated;
GRANT INSERT (astrologer_id, time_zone, weekly, overrides, slot_minutes, price_paise, buffer_minutes, min_notice_minutes, horizon_days),
      UPDATE (time_zone, weekly, overrides, slot_minutes, price_paise, buffer_minutes, min_notice_minutes, horizon_days)
  ON public.astrologer_availability TO authenticated;
CREATE POLICY astrologer_availability_public_select ON public.astrologer_availability FOR SELECT TO anon, authenticated
  USING (astrologer_id = auth.uid()
         OR EXISTS (SELECT 1 FROM public.astrologers a WHERE a.id = astrologer_id AND a.status = 'approved'));
CREATE POLICY astrologer_availability_own_insert ON public.astrologer_availability FOR INSERT TO authenticated
  WITH CHECK (astrologer_id = auth.uid());
CREATE POLICY astrologer_availability_own_update ON public.astrologer_availability FOR UPDATE TO authenticated
  USING (astrologer_id = auth.uid()) WITH CHECK (astrologer_id = auth.uid());

-- When an astrologer is busy, and nothing else: slot lists are public, the consultations behind them are not
-- (RLS shows each customer only their own), so this answers for anyone with bare intervals.
CREATE FUNCTION public.astrologer_busy_intervals(astrologer uuid, from_at timestamptz, to_at timestamptz)
RETURNS TABLE (start_at timestamptz, end_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.scheduled_start, c.scheduled_end
    FROM public.consultations c
   WHERE c.astrologer_id = astrologer AND c.kind = 'scheduled' AND c.status IN ('requested', 'booked', 'active')
     AND c.scheduled_start < to_at AND c.scheduled_end > from_at
   ORDER BY c.scheduled_start
$$;
REVOKE ALL ON FUNCTION public.astrologer_busy_intervals(uuid, timestamptz, timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.astrologer_busy_intervals(uuid, timestamptz, timestamptz) TO anon, authenticated, service_role;
