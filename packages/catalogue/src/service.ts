import { conflict, decodeCursor, encodeCursor, invalid, notFound } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, type JwtClaims, type Pool } from '@ap/db';
import { noCache, type ReadCache } from './cache.js';
import * as repo from './repo.js';
import type { AdminAstrologer, AstrologerCard, AstrologerDetail, SearchQuery } from './schemas.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CatalogueDeps {
  pool: Pool;
  /**
   * Where public reads go (search, profiles, specialties): a read replica when configured, else `pool`. They may lag
   * the primary; everything a caller reads back after writing it (favorites, their own practice profile, moderation)
   * stays on `pool`.
   */
  readPool?: Pool;
  /** The next free slots of an astrologer (the availability capability), shown on the profile page. */
  nextSlots?: (astrologerId: string, n: number, tz?: string, versions?: string) => Promise<AstrologerDetail['nextSlots']>;
  /** Read-through cache for listings and profiles (default: none). */
  cache?: ReadCache;
}

interface Caller {
  id: string;
  claims: JwtClaims;
}

function page<T, K>(rows: T[], limit: number, key: (row: T) => K): { items: T[]; last: K | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, last: rows.length > limit && last !== undefined ? key(last) : null };
}

const strip = <T extends object, K extends keyof T>(row: T, ...keys: K[]): Omit<T, K> => {
  const copy = { ...row };
  for (const k of keys) delete copy[k];
  return copy;
};


/**
 * The cache key of a search: the query as the SQL reads it, so equivalent URLs share one entry (word order and case
 * of q, order of specialties, case of language are normalised the way the query treats them).
 */
export function searchCacheKey(q: SearchQuery & { sort: string }, after: (string | number)[] | null): string {
  return JSON.stringify([
    repo.searchTokens(q.q).join(' '), q.specialty ? [...new Set(q.specialty.split(','))].sort().join(',') : null,
    q.language?.toLowerCase() ?? null, q.mode ?? null, q.minPricePaise ?? null, q.maxPricePaise ?? null, q.minRating ?? null,
    q.gender ?? null, q.online ?? null, q.sort, q.limit, after,
  ]);
}

type CachedDetail = { card: AstrologerCard; reviews: AstrologerDetail['reviews']; ratingDistribution: AstrologerDetail['ratingDistribution'] } | { card: null };

export function createCatalogueService({ pool, readPool = pool, nextSlots, cache = noCache }: CatalogueDeps) {
  async function assertKnownSpecialties(slugs: string[], field: string) {
    const unknown = await repo.findUnknownSpecialties(readPool, slugs);
    if (unknown.length) {
      throw invalid('unknown_specialty', `unknown specialties: ${unknown.join(', ')}`, {
        errors: [{ in: 'query', path: field, message: `unknown: ${unknown.join(', ')}`, code: 'unknown_specialty' }],
      });
    }
  }

  /**
   * Cached cards are public (read as anon, so isFavorite is false in them): a signed-in caller's own favorites are
   * overlaid per request, read under their claims (RLS), and never stored.
   */
  async function overlayFavorites<T extends AstrologerCard>(claims: JwtClaims | null, cards: T[]): Promise<T[]> {
    if (cards.length === 0 || !claims?.sub) return cards;
    const { rows } = await asCaller(pool, claims, (tx) =>
      tx.query<{ id: string }>('SELECT x AS id FROM unnest($1::uuid[]) AS x WHERE is_favorite(x)', [cards.map((c) => c.id)]));
    const liked = new Set(rows.map((r) => r.id));
    return cards.map((c) => ({ ...c, isFavorite: liked.has(c.id) }));
  }

  return {
    /**
     * Search and browse, read as `anon` (or the caller): only approved astrologers, whatever the filters.
     * The cursor names its sort, so a cursor from another sort is refused rather than misread.
     */
    async search(claims: JwtClaims | null, q: SearchQuery): Promise<Page<AstrologerCard>> {
      const sort = q.sort ?? (q.q ? 'relevance' : 'rating');
      let after: (string | number)[] | null = null;
      if (q.cursor) {
        const [cursorSort, ...key] = decodeCursor<[string, ...(string | number)[]]>(q.cursor, ['string', ...repo.sortKeyShape(sort)]);
        if (cursorSort !== sort) throw invalid('invalid_cursor', 'this cursor belongs to another sort order');
        if (!repo.isSortKey(sort, key)) throw invalid('invalid_cursor', 'cursor is not one this API returned');
        after = key;
      }
      // A listing filtered on presence also depends on who is online.
      const versionKeys = q.online === undefined ? ['catalogue'] : ['catalogue', 'presence'];
      // A cached page is checked and its cards' live presence read in the same round trip.
      const { value: rows, live } = await cache.readChecked<repo.SearchRow[], Record<string, AstrologerCard['presence']>>(
        'search', searchCacheKey({ ...q, sort }, after),
        async (cached) => {
          const { versions, presence } = await repo.findVersionsAndPresence(readPool, versionKeys, (cached ?? []).slice(0, q.limit).map((r) => r.id));
          return { versions, live: presence };
        },
        async () => {
          if (q.specialty) await assertKnownSpecialties(q.specialty.split(','), 'specialty');
          return asCaller(readPool, null, async (tx) => {
            // How alike a misspelt word must be to a known one ("tarrot" → tarot 0.62, "vedik" → vedic 0.5).
            await tx.query(`SET LOCAL pg_trgm.similarity_threshold = 0.4`);
            return repo.searchApproved(tx, { ...q, sort }, after);
          });
        });
      const { items, last } = page(rows, q.limit, (r) => r.sortKey);
      const cards = items.map((r) => strip(r, 'sortKey'));
      return {
        // Live presence replaces the cached one (a page loaded just now has it fresh).
        items: await overlayFavorites(claims, live ? cards.map((c) => ({ ...c, presence: live[c.id] ?? c.presence })) : cards),
        nextCursor: last ? encodeCursor([sort, ...last]) : null,
      };
    },

    async detail(claims: JwtClaims | null, id: string, tz?: string): Promise<AstrologerDetail> {
      // One round trip for what a cached profile needs checked: its version (shared by its slot inputs) and live presence.
      const live = await repo.findLiveState(readPool, id);
      // The slots need only the version: read them alongside the profile (a miss costs one round of latency, not two).
      const slots = nextSlots ? nextSlots(id, 6, tz, live.versions) : Promise.resolve([]);
      slots.catch(() => undefined); // awaited below; for a missing astrologer the card answers 404 first
      const cached = await cache.readAt<CachedDetail>('detail', live.versions, id, () =>
        asCaller(readPool, null, async (tx) => {
          const card = await repo.findApprovedCard(tx, id);
          return card ? { card, reviews: await repo.listReviews(tx, id, 10), ratingDistribution: await repo.findRatingDistribution(tx, id) } : { card: null };
        }));
      if (!cached.card) throw notFound('astrologer_not_found', 'no such astrologer');
      const [[card], next] = await Promise.all([overlayFavorites(claims, [{ ...cached.card, presence: live.presence ?? cached.card.presence }]), slots]);
      return { ...card!, reviews: cached.reviews, ratingDistribution: cached.ratingDistribution, nextSlots: next };
    },

    listSpecialties: () => asCaller(readPool, null, (tx) => repo.listSpecialties(tx)),

    async addSpecialty(s: { slug: string; name: string }) {
      const created = await asService(pool, (tx) => repo.insertSpecialty(tx, s));
      if (!created) throw conflict('specialty_exists', 'a specialty with this slug or name exists');
      return created;
    },

    /** Moderation queue. Admin-only routes: privileged reads of unapproved profiles use the service role. */
    async listForAdmin(q: { status: string; limit: number; cursor?: string | undefined }): Promise<Page<AdminAstrologer>> {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const rows = await asService(pool, (tx) => repo.listByStatus(tx, q.status, q.limit + 1, after));
      const { items, last } = page(rows, q.limit, (r) => [r.cursorAt, r.id]);
      return { items: items.map((r) => strip(r, 'cursorAt')), nextCursor: last ? encodeCursor(last) : null };
    },

    async setStatus(id: string, status: 'approved' | 'suspended'): Promise<AdminAstrologer> {
      return asService(pool, async (tx) => {
        if (!(await repo.setStatus(tx, id, status))) throw notFound('astrologer_not_found', 'no such astrologer');
        return (await repo.findForAdmin(tx, id))!;
      });
    },

    async setVerified(id: string, verified: boolean): Promise<AdminAstrologer> {
      return asService(pool, async (tx) => {
        if (!(await repo.setVerified(tx, id, verified))) throw notFound('astrologer_not_found', 'no such astrologer');
        return (await repo.findForAdmin(tx, id))!;
      });
    },

    /** The one-tap online/offline toggle. Only approved astrologers go online; `busy` is the session's. */
    async setPresence(caller: Caller, presence: 'online' | 'offline') {
      const row = await asCaller(pool, caller.claims, (tx) => repo.setPresence(tx, caller.id, presence));
      if (!row) throw notFound('profile_not_found', 'no such profile');
      if (row.status !== 'approved') throw conflict('not_approved', 'you can go online once an admin has approved your profile');
      if (row.presence === 'busy') throw conflict('in_session', 'you are in a session; you go back online when it ends');
      return { presence: row.presence as 'online' | 'offline' };
    },

    followerCount: (caller: Caller) => asCaller(pool, caller.claims, (tx) => repo.followerCount(tx)),

    async addFavorite(caller: Caller, astrologerId: string) {
      await asCaller(pool, caller.claims, async (tx) => {
        await repo.addFavorite(tx, caller.id, astrologerId);
        if (!(await repo.findApprovedCard(tx, astrologerId))) throw notFound('astrologer_not_found', 'no such astrologer');
      });
      return { astrologerId, favorite: true };
    },

    async removeFavorite(caller: Caller, astrologerId: string) {
      await asCaller(pool, caller.claims, (tx) => repo.removeFavorite(tx, caller.id, astrologerId));
    },

    async listFavorites(caller: Caller, q: { limit: number; cursor?: string | undefined }): Promise<Page<AstrologerCard>> {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const rows = await asCaller(pool, caller.claims, (tx) => repo.listFavorites(tx, caller.id, q.limit + 1, after));
      const { items, last } = page(rows, q.limit, (r) => [r.cursorAt, r.id]);
      return { items: items.map((r) => strip(r, 'cursorAt')), nextCursor: last ? encodeCursor(last) : null };
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
