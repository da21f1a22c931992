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
    isFavorite: z.boolean().openapi({ description: 'Whether the signed-in customer follows this astrologer' }),
  })
  .openapi('AstrologerCard');

export const astrologerDetailOutput = astrologerCardOutput
  .extend({
    reviews: z.array(z.object({
      id: z.uuid(), rating: z.number().int(), comment: z.string().nullable(), createdAt: z.iso.datetime(),
      reply: z.object({ text: z.string(), repliedAt: z.iso.datetime() }).nullable().openapi({ description: "The astrologer's reply, if any" }),
    })),
    ratingDistribution: z.object({ 1: z.int(), 2: z.int(), 3: z.int(), 4: z.int(), 5: z.int() })
      .openapi({ description: 'How many ratings of each star count; hidden reviews still count unless a moderator removed the rating' }),
    nextSlots: z.array(z.object({ start: z.string(), end: z.string(), pricePaise: z.number().int(), durationMinutes: z.number().int() })),
  })
  .openapi('AstrologerDetail');

export const adminAstrologerOutput = astrologerCardOutput
  .extend({ status: z.enum(['pending', 'approved', 'suspended']), createdAt: z.iso.datetime() })
  .openapi('AdminAstrologer');

const paging = {
  limit: z.coerce.number().int().min(1).max(100).default(24),
  cursor: z.string().max(300).optional(),
};

const paise = z.coerce.number().int().min(0).max(10_000_000);
export const SORTS = ['relevance', 'rating', 'price', 'experience', 'popularity'] as const;
export const MODES = ['chat', 'call', 'video'] as const;

export const searchQuery = z
  .strictObject({
    q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Free text over name, specialties, languages, city and bio; tolerates typos' }),
    specialty: z.string().regex(/^[a-z0-9-]{2,40}(,[a-z0-9-]{2,40})*$/, 'specialty slugs, comma-separated').optional()
      .openapi({ description: 'Any of these specialties (comma-separated slugs)' }),
    language: z.string().trim().min(2).max(30).optional(),
    mode: z.enum(MODES).optional().openapi({ description: 'Only astrologers offering this mode; the mode whose price filters and sorts' }),
    minPricePaise: paise.optional(),
    maxPricePaise: paise.optional(),
    minRating: z.coerce.number().min(0).max(5).optional(),
    gender: z.enum(['female', 'male', 'other']).optional(),
    online: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    sort: z.enum(SORTS).optional().openapi({ description: 'Default: relevance with q, else rating' }),
    ...paging,
  })
  .refine((v) => v.minPricePaise === undefined || v.maxPricePaise === undefined || v.minPricePaise <= v.maxPricePaise, {
    message: 'maxPricePaise must not be below minPricePaise', path: ['maxPricePaise'],
  })
  .refine((v) => v.sort !== 'relevance' || v.q !== undefined, { message: 'sort=relevance needs q', path: ['sort'] });

export type SearchQuery = z.output<typeof searchQuery>;

export const listQuery = z.strictObject(paging);

export const adminListQuery = listQuery.extend({
  status: z.enum(['pending', 'approved', 'suspended']).default('pending'),
});

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const specialtiesOutput = z
  .object({ items: z.array(z.object({ slug: z.string(), name: z.string() })) })
  .openapi('Specialties');

export const idParams = z.strictObject({ id: z.uuid() });

export const presenceInput = z.strictObject({ presence: z.enum(['online', 'offline']) }).openapi('PresenceInput');
export const presenceOutput = z.object({ presence: z.enum(['online', 'busy', 'offline']) }).openapi('Presence');
export const verifyInput = z.strictObject({ verified: z.boolean() }).openapi('VerifyInput');
export const specialtyInput = z
  .strictObject({ slug: z.string().regex(/^[a-z0-9-]{2,40}$/, 'lowercase letters, digits and dashes'), name: z.string().trim().min(2).max(60) })
  .openapi('SpecialtyInput');
export const specialtyOutput = z.object({ slug: z.string(), name: z.string() }).openapi('Specialty');
export const favoriteInput = z.strictObject({ astrologerId: z.uuid() }).openapi('FavoriteInput');
export const favoriteOutput = z.object({ astrologerId: z.uuid(), favorite: z.boolean() }).openapi('Favorite');
export const astrologerIdParams = z.strictObject({ astrologerId: z.uuid() });

export type AstrologerCard = z.infer<typeof astrologerCardOutput>;
export type AstrologerDetail = z.infer<typeof astrologerDetailOutput>;
export type AdminAstrologer = z.infer<typeof adminAstrologerOutput>;
