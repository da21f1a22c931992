import { notFound } from '@ap/core';
import { asCaller, asService, type JwtClaims, type Pool } from '@ap/db';
import { decodeCursor, encodeCursor } from '@ap/core';
import * as repo from './repo.js';
import type { AdminAstrologer, AstrologerCard } from './schemas.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function createCatalogueService({ pool }: { pool: Pool }) {
  return {
    /** The public catalogue, read as `anon` (or the caller): RLS only ever shows approved astrologers. */
    async listAstrologers(claims: JwtClaims | null, q: { limit: number; cursor?: string | undefined }): Promise<Page<AstrologerCard>> {
      const after = q.cursor ? decodeCursor<repo.RatingKey>(q.cursor, ['number', 'number', 'string']) : null;
      const rows = await asCaller(pool, claims, (tx) => repo.listApproved(tx, q.limit + 1, after));
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.ratingAvg, last.ratingCount, last.id]) : null };
    },

    listSpecialties: () => asCaller(pool, null, (tx) => repo.listSpecialties(tx)),

    /** Moderation queue. Admin-only routes: privileged reads of unapproved profiles use the service role. */
    async listForAdmin(q: { status: string; limit: number; cursor?: string | undefined }): Promise<Page<AdminAstrologer>> {
      const after = q.cursor ? decodeCursor<repo.CreatedKey>(q.cursor, ['string', 'string']) : null;
      const rows = await asService(pool, (tx) => repo.listByStatus(tx, q.status, q.limit + 1, after));
      const items = rows.slice(0, q.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },

    async setStatus(id: string, status: 'approved' | 'suspended'): Promise<AdminAstrologer> {
      return asService(pool, async (tx) => {
        if (!(await repo.setStatus(tx, id, status))) throw notFound('astrologer_not_found', 'no such astrologer');
        return (await repo.findForAdmin(tx, id))!;
      });
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
