import { DomainError, notFound } from '@ap/core';
import { route, type AnyRoute } from '@ap/http';
import express, { type Request, type Response } from 'express';
import { MAX_PHOTO_BYTES } from './image.js';
import { mediaParams, photoOutput } from './schemas.js';
import type { PhotoService } from './service.js';
import { StorageError, type ObjectStorage } from './storage.js';

// Runs inside the handler, i.e. after the route has authenticated and authorised the caller: an anonymous or
// customer request is refused before a single body byte is read. Any image/* type is read so that the check
// by content (not this header) decides; express.json, which ran earlier, leaves these bodies alone.
const rawImage = express.raw({ type: ['image/*', 'application/octet-stream'], limit: MAX_PHOTO_BYTES });

/** The raw body, or undefined when it is not an image upload. Over the limit → 413 payload_too_large. */
const readImageBody = (req: Request, res: Response) =>
  new Promise<Buffer | undefined>((resolve, reject) => {
    rawImage(req, res, (err?: unknown) => (err ? reject(err) : resolve(Buffer.isBuffer(req.body) ? req.body : undefined)));
  });

const PHOTO_DESCRIPTION =
  'The request body is the image itself (not JSON, not multipart): `Content-Type: image/jpeg`, `image/png` or ' +
  '`image/webp`, at most 5 MB. The type is checked from the bytes; anything else is refused with ' +
  '`unsupported_image`. The photo is cropped to a square and stored as 400×400 and 96×96 WebP; the previous ' +
  'photo is deleted.';

/** Astrologer service: /api/astrologer/profile/photo. */
export function photoRoutes(photos: PhotoService): AnyRoute[] {
  const tags = ['profile'];
  return [
    route({
      method: 'post', path: '/profile/photo', tags, access: 'astrologer', errors: [404, 413, 503],
      summary: 'Upload my profile photo (raw JPEG, PNG or WebP bytes, at most 5 MB)', description: PHOTO_DESCRIPTION,
      response: photoOutput,
      handler: async ({ caller, req, res }) => photos.replaceAstrologerPhoto(caller, await readImageBody(req, res)),
    }),
    route({
      method: 'delete', path: '/profile/photo', tags, access: 'astrologer', errors: [404, 503],
      summary: 'Remove my profile photo', response: null,
      handler: ({ caller }) => photos.removeAstrologerPhoto(caller),
    }),
  ];
}

/**
 * Serves stored media at /media/<scope>/<owner>/<file> (e.g. /api/user/media/astrologers/<id>/<key>-400.webp)
 * from any ObjectStorage. Keys are random and never reused, so responses are cacheable forever.
 */
export function mediaRoutes(storage: ObjectStorage): AnyRoute[] {
  return [
    route({
      method: 'get', path: '/media/:scope/:owner/:file', tags: ['media'], access: 'public', errors: [404, 503],
      summary: 'A stored image (profile photos); answers the bytes with their Content-Type',
      description: 'Answers 200 with the image bytes (`image/webp`, ...) and `Cache-Control: public, max-age=31536000, immutable`.',
      params: mediaParams, response: null, status: 200,
      handler: async ({ params, res }) => {
        const object = await storage.get(`${params.scope}/${params.owner}/${params.file}`).catch((err: unknown) => {
          throw err instanceof StorageError ? new DomainError('unavailable', 'storage_unavailable', 'media storage is unavailable') : err;
        });
        if (!object) throw notFound('media_not_found', 'no such media');
        res
          .status(200)
          .type(object.contentType)
          .set('Cache-Control', 'public, max-age=31536000, immutable')
          .set('Cross-Origin-Resource-Policy', 'cross-origin')
          .send(object.bytes);
      },
    }),
  ];
}
