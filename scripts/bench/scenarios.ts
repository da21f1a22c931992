import type { Pool } from '@ap/db';
import { catalogueRepo } from '@ap/catalogue';

/** What the bench measures: each API request next to the raw endpoint running the same SQL. */
export interface Scenario {
  name: string;
  api: string;
  raw: string;
}

export const SEARCH = { q: 'tarot', language: 'hindi', maxPricePaise: '4000' };

export const SCENARIOS: Scenario[] = [
  {
    name: 'catalogue search (q + 2 filters)',
    api: `/api/user/astrologers?${new URLSearchParams(SEARCH)}`,
    raw: `/search?${new URLSearchParams(SEARCH)}`,
  },
];

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
};
