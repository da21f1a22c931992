import { encodeCursor, invalid } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, type JwtClaims, type Pool } from '@ap/db';
import { clientNotFound } from './errors.js';
import * as repo from './repo.js';
import {
  DEFAULT_ANALYTICS_DAYS, MAX_BUCKETS, acceptanceRate, addDays, averageRating, bucketStarts, dayRange, localDate, rate, type Bucket,
} from './rules.js';
import {
  adminMetricsQuery, analyticsQuery, clientsQuery, type AdminMetrics, type AdminMetricsQuery, type Analytics, type AnalyticsMetrics,
  type AnalyticsQuery, type ClientDetail, type ClientNote, type ClientPage, type ClientSummary, type Dashboard,
} from './schemas.js';

export interface PracticeDeps {
  pool: Pool;
  /** Injected so tests can freeze "now". */
  clock?: () => Date;
}

interface Caller {
  id: string;
  claims: JwtClaims;
}

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);
const money = (m: repo.MoneyRow) => ({ grossPaise: m.grossPaise, commissionPaise: m.commissionPaise, netPaise: m.grossPaise - m.commissionPaise });

/** The card's aggregate: its average is 0 until the first rating, which the API says as null. */
const cardRating = (average: number, count: number) => ({ average: count > 0 ? average : null, count });

const toClient = (r: repo.ClientRow): ClientSummary => ({
  userId: r.userId, name: r.name, sessionCount: r.sessionCount, firstSessionAt: isoOrNull(r.firstSessionAt),
  lastSessionAt: isoOrNull(r.lastSessionAt), totalSpentPaise: r.totalSpentPaise, hasNote: r.hasNote,
});

/**
 * The astrologer's own practice: dashboard, clients with private notes, analytics; and the admin's platform
 * metrics. Reads run as the service role (customer names live in users, which only their owner may read) and
 * every query is scoped to the caller's own astrologer id; notes run as the caller, so RLS is the second wall.
 */
export function createPracticeService({ pool, clock = () => new Date() }: PracticeDeps) {
  async function profileOf(astrologerId: string): Promise<repo.Profile> {
    const profile = await asService(pool, (tx) => repo.findProfile(tx, astrologerId));
    if (!profile) throw invalid('not_an_astrologer', 'no astrologer profile for this account');
    return profile;
  }

  async function dashboard(caller: { id: string }): Promise<Dashboard> {
    const now = clock();
    return asService(pool, async (tx) => {
      const profile = await repo.findProfile(tx, caller.id);
      if (!profile) throw invalid('not_an_astrologer', 'no astrologer profile for this account');
      const today = localDate(now.getTime(), profile.timeZone);
      const { start, end } = dayRange(today, today, profile.timeZone);
      const [startAt, endAt] = [new Date(start), new Date(end)];
      const accountId = await repo.findEarningsAccountId(tx, caller.id);
      const counts = await repo.countPendingRequests(tx, caller.id, now);
      const pending = await repo.findPendingRequests(tx, caller.id, now, 20);
      const sessions = await repo.findSessionsBetween(tx, caller.id, startAt, endAt);
      const earned = accountId ? await repo.sumEarnings(tx, accountId, startAt, endAt) : { grossPaise: 0, commissionPaise: 0 };
      const rating = await repo.findRating(tx, caller.id);
      const reviews = await repo.findRecentReviews(tx, caller.id, 5);
      return {
        presence: profile.presence, status: profile.status, timeZone: profile.timeZone, today,
        pending: {
          instantCount: counts.instant, scheduledCount: counts.scheduled,
          items: pending.map((p) => ({
            ...p, requestedAt: iso(p.requestedAt), expiresAt: isoOrNull(p.expiresAt), scheduledStart: isoOrNull(p.scheduledStart),
            scheduledEnd: isoOrNull(p.scheduledEnd),
          })),
        },
        todaySessions: {
          completed: sessions.filter((s) => s.status === 'completed').length,
          upcoming: sessions.filter((s) => s.status !== 'completed').length,
          minutes: sessions.reduce((sum, s) => sum + (s.minutes ?? 0), 0),
          items: sessions.map((s) => ({ ...s, startAt: iso(s.startAt), endAt: isoOrNull(s.endAt) })),
        },
        todayEarnings: money(earned),
        rating: cardRating(rating.average, rating.count),
        recentReviews: reviews.map((r) => ({ ...r, createdAt: iso(r.createdAt) })),
      };
    });
  }

  async function listClients(caller: { id: string }, query: { limit?: number; cursor?: string } = {}): Promise<ClientPage> {
    const { limit, cursor } = clientsQuery.parse(query);
    const before = cursor ? decodeTimeCursor(cursor) : null;
    const rows = await asService(pool, (tx) => repo.listClients(tx, caller.id, limit + 1, before));
    const page = rows.slice(0, limit);
    const last = rows.length > limit ? page.at(-1)! : null;
    return { items: page.map(toClient), nextCursor: last ? encodeCursor([last.cursorAt, last.userId]) : null };
  }

  /** 404 unless the customer is the astrologer's client: no peeking at other people's customers. */
  async function requireClient(astrologerId: string, userId: string): Promise<repo.ClientRow> {
    const client = await asService(pool, (tx) => repo.findClient(tx, astrologerId, userId));
    if (!client) throw clientNotFound();
    return client;
  }

  async function getClient(caller: Caller, userId: string): Promise<ClientDetail> {
    const client = await requireClient(caller.id, userId);
    const consultations = await asService(pool, (tx) => repo.findClientConsultations(tx, caller.id, userId, 50));
    const note = await asCaller(pool, caller.claims, (tx) => repo.findNote(tx, caller.id, userId));
    return {
      ...toClient(client), note: note?.note ?? null, noteUpdatedAt: isoOrNull(note?.updatedAt ?? null),
      consultations: consultations.map((c) => ({ ...c, at: iso(c.at) })),
    };
  }

  async function saveNote(caller: Caller, userId: string, text: string): Promise<ClientNote> {
    await requireClient(caller.id, userId);
    const note = text.trim();
    return asCaller(pool, caller.claims, async (tx) => {
      if (!note) {
        await repo.deleteNote(tx, caller.id, userId);
        return { note: null, updatedAt: null };
      }
      const saved = await repo.upsertNote(tx, caller.id, userId, note);
      return { note: saved.note, updatedAt: iso(saved.updatedAt) };
    });
  }

  async function analytics(caller: { id: string }, query: AnalyticsQuery = {}): Promise<Analytics> {
    const q = analyticsQuery.parse(query);
    const zone = q.tz ?? (await profileOf(caller.id)).timeZone;
    const to = q.to ?? localDate(clock().getTime(), zone);
    const from = q.from ?? addDays(to, -(DEFAULT_ANALYTICS_DAYS - 1));
    if (from > to) throw invalid('invalid_range', '`from` must not be after `to`');
    const starts = bucketStarts(from, to, q.bucket);
    if (starts.length > MAX_BUCKETS) throw invalid('range_too_long', `at most ${MAX_BUCKETS} buckets: pick a shorter range or a larger bucket`);
    const { start, end } = dayRange(from, to, zone);
    const period: repo.Period = { start: new Date(start), end: new Date(end), zone, bucket: q.bucket };

    const rows = await asService(pool, async (tx) => {
      const accountId = await repo.findEarningsAccountId(tx, caller.id);
      return {
        sessions: await repo.findSessionBuckets(tx, caller.id, period),
        earnings: accountId ? await repo.findEarningsBuckets(tx, accountId, period) : [],
        ratings: await repo.findRatingBuckets(tx, caller.id, period),
        requests: await repo.findRequestBuckets(tx, caller.id, period),
      };
    });
    const byBucket = <T extends { bucket: string | null }>(list: T[]) => new Map(list.map((r) => [r.bucket, r]));
    const sessions = byBucket(rows.sessions), earnings = byBucket(rows.earnings), ratings = byBucket(rows.ratings), requests = byBucket(rows.requests);
    const metricsOf = (key: string | null): AnalyticsMetrics => {
      const s = sessions.get(key), e = earnings.get(key), r = ratings.get(key), q = requests.get(key);
      const outcome = { accepted: q?.accepted ?? 0, declined: q?.declined ?? 0, expired: q?.expired ?? 0 };
      const clients = s?.clients ?? 0, repeatClients = s?.repeatClients ?? 0;
      return {
        sessions: s?.sessions ?? 0, minutes: s?.minutes ?? 0,
        earnings: money(e ?? { grossPaise: 0, commissionPaise: 0 }),
        rating: { average: averageRating(r?.sum ?? 0, r?.count ?? 0), count: r?.count ?? 0 },
        clients, repeatClients, repeatClientRate: rate(repeatClients, clients),
        requests: outcome, acceptanceRate: acceptanceRate(outcome),
      };
    };
    return {
      from, to, bucket: q.bucket as Bucket, timeZone: zone,
      buckets: starts.map((b) => ({ start: b, ...metricsOf(b) })),
      totals: metricsOf(null),
    };
  }

  async function adminMetrics(query: AdminMetricsQuery = {}): Promise<AdminMetrics> {
    const { days, limit } = adminMetricsQuery.parse(query);
    const now = clock();
    const start = new Date(now.getTime() - days * 86_400_000);
    return asService(pool, async (tx) => {
      const outcomes = await repo.countOutcomes(tx, start, now);
      const finished = outcomes.completed + outcomes.cancelled + outcomes.declined + outcomes.expired + outcomes.noShow;
      const revenue = await repo.sumRevenue(tx, start, now);
      const activeUsers = await repo.countActiveUsers(tx, now);
      const astrologers = await repo.findAstrologerPerformance(tx, start, now, limit);
      return {
        from: iso(start), to: iso(now),
        consultations: { ...outcomes, completionRate: rate(outcomes.completed, finished) },
        revenue, activeUsers,
        astrologers: astrologers.map((a) => ({
          id: a.id, displayName: a.displayName, status: a.status, sessions: a.sessions, minutes: a.minutes,
          grossPaise: a.grossPaise, netPaise: a.grossPaise - a.commissionPaise,
          rating: cardRating(a.ratingAverage, a.ratingCount),
          acceptanceRate: acceptanceRate(a),
        })),
      };
    });
  }

  return { dashboard, listClients, getClient, saveNote, analytics, adminMetrics };
}

export type PracticeService = ReturnType<typeof createPracticeService>;
