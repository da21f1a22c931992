import { randomBytes } from 'node:crypto';
import { DomainError, notFound } from '@ap/core';
import { asCaller, type JwtClaims, type Pool } from '@ap/db';
import { PHOTO_SIZES, renderPhoto, type PhotoSize } from './image.js';
import * as repo from './repo.js';
import type { PhotoUrls } from './schemas.js';
import { StorageError, type ObjectStorage } from './storage.js';

interface Caller {
  id: string;
  claims: JwtClaims;
}

export interface PhotoServiceDeps {
  pool: Pool;
  storage: ObjectStorage;
  /** Failures that must not fail the request (an old photo that could not be deleted). */
  log?: (message: string, extra?: Record<string, unknown>) => void;
}

/** Object key of one rendition: `<photo_key>-<size>.webp`, so every size is derivable from photo_key alone. */
export const photoObjectKey = (photoKey: string, size: PhotoSize) => `${photoKey}-${size}.webp`;

/** Public URLs of a stored photo: the 400 px picture (astrologers.photo_url) and the 96 px thumbnail. */
export const photoUrls = (storage: ObjectStorage, photoKey: string): PhotoUrls => ({
  photoUrl: storage.publicUrl(photoObjectKey(photoKey, 400)),
  thumbnailUrl: storage.publicUrl(photoObjectKey(photoKey, 96)),
});

const storageUnavailable = (err: unknown) =>
  err instanceof StorageError ? new DomainError('unavailable', 'storage_unavailable', 'photo storage is unavailable; try again shortly') : err;

export function createPhotoService({ pool, storage, log = () => undefined }: PhotoServiceDeps) {
  const removeObjects = (photoKey: string) => Promise.all(PHOTO_SIZES.map((size) => storage.delete(photoObjectKey(photoKey, size))));

  const removeQuietly = async (photoKey: string) => {
    try {
      await removeObjects(photoKey);
    } catch (err) {
      log('could not delete a replaced photo', { photoKey, err: err instanceof Error ? err.message : String(err) });
    }
  };

  /** Sets the photo (or none) under the caller's own claims; returns the key it replaced. */
  const swap = (caller: Caller, photo: { key: string; url: string } | null) =>
    asCaller(pool, caller.claims, async (tx) => {
      const previous = await repo.lockPhotoKey(tx, caller.id);
      if (previous === undefined) throw notFound('profile_not_found', 'no such profile');
      await repo.updatePhoto(tx, caller.id, photo);
      return previous;
    });

  return {
    /**
     * Stores the new photo's renditions under a fresh random key, points the profile at them, then deletes the
     * previous photo's objects. Keys are never reused, so a URL can be cached forever.
     */
    async replaceAstrologerPhoto(caller: Caller, body: Buffer | undefined): Promise<PhotoUrls> {
      const renditions = await renderPhoto(body);
      // Hex, so the file name starts with a letter or digit as every media key must.
      const key = `astrologers/${caller.id}/${randomBytes(10).toString('hex')}`;
      const urls = photoUrls(storage, key);
      try {
        await Promise.all(renditions.map((r) => storage.put(photoObjectKey(key, r.size), r.bytes, 'image/webp')));
      } catch (err) {
        await removeQuietly(key);
        throw storageUnavailable(err);
      }
      let previous: string | null;
      try {
        previous = await swap(caller, { key, url: urls.photoUrl });
      } catch (err) {
        await removeQuietly(key);
        throw err;
      }
      if (previous) await removeQuietly(previous);
      return urls;
    },

    async removeAstrologerPhoto(caller: Caller): Promise<void> {
      const previous = await swap(caller, null);
      if (previous) await removeQuietly(previous);
    },
  };
}

export type PhotoService = ReturnType<typeof createPhotoService>;
