import { route, type AnyRoute } from '@ap/http';
import { adminAstrologerOutput, adminListQuery, astrologerCardOutput, idParams, listQuery, pageOf, specialtiesOutput } from './schemas.js';
import type { CatalogueService } from './service.js';

export function catalogueRoutes(catalogue: CatalogueService): AnyRoute[] {
  const tags = ['catalogue'];
  return [
    route({
      method: 'get', path: '/astrologers', tags, access: 'public',
      summary: 'Approved astrologers, best rated first (cursor pagination)',
      query: listQuery, response: pageOf(astrologerCardOutput, 'AstrologerPage'),
      handler: ({ caller, query }) => catalogue.listAstrologers(caller?.claims ?? null, query),
    }),
    route({
      method: 'get', path: '/specialties', tags, access: 'public', summary: 'Specialties an astrologer can offer',
      response: specialtiesOutput,
      handler: async () => ({ items: await catalogue.listSpecialties() }),
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
  ];
}
