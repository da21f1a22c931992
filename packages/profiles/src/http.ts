import { route, type AnyRoute } from '@ap/http';
import { astrologerProfileOutput, idParams, updateAstrologerProfileInput, updateUserProfileInput, userProfileOutput } from './schemas.js';
import type { ProfileService } from './service.js';

export function userProfileRoutes(profiles: ProfileService): AnyRoute[] {
  const tags = ['profile'];
  return [
    route({
      method: 'get', path: '/profile', tags, access: 'user', summary: 'My profile (with birth details for horoscopes)',
      response: userProfileOutput, errors: [404],
      handler: ({ caller }) => profiles.getUserProfile(caller),
    }),
    route({
      method: 'put', path: '/profile', tags, access: 'user', summary: 'Update some fields of my profile; null clears a field',
      body: updateUserProfileInput, response: userProfileOutput, errors: [404],
      handler: ({ caller, body }) => profiles.updateUserProfile(caller, body),
    }),
    route({
      method: 'get', path: '/users/:id', tags, access: 'user', summary: 'A customer profile by id (only your own is visible)',
      params: idParams, response: userProfileOutput, errors: [404],
      handler: ({ caller, params }) => profiles.getUserProfile(caller, params.id),
    }),
  ];
}

export function astrologerProfileRoutes(profiles: ProfileService): AnyRoute[] {
  const tags = ['profile'];
  return [
    route({
      method: 'get', path: '/profile', tags, access: 'astrologer', summary: 'My practice profile, including approval status',
      response: astrologerProfileOutput, errors: [404],
      handler: ({ caller }) => profiles.getAstrologerProfile(caller),
    }),
    route({
      method: 'put', path: '/profile', tags, access: 'astrologer', summary: 'Update my practice profile (prices in paise per minute)',
      body: updateAstrologerProfileInput, response: astrologerProfileOutput, errors: [404],
      handler: ({ caller, body }) => profiles.updateAstrologerProfile(caller, body),
    }),
  ];
}
