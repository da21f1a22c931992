import { availabilityRepo, computeSlots, horizonEnd, resolveWindow } from '@ap/availability';
import { catalogueRepo } from '@ap/catalogue';
import type { Pool } from '@ap/db';

/**
 * What the bench measures: each API request next to the raw endpoint running the same SQL. A scenario is one URL,
 * or a stream of URLs drawn from a realistic key distribution (the same stream for the API and the raw endpoint).
 */
export interface Scenario {
  name: string;
  api: string | (() => string);
  raw: string | (() => string);
  /** The API's read-through cache this scenario exercises (its hit rate is reported from /metrics). */
  cache?: 'search' | 'detail' | 'slots';
}

export const SEARCH = { q: 'tarot', language: 'hindi', maxPricePaise: '4000' };

/** Deterministic PRNG (mulberry32): every run draws the same mix. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws index i of n with probability ∝ 1/(i+1)^s: a few popular keys, a long tail. */
function zipf(n: number, s: number, rand: () => number) {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) cumulative.push((total += 1 / (i + 1) ** s));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const WORDS = ['tarot', 'vedic', 'kp', 'numerology', 'vastu', 'palmistry', 'love', 'career', 'marriage', 'kundli', 'tarrot', 'vaastu'];
const LANGUAGES = ['hindi', 'english', 'tamil', 'bengali'];
const SORTS = ['rating', 'price', 'experience', 'popularity'];

/**
 * Browsing as people do: 300 distinct listing/search queries drawn Zipf(1.1) (the default page and a few popular
 * searches dominate), and `uniqueShare` of requests unique (a price bound nobody else uses), which no cache can serve.
 */
export function searchMix(uniqueShare: number, seed = 1) {
  const rand = random(seed);
  const queries: Record<string, string>[] = [{}, { sort: 'price' }, { language: 'hindi' }, { ...SEARCH }];
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
  while (queries.length < 300) {
    const q: Record<string, string> = {};
    if (rand() < 0.6) q.q = rand() < 0.8 ? pick(WORDS) : `${pick(WORDS)} ${pick(WORDS)}`;
    if (rand() < 0.5) q.language = pick(LANGUAGES);
    if (rand() < 0.3) q.maxPricePaise = String(1000 * (1 + Math.floor(rand() * 8)));
    if (rand() < 0.2) q.online = 'true';
    if (!q.q || rand() < 0.2) q.sort = pick(SORTS);
    queries.push(q);
  }
  const popular = zipf(queries.length, 1.1, rand);
  let unique = 0;
  return () => {
    if (rand() < uniqueShare) {
      unique++;
      return new URLSearchParams({ q: pick(WORDS), maxPricePaise: String(2000 + (unique % 1_000_000)) }).toString();
    }
    return new URLSearchParams(queries[popular()]).toString();
  };
}

/** Profile pages of `ids`, drawn Zipf(1.1): the best rated are opened most. */
export function detailMix(ids: string[], seed = 2) {
  const next = zipf(ids.length, 1.1, random(seed));
  return () => ids[next()]!;
}

export function scenarios(ctx: { astrologerId: string; from: string; to: string; popularIds: string[] }): Scenario[] {
  const slots = new URLSearchParams({ from: ctx.from, to: ctx.to });
  // The API and the raw endpoint each get their own stream with the same seed: the same requests in the same order.
  const apiSearch = searchMix(0.1);
  const rawSearch = searchMix(0.1);
  const apiDetail = detailMix(ctx.popularIds);
  const rawDetail = detailMix(ctx.popularIds);
  return [
    {
      name: 'catalogue search (q + 2 filters), one query repeated',
      api: `/api/user/astrologers?${new URLSearchParams(SEARCH)}`,
      raw: `/search?${new URLSearchParams(SEARCH)}`,
      cache: 'search',
    },
    {
      name: 'catalogue browse mix: 300 listing/search queries Zipf(1.1) + 10% unique queries',
      api: () => `/api/user/astrologers?${apiSearch()}`,
      raw: () => `/search?${rawSearch()}`,
      cache: 'search',
    },
    {
      name: `profile pages: ${ctx.popularIds.length} astrologers Zipf(1.1) (card, reviews, next 6 slots)`,
      api: () => `/api/user/astrologers/${apiDetail()}`,
      raw: () => `/detail?id=${rawDetail()}`,
      cache: 'detail',
    },
    {
      name: 'free slots, 30 days, one astrologer',
      api: `/api/user/astrologers/${ctx.astrologerId}/slots?${slots}`,
      raw: `/slots?${new URLSearchParams({ id: ctx.astrologerId, from: ctx.from, to: ctx.to })}`,
      cache: 'slots',
    },
  ];
}

/** The ids the profile-page mix opens: the 2,000 best rated (a popular astrologer is opened far more often). */
export async function popularAstrologers(pool: Pool, n = 2000): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM astrologers WHERE status = 'approved' ORDER BY rating_avg DESC, rating_count DESC, id LIMIT $1`, [n]);
  return rows.map((r) => r.id);
}

type Baseline = (pool: Pool, params: URLSearchParams) => Promise<unknown>;

const num = (v: string | null) => (v === null ? undefined : Number(v));

export const BASELINES: Record<string, Baseline> = {
  async '/search'(pool, params) {
    const client = await pool.connect();
    try {
      await client.query(`SET pg_trgm.similarity_threshold = 0.4`);
      const q = params.get('q') ?? undefined;
      const sort = (params.get('sort') ?? (q ? 'relevance' : 'rating')) as 'relevance';
      const online = params.get('online');
      const rows = await catalogueRepo.searchApproved(client, {
        q, language: params.get('language') ?? undefined, maxPricePaise: num(params.get('maxPricePaise')),
        online: online === null ? undefined : online === 'true', limit: 24, sort,
      }, null);
      return { items: rows.slice(0, 24) };
    } finally {
      client.release();
    }
  },

  async '/detail'(pool, params) {
    const id = params.get('id')!;
    const card = await catalogueRepo.findApprovedCard(pool, id);
    const reviews = await catalogueRepo.listReviews(pool, id, 10);
    const ratingDistribution = await catalogueRepo.findRatingDistribution(pool, id);
    const settings = (await availabilityRepo.findBookableSettings(pool, id))!;
    const now = new Date();
    // The API's first step: a week from now (the profile shows the next 6 free slots).
    const window = { from: now, to: new Date(Math.min(now.getTime() + 7 * 86_400_000, horizonEnd(settings, now))) };
    const busy = await availabilityRepo.findBusyIntervals(pool, id, new Date(now.getTime() - 86_400_000), new Date(window.to.getTime() + 86_400_000));
    const nextSlots = computeSlots(settings, busy, window, now).slice(0, 6);
    return { ...card, reviews, ratingDistribution, nextSlots };
  },

  async '/slots'(pool, params) {
    const id = params.get('id')!;
    const settings = (await availabilityRepo.findBookableSettings(pool, id))!;
    const now = new Date();
    const window = resolveWindow({ from: params.get('from') ?? undefined, to: params.get('to') ?? undefined }, settings.timeZone, now);
    const busy = await availabilityRepo.findBusyIntervals(pool, id, window.from, window.to);
    const slots = computeSlots(settings, busy, window, now);
    return { slots: slots.map((x) => ({ start: x.start.toISOString(), end: x.end.toISOString(), pricePaise: settings.pricePaise })) };
  },
};
