import { DomainError, invalid } from '@ap/core';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Square renditions stored for every photo: a list thumbnail and the profile picture. */
export const PHOTO_SIZES = [96, 400] as const;
export type PhotoSize = (typeof PHOTO_SIZES)[number];

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);
// A 5 MB PNG can decode to gigabytes of pixels; anything above this is refused before decoding.
const MAX_PIXELS = 40_000_000;

const unsupported = (detail: string) =>
  invalid('unsupported_image', `photo: ${detail}`, {
    errors: [{ in: 'body', path: 'photo', message: detail, code: 'unsupported_image' }],
  });

export interface Rendition {
  size: PhotoSize;
  bytes: Buffer;
}

/**
 * Checks what the bytes are (by content: the Content-Type header and file name are the client's claim, not a
 * fact), then renders each size as a square WebP, cover-cropped around the centre. Orientation from EXIF is
 * applied and all metadata (EXIF, GPS, ICC) is dropped, so a phone photo never publishes where it was taken.
 */
export async function renderPhoto(bytes: Buffer | undefined): Promise<Rendition[]> {
  if (!bytes?.length) throw unsupported('send the image bytes as the body, as image/jpeg, image/png or image/webp');
  if (bytes.length > MAX_PHOTO_BYTES) throw new DomainError('payload_too_large', 'payload_too_large', 'the photo is larger than 5 MB');
  const type = await fileTypeFromBuffer(bytes);
  if (!type || !ACCEPTED.has(type.mime)) throw unsupported(`must be a JPEG, PNG or WebP image${type ? `, not ${type.mime}` : ''}`);

  const meta = await sharp(bytes).metadata().catch(() => null);
  if (!meta?.width || !meta.height) throw unsupported('the image could not be read');
  if (meta.width * meta.height > MAX_PIXELS) throw unsupported('the image has more than 40 megapixels');

  try {
    return await Promise.all(
      PHOTO_SIZES.map(async (size) => ({
        size,
        bytes: await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_PIXELS })
          .rotate()
          .resize(size, size, { fit: 'cover', position: 'centre' })
          .webp({ quality: 82 })
          .toBuffer(),
      })),
    );
  } catch {
    throw unsupported('the image is damaged or truncated');
  }
}
