import { z } from '@ap/http';

export const astrologerCardOutput = z
  .object({
    id: z.uuid(),
    displayName: z.string(),
    photoUrl: z.string().nullable(),
    bio: z.string(),
    specialties: z.array(z.object({ slug: z.string(), name: z.string() })),
    languages: z.array(z.string()),
    experienceYears: z.number().int(),
    gender: z.enum(['female', 'male', 'other']).nullable(),
    city: z.string().nullable(),
    ratingAvg: z.number(),
    ratingCount: z.number().int(),
    priceChatPaise: z.number().int(),
    priceCallPaise: z.number().int(),
    priceVideoPaise: z.number().int(),
    presence: z.enum(['online', 'busy', 'offline']),
    verified: z.boolean(),
  })
  .openapi('AstrologerCard');

export const adminAstrologerOutput = astrologerCardOutput
  .extend({ status: z.enum(['pending', 'approved', 'suspended']), createdAt: z.iso.datetime() })
  .openapi('AdminAstrologer');

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(200).optional(),
});

export const adminListQuery = listQuery.extend({
  status: z.enum(['pending', 'approved', 'suspended']).default('pending'),
});

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const specialtiesOutput = z
  .object({ items: z.array(z.object({ slug: z.string(), name: z.string() })) })
  .openapi('Specialties');

export const idParams = z.strictObject({ id: z.uuid() });

export type AstrologerCard = z.infer<typeof astrologerCardOutput>;
export type AdminAstrologer = z.infer<typeof adminAstrologerOutput>;
