import { encodeCursor, notFound } from '@ap/core';
import { asCaller, asService, decodeTimeCursor, type JwtClaims, type Pool } from '@ap/db';
import * as repo from './repo.js';
import type { Notification } from './schemas.js';

const toApi = ({ cursorAt: _cursor, ...r }: repo.NotificationRow): Notification => ({
  ...r, readAt: r.readAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
});

export function createNotificationService({ pool }: { pool: Pool }) {
  return {
    async list(claims: JwtClaims, q: { limit: number; cursor?: string | undefined }) {
      const after = q.cursor ? decodeTimeCursor(q.cursor) : null;
      const rows = await asCaller(pool, claims, (tx) => repo.listOwn(tx, q.limit + 1, after));
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { items: page.map(toApi), nextCursor: rows.length > q.limit && last ? encodeCursor([last.cursorAt, last.id]) : null };
    },

    async markRead(claims: JwtClaims, id: string): Promise<Notification> {
      const row = await asCaller(pool, claims, (tx) => repo.markRead(tx, id));
      if (!row) throw notFound('notification_not_found', 'no such notification');
      return toApi(row);
    },

    /** Server-side: other capabilities notify a person (booking made, session requested...). */
    notify: (n: Parameters<typeof repo.insertNotification>[1]) => asService(pool, (tx) => repo.insertNotification(tx, n)).then(toApi),
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
