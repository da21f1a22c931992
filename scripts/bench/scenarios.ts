import { availabilityRepo, computeSlots, resolveWindow } from '@ap/availability';
import { catalogueRepo } from '@ap/catalogue';
import type { Pool } from '@ap/db';

/** What the bench measures: each API request next to the raw endpoint running the same SQL. */
export interface Scenario {
  name: string;
  api: string;
  raw: string;
}

export const SEARCH = { q: 'tarot', language: 'hindi', maxPricePaise: '4000' };

export function scenarios(ctx: { astrologerId: string; from: string; to: string }): Scenario[] {
  const slots = new URLSearchParams({ from: ctx.from, to: ctx.to });
  return [
    {
      name: 'catalogue search (q + 2 filters)',
      api: `/api/user/astrologers?${new URLSearchParams(SEARCH)}`,
      raw: `/search?${new URLSearchParams(SEARCH)}`,
    },
    {
      name: 'free slots, 30 days, one astrologer',
      api: `/api/user/astrologers/${ctx.astrologerId}/slots?${slots}`,
      raw: `/slots?${new URLSearchParams({ id: ctx.astrologerId, from: ctx.from, to: ctx.to })}`,
    },
  ];
}

type Baseline = (pool: Pool, params: URLSearchParams) => Promise<unknown>;

export const BASELINES: Record<string, Baseline> = {
  async '/search'(pool, params) {
    const client = await pool.connect();
    try {
      await client.query(`SET pg_trgm.similarity_threshold = 0.4`);
      const rows = await catalogueRepo.searchApproved(client, {
        q: params.get('q') ?? undefined, language: params.get('language') ?? undefined,
        maxPricePaise: Number(params.get('maxPricePaise')), limit: 24, sort: 'relevance',
      }, null);
      return { items: rows.slice(0, 24) };
    } finally {
      client.release();
    }
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
