import { route, type AnyRoute } from '@ap/http';
import {
  adminMetricsOutput, adminMetricsQuery, analyticsOutput, analyticsQuery, clientDetailOutput, clientPage, clientParams, clientsQuery,
  dashboardOutput, noteInput, noteOutput,
} from './schemas.js';
import type { PracticeService } from './service.js';

/** The astrologer's practice (astrologer service): /api/astrologer/dashboard, /clients, /analytics, /admin/metrics. */
export function practiceInsightRoutes(practice: PracticeService): AnyRoute[] {
  const tags = ['practice'];
  return [
    route({
      method: 'get', path: '/dashboard', tags, access: 'astrologer',
      summary: "My day: presence, requests waiting for me, today's sessions and earnings (my time zone), rating, recent reviews",
      description: "Today is the calendar date in the zone of my availability settings (Asia/Kolkata by default). Earnings are the ledger's captures and commissions posted today.",
      response: dashboardOutput,
      handler: ({ caller }) => practice.dashboard(caller),
    }),
    route({
      method: 'get', path: '/clients', tags, access: 'astrologer',
      summary: 'Customers I have consulted with, most recent first (cursor pagination); names only, never phone or email',
      query: clientsQuery, response: clientPage,
      handler: ({ caller, query }) => practice.listClients(caller, query),
    }),
    route({
      method: 'get', path: '/clients/:userId', tags, access: 'astrologer', errors: [404],
      summary: 'One of my clients: sessions with me, what they spent with me, my private note',
      params: clientParams, response: clientDetailOutput,
      handler: ({ caller, params }) => practice.getClient(caller, params.userId),
    }),
    route({
      method: 'put', path: '/clients/:userId/note', tags, access: 'astrologer', errors: [404],
      summary: 'Write my private note on a client (only I can read it); an empty note deletes it',
      params: clientParams, body: noteInput, response: noteOutput,
      handler: ({ caller, params, body }) => practice.saveNote(caller, params.userId, body.note),
    }),
    route({
      method: 'get', path: '/analytics', tags, access: 'astrologer',
      summary: 'Sessions, minutes, earnings, rating, repeat-client and acceptance rates per day, week or month',
      description: 'Dates and buckets are local to `tz` (default: my availability zone); weeks start on Monday. Each bucket and the totals are computed from the same rows.',
      query: analyticsQuery, response: analyticsOutput,
      handler: ({ caller, query }) => practice.analytics(caller, query),
    }),
    route({
      method: 'get', path: '/admin/metrics', tags: ['admin'], access: 'admin',
      summary: 'Business metrics: completion rate, GMV and platform revenue, active users, astrologer performance',
      query: adminMetricsQuery, response: adminMetricsOutput,
      handler: ({ query }) => practice.adminMetrics(query),
    }),
  ];
}
