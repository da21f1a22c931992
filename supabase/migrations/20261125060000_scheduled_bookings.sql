-- Scheduled bookings: the booking states, the one-booking-per-slot wall, and a durable job table for their timers.

-- States. Instant sessions keep requested/booked/active/rejected; scheduled bookings move
--   pending → confirmed | declined | expired | cancelled;  confirmed → in_progress → completed;  confirmed → cancelled | no_show.
-- (The service enforces the transitions; the CHECK only bounds the vocabulary.)
ALTER TABLE public.consultations DROP CONSTRAINT consultations_status_check;
ALTER TABLE public.consultations ADD CONSTRAINT consultations_status_check CHECK (status IN (
  'requested', 'booked', 'active', 'completed', 'cancelled', 'expired', 'rejected', 'no_show',
  'pending', 'confirmed', 'declined', 'in_progress'));

-- Who cancelled (the money rule depends on it) and when an unanswered request lapses.
ALTER TABLE public.consultations
  ADD COLUMN cancelled_by text CHECK (cancelled_by IN ('customer', 'astrologer')),
  ADD COLUMN expires_at timestamptz;

-- One booking per slot, as the final wall. The service serialises bookings of one astrologer (an advisory lock)
-- and re-checks the slot against the live busy time before it holds any money, so this constraint should never
-- fire in normal operation; it exists so that a bug, a missed lock or a second writer fails the transaction
-- (the hold placed in it is rolled back with it) instead of double-booking an astrologer. Buffers between slots
-- are the service's job: the constraint only knows that two live bookings may not overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE public.consultations ADD CONSTRAINT consultations_no_double_booking
  EXCLUDE USING gist (astrologer_id WITH =, tstzrange(scheduled_start, scheduled_end) WITH &&)
  WHERE (kind = 'scheduled' AND status IN ('requested', 'booked', 'active', 'pending', 'confirmed', 'in_progress'));

DROP INDEX public.consultations_astrologer_scheduled_idx;
CREATE INDEX consultations_astrologer_scheduled_idx ON public.consultations (astrologer_id, scheduled_start)
  WHERE kind = 'scheduled' AND status IN ('requested', 'booked', 'active', 'pending', 'confirmed', 'in_progress');
-- Booking lists: a party's scheduled consultations by slot (keyset on scheduled_start, id).
CREATE INDEX consultations_user_scheduled_idx ON public.consultations (user_id, scheduled_start, id) WHERE kind = 'scheduled';
CREATE INDEX consultations_astrologer_slots_idx ON public.consultations (astrologer_id, scheduled_start, id) WHERE kind = 'scheduled';

-- Busy time counts pending requests too: a slot someone is waiting on cannot be offered to anyone else.
CREATE OR REPLACE FUNCTION public.astrologer_busy_intervals(astrologer uuid, from_at timestamptz, to_at timestamptz)
RETURNS TABLE (start_at timestamptz, end_at timestamptz)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.scheduled_start, c.scheduled_end
    FROM public.consultations c
   WHERE c.astrologer_id = astrologer AND c.kind = 'scheduled'
     AND c.status IN ('requested', 'booked', 'active', 'pending', 'confirmed', 'in_progress')
     AND c.scheduled_start < to_at AND c.scheduled_end > from_at
   ORDER BY c.scheduled_start
$$;

-- Durable jobs (DESIGN §1): timers that must survive a restart. A job is enqueued in the same transaction as the
-- change that needs it (a booking and its expiry commit or vanish together). A worker claims a due job with
-- FOR UPDATE SKIP LOCKED and runs its handler in that same transaction, marking it done before commit: a crash
-- rolls back both, so the job is simply claimed again, and the handler's effect happens exactly once.
CREATE TABLE public.jobs (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  payload       jsonb NOT NULL DEFAULT '{}',
  run_at        timestamptz NOT NULL,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  attempts      integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  max_attempts  integer NOT NULL DEFAULT 10 CHECK (max_attempts >= 1),
  last_error    text,
  -- At most one pending job per (name, key): re-scheduling the same timer replaces nothing and adds nothing.
  singleton_key text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  CHECK ((status = 'pending') = (finished_at IS NULL))
);
CREATE INDEX jobs_due_idx ON public.jobs (run_at, id) WHERE status = 'pending';
CREATE UNIQUE INDEX jobs_singleton_idx ON public.jobs (name, singleton_key) WHERE status = 'pending' AND singleton_key IS NOT NULL;

-- Server-only: no API role may read or write jobs.
ALTER TABLE public.jobs ENABLE ROW LEVEL SECURITY;
REVOKE ALL ON public.jobs FROM anon, authenticated;
GRANT ALL ON public.jobs TO service_role;
