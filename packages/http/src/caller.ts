import type { JwtClaims } from '@ap/db';

export type Role = 'user' | 'astrologer' | 'admin';

/** Who is calling, as proven by a verified access token. */
export interface Caller {
  id: string;
  roles: Role[];
  claims: JwtClaims;
}

/** Verifies a bearer token; throws a DomainError of kind `unauthorized` when it is missing, expired or forged. */
export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Who may call a route. `user` and `astrologer` are the two apps' identities; `admin` is a customer-side account
 * with the admin role; `any` is any signed-in identity; `public` needs no token (a valid one is still read).
 */
export type Access = 'public' | 'any' | Role;
