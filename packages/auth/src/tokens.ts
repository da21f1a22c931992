import { unauthorized } from '@ap/core';
import type { JwtClaims } from '@ap/db';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Kind } from './rules.js';

export type Role = 'user' | 'astrologer' | 'admin';

export interface AccessTokenSubject {
  id: string;
  kind: Kind;
  roles: Role[];
}

export interface VerifiedCaller {
  id: string;
  roles: Role[];
  claims: JwtClaims;
}

const ISSUER = 'anytime-pooja';
const AUDIENCE = 'authenticated';
const ROLES = new Set<Role>(['user', 'astrologer', 'admin']);

/**
 * Short-lived access tokens (HS256, jose) with claims shaped like Supabase's (`sub`, `role: authenticated`,
 * `app_metadata.roles`), so the same RLS policies work on a Supabase project.
 */
export function createTokenService(opts: { secret: string; accessTtlSeconds: number }) {
  const key = new TextEncoder().encode(opts.secret);
  return {
    accessTtlSeconds: opts.accessTtlSeconds,
    async sign(subject: AccessTokenSubject): Promise<string> {
      return new SignJWT({ role: 'authenticated', app_metadata: { roles: subject.roles, kind: subject.kind } })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject.id)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${opts.accessTtlSeconds}s`)
        .sign(key);
    },
    async verify(token: string): Promise<VerifiedCaller> {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE });
        const meta = payload.app_metadata as { roles?: unknown } | undefined;
        const roles = Array.isArray(meta?.roles) ? meta.roles.filter((r): r is Role => ROLES.has(r as Role)) : [];
        if (!payload.sub || roles.length === 0) throw unauthorized('token_invalid', 'access token is not valid');
        return { id: payload.sub, roles, claims: { ...payload, sub: payload.sub, role: 'authenticated' } };
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw unauthorized('token_expired', 'access token has expired; refresh it');
        if (err instanceof joseErrors.JOSEError) throw unauthorized('token_invalid', 'access token is not valid');
        throw err;
      }
    },
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
