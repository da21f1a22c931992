import { z } from '@ap/http';

export const photoOutput = z
  .object({
    photoUrl: z.string().openapi({ description: '400×400 WebP, also the profile\'s photoUrl' }),
    thumbnailUrl: z.string().openapi({ description: '96×96 WebP for lists' }),
  })
  .openapi('ProfilePhoto');

const segment = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/, 'letters, digits, _ and -');

/** Media keys are `<scope>/<owner>/<file>`; each part is one path segment, so no `..` or `/` can get in. */
export const mediaParams = z.strictObject({
  scope: segment,
  owner: segment,
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}\.(webp|jpg|png)$/, 'a file name like abc-400.webp'),
});

export type PhotoUrls = z.infer<typeof photoOutput>;
