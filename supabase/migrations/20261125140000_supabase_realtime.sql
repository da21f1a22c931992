-- Supabase Realtime: deliver new chat messages and notifications as postgres_changes. Realtime checks each change
-- against the subscriber's RLS SELECT policies (as `authenticated` with their JWT claims), and those already limit
-- messages to the consultation's two parties and notifications to their recipient (20261125000300_rls_and_grants).
-- On plain PostgreSQL (no `supabase_realtime` publication) this is a no-op; on a project whose publication already
-- publishes every table, or already has the table, there is nothing to add.
DO $$
DECLARE
  t text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime' AND NOT puballtables) THEN
    RETURN;
  END IF;
  FOREACH t IN ARRAY ARRAY['messages', 'notifications'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_publication_tables
                    WHERE pubname = 'supabase_realtime' AND schemaname = 'public' AND tablename = t) THEN
      EXECUTE format('ALTER PUBLICATION supabase_realtime ADD TABLE public.%I', t);
    END IF;
  END LOOP;
END
$$;
