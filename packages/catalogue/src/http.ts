import { timeZoneSchema } from '@ap/core';
import { route, z, type AnyRoute } from '@ap/http';
import {
  adminAstrologerOutput, adminListQuery, astrologerCardOutput, astrologerDetailOutput, astrologerIdParams, favoriteInput,
  favoriteOutput, idParams, listQuery, pageOf, presenceInput, presenceOutput, searchQuery, specialtiesOutput, specialtyInput,
  specialtyOutput, verifyInput,
} from './schemas.js';
import type { CatalogueService } from './service.js';

const detailQuery = z.strictObject({ tz: timeZoneSchema().optional() });

export function catalogueRoutes(catalogue: CatalogueService): AnyRoute[] {
  const tags = ['catalogue'];
  return [
    route({
      method: 'get', path: '/astrologers', tags, access: 'public',
      summary: 'Search approved astrologers: free text (typo-tolerant), filters, sorts, cursor pagination',
      query: searchQuery, response: pageOf(astrologerCardOutput, 'AstrologerPage'),
      handler: ({ caller, query }) => catalogue.search(caller?.claims ?? null, query),
    }),
    route({
      method: 'get', path: '/astrologers/:id', tags, access: 'public', errors: [404],
      summary: 'An approved astrologer: card, bio, latest reviews, next free slots (in tz, default the astrologer\'s)',
      params: idParams, query: detailQuery, response: astrologerDetailOutput,
      handler: ({ caller, params, query }) => catalogue.detail(caller?.claims ?? null, params.id, query.tz),
    }),
    route({
      method: 'get', path: '/specialties', tags, access: 'public', summary: 'Specialties an astrologer can offer',
      response: specialtiesOutput,
      handler: async () => ({ items: await catalogue.listSpecialties() }),
    }),
  ];
}

export function favoriteRoutes(catalogue: CatalogueService): AnyRoute[] {
  const tags = ['favorites'];
  return [
    route({
      method: 'get', path: '/favorites', tags, access: 'user', summary: 'Astrologers I follow, most recent first',
      query: listQuery, response: pageOf(astrologerCardOutput, 'FavoritePage'),
      handler: ({ caller, query }) => catalogue.listFavorites(caller, query),
    }),
    route({
      method: 'post', path: '/favorites', tags, access: 'user', errors: [404],
      summary: 'Follow an astrologer (idempotent)', body: favoriteInput, response: favoriteOutput,
      handler: ({ caller, body }) => catalogue.addFavorite(caller, body.astrologerId),
    }),
    route({
      method: 'delete', path: '/favorites/:astrologerId', tags, access: 'user',
      summary: 'Unfollow an astrologer (idempotent)', params: astrologerIdParams, response: null,
      handler: ({ caller, params }) => catalogue.removeFavorite(caller, params.astrologerId),
    }),
  ];
}

export function practiceRoutes(catalogue: CatalogueService): AnyRoute[] {
  const tags = ['practice'];
  return [
    route({
      method: 'put', path: '/status', tags, access: 'astrologer', errors: [404, 409],
      summary: 'Go online or offline (approved astrologers; not during a session)',
      body: presenceInput, response: presenceOutput,
      handler: ({ caller, body }) => catalogue.setPresence(caller, body.presence),
    }),
    route({
      method: 'get', path: '/followers', tags, access: 'astrologer', summary: 'How many customers follow me (never who)',
      response: z.object({ count: z.number().int() }).openapi('FollowerCount'),
      handler: async ({ caller }) => ({ count: await catalogue.followerCount(caller) }),
    }),
  ];
}

export function moderationRoutes(catalogue: CatalogueService): AnyRoute[] {
  const tags = ['admin'];
  return [
    route({
      method: 'get', path: '/admin/astrologers', tags, access: 'admin', summary: 'Astrologers by status (default: pending approval)',
      query: adminListQuery, response: pageOf(adminAstrologerOutput, 'AdminAstrologerPage'),
      handler: ({ query }) => catalogue.listForAdmin(query),
    }),
    route({
      method: 'post', path: '/admin/astrologers/:id/approve', tags, access: 'admin', errors: [404],
      summary: 'Approve an astrologer: they appear in listings from now on',
      params: idParams, response: adminAstrologerOutput,
      handler: ({ params }) => catalogue.setStatus(params.id, 'approved'),
    }),
    route({
      method: 'post', path: '/admin/astrologers/:id/suspend', tags, access: 'admin', errors: [404],
      summary: 'Suspend an astrologer: hidden from listings and set offline',
      params: idParams, response: adminAstrologerOutput,
      handler: ({ params }) => catalogue.setStatus(params.id, 'suspended'),
    }),
    route({
      method: 'post', path: '/admin/astrologers/:id/verify', tags, access: 'admin', errors: [404],
      summary: 'Grant or withdraw the "verified" badge', params: idParams, body: verifyInput, response: adminAstrologerOutput,
      handler: ({ params, body }) => catalogue.setVerified(params.id, body.verified),
    }),
    route({
      method: 'post', path: '/admin/specialties', tags, access: 'admin', status: 201, errors: [409],
      summary: 'Add a specialty astrologers can choose', body: specialtyInput, response: specialtyOutput,
      handler: ({ body }) => catalogue.addSpecialty(body),
    }),
  ];
}
