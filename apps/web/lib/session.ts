import { useSyncExternalStore } from 'react';

/** Customers (including admins) and astrologers sign in separately and may both be signed in at once. */
export type Role = 'customer' | 'astrologer';

export type AstrologerStatus = 'pending' | 'approved' | 'suspended';

export interface SessionUser {
  id: string;
  kind: 'user' | 'astrologer';
  roles: string[];
  name: string | null;
  status?: AstrologerStatus;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const KEYS: Record<Role, string> = {
  customer: 'ap.session.customer',
  astrologer: 'ap.session.astrologer',
};
const CHANGED = 'ap:session-changed';

function isSession(value: unknown): value is Session {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  const user = v.user as Record<string, unknown> | undefined;
  return (
    typeof v.accessToken === 'string' &&
    typeof v.refreshToken === 'string' &&
    !!user &&
    typeof user.id === 'string' &&
    Array.isArray(user.roles)
  );
}

// useSyncExternalStore needs a stable snapshot, so the parsed value is reused while the stored text is unchanged.
const cache = new Map<Role, { raw: string | null; value: Session | null }>();

function readRaw(role: Role): string | null {
  try {
    return window.localStorage.getItem(KEYS[role]);
  } catch {
    return null;
  }
}

export function readSession(role: Role): Session | null {
  if (typeof window === 'undefined') return null;
  const raw = readRaw(role);
  const hit = cache.get(role);
  if (hit && hit.raw === raw) return hit.value;
  let value: Session | null = null;
  if (raw) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isSession(parsed)) value = parsed;
    } catch {
      value = null;
    }
  }
  cache.set(role, { raw, value });
  return value;
}

export function saveSession(role: Role, session: Session): void {
  window.localStorage.setItem(KEYS[role], JSON.stringify(session));
  window.dispatchEvent(new Event(CHANGED));
}

export function updateSessionUser(role: Role, patch: Partial<SessionUser>): void {
  const current = readSession(role);
  if (current) saveSession(role, { ...current, user: { ...current.user, ...patch } });
}

export function clearSession(role: Role): void {
  window.localStorage.removeItem(KEYS[role]);
  window.dispatchEvent(new Event(CHANGED));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener('storage', onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener('storage', onChange);
  };
}

export function useSession(role: Role): Session | null {
  return useSyncExternalStore(
    subscribe,
    () => readSession(role),
    () => null,
  );
}

const noSubscribe = () => () => {};

/** False during prerender and hydration, so pages can tell "signed out" from "not read yet". */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscribe,
    () => true,
    () => false,
  );
}

export const isAdmin = (session: Session | null): boolean => !!session?.user.roles.includes('admin');
