import { conflict, DomainError, unauthorized } from '@ap/core';
import { asService, type JwtClaims, type Pool } from '@ap/db';
import {
  createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify,
  type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Kind } from './rules.js';
import type { Role, TokenService, VerifiedCaller } from './tokens.js';

export interface SupabaseAuthConfig {
  /** https://<ref>.supabase.co (or http://127.0.0.1:54321 under `supabase start`); tokens must carry iss = SUPABASE_URL + '/auth/v1'. */
  url: string;
  /** The project's JWKS (asymmetric signing keys, ES256/RS256), e.g. https://<ref>.supabase.co/auth/v1/.well-known/jwks.json. */
  jwksUrl?: string;
  /** A JWKS given inline instead of fetched (tests, air-gapped setups). */
  jwks?: JSONWebKeySet;
  /** The legacy shared secret (HS256). */
  jwtSecret?: string;
  pool: Pool;
}

const AUDIENCE = 'authenticated';
const KINDS = new Set<Kind>(['user', 'astrologer']);
const KNOWN_ROLES = new Set<Role>(['user', 'astrologer', 'admin']);

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Supabase stores phones without the '+' ("919876543210"); ours are E.164. null when it is not a valid number. */
export function supabasePhoneToE164(phone: unknown): string | null {
  if (typeof phone !== 'string' || !phone.trim()) return null;
  const digits = phone.trim().replace(/[\s()-]/g, '');
  const parsed = parsePhoneNumberFromString(digits.startsWith('+') ? digits : `+${digits}`);
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * Which app a Supabase user belongs to: `app_metadata.kind` (set only with the service key) first, then
 * `user_metadata.kind` (chosen by the person at sign-up, like picking the astrologer app), default 'user'.
 * Roles are never read from user_metadata.
 */
export function kindOf(payload: JWTPayload): Kind {
  for (const meta of [obj(payload.app_metadata), obj(payload.user_metadata)]) {
    if (KINDS.has(meta.kind as Kind)) return meta.kind as Kind;
  }
  return 'user';
}

/**
 * The identity's roles on first sight: its kind's role plus `app_metadata.roles` filtered to known roles; a role of
 * the other app ('astrologer' on a user, 'user' on an astrologer) is dropped, since that app's profile row does not exist.
 */
export function rolesOf(payload: JWTPayload, kind: Kind): Role[] {
  const meta = obj(payload.app_metadata);
  const asked = Array.isArray(meta.roles) ? meta.roles.filter((r): r is Role => KNOWN_ROLES.has(r as Role)) : [];
  const roles = new Set<Role>([kind]);
  for (const r of asked) if (r === 'admin' || r === kind) roles.add(r);
  return [...roles];
}

function displayName(payload: JWTPayload): string {
  const name = obj(payload.user_metadata).name ?? obj(payload.user_metadata).full_name;
  const s = typeof name === 'string' ? name.trim().slice(0, 100) : '';
  return s || 'New user';
}

/**
 * Verifies Supabase Auth access tokens (JWKS for ES256/RS256, the legacy secret for HS256; issuer
 * SUPABASE_URL/auth/v1, audience 'authenticated') and maps them to our identities: the Supabase user id (`sub`)
 * becomes identities.id, created with its profile row on first sight (idempotent under concurrent first requests).
 */
export function createSupabaseVerifier(cfg: SupabaseAuthConfig) {
  const issuer = `${cfg.url.replace(/\/+$/, '')}/auth/v1`;
  const jwks: JWTVerifyGetKey | null = cfg.jwks
    ? createLocalJWKSet(cfg.jwks)
    : cfg.jwksUrl
      ? createRemoteJWKSet(new URL(cfg.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
      : null;
  const secret = cfg.jwtSecret ? new TextEncoder().encode(cfg.jwtSecret) : null;

  async function verifySignature(token: string): Promise<JWTPayload> {
    const { alg } = decodeProtectedHeader(token);
    const opts = { issuer, audience: AUDIENCE };
    if (alg === 'HS256') {
      if (!secret) throw unauthorized('token_invalid', 'access token is not valid');
      return (await jwtVerify(token, secret, { ...opts, algorithms: ['HS256'] })).payload;
    }
    if (!jwks) throw unauthorized('token_invalid', 'access token is not valid');
    const getKey: JWTVerifyGetKey = async (header, input) => {
      try {
        return await jwks(header, input);
      } catch (err) {
        // An unknown kid is the token's fault (401); an unreachable or broken JWKS endpoint is ours (503), so a
        // Supabase outage does not sign everybody out.
        if (err instanceof joseErrors.JWKSNoMatchingKey || err instanceof joseErrors.JWKSMultipleMatchingKeys) throw err;
        throw new DomainError('unavailable', 'auth_unavailable', 'cannot check the sign-in right now; try again shortly');
      }
    };
    return (await jwtVerify(token, getKey, { ...opts, algorithms: ['ES256', 'RS256'] })).payload;
  }

  async function ensureIdentity(id: string, payload: JWTPayload): Promise<{ kind: Kind; roles: Role[] }> {
    const row = await asService(cfg.pool, async (tx) => {
      const found = await tx.query<{ kind: Kind; roles: Role[] }>('SELECT kind, roles FROM identities WHERE id = $1', [id]);
      if (found.rows[0]) return found.rows[0];
      const phone = supabasePhoneToE164(payload.phone);
      if (!phone) throw unauthorized('phone_required', 'sign in with a phone number');
      const kind = kindOf(payload);
      // No conflict target: a concurrent first request (same id) waits for ours and does nothing; so does a phone
      // already registered in this app under another id, which the re-read below turns into a 409.
      await tx.query('INSERT INTO identities (id, kind, phone, roles) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [id, kind, phone, rolesOf(payload, kind)]);
      const mine = await tx.query<{ kind: Kind; roles: Role[] }>('SELECT kind, roles FROM identities WHERE id = $1', [id]);
      const created = mine.rows[0];
      if (!created) throw conflict('phone_taken', 'this phone number already has an account here; sign in the way you signed up');
      if (created.kind === 'user') await tx.query('INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, displayName(payload)]);
      else await tx.query('INSERT INTO astrologers (id, display_name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [id, displayName(payload)]);
      return created;
    });
    return row;
  }

  return {
    issuer,
    async verify(token: string): Promise<VerifiedCaller> {
      let payload: JWTPayload;
      try {
        payload = await verifySignature(token);
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'access token has expired; refresh it');
        if (err instanceof joseErrors.JOSEError || err instanceof TypeError) throw unauthorized('token_invalid', 'access token is not valid');
        throw err;
      }
      const sub = payload.sub;
      if (!sub || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sub) || payload.role !== 'authenticated') {
        throw unauthorized('token_invalid', 'access token is not valid');
      }
      const id = sub.toLowerCase();
      // One read per new token (the HTTP layer caches verified tokens until exp): roles come from our database, so
      // a role granted or withdrawn here applies from the person's next token.
      const identity = await ensureIdentity(id, payload);
      const appMetadata = { ...obj(payload.app_metadata), roles: identity.roles, kind: identity.kind };
      const claims: JwtClaims = { ...payload, sub: id, role: 'authenticated', app_metadata: appMetadata };
      return { id, roles: identity.roles, claims };
    },
  };
}

export type SupabaseVerifier = ReturnType<typeof createSupabaseVerifier>;

/**
 * AUTH_PROVIDER=supabase: our own tokens (issuer 'anytime-pooja') keep working, everything else is checked as a
 * Supabase Auth token.
 */
export function combinedVerifier(tokens: TokenService, supabase: SupabaseVerifier) {
  return (token: string): Promise<VerifiedCaller> => {
    let iss: unknown;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      return Promise.reject(unauthorized('token_invalid', 'access token is not valid'));
    }
    return iss === supabase.issuer ? supabase.verify(token) : tokens.verify(token);
  };
}
