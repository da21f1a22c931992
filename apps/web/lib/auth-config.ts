import { useEffect, useState } from 'react';
import type { Role, Session } from './session';

/**
 * How this deployment signs people in, read at run time from /api/auth-config (one build serves both): `local` is
 * our own phone-OTP API; `supabase` is Supabase Auth phone OTP through @supabase/supabase-js, whose access token the
 * services accept (AUTH_PROVIDER=supabase).
 */
export type AuthConfig = { provider: 'local' } | { provider: 'supabase'; supabaseUrl: string; supabaseAnonKey: string };

let loaded: Promise<AuthConfig> | null = null;

export function loadAuthConfig(): Promise<AuthConfig> {
  loaded ??= fetch('/api/auth-config', { cache: 'no-store', headers: { accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok) throw new Error(`auth-config ${res.status}`);
      const body = (await res.json()) as Record<string, unknown>;
      if (body.provider === 'supabase' && typeof body.supabaseUrl === 'string' && typeof body.supabaseAnonKey === 'string') {
        return { provider: 'supabase', supabaseUrl: body.supabaseUrl, supabaseAnonKey: body.supabaseAnonKey } as const;
      }
      return { provider: 'local' } as const;
    })
    .catch((err: unknown) => {
      loaded = null; // try again next time
      throw err;
    });
  return loaded;
}

/** The deployment's sign-in configuration; null while it loads (or when it could not be read: then local). */
export function useAuthConfig(): AuthConfig | null {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  useEffect(() => {
    let live = true;
    loadAuthConfig().then(
      (c) => live && setConfig(c),
      () => live && setConfig({ provider: 'local' }),
    );
    return () => {
      live = false;
    };
  }, []);
  return config;
}

/** A session that came from Supabase Auth (saved with this marker by the Supabase sign-in). */
export type SupabaseBackedSession = Session & { provider: 'supabase' };

export const isSupabaseSession = (session: Session | null): session is SupabaseBackedSession =>
  !!session && (session as Partial<SupabaseBackedSession>).provider === 'supabase';

// supabase-js is loaded only by a deployment that uses it, and only when it is needed.

/** Renews a Supabase-backed session through supabase-js (not our /refresh); null when it cannot be renewed. */
export async function refreshViaSupabase(role: Role): Promise<Session | null> {
  try {
    const { refreshSupabaseSession } = await import('./supabase-auth');
    return await refreshSupabaseSession(role);
  } catch {
    return null;
  }
}

/** Signs the role out of Supabase Auth too (best effort: the local session is gone already). */
export async function signOutViaSupabase(role: Role): Promise<void> {
  try {
    const { signOutOfSupabase } = await import('./supabase-auth');
    await signOutOfSupabase(role);
  } catch {
    // Signed out here already; the Supabase refresh token expires on its own.
  }
}
