import { invalid, notFound } from '@ap/core';
import { asCaller, type JwtClaims, type Pool } from '@ap/db';
import * as repo from './repo.js';
import type { AstrologerProfile, UpdateAstrologerProfileInput, UpdateUserProfileInput, UserProfile } from './schemas.js';

interface Caller {
  id: string;
  claims: JwtClaims;
}

/** Profiles are read and written under the caller's claims, so RLS enforces ownership a second time. */
export function createProfileService({ pool }: { pool: Pool }) {
  return {
    async getUserProfile(caller: Caller, id: string = caller.id): Promise<UserProfile> {
      const profile = await asCaller(pool, caller.claims, (tx) => repo.findUserProfile(tx, id));
      // Another customer's id looks exactly like a missing one: no hint that it exists.
      if (!profile) throw notFound('profile_not_found', 'no such profile');
      return profile;
    },

    async updateUserProfile(caller: Caller, patch: UpdateUserProfileInput): Promise<UserProfile> {
      return asCaller(pool, caller.claims, async (tx) => {
        if (!(await repo.updateUserProfile(tx, caller.id, patch))) throw notFound('profile_not_found', 'no such profile');
        return (await repo.findUserProfile(tx, caller.id))!;
      });
    },

    async getAstrologerProfile(caller: Caller): Promise<AstrologerProfile> {
      const profile = await asCaller(pool, caller.claims, (tx) => repo.findAstrologerProfile(tx, caller.id));
      if (!profile) throw notFound('profile_not_found', 'no such profile');
      return profile;
    },

    async updateAstrologerProfile(caller: Caller, patch: UpdateAstrologerProfileInput): Promise<AstrologerProfile> {
      const { specialties, ...columns } = patch;
      return asCaller(pool, caller.claims, async (tx) => {
        if (specialties) {
          const unknown = await repo.findUnknownSpecialties(tx, specialties);
          if (unknown.length) throw invalid('unknown_specialty', `unknown specialties: ${unknown.join(', ')}`, { specialties: unknown });
          await repo.replaceSpecialties(tx, caller.id, [...new Set(specialties)]);
        }
        if (!(await repo.updateAstrologerColumns(tx, caller.id, columns))) throw notFound('profile_not_found', 'no such profile');
        return (await repo.findAstrologerProfile(tx, caller.id))!;
      });
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
