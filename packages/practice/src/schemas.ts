import { timeZoneSchema } from '@ap/core';
import { z } from '@ap/http';
import { BUCKETS } from './rules.js';

const paise = z.int();
const instant = z.iso.datetime();
const date = z.iso.date();
const mode = z.enum(['chat', 'call', 'video']);
const kind = z.enum(['instant', 'scheduled']);
const share = z.number().min(0).max(1).nullable();

const amounts = z.object({
  grossPaise: paise.openapi({ description: 'Captured from customers' }),
  commissionPaise: paise.openapi({ description: "The platform's commission on those captures" }),
  netPaise: paise.openapi({ description: 'gross − commission: what the astrologer earned' }),
});

const rating = z.object({
  average: z.number().nullable().openapi({ description: 'Mean of the ratings, 2 decimals; null without reviews' }),
  count: z.int(),
});

// ---------------------------------------------------------------------------------------------------------
// Dashboard

const pendingRequest = z.object({
  id: z.uuid(),
  kind,
  mode,
  customerName: z.string(),
  requestedAt: instant,
  expiresAt: instant.nullable(),
  scheduledStart: instant.nullable().openapi({ description: 'Scheduled bookings: the slot' }),
  scheduledEnd: instant.nullable(),
  pricePaise: paise.nullable().openapi({ description: 'Scheduled bookings: the fixed price' }),
  ratePaise: paise.nullable().openapi({ description: 'Instant requests: the per-minute rate' }),
});

const todaySession = z.object({
  id: z.uuid(),
  kind,
  mode,
  status: z.string(),
  customerName: z.string(),
  startAt: instant.openapi({ description: 'When it started, or the slot start when it has not started yet' }),
  endAt: instant.nullable(),
  minutes: z.int().nullable().openapi({ description: 'Completed sessions: billed minutes' }),
});

const recentReview = z.object({
  id: z.uuid(),
  rating: z.int().min(1).max(5),
  comment: z.string().nullable(),
  mode,
  createdAt: instant,
});

export const dashboardOutput = z
  .object({
    presence: z.enum(['online', 'busy', 'offline']).openapi({ description: 'The online toggle (PUT /status changes it)' }),
    status: z.enum(['pending', 'approved', 'suspended']),
    timeZone: z.string().openapi({ description: "The astrologer's zone (availability settings; Asia/Kolkata by default): what 'today' means" }),
    today: date,
    pending: z.object({
      instantCount: z.int(),
      scheduledCount: z.int(),
      items: z.array(pendingRequest).openapi({ description: 'Oldest first, at most 20' }),
    }),
    todaySessions: z.object({
      completed: z.int(),
      upcoming: z.int().openapi({ description: 'Confirmed or running, not finished yet' }),
      minutes: z.int(),
      items: z.array(todaySession),
    }),
    todayEarnings: amounts,
    rating: rating.openapi({ description: "The rating on my public card (removed ratings do not count)" }),
    recentReviews: z.array(recentReview).openapi({ description: 'Newest first, at most 5' }),
  })
  .openapi('AstrologerDashboard');

// ---------------------------------------------------------------------------------------------------------
// Clients

const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
};

export const clientsQuery = z.strictObject(pageQuery);
export const clientParams = z.strictObject({ userId: z.uuid() });

const clientSummary = z
  .object({
    userId: z.uuid(),
    name: z.string().openapi({ description: "The customer's name only: never their phone number or email" }),
    sessionCount: z.int().openapi({ description: 'Completed sessions with me' }),
    firstSessionAt: instant.nullable(),
    lastSessionAt: instant.nullable(),
    totalSpentPaise: paise.openapi({ description: 'Captures (gross) for their consultations with me' }),
    hasNote: z.boolean(),
  })
  .openapi('PracticeClient');

export const clientPage = z.object({ items: z.array(clientSummary), nextCursor: z.string().nullable() }).openapi('PracticeClientPage');

export const clientDetailOutput = clientSummary
  .extend({
    note: z.string().nullable(),
    noteUpdatedAt: instant.nullable(),
    consultations: z.array(z.object({
      id: z.uuid(),
      kind,
      mode,
      status: z.string(),
      at: instant.openapi({ description: 'Started, or the slot start, or requested' }),
      minutes: z.int().nullable(),
      spentPaise: paise,
    })).openapi({ description: 'Newest first, at most 50' }),
  })
  .openapi('PracticeClientDetail');

export const noteInput = z
  .strictObject({ note: z.string().trim().max(4000).openapi({ description: 'Private to me; an empty note deletes it' }) })
  .openapi('PracticeClientNoteInput');
export const noteOutput = z.object({ note: z.string().nullable(), updatedAt: instant.nullable() }).openapi('PracticeClientNote');

// ---------------------------------------------------------------------------------------------------------
// Analytics

export const analyticsQuery = z
  .strictObject({
    from: date.optional().openapi({ description: 'First local date (default: 29 days before `to`)' }),
    to: date.optional().openapi({ description: 'Last local date, inclusive (default: today)' }),
    bucket: z.enum(BUCKETS).default('day'),
    tz: timeZoneSchema().optional().openapi({ description: "IANA zone of the dates and buckets (default: the astrologer's zone)" }),
  });

const metrics = z.object({
  sessions: z.int().openapi({ description: 'Completed sessions that started in the bucket' }),
  minutes: z.int(),
  earnings: amounts.openapi({ description: 'Ledger captures and commissions posted in the bucket' }),
  rating: rating.openapi({ description: 'Reviews written in the bucket' }),
  clients: z.int().openapi({ description: 'Distinct customers with a completed session in the bucket' }),
  repeatClients: z.int().openapi({ description: '…of whom had a completed session with me before (in or before the bucket)' }),
  repeatClientRate: share,
  requests: z.object({ accepted: z.int(), declined: z.int(), expired: z.int() }).openapi({ description: 'Requests made in the bucket, by outcome' }),
  acceptanceRate: share.openapi({ description: 'accepted / (accepted + declined + expired); null without such requests' }),
});

export const analyticsOutput = z
  .object({
    from: date,
    to: date,
    bucket: z.enum(BUCKETS),
    timeZone: z.string(),
    buckets: z.array(metrics.extend({ start: date.openapi({ description: "The bucket's first local date (weeks start on Monday)" }) })),
    totals: metrics,
  })
  .openapi('PracticeAnalytics');

// ---------------------------------------------------------------------------------------------------------
// Admin metrics

export const adminMetricsQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(365).default(30).openapi({ description: 'The window: the last N days up to now' }),
  limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ description: 'Rows of the astrologer table' }),
});

export const adminMetricsOutput = z
  .object({
    from: instant,
    to: instant,
    consultations: z.object({
      completed: z.int(),
      cancelled: z.int(),
      declined: z.int().openapi({ description: 'Declined scheduled bookings and rejected instant requests' }),
      expired: z.int(),
      noShow: z.int(),
      completionRate: share.openapi({ description: 'completed / all finished consultations requested in the window' }),
    }),
    revenue: z.object({
      gmvPaise: paise.openapi({ description: 'Captured from customers in the window (gross)' }),
      platformRevenuePaise: paise.openapi({ description: 'Commissions in the window' }),
      allTimeGmvPaise: paise,
      allTimePlatformRevenuePaise: paise,
    }),
    activeUsers: z.object({
      customers7d: z.int(),
      customers30d: z.int(),
      astrologers7d: z.int(),
      astrologers30d: z.int(),
    }).openapi({ description: 'Distinct identities that signed in, refreshed a session or had a consultation' }),
    astrologers: z.array(z.object({
      id: z.uuid(),
      displayName: z.string(),
      status: z.string(),
      sessions: z.int(),
      minutes: z.int(),
      grossPaise: paise,
      netPaise: paise,
      rating,
      acceptanceRate: share,
    })).openapi({ description: "Window figures (rating: the public card's, all time), highest net earnings first" }),
  })
  .openapi('AdminPracticeMetrics');

export type Dashboard = z.infer<typeof dashboardOutput>;
export type ClientSummary = z.infer<typeof clientSummary>;
export type ClientPage = z.infer<typeof clientPage>;
export type ClientDetail = z.infer<typeof clientDetailOutput>;
export type ClientNote = z.infer<typeof noteOutput>;
export type AnalyticsQuery = z.input<typeof analyticsQuery>;
export type Analytics = z.infer<typeof analyticsOutput>;
export type AnalyticsMetrics = z.infer<typeof metrics>;
export type AdminMetricsQuery = z.input<typeof adminMetricsQuery>;
export type AdminMetrics = z.infer<typeof adminMetricsOutput>;
