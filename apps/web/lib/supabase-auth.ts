// Supabase Auth phone OTP in the browser (AUTH_PROVIDER=supabase): @supabase/supabase-js sends and checks the code,
// keeps the Supabase session (its own storage key per role, since a customer and an astrologer may both be signed
// in) and refreshes it; our services accept its access token as a Bearer and map it to an identity. The app's own
// session (lib/session.ts) mirrors the access token, marked `provider: 'supabase'` so lib/api.ts refreshes and signs
// out through here instead of our /refresh and /logout. Loaded only when a deployment uses Supabase Auth.
import { createClient, isAuthRetryableFetchError, type AuthChangeEvent, type AuthError, type Session as SupabaseSession, type SupabaseClient } from '@supabase/supabase-js';
import { api, ApiError, authBase, isApiError } from './api';
import { isSupabaseSession, loadAuthConfig, type SupabaseBackedSession } from './auth-config';
import { clearSession, readSession, saveSession, type Role, type Session, type SessionUser } from './session';

class NotConfigured extends Error {}

const clients = new Map<Role, Promise<SupabaseClient>>();

/** One supabase-js client per role, created on first use in the browser. */
export function supabaseClient(role: Role): Promise<SupabaseClient> {
  let client = clients.get(role);
  if (!client) {
    client = loadAuthConfig().then((config) => {
      if (config.provider !== 'supabase') throw new NotConfigured('this deployment does not use Supabase Auth');
      const c = createClient(config.supabaseUrl, config.supabaseAnonKey, {
        auth: { storageKey: `ap.supabase.${role}`, persistSession: true, autoRefreshToken: true, detectSessionInUrl: false },
      });
      c.auth.onAuthStateChange((event, session) => mirror(role, event, session));
      return c;
    });
    client.catch(() => clients.delete(role));
    clients.set(role, client);
  }
  return client;
}

/** Keeps the app's session in step with supabase-js (its background refresh, or a sign-out it decided on). */
function mirror(role: Role, event: AuthChangeEvent, session: SupabaseSession | null): void {
  const current = readSession(role);
  if (!isSupabaseSession(current)) return;
  if (event === 'SIGNED_OUT') {
    clearSession(role);
    return;
  }
  if (event === 'TOKEN_REFRESHED' && session && session.user.id === current.user.id && session.access_token !== current.accessToken) {
    saveSession(role, { ...current, accessToken: session.access_token, refreshToken: session.refresh_token });
  }
}

/** supabase-js errors as the ApiError the sign-in form already shows. */
function toApiError(error: AuthError | null, step: 'send' | 'verify'): ApiError {
  if (!error || isAuthRetryableFetchError(error)) return new ApiError(0, {}, null);
  const code = error.code ?? '';
  if (code === 'otp_disabled' || (step === 'send' && error.status === 422 && /signups? not allowed/i.test(error.message))) {
    return new ApiError(404, { code: 'account_not_found', detail: 'No account with this number; sign up first.' }, null);
  }
  if (code === 'otp_expired' || (step === 'verify' && error.status === 403)) {
    return new ApiError(400, { code: 'otp_invalid', detail: 'That code is wrong or has expired. Check it or ask for a new one.' }, null);
  }
  if (error.status === 429 || code.startsWith('over_')) {
    return new ApiError(429, { code: 'otp_rate_limited', detail: 'Too many codes asked for. Please wait a minute and try again.' }, null);
  }
  return new ApiError(error.status ?? 400, { code: code || 'auth_failed', detail: error.message }, null);
}

/** Sends a code by SMS through Supabase Auth. A sign-up creates the Supabase user with the app's kind and the name. */
export async function sendSupabaseCode(role: Role, mode: 'login' | 'signup', phone: string, name: string): Promise<void> {
  const client = await supabaseClient(role);
  const kind = role === 'astrologer' ? 'astrologer' : 'user';
  const { error } = await client.auth.signInWithOtp({
    phone,
    options: mode === 'signup' ? { shouldCreateUser: true, data: { kind, name }, channel: 'sms' } : { shouldCreateUser: false, channel: 'sms' },
  });
  if (error) throw toApiError(error, 'send');
}

/** Checks the code with Supabase Auth, then asks our API who that is (its first call creates the account here). */
export async function verifySupabaseCode(role: Role, phone: string, code: string): Promise<Session> {
  const client = await supabaseClient(role);
  const { data, error } = await client.auth.verifyOtp({ phone, token: code, type: 'sms' });
  if (error || !data.session) throw toApiError(error, 'verify');
  const sb = data.session;
  try {
    const user = await api<SessionUser>(`${authBase(role)}/me`, { headers: { authorization: `Bearer ${sb.access_token}` } });
    const session: SupabaseBackedSession = { provider: 'supabase', accessToken: sb.access_token, refreshToken: sb.refresh_token, user };
    saveSession(role, session);
    return session;
  } catch (err) {
    await client.auth.signOut({ scope: 'local' }).catch(() => undefined);
    if (isApiError(err) && err.code === 'wrong_role') {
      throw new ApiError(403, {
        code: 'wrong_app',
        detail: role === 'astrologer'
          ? 'This number has a customer account. Use another number for the astrologer app.'
          : 'This number has an astrologer account. Use another number for the customer app.',
      }, null);
    }
    throw err;
  }
}

/** A new access token from supabase-js; the app's session is dropped when Supabase refused (not when unreachable). */
export async function refreshSupabaseSession(role: Role): Promise<Session | null> {
  let client: SupabaseClient;
  try {
    client = await supabaseClient(role);
  } catch (err) {
    if (err instanceof NotConfigured) clearSession(role);
    return null;
  }
  // supabase-js may have renewed the session already (on loading, or its background refresh): use that one rather
  // than spend another refresh; force one only when it still holds the token our API refused.
  const before = readSession(role)?.accessToken;
  let { data, error } = await client.auth.getSession();
  if (!error && (!data.session || data.session.access_token === before)) ({ data, error } = await client.auth.refreshSession());
  const fresh = data.session;
  const current = readSession(role);
  if (error || !fresh) {
    if (!error || !isAuthRetryableFetchError(error)) clearSession(role);
    return null;
  }
  if (!isSupabaseSession(current) || current.user.id !== fresh.user.id) return null;
  const next: SupabaseBackedSession = { ...current, accessToken: fresh.access_token, refreshToken: fresh.refresh_token };
  saveSession(role, next);
  return next;
}

/** Ends this browser's Supabase session (scope local: other devices stay signed in, as with our own logout). */
export async function signOutOfSupabase(role: Role): Promise<void> {
  const client = await supabaseClient(role);
  await client.auth.signOut({ scope: 'local' });
}
