import { route, type AnyRoute } from '@ap/http';
import { availabilityOutput, idParams, replaceAvailabilityInput, slotsOutput, slotsQuery } from './schemas.js';
import type { AvailabilityService } from './service.js';

/** Astrologer portal: /availability (mount under the astrologer service). */
export function astrologerAvailabilityRoutes(availability: AvailabilityService): AnyRoute[] {
  const tags = ['availability'];
  return [
    route({
      method: 'get', path: '/availability', tags, access: 'astrologer',
      summary: 'My bookable hours, date overrides, slot length, price, buffer, notice and horizon (defaults if never set)',
      response: availabilityOutput,
      handler: ({ caller }) => availability.getSettings(caller),
    }),
    route({
      method: 'put', path: '/availability', tags, access: 'astrologer',
      summary: 'Replace all my availability settings (hours are local to timeZone)',
      body: replaceAvailabilityInput, response: availabilityOutput,
      handler: ({ caller, body }) => availability.replaceSettings(caller, body),
    }),
  ];
}

/** Customer app: free slots of an approved astrologer (mount under the user service). */
export function publicSlotRoutes(availability: AvailabilityService): AnyRoute[] {
  const tags = ['availability'];
  return [
    route({
      method: 'get', path: '/astrologers/:id/slots', tags, access: 'public', errors: [404],
      summary: 'Free slots between from and to (at most 31 days), with offsets of the viewer\'s time zone tz',
      params: idParams, query: slotsQuery, response: slotsOutput,
      handler: ({ params, query }) => availability.listSlots(params.id, query),
    }),
  ];
}
