import { route, type AnyRoute } from '@ap/http';
import {
  chartIdParams, chartListOutput, horoscopeOutput, horoscopeQuery, kundliInput, kundliOutput, matchInput, matchOutput, panchangOutput, panchangQuery, publishInput,
} from './schemas.js';
import type { HoroscopeService } from './service.js';

const CHART_LIMIT = { name: 'kundli_ip', points: 600, durationSeconds: 3600 };

/** User service: /api/user/horoscope, /api/user/kundli*, /api/user/panchang. */
export function astroRoutes(svc: HoroscopeService): AnyRoute[] {
  const tags = ['astrology'];
  return [
    route({
      method: 'get', path: '/horoscope', tags, access: 'public',
      summary: 'Daily, weekly or monthly horoscope for a sign (default: my moon sign), in English and Hindi',
      description: 'Text published by an astrologer or admin for that sign and period wins (with their name); otherwise the configured provider (HOROSCOPE_PROVIDER), falling back to the builtin text composed from the real transits.',
      query: horoscopeQuery, response: horoscopeOutput,
      handler: ({ caller, query }) => svc.horoscope(caller, query),
    }),
    route({
      method: 'post', path: '/horoscope/published', tags, access: 'any', errors: [403],
      summary: 'Publish my own horoscope text for a sign and period (astrologers and admins)',
      body: publishInput, response: horoscopeOutput,
      handler: ({ caller, body }) => svc.publish(caller, body),
    }),
    route({
      method: 'post', path: '/kundli', tags, access: 'public', errors: [404],
      summary: 'Birth chart (kundli): planets, lagna, D1 and D9, nakshatra, panchang at birth, Vimshottari dasha, manglik',
      description: 'Signed-in customers get the chart saved to their charts (several allowed, e.g. family members). 400 birth_time_ambiguous / birth_time_nonexistent name the `time` field and list the candidate instants when clocks changed at that hour; 400 place_not_found names `place`.',
      body: kundliInput, response: kundliOutput, rateLimit: CHART_LIMIT,
      handler: ({ caller, body }) => svc.kundli(caller, body),
    }),
    route({
      method: 'get', path: '/kundli', tags, access: 'user',
      summary: 'My saved charts, newest first',
      response: chartListOutput,
      handler: ({ caller }) => svc.listCharts(caller),
    }),
    route({
      method: 'get', path: '/kundli/:id', tags, access: 'user', errors: [404],
      summary: 'One of my saved charts, computed afresh',
      params: chartIdParams, response: kundliOutput,
      handler: ({ caller, params }) => svc.chart(caller, params.id),
    }),
    route({
      method: 'delete', path: '/kundli/:id', tags, access: 'user', errors: [404],
      summary: 'Delete one of my saved charts', params: chartIdParams, response: null,
      handler: ({ caller, params }) => svc.deleteChart(caller, params.id),
    }),
    route({
      method: 'post', path: '/kundli/match', tags, access: 'public', errors: [404],
      summary: 'Guna milan (ashtakoota) for two people: the eight kootas, total of 36, manglik check and a summary',
      body: matchInput, response: matchOutput, rateLimit: CHART_LIMIT,
      handler: ({ caller, body }) => svc.match(caller, body),
    }),
    route({
      method: 'get', path: '/panchang', tags, access: 'public',
      summary: "A day's panchang at a place: vara, tithi, nakshatra, yoga, karana at sunrise (with end times), sun and moon rise and set, rahu kaal",
      query: panchangQuery, response: panchangOutput,
      handler: async ({ query }) => svc.panchang(query),
    }),
  ];
}
