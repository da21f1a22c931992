import type { Queryable } from '@ap/db';

/**
 * The astrologer's current photo key, locking their row so two uploads at once replace each other in order
 * (each deletes exactly the photo it replaced). undefined when the row is not visible to the caller.
 */
export async function lockPhotoKey(db: Queryable, astrologerId: string): Promise<string | null | undefined> {
  const { rows } = await db.query<{ photoKey: string | null }>(
    'SELECT photo_key AS "photoKey" FROM astrologers WHERE id = $1 FOR UPDATE',
    [astrologerId],
  );
  return rows[0] ? rows[0].photoKey : undefined;
}

export async function updatePhoto(db: Queryable, astrologerId: string, photo: { key: string; url: string } | null): Promise<void> {
  await db.query('UPDATE astrologers SET photo_key = $2, photo_url = $3 WHERE id = $1', [astrologerId, photo?.key ?? null, photo?.url ?? null]);
}
