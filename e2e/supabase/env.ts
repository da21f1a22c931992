// Where the Supabase-mode browser tests run: the launcher's e2e-supabase profile (web 4010, services 4011-4013,
// embedded PostgreSQL 54343) beside the fake Supabase Auth (fake-gotrue.ts) on 4014.
export const WEB_URL = 'http://127.0.0.1:4010';
export const FAKE_SUPABASE_URL = 'http://127.0.0.1:4014';
export const FAKE_ANON_KEY = 'e2e-fake-anon-key';
/** Short-lived access tokens, so a test sees supabase-js refresh one. */
export const ACCESS_TOKEN_SECONDS = 8;
export const DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54343/anytime_pooja';
